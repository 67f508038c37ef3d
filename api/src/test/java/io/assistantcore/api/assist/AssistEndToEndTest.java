package io.assistantcore.api.assist;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.SseClient.Event;
import io.assistantcore.api.support.WebSocketClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The assist flow on the running application with the offline engine, through real HTTP, SSE and WebSocket. */
class AssistEndToEndTest extends ApiIntegrationTest {

    private static final String LONG_TEXT = "Our team met with the customer on Monday to review the rollout plan. "
            + "The customer asked for a phased rollout across their three regional offices. "
            + "We agreed that the first office will go live at the start of next month. "
            + "Training sessions for local administrators will be held in the week before go-live. "
            + "The customer also wants weekly status reports during the whole rollout. "
            + "Budget approval for the second and third offices is still pending on their side. "
            + "We will follow up with their finance department by the end of this week.";

    private ApiClient api;
    private String tenantId;
    private String alice;

    @BeforeEach
    void tenantWithAMember() {
        api = api();
        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        tenantId = uniqueTenantId("assist");
        assertThat(api.post("/api/v1/tenants", admin, Map.of("tenantId", tenantId, "name", "Assist Co", "plan", "TEAM",
                "initialAdminUserId", "alice")).status()).isEqualTo(201);
        alice = api.devToken(tenantId, "alice");
    }

    private String startSession(String text) {
        Response created = api.post("/api/v1/assist/sessions", alice, Map.of(
                "field", Map.of("entityType", "Account", "entityId", "42", "fieldName", "description"),
                "text", text,
                "context", List.of(Map.of("kind", "record", "label", "Account", "text", "Acme, enterprise"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("sessionId").asText();
    }

    private String requestSuggestion(String sessionId, Map<String, Object> body) {
        Response accepted = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice, body);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().get("suggestionId").asText();
    }

    private SseClient stream(String suggestionId, String lastEventId) {
        SseClient sse = SseClient.open(port, "/api/v1/assist/suggestions/" + suggestionId + "/stream", alice,
                lastEventId);
        assertThat(sse.status()).isEqualTo(200);
        assertThat(sse.contentType()).startsWith("text/event-stream");
        return sse;
    }

    @Test
    void fixGrammarStreamsTokensThatAddUpToTheCompletedTextAndIsApprovedWithAnEdit() {
        String sessionId = startSession("their is a error in this sentance");
        String suggestionId = requestSuggestion(sessionId, Map.of("action", "FIX_GRAMMAR"));

        List<Event> events;
        try (SseClient sse = stream(suggestionId, null)) {
            events = sse.readAll();
        }
        Event completed = events.get(events.size() - 1);
        assertThat(completed.type()).isEqualTo("completed");
        String text = completed.data().get("text").asText();
        assertThat(text).matches("There is an error in this sentence\\.?");
        assertThat(SseClient.tokens(events)).isEqualTo(text);
        List<Event> tokens = events.stream().filter(e -> e.type().equals("token")).toList();
        assertThat(tokens).isNotEmpty();
        for (int i = 0; i < tokens.size(); i++) {
            assertThat(tokens.get(i).id()).isEqualTo("1." + (i + 1));
            assertThat(tokens.get(i).data().get("attempt").asInt()).isEqualTo(1);
        }
        assertThat(completed.id()).isEqualTo("1.end");
        assertThat(completed.data().at("/usage/outputTokens").asLong()).isPositive();
        assertThat(completed.data().get("provider").asText()).isEqualTo("local");

        Response approved = api.post("/api/v1/assist/suggestions/" + suggestionId + "/approve", alice,
                Map.of("editedText", "There is an error in this line."));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("finalText").asText()).isEqualTo("There is an error in this line.");
        assertThat(approved.json().get("edited").asBoolean()).isTrue();

        JsonNode suggestion = api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json();
        assertThat(suggestion.get("status").asText()).isEqualTo("APPROVED");
        assertThat(suggestion.get("finalText").asText()).isEqualTo("There is an error in this line.");
        assertThat(suggestion.get("text").asText()).isEqualTo(text);
        assertThat(suggestion.get("edited").asBoolean()).isTrue();

        JsonNode session = api.get("/api/v1/assist/sessions/" + sessionId, alice).json();
        assertThat(session.get("originalText").asText()).isEqualTo("their is a error in this sentance");
        assertThat(session.at("/suggestions/0/suggestionId").asText()).isEqualTo(suggestionId);
        assertThat(session.at("/suggestions/0/attempts/0/status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void cancelMidStreamStopsTheStream() {
        String sessionId = startSession(LONG_TEXT);
        String suggestionId = requestSuggestion(sessionId, Map.of("action", "IMPROVE"));
        List<Event> events = new ArrayList<>();
        try (SseClient sse = stream(suggestionId, null)) {
            events.add(sse.next());
            assertThat(events.get(0).type()).isEqualTo("token");
            assertThat(api.post("/api/v1/assist/suggestions/" + suggestionId + "/cancel", alice, null).status())
                    .isEqualTo(202);
            events.addAll(sse.readAll());
        }
        assertThat(events.get(events.size() - 1).type()).isEqualTo("cancelled");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode suggestion = api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json();
            assertThat(suggestion.get("status").asText()).isEqualTo("CANCELLED");
            JsonNode attempt = suggestion.at("/attempts/0");
            assertThat(attempt.get("status").asText()).isEqualTo("CANCELLED");
            // the partial output was recorded (it comes after the cancellation itself, so the attempt may show
            // CANCELLED without a text for a moment: a missing text is retried, not an error), and it is a real
            // prefix: the stream stopped early
            String partial = attempt.path("text").asText("");
            assertThat(partial).isNotEmpty();
            assertThat(partial.length()).isLessThan(LONG_TEXT.length() / 2);
            assertThat(LONG_TEXT.length()).isGreaterThan(SseClient.tokens(events).length());
        });
        Response again = api.post("/api/v1/assist/suggestions/" + suggestionId + "/cancel", alice, null);
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void reconnectingWithLastEventIdResumesWithoutGapsOrDuplicates() {
        String sessionId = startSession(LONG_TEXT);
        String suggestionId = requestSuggestion(sessionId, Map.of("action", "IMPROVE"));
        List<Event> first;
        try (SseClient sse = stream(suggestionId, null)) {
            first = List.of(sse.next(), sse.next(), sse.next());
        }
        assertThat(first).extracting(Event::id).containsExactly("1.1", "1.2", "1.3");

        List<Event> rest;
        try (SseClient sse = stream(suggestionId, "1.3")) {
            rest = sse.readAll();
        }
        Event completed = rest.get(rest.size() - 1);
        assertThat(completed.type()).isEqualTo("completed");
        assertThat(completed.id()).isEqualTo("1.end");
        List<String> ids = rest.stream().filter(e -> e.type().equals("token")).map(Event::id).toList();
        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i)).isEqualTo("1." + (i + 4));
        }
        assertThat(SseClient.tokens(first) + SseClient.tokens(rest)).isEqualTo(completed.data().get("text").asText());

        // resuming with the id of the terminal event yields nothing more (a browser's EventSource reconnects so)
        try (SseClient sse = stream(suggestionId, completed.id())) {
            assertThat(sse.readAll()).isEmpty();
        }
        // a bare number, as ids were before they named their attempt, is still that chunk of the latest attempt
        try (SseClient sse = stream(suggestionId, "3")) {
            assertThat(sse.readAll()).extracting(Event::id).isEqualTo(rest.stream().map(Event::id).toList());
        }

        // a finished stream replays from storage and closes
        List<Event> replay;
        try (SseClient sse = stream(suggestionId, null)) {
            replay = sse.readAll();
        }
        assertThat(SseClient.tokens(replay)).isEqualTo(completed.data().get("text").asText());
        assertThat(replay.get(replay.size() - 1).type()).isEqualTo("completed");
    }

    @Test
    void twoSuggestionsStreamOverOneWebSocket() throws Exception {
        String sessionId = startSession(LONG_TEXT);
        String summary = requestSuggestion(sessionId, Map.of("action", "SUMMARIZE"));
        String formal = requestSuggestion(sessionId, Map.of("action", "CHANGE_TONE", "tone", "FORMAL"));

        List<JsonNode> received = new CopyOnWriteArrayList<>();
        CountDownLatch bothDone = new CountDownLatch(2);
        WebSocket socket = webSocket(alice, message -> {
            received.add(message);
            if (message.get("type").asText().equals("completed")) {
                bothDone.countDown();
            }
        });
        socket.sendText("{\"type\":\"subscribe\",\"stream\":\"suggestion\",\"id\":\"" + summary + "\",\"fromSeq\":0}", true).join();
        socket.sendText("{\"type\":\"subscribe\",\"stream\":\"suggestion\",\"id\":\"" + formal + "\",\"fromSeq\":0}", true).join();
        assertThat(bothDone.await(90, TimeUnit.SECONDS)).isTrue();
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();

        for (String id : List.of(summary, formal)) {
            List<JsonNode> mine = received.stream().filter(m -> m.get("id").asText().equals(id)).toList();
            StringBuilder text = new StringBuilder();
            mine.stream().filter(m -> m.get("type").asText().equals("token"))
                    .forEach(m -> text.append(m.get("text").asText()));
            JsonNode completed = mine.get(mine.size() - 1);
            assertThat(completed.get("type").asText()).isEqualTo("completed");
            assertThat(completed.get("stream").asText()).isEqualTo("suggestion");
            assertThat(text.toString()).isEqualTo(completed.get("text").asText());
            assertThat(text.toString()).isNotBlank();
            // every message names its event id, as SSE does: unique, the terminal one included
            assertThat(completed.get("eventId").asText()).isEqualTo("1.end");
            assertThat(mine).extracting(m -> m.get("eventId").asText()).doesNotHaveDuplicates();
            mine.stream().filter(m -> m.get("type").asText().equals("token")).forEach(m ->
                    assertThat(m.get("eventId").asText()).isEqualTo("1." + m.get("seq").asInt()));
        }
    }

    @Test
    void aSuggestionRequestedWithAcceptEventStreamStreamsInTheResponseAndRegenerateToo() throws Exception {
        String sessionId = startSession("their is a error in this sentance");
        String path = "/api/v1/assist/sessions/" + sessionId + "/suggestions";

        String suggestionId;
        List<Event> first;
        try (SseClient sse = SseClient.post(port, path, alice, "{\"action\":\"FIX_GRAMMAR\"}")) {
            assertThat(sse.status()).as(sse.contentType()).isEqualTo(200);
            assertThat(sse.contentType()).startsWith("text/event-stream");
            suggestionId = sse.header("X-Suggestion-Id");
            assertThat(suggestionId).isNotBlank();
            assertThat(sse.header("Location")).isEqualTo("/api/v1/assist/suggestions/" + suggestionId);
            first = sse.readAll();
        }
        Event completed = first.get(first.size() - 1);
        assertThat(completed.type()).isEqualTo("completed");
        assertThat(completed.id()).isEqualTo("1.end");
        assertThat(completed.data().get("text").asText()).matches("There is an error in this sentence\\.?");
        assertThat(SseClient.tokens(first)).isEqualTo(completed.data().get("text").asText());
        List<Event> tokens = first.stream().filter(e -> e.type().equals("token")).toList();
        assertThat(tokens).isNotEmpty();
        for (int i = 0; i < tokens.size(); i++) {
            assertThat(tokens.get(i).id()).isEqualTo("1." + (i + 1));
        }
        // the same suggestion as one requested the usual way: readable (the history follows the live stream),
        // resumable on its own stream's URL
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.get("/api/v1/assist/suggestions/"
                + suggestionId, alice).json().get("status").asText()).isEqualTo("COMPLETED"));
        try (SseClient sse = stream(suggestionId, "1.end")) {
            assertThat(sse.readAll()).isEmpty();
        }

        List<Event> again;
        try (SseClient sse = SseClient.post(port, "/api/v1/assist/suggestions/" + suggestionId + "/regenerate",
                alice, "")) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.header("X-Suggestion-Id")).isEqualTo(suggestionId);
            again = sse.readUntil(e -> e.type().equals("completed") && e.id().equals("2.end"));
        }
        // the new attempt from its beginning, as the stream's own URL gives it without Last-Event-ID
        assertThat(again.get(again.size() - 1).id()).isEqualTo("2.end");
        assertThat(again.get(again.size() - 1).data().get("attempt").asInt()).isEqualTo(2);
        assertThat(again.get(0).id()).isEqualTo("2.1");
        assertThat(again).allMatch(e -> e.id().startsWith("2."));

        // without the Accept header (or with */*) the answer is the usual 202
        HttpClient client = HttpClient.newHttpClient();
        for (String accept : new String[] {null, "*/*", "application/json"}) {
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + alice).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"action\":\"SHORTEN\"}"));
            if (accept != null) {
                request.header("Accept", accept);
            }
            java.net.http.HttpResponse<String> response = client.send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(accept + ": " + response.body()).isEqualTo(202);
            assertThat(response.body()).contains("suggestionId");
        }

        // refusals come before the stream, as Problem Details, and start nothing
        try (SseClient sse = SseClient.post(port, "/api/v1/assist/sessions/no-such-session/suggestions", alice,
                "{\"action\":\"FIX_GRAMMAR\"}")) {
            assertThat(sse.status()).isEqualTo(404);
            assertThat(sse.contentType()).startsWith("application/problem+json");
            assertThat(sse.body()).contains("no-such-session");
        }
        try (SseClient sse = SseClient.post(port, path, alice, "{\"action\":\"TRANSLATE\"}")) {
            assertThat(sse.status()).isEqualTo(400);
            assertThat(sse.contentType()).startsWith("application/problem+json");
        }
        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        String other = uniqueTenantId("other");
        api.post("/api/v1/tenants", admin, Map.of("tenantId", other, "name", "Other", "plan", "FREE",
                "initialAdminUserId", "mallory"));
        try (SseClient sse = SseClient.post(port, path, api.devToken(other, "mallory"),
                "{\"action\":\"FIX_GRAMMAR\"}")) {
            assertThat(sse.status()).isEqualTo(404);
        }
        try (SseClient sse = SseClient.post(port, "/api/v1/assist/suggestions/" + suggestionId + "/regenerate",
                api.devToken(other, "mallory"), "")) {
            assertThat(sse.status()).isEqualTo(404);
        }
        JsonNode session = api.get("/api/v1/assist/sessions/" + sessionId, alice).json();
        assertThat(session.get("suggestions")).hasSize(4); // the streamed one, and three SHORTEN above; nothing else
    }

    @Test
    void anotherTenantsSuggestionIsRefusedOnSseAndWebSocket() throws Exception {
        String sessionId = startSession("their is a error in this sentance");
        String suggestionId = requestSuggestion(sessionId, Map.of("action", "FIX_GRAMMAR"));

        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        String other = uniqueTenantId("other");
        api.post("/api/v1/tenants", admin, Map.of("tenantId", other, "name", "Other", "plan", "FREE",
                "initialAdminUserId", "mallory"));
        String mallory = api.devToken(other, "mallory");

        try (SseClient sse = SseClient.open(port, "/api/v1/assist/suggestions/" + suggestionId + "/stream", mallory, null)) {
            assertThat(sse.status()).isEqualTo(404);
        }
        assertThat(api.get("/api/v1/assist/suggestions/" + suggestionId, mallory).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/assist/sessions/" + sessionId, mallory).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/assist/suggestions/" + suggestionId + "/approve", mallory, Map.of()).status())
                .isEqualTo(404);

        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        WebSocket socket = webSocket(mallory, reply::complete);
        socket.sendText("{\"type\":\"subscribe\",\"stream\":\"suggestion\",\"id\":\"" + suggestionId + "\"}", true).join();
        JsonNode error = reply.get(10, TimeUnit.SECONDS);
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("status").asInt()).isEqualTo(404);
        socket.abort();
    }

    @Test
    void webSocketMessagesAreReadStrictly() throws Exception {
        String sessionId = startSession("their is a error in this sentance");
        String suggestionId = requestSuggestion(sessionId, Map.of("action", "FIX_GRAMMAR"));
        BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
        WebSocket socket = webSocket(alice, replies::add);
        List<String> refused = List.of(
                "{\"type\":\"subscribe\",\"id\":\"" + suggestionId + "\"} trailing",
                "{\"type\":\"subscribe\",\"id\":\"x\",\"id\":\"" + suggestionId + "\"}",
                "{\"type\":\"subscribe\",\"id\":\"" + suggestionId + "\\u0000\"}",
                "{\"type\":\"subscribe\",\"id\":123}",
                "[\"subscribe\"]");
        for (String message : refused) {
            socket.sendText(message, true).join();
            JsonNode reply = replies.poll(10, TimeUnit.SECONDS);
            assertThat(reply).as(message).isNotNull();
            assertThat(reply.get("type").asText()).as(message).isEqualTo("error");
            assertThat(reply.get("status").asInt()).as(message).isEqualTo(400);
        }
        // the same subscription, well formed, is served
        socket.sendText("{\"type\":\"subscribe\",\"stream\":\"suggestion\",\"id\":\"" + suggestionId + "\"}",
                true).join();
        JsonNode first = replies.poll(20, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.get("type").asText()).isIn("token", "completed");
        socket.abort();
    }

    private WebSocket webSocket(String token, Consumer<JsonNode> onMessage) throws Exception {
        return WebSocketClient.open(port, token, onMessage);
    }

    @Test
    void webSocketWithoutATokenIsRefused() {
        CompletableFuture<WebSocket> connecting = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                });
        assertThat(connecting).failsWithin(Duration.ofSeconds(10));
    }

    @Test
    void regenerateKeepsEarlierAttemptsAndApprovedIsFinal() {
        String sessionId = startSession("their is a error in this sentance");
        String suggestionId = requestSuggestion(sessionId, Map.of("action", "FIX_GRAMMAR"));
        try (SseClient sse = stream(suggestionId, null)) {
            sse.readAll();
        }
        Response regenerated = api.post("/api/v1/assist/suggestions/" + suggestionId + "/regenerate", alice, null);
        assertThat(regenerated.status()).isEqualTo(202);
        assertThat(regenerated.json().get("attempt").asInt()).isEqualTo(2);
        List<Event> second;
        try (SseClient sse = stream(suggestionId, null)) {
            second = sse.readAll();
        }
        assertThat(second).allSatisfy(e -> assertThat(e.data().get("attempt").asInt()).isEqualTo(2));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode suggestion = api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json();
            assertThat(suggestion.get("attempts")).hasSize(2);
            assertThat(suggestion.get("status").asText()).isEqualTo("COMPLETED");
        });

        assertThat(api.post("/api/v1/assist/suggestions/" + suggestionId + "/approve", alice, null).status())
                .isEqualTo(200);
        Response again = api.post("/api/v1/assist/suggestions/" + suggestionId + "/regenerate", alice, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asText()).endsWith("/suggestion-approved");
    }

    @Test
    void rejectAndCopyAreRecordedOnlyWhenTheyMakeSense() {
        // a long text streams word by word for over a second, so the first reject surely comes too early
        String sessionId = startSession(LONG_TEXT);
        String suggestionId = requestSuggestion(sessionId, Map.of("action", "IMPROVE"));
        Response tooEarly = api.post("/api/v1/assist/suggestions/" + suggestionId + "/reject", alice, null);
        assertThat(tooEarly.status()).isEqualTo(409);
        assertThat(tooEarly.json().get("type").asText()).endsWith("/not-completed");
        try (SseClient sse = stream(suggestionId, null)) {
            assertThat(sse.readAll()).last().extracting(Event::type).isEqualTo("completed");
        }

        assertThat(api.post("/api/v1/assist/suggestions/" + suggestionId + "/copy", alice, null).status())
                .isEqualTo(204);
        Response rejected = api.post("/api/v1/assist/suggestions/" + suggestionId + "/reject", alice, null);
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.json().get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.json().get("copies").asInt()).isEqualTo(1);
        assertThat(api.post("/api/v1/assist/suggestions/" + suggestionId + "/reject", alice, null).status())
                .isEqualTo(409);
        assertThat(api.post("/api/v1/assist/suggestions/" + suggestionId + "/approve", alice, null).status())
                .isEqualTo(409);
        assertThat(api.post("/api/v1/assist/suggestions/nope/copy", alice, null).status()).isEqualTo(404);
    }

    @Test
    void badRequestsAreExplained() {
        String sessionId = startSession("Some text.");
        Response noTone = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice,
                Map.of("action", "CHANGE_TONE"));
        assertThat(noTone.status()).isEqualTo(400);
        assertThat(noTone.json().at("/errors/tone").asText()).contains("PROFESSIONAL");

        Response unknownAction = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice,
                Map.of("action", "TRANSLATE"));
        assertThat(unknownAction.status()).isEqualTo(400);
        assertThat(unknownAction.json().at("/errors/action").asText()).contains("FIX_GRAMMAR");

        Response blank = api.post("/api/v1/assist/sessions", alice, Map.of(
                "field", Map.of("entityType", "Account", "entityId", "42", "fieldName", "description"), "text", " "));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().get("errors").has("text")).isTrue();

        Response unknownSession = api.post("/api/v1/assist/sessions/nope/suggestions", alice,
                Map.of("action", "IMPROVE"));
        assertThat(unknownSession.status()).isEqualTo(404);

        String suggestionId = requestSuggestion(sessionId, Map.of("action", "FIX_GRAMMAR"));
        Response badResume = api.send("GET", "/api/v1/assist/suggestions/" + suggestionId + "/stream", alice, null,
                Map.of("Last-Event-ID", "abc"));
        assertThat(badResume.status()).isEqualTo(400);
    }

    @Test
    void policyDisabledActionIsRefused() {
        api.put("/api/v1/tenants/" + tenantId + "/ai-policy", alice, Map.of(
                "enabledActions", List.of("FIX_GRAMMAR"), "allowedContextKinds", List.of("*")));
        String sessionId = startSession("Some text.");
        Response refused = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice,
                Map.of("action", "SUMMARIZE"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).endsWith("/action-disabled");
        assertThat(refused.json().get("detail").asText()).contains("SUMMARIZE");
    }
}
