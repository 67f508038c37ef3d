package io.assistantcore.platform.outbound;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboundTargetPolicyTest {

    private final OutboundTargetPolicy strict = new OutboundTargetPolicy(false);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
            "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "fc00::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "198.18.0.1",
            // IPv6 forms that reach an internal IPv4 address: NAT64, IPv4-compatible, 6to4, and Teredo tunnels
            "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1", "64:ff9b:1::7f00:1", "::169.254.169.254", "::10.0.0.1",
            "2002:a9fe:a9fe::1", "2002:7f00:1::", "2001:0:4136:e378:8000:63bf:3fff:fdd2"})
    void internalAddressesAreNotPublic(String literal) throws UnknownHostException {
        assertThat(OutboundTargetPolicy.isPublic(InetAddress.getByName(literal))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
            "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesArePublic(String literal) throws UnknownHostException {
        assertThat(OutboundTargetPolicy.isPublic(InetAddress.getByName(literal))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/x", "file:///etc/passwd", "http://user:pw@example.com/", "http:///x",
            "not a url", "", "http://example.com/#frag", "gopher://example.com"})
    void refusesUrlsOfTheWrongForm(String url) {
        assertThatThrownBy(() -> strict.checkForm(url)).isInstanceOf(OutboundTargetRefusedException.class);
    }

    @Test
    void refusesHostsResolvingToInternalAddressesUnlessAllowed() {
        URI local = URI.create("http://localhost:8080/hook");
        assertThatThrownBy(() -> strict.resolve(local)).isInstanceOf(OutboundTargetRefusedException.class)
                .hasMessageContaining("allow-private-targets");
        assertThat(new OutboundTargetPolicy(true).resolve(local)).isNotEmpty();
        assertThatThrownBy(() -> strict.resolve(URI.create("http://[::ffff:169.254.169.254]/latest")))
                .isInstanceOf(OutboundTargetRefusedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9/tickets", "https://localhost/x", "http://api.localhost/x",
            "http://10.0.0.5/{id}", "http://[::1]:8080/", "http://169.254.169.254/latest", "http://2130706433/",
            "http://[fd00::1]/hook"})
    void aLiteralInternalHostIsNeverCallableAtRegistration(String url) {
        assertThat(strict.neverCallable(url)).hasValueSatisfying(reason ->
                assertThat(reason).contains("allow-private-targets"));
        assertThat(new OutboundTargetPolicy(true).neverCallable(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com/tickets/{id}", "http://8.8.8.8/x", "https://internal.example/x",
            "http://[2606:4700::1111]/", "not a url"})
    void namesAndPublicAddressesAreLeftToTheCallTimeCheck(String url) {
        assertThat(strict.neverCallable(url)).isEmpty();
    }
}
