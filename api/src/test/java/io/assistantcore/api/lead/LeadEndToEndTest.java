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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
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
                "inboundSecrets", Map.of("hubspot", Map.of("scheme", "HUBSPOT_V3", "secret", HUBSPOT_SECRET))));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
    }

    @Test
    void aSignedCrmLeadIsAnsweredAndTheApprovedReplyReachesTheReceiverSigned() throws Exception {
        String hookPath = "/hooks/" + tenantId + "/replies";
        String secret = endpoint("replies", hookPath, List.of("lead.reply_approved", "lead.classified"));
        assertThat(secret).startsWith("whsec_");

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
