package io.assistantcore.api.lead;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.FakeResponse;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.platform.outbound.HubSpotSignatures;
import io.assistantcore.platform.outbound.StandardWebhooks;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lead workflow end to end (issue "Done when"): the real application on the test PostgreSQL, OpenAI configured and
 * served by a local server speaking its wire format (the lead analysis is a JSON-schema call, the draft a stream),
 * real HTTP, a customer's webhook receiver on a local port. A signed HubSpot-style webhook
 * becomes a lead that is classified, extracted, scored, drafted (a streamed, billed suggestion), approved with an
 * edit and delivered to the receiver with a valid Standard Webhooks signature; forged, stale and replayed webhooks are
 * refused or ignored; deliveries are retried (the schedule shortened here) and a 410 disables the endpoint; an unsure
 * lead lands in review, and a reviewer's correction changes how the next similar lead is classified.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LeadEndToEndTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final WebhookReceiver RECEIVER = new WebhookReceiver();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUBSPOT_SECRET = "hubspot-client-secret-for-tests";
    /** The secret of a CRM signing the Standard Webhooks way. */
    private static final String CRM_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "a-crm-secret-of-32-bytes-for-tst".getBytes(StandardCharsets.US_ASCII));
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final FakeProviderServer OPENAI = FakeProviderServer.start();
    private static final OpenAiWire WIRE = new OpenAiWire();
    private static final String MODEL = "gpt-leads-test";
    private static final String WEBINARS = "webinars";
    private static final String DRAFT = "Dear Jane, thank you for reaching out about 40 seats. Could we schedule a "
            + "short call this week?";
    /** The first draft waits for the offline text engine, which may still be starting on a busy machine. */
    private static final Duration DRAFT_PATIENCE = Duration.ofMinutes(5);

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    private ApiClient api;
    private String tenantId;
    private String admin;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        TestProperties.fakeOpenAi(registry, OPENAI, MODEL);
        OPENAI.otherwise(LeadEndToEndTest::answer);
        // the receiver listens on the loopback address
        registry.add("assistant.outbound.allow-private-targets", () -> "true");
        // three pauses: four tries in all, a few hundred milliseconds instead of about a day
        registry.add("assistant.webhooks.retry-schedule", () -> "100ms,100ms,100ms");
        registry.add("assistant.webhooks.poll-interval", () -> "100ms");
        registry.add("assistant.leads.step-backoff", () -> "50ms");
        // personal payloads that were not delivered are swept after this (a delivered one at once)
        registry.add("assistant.webhooks.personal-payload-retention", () -> "10s");
    }

    @AfterAll
    static void stop() {
        RECEIVER.close();
        OPENAI.close();
    }

    /**
     * OpenAI as the lead workflow meets it: the lead analysis (a JSON-schema call) and the streamed draft. Leads about
     * webinars get an answer outside the schema, so the offline classifier decides them.
     */
    private static FakeResponse answer(RecordedRequest request) {
        JsonNode body = request.json();
        String text = lastUserMessage(body);
        if (body.has("response_format")) {
            if (text.contains(WEBINARS)) {
                return WIRE.completion(MODEL, "Sorry, I cannot help with that.", new Usage(90, 8));
            }
            String analysis = text.contains("Initech") || text.contains("Jane")
                    ? "{\"intent\":\"Sales\",\"confidence\":0.92,\"reason\":\"asks for a quote\",\"name\":\"Jane Roe\","
                    + "\"email\":\"jane.roe@initech.com\",\"phone\":\"(415) 555-0132\",\"company\":\"Initech\","
                    + "\"budgetAmount\":25000,\"budgetCurrency\":\"USD\"}"
                    : "{\"intent\":\"Sales\",\"confidence\":0.9,\"reason\":\"asks for prices\",\"name\":\"\","
                    + "\"email\":\"\",\"phone\":\"\",\"company\":\"\",\"budgetAmount\":-1,\"budgetCurrency\":\"\"}";
            return WIRE.completion(MODEL, analysis, new Usage(120, 40));
        }
        List<String> words = new ArrayList<>();
        String[] parts = DRAFT.split(" ");
        for (int i = 0; i < parts.length; i++) {
            words.add(i < parts.length - 1 ? parts[i] + " " : parts[i]);
        }
        return WIRE.stream(MODEL, words, new Usage(150, words.size()));
    }

    private static String lastUserMessage(JsonNode body) {
        String last = "";
        for (JsonNode message : body.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                JsonNode content = message.path("content");
                last = content.isTextual() ? content.asText() : content.toString();
            }
        }
        return last;
    }

    @BeforeEach
    void tenant() {
        api = new ApiClient(port);
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        // a remote model is only called with a price, so that its requests can be budgeted
        assertThat(api.put("/api/v1/admin/prices/openai/" + MODEL, root, Map.of("inputPerMillion", 0.50,
                "outputPerMillion", 1.50, "currency", "USD")).status()).isEqualTo(200);
        tenantId = api.createTenant(root, "leads-" + UUID.randomUUID().toString().substring(0, 8), "TEAM", "alice");
        admin = api.devToken(tenantId, "alice");
        Response settings = api.put("/api/v1/tenants/" + tenantId + "/leads/settings", admin, Map.of(
                "inboundSecrets", Map.of("hubspot", HUBSPOT_SECRET, // the short form: hubspot is verified as HubSpot v3
                        "crm", Map.of("scheme", "STANDARD_WEBHOOKS", "secret", CRM_SECRET))));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
    }

    @Test
    void aSignedCrmLeadIsAnsweredAndTheApprovedReplyReachesTheReceiverSigned() throws Exception {
        String hookPath = "/hooks/" + tenantId + "/replies";
        String secret = endpoint("replies", hookPath, List.of("lead.reply_approved", "lead.classified"));
        assertThat(secret).startsWith("whsec_");
        String brokenPath = "/hooks/" + tenantId + "/broken";
        RECEIVER.script(brokenPath, 500);
        endpoint("broken", brokenPath, List.of("lead.reply_approved"));

        String body = JSON.writeValueAsString(Map.of("eventId", "evt-" + tenantId, "subscriptionType",
                "contact.creation", "properties", Map.of("firstname", "Jane", "lastname", "Roe", "company", "Initech",
                        "email", "jane.roe@initech.com", "message", "Hi, we would like a quote for 40 seats of your "
                                + "assistant for our support team. Our budget is around $25k per year. Call me at "
                                + "(415) 555-0132.\nThanks,\nJane Roe")));
        Response accepted = hubspot(body, Instant.now(), HUBSPOT_SECRET);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String leadId = accepted.json().get("leadId").asText();

        // forged, stale and replayed webhooks
        assertThat(hubspot(body, Instant.now(), "not-the-right-secret-000").status()).isEqualTo(401);
        assertThat(hubspot(body, Instant.now().minus(Duration.ofMinutes(6)), HUBSPOT_SECRET).status())
                .isEqualTo(401);
        Response replayed = hubspot(body, Instant.now(), HUBSPOT_SECRET);
        assertThat(replayed.status()).isEqualTo(202);
        assertThat(replayed.json().get("duplicate").asBoolean()).isTrue();
        assertThat(replayed.json().get("leadId").asText()).isEqualTo(leadId);

        JsonNode lead = awaitLead(leadId, "READY");
        assertThat(lead.at("/intent/label").asText()).isEqualTo("Sales");
        assertThat(lead.at("/intent/decidedBy").asText()).isEqualTo("LLM");
        assertThat(lead.at("/fields/email").asText()).isEqualTo("jane.roe@initech.com");
        assertThat(lead.at("/fields/phone").asText()).isEqualTo("+14155550132");
        assertThat(lead.at("/fields/name").asText()).isEqualTo("Jane Roe");
        assertThat(lead.at("/fields/budget/amount").decimalValue()).isEqualByComparingTo("25000");
        assertThat(lead.at("/fields/budget/currency").asText()).isEqualTo("USD");
        assertThat(lead.at("/score/value").asInt()).isBetween(50, 100);
        assertThat(lead.at("/score/reasons")).hasSize(4);
        assertThat(lead.at("/lowConfidence").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/leads?status=READY&intent=Sales", admin).json().get("leads")).hasSize(1);
        assertThat(api.get("/api/v1/leads?status=SENT", admin).json().get("leads")).isEmpty();

        // another tenant sees nothing
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        String other = api.createTenant(root, "leads-" + UUID.randomUUID().toString().substring(0, 8), "TEAM",
                "mallory");
        String mallory = api.devToken(other, "mallory");
        assertThat(api.get("/api/v1/leads/" + leadId, mallory).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/leads", mallory).json().get("leads")).isEmpty();
        assertThat(api.post("/api/v1/leads/" + leadId + "/reply/approve", mallory, Map.of()).status())
                .isEqualTo(404);

        Response draft = api.post("/api/v1/leads/" + leadId + "/reply-draft", admin, null);
        assertThat(draft.status()).as(draft.body()).isEqualTo(202);
        String suggestionId = draft.json().get("suggestionId").asText();
        JsonNode drafted;
        try {
            drafted = awaitLead(leadId, "DRAFTED", DRAFT_PATIENCE);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("No draft. Lead: " + api.get("/api/v1/leads/" + leadId, admin).body()
                    + " Suggestion: " + api.get("/api/v1/assist/suggestions/" + suggestionId, admin).body(), e);
        }
        assertThat(drafted.at("/draft/text").asText()).isEqualTo(DRAFT);
        Response suggestion = api.get("/api/v1/assist/suggestions/" + suggestionId, admin);
        assertThat(suggestion.status()).isEqualTo(200);
        assertThat(suggestion.json().get("status").asText()).isEqualTo("COMPLETED");

        String edited = "Dear Jane, thank you for your interest. Could we schedule a call this week?";
        Response approved = api.post("/api/v1/leads/" + leadId + "/reply/approve", admin,
                Map.of("editedText", edited));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("edited").asBoolean()).isTrue();

        await().atMost(PATIENCE).until(() -> replyDeliveries(hookPath).size() == 1);
        WebhookReceiver.Received delivery = replyDeliveries(hookPath).get(0);
        assertThat(StandardWebhooks.verify(secret, delivery.header("webhook-id"), delivery.header("webhook-timestamp"),
                delivery.header("webhook-signature"), delivery.body(), Instant.now(), Duration.ofMinutes(5)))
                .isEqualTo(StandardWebhooks.Verification.VALID);
        JsonNode payload = JSON.readTree(delivery.body());
        assertThat(payload.at("/data/leadId").asText()).isEqualTo(leadId);
        assertThat(payload.at("/data/text").asText()).isEqualTo(edited);
        assertThat(payload.at("/data/edited").asBoolean()).isTrue();
        assertThat(payload.at("/data/to/email").asText()).isEqualTo("jane.roe@initech.com");
        assertThat(awaitLead(leadId, "SENT").at("/history").findValuesAsText("type"))
                .contains("submitted", "classified", "fields_extracted", "scored", "ready", "reply_draft_requested",
                        "reply_drafted", "reply_approved", "reply_sent");

        // the reply and the e-mail do not stay in the delivery rows: swept once delivered...
        await().atMost(PATIENCE).until(() -> replyPayloads("replies").equals(java.util.Collections.singletonList(null)));
        // ...and, for a receiver that never took it, after the retention; it can then not be sent again
        await().atMost(PATIENCE).until(() -> "DEAD_LETTERED".equals(deliveryOf("broken").path("status").asText()));
        await().atMost(PATIENCE).until(() -> replyPayloads("broken").equals(java.util.Collections.singletonList(null)));
        String broken = deliveryOf("broken").path("deliveryId").asText();
        Response retry = api.post("/api/v1/webhook-deliveries/" + broken + "/retry", admin, null);
        assertThat(retry.status()).as(retry.body()).isEqualTo(409);
        assertThat(retry.body()).contains("payload-swept");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery WHERE tenant_id = ? "
                + "AND payload LIKE '%jane.roe@initech.com%'", Long.class, tenantId)).isZero();
    }

    @Test
    void aStandardWebhooksSignedCrmEventIsVerifiedOverHttp() throws Exception {
        String body = JSON.writeValueAsString(Map.of("type", "contact.created", "data", Map.of(
                "name", "Li Wei", "email", "li.wei@globex-industries.com", "company", "Globex",
                "message", "Hello, please send us a quote for 25 licences of your assistant. Best, Li Wei")));
        String id = "msg_" + UUID.randomUUID();
        Response accepted = standardWebhook(body, id, Instant.now(), CRM_SECRET);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String leadId = accepted.json().get("leadId").asText();
        assertThat(accepted.json().get("duplicate").asBoolean()).isFalse();

        String otherSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(
                "not-the-crm-secret-32-bytes-long".getBytes(StandardCharsets.US_ASCII));
        Response forged = standardWebhook(body, "msg_" + UUID.randomUUID(), Instant.now(), otherSecret);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.header("Content-Type")).startsWith("application/problem+json");
        assertThat(forged.body()).contains("bad-signature");
        // a body changed after signing
        Map<String, String> signed = StandardWebhooks.headers(CRM_SECRET, "msg_" + UUID.randomUUID(), Instant.now(),
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(api.send("POST", "/api/v1/webhooks/inbound/" + tenantId + "/crm", null,
                body.replace("25 licences", "250 licences"), signed).status()).isEqualTo(401);
        // outside the 5-minute window, either side
        assertThat(standardWebhook(body, "msg_" + UUID.randomUUID(), Instant.now().minus(Duration.ofMinutes(6)),
                CRM_SECRET).status()).isEqualTo(401);
        assertThat(standardWebhook(body, "msg_" + UUID.randomUUID(), Instant.now().plus(Duration.ofMinutes(6)),
                CRM_SECRET).status()).isEqualTo(401);
        // no signature at all
        Response unsigned = api.send("POST", "/api/v1/webhooks/inbound/" + tenantId + "/crm", null, body, Map.of());
        assertThat(unsigned.status()).isEqualTo(401);
        // every refusal reads the same: nobody learns which tenants and sources have a secret
        Response unknownSource = api.send("POST", "/api/v1/webhooks/inbound/" + tenantId + "/salesforce", null, body,
                Map.of());
        Response unknownTenant = api.send("POST", "/api/v1/webhooks/inbound/no-such-tenant/crm", null, body,
                Map.of());
        for (Response refusal : List.of(forged, unknownSource, unknownTenant)) {
            assertThat(refusal.status()).isEqualTo(401);
            assertThat(refusal.json().path("detail").asText()).isEqualTo(unsigned.json().path("detail").asText());
        }
        // the same webhook-id again (a CRM retrying): accepted, nothing submitted
        Response duplicate = standardWebhook(body, id, Instant.now(), CRM_SECRET);
        assertThat(duplicate.status()).isEqualTo(202);
        assertThat(duplicate.json().get("duplicate").asBoolean()).isTrue();
        assertThat(duplicate.json().get("leadId").asText()).isEqualTo(leadId);

        JsonNode lead = awaitLead(leadId, null);
        assertThat(lead.at("/source").asText()).isEqualTo("crm");
        assertThat(lead.at("/fields/email").asText()).isEqualTo("li.wei@globex-industries.com");
        assertThat(api.get("/api/v1/leads", admin).json().get("leads")).hasSize(1);
    }

    @Test
    void aLeadAnswered202IsNotLostToAControlCharacterInItsMessage() throws Exception {
        String body = JSON.writeValueAsString(Map.of("type", "contact.created", "data", Map.of(
                "name", "Ana Silva", "email", "ana.silva@initech-example.com", "company", "Initech",
                "message", "We would like a quote\u000bfor 40 seats.\u0085 Please call me back.")));
        Response accepted = standardWebhook(body, "msg_" + UUID.randomUUID(), Instant.now(), CRM_SECRET);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        // the write model refuses control characters in a lead's message: they were replaced before the 202
        JsonNode lead = awaitLead(accepted.json().get("leadId").asText(), null);
        assertThat(lead.toString()).doesNotContain("\\u000b").doesNotContain("\\u0085");
    }

    @Test
    void secretsAreSealedAtRestAndForgettingTheTenantsSecretsMakesThemUnusable() throws Exception {
        String sealedPath = "/hooks/" + tenantId + "/sealed";
        String secret = endpoint("sealed", sealedPath, List.of("lead.classified"));
        String endpointRow = jdbc.queryForObject("SELECT secret FROM webhook_endpoint_view WHERE tenant_id = ? "
                + "AND endpoint_id = 'sealed'", String.class, tenantId);
        assertThat(endpointRow).startsWith("sec:v1:").doesNotContain(secret.substring("whsec_".length()));
        String settingsRow = jdbc.queryForObject("SELECT inbound_secrets::text FROM lead_settings_view "
                + "WHERE tenant_id = ?", String.class, tenantId);
        assertThat(settingsRow).contains("sec:v1:").doesNotContain(HUBSPOT_SECRET)
                .doesNotContain(CRM_SECRET.substring("whsec_".length()));
        for (String clear : List.of(secret.substring("whsec_".length()), HUBSPOT_SECRET,
                CRM_SECRET.substring("whsec_".length()))) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry "
                    + "WHERE position(? in convert_from(payload, 'UTF8')) > 0", Long.class, clear)).isZero();
        }
        // the audit trail shows the events that set them, but an auditor never reads the secrets themselves
        String auditor = api.devToken(tenantId, "audra", "AUDITOR");
        await().atMost(PATIENCE).untilAsserted(() -> {
            Response export = api.get("/api/v1/audit/events", auditor);
            assertThat(export.status()).as(export.body()).isEqualTo(200);
            assertThat(export.body()).contains("WebhookEndpointConfigured").contains("LeadSettingsConfigured")
                    .contains("[secret]");
            for (String clear : List.of(secret.substring("whsec_".length()), HUBSPOT_SECRET,
                    CRM_SECRET.substring("whsec_".length()))) {
                assertThat(export.body()).doesNotContain(clear);
            }
        });
        String body = JSON.writeValueAsString(Map.of("email", "ana@example.org", "message",
                "Hi, what does your assistant cost for 5 people?"));
        Response before = standardWebhook(body, "msg_" + UUID.randomUUID(), Instant.now(), CRM_SECRET);
        assertThat(before.status()).isEqualTo(202);
        String firstLead = before.json().get("leadId").asText();
        await().atMost(PATIENCE).until(() -> RECEIVER.received(sealedPath).stream()
                .anyMatch(r -> new String(r.body(), StandardCharsets.UTF_8).contains(firstLead)));

        // the tenant's key for secrets destroyed (crypto-shredding): no secret of the tenant opens any more
        Response forgotten = api.delete("/api/v1/tenants/" + tenantId + "/members/webhook-secrets/data", admin);
        assertThat(forgotten.status()).as(forgotten.body()).isEqualTo(200);
        assertThat(forgotten.json().get("keysDestroyed").asInt()).isPositive();
        assertThat(standardWebhook(body, "msg_" + UUID.randomUUID(), Instant.now(), CRM_SECRET).status())
                .isEqualTo(401);
        assertThat(hubspot(body, Instant.now(), HUBSPOT_SECRET).status()).isEqualTo(401);
        // the endpoint has no usable secret: nothing is enqueued for it, while one made afterwards gets the event
        String freshPath = "/hooks/" + tenantId + "/fresh";
        String fresh = endpoint("fresh", freshPath, List.of("lead.classified"));
        String leadId = submit("Could you send me your prices for 12 seats? We want to buy soon.");
        await().atMost(PATIENCE).until(() -> RECEIVER.received(freshPath).stream()
                .anyMatch(r -> new String(r.body(), StandardCharsets.UTF_8).contains(leadId)));
        WebhookReceiver.Received delivery = RECEIVER.received(freshPath).stream()
                .filter(r -> new String(r.body(), StandardCharsets.UTF_8).contains(leadId)).findFirst().orElseThrow();
        assertThat(StandardWebhooks.verify(fresh, delivery.header("webhook-id"), delivery.header("webhook-timestamp"),
                delivery.header("webhook-signature"), delivery.body(), Instant.now(), Duration.ofMinutes(5)))
                .isEqualTo(StandardWebhooks.Verification.VALID);
        assertThat(JSON.readTree(delivery.body()).at("/data/leadId").asText()).isEqualTo(leadId);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery WHERE tenant_id = ? "
                + "AND endpoint_id = 'sealed' AND event_id IN (SELECT event_identifier FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?)", Long.class, tenantId, leadId)).isZero();

        // new secrets set afterwards work again
        assertThat(api.put("/api/v1/tenants/" + tenantId + "/leads/settings", admin, Map.of("inboundSecrets",
                Map.of("crm", CRM_SECRET))).status()).isEqualTo(200); // short form: Standard Webhooks
        Response shown = api.get("/api/v1/tenants/" + tenantId + "/leads/settings", admin);
        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        assertThat(shown.json().get("inboundSources")).extracting(JsonNode::asText).containsExactly("crm");
        assertThat(shown.body()).doesNotContain(CRM_SECRET.substring("whsec_".length()));
        assertThat(standardWebhook(body, "msg_" + UUID.randomUUID(), Instant.now(), CRM_SECRET).status())
                .isEqualTo(202);
    }

    @Test
    void platformEventsReachTheirSubscribersSignedWithoutPersonalTexts() throws Exception {
        String path = "/hooks/" + tenantId + "/platform";
        String secret = endpoint("platform", path, List.of("document.indexed", "document.failed",
                "budget.threshold_reached", "suggestion.approved"));

        // documents: one indexed, one refused
        String indexed = uploaded("opening-hours.txt", ("Our support desk is open from 8 to 18 on weekdays. "
                + "Urgent incidents are handled around the clock by the on-call team.").getBytes(StandardCharsets.UTF_8));
        String failed = uploaded("empty.txt", new byte[0]);

        // a suggestion, approved with an edit
        Response session = api.post("/api/v1/assist/sessions", admin, Map.of("field", Map.of("entityType", "Deal",
                "entityId", "42", "fieldName", "notes"), "text", "we will call the customer back on monday"));
        assertThat(session.status()).as(session.body()).isEqualTo(201);
        String sessionId = session.json().get("sessionId").asText();
        Response requested = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", admin,
                Map.of("action", "IMPROVE"));
        assertThat(requested.status()).as(requested.body()).isEqualTo(202);
        String suggestionId = requested.json().get("suggestionId").asText();
        await().atMost(DRAFT_PATIENCE).until(() -> "COMPLETED".equals(api.get("/api/v1/assist/suggestions/"
                + suggestionId, admin).json().path("status").asText()));
        assertThat(api.post("/api/v1/assist/suggestions/" + suggestionId + "/approve", admin,
                Map.of("editedText", "We will call the customer back on Monday.")).status()).isEqualTo(200);

        // a budget the next request cannot fit: the month's first refusal reaches 100 %
        Response quotas = api.put("/api/v1/tenants/" + tenantId + "/quotas", admin, Map.of(
                "monthlyBudget", Map.of("amount", new java.math.BigDecimal("0.0001"), "currency", "USD"),
                "requestsPerMinutePerUser", 1000, "tokensPerMinutePerTenant", 10_000_000));
        assertThat(quotas.status()).as(quotas.body()).isEqualTo(200);
        assertThat(api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", admin,
                Map.of("action", "SHORTEN")).status()).isNotEqualTo(202);

        Map<String, JsonNode> byType = new java.util.HashMap<>();
        java.util.Set<Integer> percents = new java.util.TreeSet<>();
        try {
            // indexing and the budget ledger are several processors away: more patience on a busy machine
            await().atMost(Duration.ofMinutes(3)).until(() -> {
                for (WebhookReceiver.Received delivery : RECEIVER.received(path)) {
                    assertThat(StandardWebhooks.verify(secret, delivery.header("webhook-id"),
                            delivery.header("webhook-timestamp"), delivery.header("webhook-signature"), delivery.body(),
                            Instant.now(), Duration.ofMinutes(5))).isEqualTo(StandardWebhooks.Verification.VALID);
                    JsonNode payload = JSON.readTree(delivery.body());
                    String type = payload.path("type").asText();
                    if (type.startsWith("document.") && !payload.at("/data/documentId").asText().equals(
                            type.equals("document.indexed") ? indexed : failed)) {
                        continue;
                    }
                    byType.put(type, payload);
                    if (type.equals("budget.threshold_reached")) {
                        percents.add(payload.at("/data/percent").asInt());
                    }
                }
                return byType.size() == 4 && percents.contains(100);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("received " + byType.keySet() + " " + percents + "; deliveries "
                    + jdbc.queryForList("SELECT event_type, status, attempts FROM webhook_delivery WHERE tenant_id = ?",
                    tenantId) + "; thresholds " + jdbc.queryForList("SELECT convert_from(payload, 'UTF8') "
                    + "FROM domain_event_entry WHERE payload_type LIKE '%BudgetThresholdReached' "
                    + "OR payload_type LIKE '%DocumentIndexed' OR payload_type LIKE '%DocumentFailed'", String.class), e);
        }
        JsonNode document = byType.get("document.indexed").path("data");
        assertThat(document.path("status").asText()).isEqualTo("INDEXED");
        assertThat(document.path("chunks").asInt()).isPositive();
        assertThat(document.toString()).doesNotContain("support desk").doesNotContain("opening-hours");
        JsonNode refused = byType.get("document.failed").path("data");
        assertThat(refused.path("status").asText()).isEqualTo("FAILED");
        assertThat(refused.path("reason").asText()).isNotBlank();
        JsonNode budget = byType.get("budget.threshold_reached").path("data");
        assertThat(percents).contains(100);
        assertThat(budget.path("period").asText()).matches("\\d{4}-\\d{2}");
        assertThat(budget.at("/budget/currency").asText()).isEqualTo("USD");
        JsonNode approved = byType.get("suggestion.approved").path("data");
        assertThat(approved.path("suggestionId").asText()).isEqualTo(suggestionId);
        assertThat(approved.path("text").asText()).isEqualTo("We will call the customer back on Monday.");
        // the approved text was personal: swept from the delivery row once delivered
        await().atMost(PATIENCE).until(() -> jdbc.queryForList("SELECT payload FROM webhook_delivery "
                + "WHERE tenant_id = ? AND event_type = 'suggestion.approved'", String.class, tenantId)
                .equals(java.util.Collections.singletonList(null)));
    }

    @Test
    void aReceiverFailingThreeTimesGetsTheFourthTryAndA410DisablesItsEndpoint() {
        String flaky = "/hooks/" + tenantId + "/flaky";
        String gone = "/hooks/" + tenantId + "/gone";
        RECEIVER.script(flaky, 500, 500, 500, 200);
        RECEIVER.script(gone, 410);
        endpoint("flaky", flaky, List.of("lead.classified"));
        endpoint("gone", gone, List.of("lead.classified"));

        Response submitted = api.post("/api/v1/leads", admin, Map.of("source", "form", "message",
                "Could you send me your prices for 10 seats? We want to buy this quarter."));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);

        await().atMost(PATIENCE).until(() -> RECEIVER.received(flaky).stream().anyMatch(r -> r.answered() == 200));
        List<WebhookReceiver.Received> tries = RECEIVER.received(flaky);
        assertThat(tries).extracting(WebhookReceiver.Received::answered).containsExactly(500, 500, 500, 200);
        // the same message id on every try, so a receiver can deduplicate
        assertThat(tries).extracting(r -> r.header("webhook-id")).containsOnly(tries.get(0).header("webhook-id"));
        JsonNode log = api.get("/api/v1/tenants/" + tenantId + "/webhook-deliveries?endpointId=flaky", admin).json();
        assertThat(log.at("/deliveries/0/status").asText()).isEqualTo("DELIVERED");
        assertThat(log.at("/deliveries/0/attempts").asInt()).isEqualTo(4);
        assertThat(log.at("/deliveries/0/log")).hasSize(4);

        await().atMost(PATIENCE).until(() -> endpointEnabled("gone") == Boolean.FALSE);
        assertThat(RECEIVER.received(gone)).hasSize(1);
        assertThat(endpointEnabled("flaky")).isTrue();
    }

    /**
     * Endpoint ids are the tenant's own: a second tenant creates its own {@code crm} (no 404 or conflict that would
     * reveal the first one's), each tenant reads, changes and disables only its own, deliveries are signed with the
     * tenant's own secret, a 410 from one tenant's receiver disables that tenant's endpoint alone, and an inbound CRM
     * webhook on a tenant's path is verified with that tenant's secret only.
     */
    @Test
    void twoTenantsEachHaveTheirOwnEndpointCrm() throws Exception {
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        String otherTenant = api.createTenant(root, "leads-" + UUID.randomUUID().toString().substring(0, 8), "TEAM",
                "bob");
        String bob = api.devToken(otherTenant, "bob");
        String gonePath = "/hooks/" + tenantId + "/crm";
        String bobPath = "/hooks/" + otherTenant + "/crm";
        RECEIVER.script(gonePath, 410);

        String aliceSecret = endpoint("crm", gonePath, List.of("lead.classified"));
        Response created = api.put("/api/v1/tenants/" + otherTenant + "/webhooks/crm", bob, Map.of("url",
                RECEIVER.url(bobPath), "eventTypes", List.of("lead.classified", "lead.reply_approved"),
                "enabled", true));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String bobSecret = created.json().path("secret").asText(null);
        assertThat(aliceSecret).startsWith("whsec_");
        assertThat(bobSecret).startsWith("whsec_").isNotEqualTo(aliceSecret);

        // each sees its own endpoint only
        JsonNode alices = api.get("/api/v1/tenants/" + tenantId + "/webhooks", admin).json();
        assertThat(alices).hasSize(1);
        assertThat(alices.at("/0/endpoint/url").asText()).isEqualTo(RECEIVER.url(gonePath));
        JsonNode bobs = api.get("/api/v1/tenants/" + otherTenant + "/webhooks", bob).json();
        assertThat(bobs).hasSize(1);
        assertThat(bobs.at("/0/endpoint/url").asText()).isEqualTo(RECEIVER.url(bobPath));
        assertThat(bobs.at("/0/endpoint/eventTypes")).hasSize(2);

        // a change is the changing tenant's: the other's endpoint keeps its URL, types and secret
        Response changed = api.put("/api/v1/tenants/" + otherTenant + "/webhooks/crm", bob, Map.of("url",
                RECEIVER.url(bobPath), "eventTypes", List.of("lead.classified"), "enabled", true));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("secret").isNull() || changed.json().path("secret").isMissingNode()).isTrue();
        assertThat(api.get("/api/v1/tenants/" + tenantId + "/webhooks", admin).json()
                .at("/0/endpoint/url").asText()).isEqualTo(RECEIVER.url(gonePath));
        assertThat(api.get("/api/v1/tenants/" + otherTenant + "/webhooks", bob).json()
                .at("/0/endpoint/eventTypes")).hasSize(1);

        // a 410 from alice's receiver disables alice's crm only; bob's crm gets bob's events, signed with his secret
        submit("Could you send me your prices for 10 seats? We want to buy this quarter.");
        await().atMost(PATIENCE).until(() -> endpointEnabled("crm") == Boolean.FALSE);
        Response bobsLead = api.post("/api/v1/leads", bob, Map.of("source", "form", "message",
                "Please send us a quote for 12 seats, we plan to buy this month."));
        assertThat(bobsLead.status()).as(bobsLead.body()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> !RECEIVER.received(bobPath).isEmpty());
        WebhookReceiver.Received delivery = RECEIVER.received(bobPath).get(0);
        assertThat(StandardWebhooks.verify(bobSecret, delivery.header("webhook-id"),
                delivery.header("webhook-timestamp"), delivery.header("webhook-signature"), delivery.body(),
                Instant.now(), Duration.ofMinutes(5))).isEqualTo(StandardWebhooks.Verification.VALID);
        assertThat(StandardWebhooks.verify(aliceSecret, delivery.header("webhook-id"),
                delivery.header("webhook-timestamp"), delivery.header("webhook-signature"), delivery.body(),
                Instant.now(), Duration.ofMinutes(5))).isNotEqualTo(StandardWebhooks.Verification.VALID);
        assertThat(JSON.readTree(delivery.body()).at("/data/leadId").asText())
                .isEqualTo(bobsLead.json().get("leadId").asText());
        assertThat(RECEIVER.received(gonePath)).hasSize(1);
        await().atMost(PATIENCE).until(() -> api.get("/api/v1/tenants/" + otherTenant + "/webhooks", bob).json()
                .at("/0/health/delivered").asLong() == 1);
        assertThat(api.get("/api/v1/tenants/" + otherTenant + "/webhooks", bob).json()
                .at("/0/endpoint/enabled").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/tenants/" + tenantId + "/webhooks", admin).json()
                .at("/0/endpoint/disabledReason").asText()).contains("410");

        // alice enables her crm again and then disables it herself: bob's stays enabled
        endpoint("crm", gonePath, List.of("lead.classified"));
        assertThat(endpointEnabled("crm")).isTrue();
        Response disabled = api.put("/api/v1/tenants/" + tenantId + "/webhooks/crm", admin, Map.of("url",
                RECEIVER.url(gonePath), "eventTypes", List.of("lead.classified"), "enabled", false));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(endpointEnabled("crm")).isFalse();
        assertThat(api.get("/api/v1/tenants/" + otherTenant + "/webhooks", bob).json()
                .at("/0/endpoint/enabled").asBoolean()).isTrue();

        // inbound: on bob's path, bob's CRM secret is accepted and alice's refused
        String bobsCrmSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(
                "bobs-crm-secret-of-32-bytes-long".getBytes(StandardCharsets.US_ASCII));
        Response settings = api.put("/api/v1/tenants/" + otherTenant + "/leads/settings", bob, Map.of(
                "inboundSecrets", Map.of("crm", Map.of("scheme", "STANDARD_WEBHOOKS", "secret", bobsCrmSecret))));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        String body = JSON.writeValueAsString(Map.of("type", "contact.created", "data", Map.of(
                "name", "Ana Ruiz", "email", "ana.ruiz@umbrella-corp.com", "company", "Umbrella",
                "message", "Hello, we would like a quote for 8 licences. Regards, Ana")));
        String bobsInbound = "/api/v1/webhooks/inbound/" + otherTenant + "/crm";
        assertThat(api.send("POST", bobsInbound, null, body, StandardWebhooks.headers(CRM_SECRET,
                "msg_" + UUID.randomUUID(), Instant.now(), body.getBytes(StandardCharsets.UTF_8))).status())
                .isEqualTo(401);
        Response accepted = api.send("POST", bobsInbound, null, body, StandardWebhooks.headers(bobsCrmSecret,
                "msg_" + UUID.randomUUID(), Instant.now(), body.getBytes(StandardCharsets.UTF_8)));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String inboundLead = accepted.json().get("leadId").asText();
        await().atMost(PATIENCE).until(() -> api.get("/api/v1/leads/" + inboundLead, bob).status() == 200);
        assertThat(api.get("/api/v1/leads/" + inboundLead, admin).status()).isEqualTo(404);
    }

    /**
     * An endpoint stored before ids were scoped (revision 1, under its bare id) is still its tenant's: it receives
     * the tenant's events signed with its secret and the tenant changes it in the stream it was stored in; another
     * tenant creating the same id gets an endpoint of its own and leaves it alone.
     */
    @Test
    void anEndpointStoredUnderItsBareIdStaysItsTenantsAlone() throws Exception {
        String endpointId = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/hooks/" + tenantId + "/" + endpointId;
        String legacySecret = StandardWebhooks.newSecret();
        String payload = JSON.writeValueAsString(Map.of("endpointId", endpointId, "tenantId", tenantId,
                "keyOwner", "webhook-secrets", "userId", "alice", "url", RECEIVER.url(path),
                "eventTypes", List.of("lead.classified"), "enabled", true, "secret", legacySecret));
        jdbc.update("""
                INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                    meta_data, payload, payload_revision, payload_type, time_stamp)
                VALUES (?, 0, 'WebhookEndpoint', ?, convert_to('{}', 'UTF8'), convert_to(?, 'UTF8'), '1',
                    'io.assistantcore.messages.webhook.WebhookMessages$WebhookEndpointConfigured', ?)""",
                endpointId, UUID.randomUUID().toString(), payload, Instant.now().toString());
        await().atMost(PATIENCE).until(() -> endpointEnabled(endpointId) == Boolean.TRUE);

        submit("Could you send me your prices for 10 seats? We want to buy this quarter.");
        await().atMost(PATIENCE).until(() -> !RECEIVER.received(path).isEmpty());
        WebhookReceiver.Received delivery = RECEIVER.received(path).get(0);
        assertThat(StandardWebhooks.verify(legacySecret, delivery.header("webhook-id"),
                delivery.header("webhook-timestamp"), delivery.header("webhook-signature"), delivery.body(),
                Instant.now(), Duration.ofMinutes(5))).isEqualTo(StandardWebhooks.Verification.VALID);

        // the tenant changes it where it is stored (no second endpoint, no new secret)
        Response changed = api.put("/api/v1/tenants/" + tenantId + "/webhooks/" + endpointId, admin, Map.of("url",
                RECEIVER.url(path), "eventTypes", List.of("lead.classified", "lead.reply_approved"), "enabled", true));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("secret").isNull() || changed.json().path("secret").isMissingNode()).isTrue();
        assertThat(storedEvents(endpointId)).isEqualTo(2);
        assertThat(storedEvents(tenantId + "/" + endpointId)).isZero();
        await().atMost(PATIENCE).until(() -> api.get("/api/v1/tenants/" + tenantId + "/webhooks", admin).json()
                .at("/0/endpoint/eventTypes").size() == 2);

        // another tenant's endpoint of the same id is its own
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        String other = api.createTenant(root, "leads-" + UUID.randomUUID().toString().substring(0, 8), "TEAM",
                "bob");
        String bob = api.devToken(other, "bob");
        assertThat(api.get("/api/v1/tenants/" + other + "/webhooks", bob).json()).isEmpty();
        Response created = api.put("/api/v1/tenants/" + other + "/webhooks/" + endpointId, bob, Map.of("url",
                RECEIVER.url("/hooks/" + other), "eventTypes", List.of("lead.classified"), "enabled", true));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().path("secret").asText()).startsWith("whsec_").isNotEqualTo(legacySecret);
        assertThat(storedEvents(other + "/" + endpointId)).isEqualTo(1);
        assertThat(storedEvents(endpointId)).isEqualTo(2);
        assertThat(api.get("/api/v1/tenants/" + tenantId + "/webhooks", admin).json()
                .at("/0/endpoint/url").asText()).isEqualTo(RECEIVER.url(path));
    }

    private long storedEvents(String aggregateId) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, aggregateId);
    }

    @Test
    void anUnsureLeadGoesToReviewAndTheCorrectionTeachesTheClassifier() {
        assertThat(api.put("/api/v1/tenants/" + tenantId + "/leads/settings", admin,
                Map.of("reviewBelowConfidence", 0.95)).status()).isEqualTo(200);
        // the provider answers these outside its schema: the offline classifier decides, unsure of this one
        String text = "Hello, our company organises webinars about workplace software and we wondered whether "
                + "you would like to present your assistant at our next online event in March.";
        String first = submit(text);
        JsonNode unsure = awaitLead(first, "NEEDS_REVIEW");
        assertThat(unsure.at("/lowConfidence").asBoolean()).isTrue();
        String classified = unsure.at("/intent/label").asText();
        String corrected = classified.equals("Partnership") ? "Other" : "Partnership";
        assertThat(api.post("/api/v1/leads/" + first + "/reply-draft", admin, null).status()).isEqualTo(409);

        Response reviewed = api.post("/api/v1/leads/" + first + "/review", admin,
                Map.of("intent", corrected, "note", "event invitations are partnerships for us"));
        assertThat(reviewed.status()).as(reviewed.body()).isEqualTo(200);
        assertThat(reviewed.json().at("/status").asText()).isEqualTo("REVIEWED");
        assertThat(reviewed.json().at("/intent/decidedBy").asText()).isEqualTo("REVIEWER");

        // a similar lead from someone else: the reviewer's example decides
        await().atMost(PATIENCE).untilAsserted(() -> {
            String next = submit("Hello, our company organises webinars about workplace software and we wondered "
                    + "if you would like to present your assistant at our next online event in April.");
            JsonNode lead = awaitLead(next, null);
            assertThat(lead.at("/intent/label").asText()).isEqualTo(corrected);
            assertThat(lead.at("/intent/decidedBy").asText()).isEqualTo("EMBEDDING");
            assertThat(lead.at("/intent/reason").asText()).contains("reviewers");
        });
    }

    @Test
    void withoutAProviderTheReplyDraftIsATemplateThatMustBeCompletedBeforeApproval() {
        // the tenant may use no remote model: its suggestions are served by the offline engine
        Response policy = api.put("/api/v1/tenants/" + tenantId + "/ai-policy", admin, Map.of(
                "enabledActions", List.of("IMPROVE", "SHORTEN", "SUMMARIZE", "FIX_GRAMMAR", "CHANGE_TONE",
                        "FREE_PROMPT"),
                "allowedModels", List.of("local"), "allowedContextKinds", List.of("*")));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        String leadId = submit("Hi, we would like a quote for 40 seats of your assistant for our support team at "
                + "Initech. Our budget is around $25k per year.\nThanks,\nJane Roe");
        JsonNode lead = awaitLead(leadId, "READY");
        assertThat(lead.at("/intent/label").asText()).isEqualTo("Sales");

        Response draft = api.post("/api/v1/leads/" + leadId + "/reply-draft", admin, null);
        assertThat(draft.status()).as(draft.body()).isEqualTo(202);
        String suggestionId = draft.json().get("suggestionId").asText();
        JsonNode drafted;
        try {
            drafted = awaitLead(leadId, "DRAFTED", DRAFT_PATIENCE);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("No draft. Lead: " + api.get("/api/v1/leads/" + leadId, admin).body()
                    + " Suggestion: " + api.get("/api/v1/assist/suggestions/" + suggestionId, admin).body(), e);
        }
        String text = drafted.at("/draft/text").asText();
        assertThat(text).startsWith("Dear " + lead.at("/fields/name").asText().split(" ")[0] + ",")
                .contains("proposal").contains(lead.at("/fields/company").asText()).contains("call")
                .endsWith("[Your name]");
        if (lead.at("/fields/budget/currency").asText().equals("USD")) {
            assertThat(text).contains("25000 USD");
        }
        JsonNode suggestion = api.get("/api/v1/assist/suggestions/" + suggestionId, admin).json();
        assertThat(suggestion.path("provider").asText()).isEqualTo("local");

        // not sent as long as it is plainly a template
        Response unedited = api.post("/api/v1/leads/" + leadId + "/reply/approve", admin, Map.of());
        assertThat(unedited.status()).as(unedited.body()).isEqualTo(409);
        assertThat(unedited.body()).contains("draft-incomplete");
        Response approved = api.post("/api/v1/leads/" + leadId + "/reply/approve", admin,
                Map.of("editedText", text.replace("[Your name]", "Alice, Example Corp")));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("edited").asBoolean()).isTrue();
    }

    // ---- helpers

    private String submit(String message) {
        Response submitted = api.post("/api/v1/leads", admin, Map.of("source", "form", "message", message));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        return submitted.json().get("leadId").asText();
    }

    private String endpoint(String id, String path, List<String> types) {
        Response saved = api.put("/api/v1/tenants/" + tenantId + "/webhooks/" + id, admin, Map.of("url",
                RECEIVER.url(path), "eventTypes", types, "enabled", true));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        return saved.json().path("secret").asText(null);
    }

    private Boolean endpointEnabled(String id) {
        for (JsonNode entry : api.get("/api/v1/tenants/" + tenantId + "/webhooks", admin).json()) {
            if (entry.at("/endpoint/endpointId").asText().equals(id)) {
                return entry.at("/endpoint/enabled").asBoolean();
            }
        }
        return null;
    }

    private List<WebhookReceiver.Received> replyDeliveries(String path) {
        return RECEIVER.received(path).stream().filter(r -> new String(r.body(), StandardCharsets.UTF_8)
                .contains("\"lead.reply_approved\"")).toList();
    }

    /** The lead once it reached {@code status} (null: once it is scored). */
    private JsonNode awaitLead(String leadId, String status) {
        return awaitLead(leadId, status, PATIENCE);
    }

    private JsonNode awaitLead(String leadId, String status, Duration patience) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(patience).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response response = api.get("/api/v1/leads/" + leadId, admin);
            if (response.status() != 200) {
                return false;
            }
            found[0] = response.json();
            return status == null ? !found[0].path("score").isNull() && found[0].has("score")
                    && !found[0].path("score").isMissingNode() && found[0].path("score").has("value")
                    : status.equals(found[0].path("status").asText());
        });
        return found[0];
    }

    private Response standardWebhook(String body, String id, Instant at, String secret) {
        return api.send("POST", "/api/v1/webhooks/inbound/" + tenantId + "/crm", null, body,
                StandardWebhooks.headers(secret, id, at, body.getBytes(StandardCharsets.UTF_8)));
    }

    private String uploaded(String name, byte[] content) throws Exception {
        io.assistantcore.api.knowledge.KnowledgeFixtures.Upload upload =
                io.assistantcore.api.knowledge.KnowledgeFixtures.upload(port, admin, "knowledge", name, content);
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        return JSON.readTree(upload.body()).path("fileId").asText();
    }

    /** The payloads of the lead.reply_approved deliveries to an endpoint (null once swept). */
    private List<String> replyPayloads(String endpointId) {
        return jdbc.queryForList("SELECT payload FROM webhook_delivery WHERE tenant_id = ? AND endpoint_id = ? "
                + "AND event_type = 'lead.reply_approved'", String.class, tenantId, endpointId);
    }

    private JsonNode deliveryOf(String endpointId) {
        return api.get("/api/v1/tenants/" + tenantId + "/webhook-deliveries?endpointId=" + endpointId, admin).json()
                .at("/deliveries/0");
    }

    private Response hubspot(String body, Instant at, String secret) {
        String path = "/api/v1/webhooks/inbound/" + tenantId + "/hubspot";
        String uri = "http://127.0.0.1:" + port + path;
        long ts = at.toEpochMilli();
        String signature = HubSpotSignatures.signature(secret, "POST", uri,
                body.getBytes(StandardCharsets.UTF_8), ts);
        return api.send("POST", path, null, body, Map.of(HubSpotSignatures.SIGNATURE_HEADER, signature,
                HubSpotSignatures.TIMESTAMP_HEADER, Long.toString(ts)));
    }
}
