package io.assistantcore.api.support;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DevTokenIntegrationTest extends ApiIntegrationTest {

    @Test
    void issuesWorkingTokensToLoopbackCallers() {
        ApiClient.Response response = api().post("/api/v1/dev/tokens", null,
                Map.of("tenantId", "acme", "userId", "alice", "roles", List.of("MEMBER")));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(response.json().get("token").asText().split("\\.")).hasSize(3);
        assertThat(response.json().get("expiresAt").asText()).isNotBlank();
    }

    @Test
    void refusesBadRequestsWithFieldErrors() {
        ApiClient.Response response = api().post("/api/v1/dev/tokens", null,
                Map.of("tenantId", "Not A Tenant", "roles", List.of()));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").has("tenantId")).isTrue();
        assertThat(response.json().get("errors").has("userId")).isTrue();
    }

    @Test
    void refusesCallersFromOtherAddresses() {
        Optional<InetAddress> external = nonLoopbackAddress();
        Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to call from");
        ApiClient remote = new ApiClient("http://" + external.get().getHostAddress() + ":" + port);
        ApiClient.Response response = remote.post("/api/v1/dev/tokens", null,
                Map.of("userId", "mallory", "roles", List.of("PLATFORM_ADMIN")));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("type").asText()).endsWith("/dev-tokens-loopback-only");
        assertThat(response.body()).doesNotContain("token\"");
    }

    private static Optional<InetAddress> nonLoopbackAddress() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(network -> {
                        try {
                            return network.isUp() && !network.isLoopback();
                        } catch (SocketException e) {
                            return false;
                        }
                    })
                    .flatMap(network -> Collections.list(network.getInetAddresses()).stream())
                    .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
