package io.assistantcore.api.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PriceApiIntegrationTest extends ApiIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    private ApiClient api;
    private String admin;

    @BeforeEach
    void setUp() {
        api = api();
        admin = api.devToken(null, "root", "PLATFORM_ADMIN");
    }

    private JsonNode find(JsonNode prices, String provider, String model) {
        for (JsonNode price : prices) {
            if (price.get("provider").asText().equals(provider) && price.get("model").asText().equals(model)) {
                return price;
            }
        }
        return null;
    }

    @Test
    void theConfiguredTableSeedsThePriceList() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode prices = api.get("/api/v1/admin/prices", admin).json();
            JsonNode local = find(prices, "local", "offline-engine-v1");
            assertThat(local).isNotNull();
            assertThat(local.get("inputPerMillion").decimalValue()).isZero();
            JsonNode mini = find(prices, "openai", "gpt-4o-mini");
            assertThat(mini).isNotNull();
            assertThat(mini.get("outputPerMillion").decimalValue()).isEqualByComparingTo("0.60");
            assertThat(mini.get("currency").asText()).isEqualTo("USD");
        });
    }

    @Test
    void anAdminChangesAPriceAndTheChangeIsAnEvent() {
        String model = "model-" + UUID.randomUUID().toString().substring(0, 8);
        Response set = api.put("/api/v1/admin/prices/openai/" + model, admin,
                Map.of("inputPerMillion", 2.5, "outputPerMillion", 10, "currency", "EUR"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("inputPerMillion").decimalValue()).isEqualByComparingTo("2.5");

        JsonNode listed = find(api.get("/api/v1/admin/prices", admin).json(), "openai", model);
        assertThat(listed).isNotNull();
        assertThat(listed.get("outputPerMillion").decimalValue()).isEqualByComparingTo("10");
        assertThat(listed.get("currency").asText()).isEqualTo("EUR");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE ? "
                + "AND convert_from(payload, 'UTF8') LIKE ?", Long.class, "%ModelPriceSet", "%" + model + "%"))
                .isEqualTo(1);
    }

    @Test
    void onlyPlatformAdminsSeeOrChangePrices() {
        String tenantId = uniqueTenantId("prices");
        api.post("/api/v1/tenants", admin, Map.of("tenantId", tenantId, "name", "P", "plan", "FREE",
                "initialAdminUserId", "boss"));
        String boss = api.devToken(tenantId, "boss");
        assertThat(api.get("/api/v1/admin/prices", boss).status()).isEqualTo(403);
        assertThat(api.put("/api/v1/admin/prices/openai/gpt-4o-mini", boss,
                Map.of("inputPerMillion", 0, "outputPerMillion", 0, "currency", "USD")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/admin/prices", null).status()).isEqualTo(401);
    }

    @Test
    void badPricesAreExplained() {
        Response negative = api.put("/api/v1/admin/prices/openai/x", admin,
                Map.of("inputPerMillion", -1, "outputPerMillion", 1, "currency", "usd"));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().get("errors").has("inputPerMillion")).isTrue();
        assertThat(negative.json().get("errors").has("currency")).isTrue();

        Response badName = api.put("/api/v1/admin/prices/open!ai/x", admin,
                Map.of("inputPerMillion", 1, "outputPerMillion", 1, "currency", "USD"));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("errors").has("provider")).isTrue();

        Response unknownCurrency = api.put("/api/v1/admin/prices/openai/x", admin,
                Map.of("inputPerMillion", 1, "outputPerMillion", 1, "currency", "XYZ"));
        assertThat(unknownCurrency.status()).isEqualTo(400);
        assertThat(unknownCurrency.json().at("/errors/currency").asText()).contains("ISO 4217");
    }
}
