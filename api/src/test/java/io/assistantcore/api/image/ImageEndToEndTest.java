package io.assistantcore.api.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.FakeResponse;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.platform.images.ImageLinks;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Image generation end to end: the real application on PostgreSQL, OpenAI served by a local server speaking its chat
 * and images wire formats (through the real langchain4j clients). A picture is stored by the platform and served by
 * a signed, expiring link that needs no bearer token; a tampered link, another tenant's signature and an expired link
 * open nothing; the reply costs the price list's per-image price.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImageEndToEndTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final FakeProviderServer OPENAI = FakeProviderServer.start();
    private static final OpenAiWire WIRE = new OpenAiWire();
    private static final String MODEL = "gpt-image-chat-test";
    private static final String IMAGE_MODEL = "gpt-image-test";
    private static final byte[] LINK_SECRET = "image-link-secret-for-the-tests-0123456789"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] PNG = png();
    /** Pictures answered with a link (instead of base64) point here; it counts how often it is fetched. */
    private static final AtomicInteger LINK_FETCHES = new AtomicInteger();
    private static final AtomicBoolean ANSWER_WITH_LINK = new AtomicBoolean();
    /** While set, the first model call of a reply waits until the test has opened the reply's stream. */
    private static volatile CountDownLatch streamOpened;
    private static HttpServer pictureHost;

    @LocalServerPort
    int port;

    private ApiClient api;
    private String root;
    private String tenantId;
    private String alice;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        TestProperties.fakeOpenAi(registry, OPENAI, MODEL);
        registry.add("assistant.outbound.allow-private-targets", () -> "true");
        registry.add("assistant.images.model", () -> IMAGE_MODEL);
        registry.add("assistant.images.link-secret", () -> new String(LINK_SECRET, StandardCharsets.UTF_8));
        OPENAI.otherwise(ImageEndToEndTest::answer);
        pictureHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pictureHost.createContext("/pictures/", exchange -> {
            LINK_FETCHES.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, PNG.length);
            exchange.getResponseBody().write(PNG);
            exchange.close();
        });
        pictureHost.start();
    }

    @AfterAll
    static void stop() {
        OPENAI.close();
        pictureHost.stop(0);
    }

    @BeforeEach
    void tenant() {
        api = new ApiClient(port);
        root = api.devToken(null, "root", "PLATFORM_ADMIN");
        assertThat(api.put("/api/v1/admin/prices/openai/" + MODEL, root, Map.of("inputPerMillion", 0.50,
                "outputPerMillion", 1.50, "currency", "USD")).status()).isEqualTo(200);
        Response price = api.put("/api/v1/admin/prices/openai/" + IMAGE_MODEL, root, Map.of("inputPerMillion", 0,
                "outputPerMillion", 0, "currency", "USD", "perImage", 0.04));
        assertThat(price.status()).as(price.body()).isEqualTo(200);
        assertThat(price.json().path("perImage").decimalValue()).isEqualByComparingTo("0.04");
        tenantId = newTenant("images");
        alice = api.devToken(tenantId, "alice", "MEMBER");
        ANSWER_WITH_LINK.set(false);
        streamOpened = null;
    }

    private String newTenant(String prefix) {
        return api.createTenant(root, prefix + "-" + UUID.randomUUID().toString().substring(0, 8), "TEAM", "tess");
    }

    /**
     * OpenAI: pictures (base64, or a link to the picture host); the router's classification; a call of
     * {@code generate_image} while the model has no result; then an answer from the result.
     */
    private static FakeResponse answer(RecordedRequest request) {
        JsonNode body = request.json();
        String model = body.path("model").asText();
        if (request.path().endsWith("/images/generations")) {
            String picture = ANSWER_WITH_LINK.get()
                    ? "\"url\":\"http://127.0.0.1:" + pictureHost.getAddress().getPort() + "/pictures/p1.png\""
                    : "\"b64_json\":\"" + Base64.getEncoder().encodeToString(PNG) + "\"";
            return FakeResponse.json(200, "{\"created\":1735689600,\"data\":[{" + picture
                    + ",\"revised_prompt\":\"A red fox in the snow, watercolour\"}]}");
        }
        if (body.has("response_format")) {
            return WIRE.completion(model, "{\"category\":\"general\",\"confidence\":0.9,\"reason\":\"a task\"}",
                    new Usage(60, 14));
        }
        JsonNode messages = body.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        if ("tool".equals(last.path("role").asText())) {
            return WIRE.stream(model, List.of("Done: ", "your picture is below."), new Usage(150, 20));
        }
        CountDownLatch latch = streamOpened;
        if (latch != null) {
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean offered = false;
        for (JsonNode tool : body.path("tools")) {
            offered |= "generate_image".equals(tool.path("function").path("name").asText());
        }
        if (offered) {
            return WIRE.toolCallStream(model, "call_" + UUID.randomUUID().toString().substring(0, 6),
                    "generate_image", "{\"prompt\":\"a red fox in the snow\"}", new Usage(120, 18));
        }
        return WIRE.stream(model, List.of("No tools here."), new Usage(50, 4));
    }

    private String conversation(String token) {
        Response created = api.post("/api/v1/conversations", token, Map.of("title", "Pictures"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("conversationId").asText();
    }

    /** Asks for a picture through the {@code image} route and waits for the finished reply (?wait=). */
    private JsonNode askForPicture(String token) {
        Response posted = api.post("/api/v1/conversations/" + conversation(token) + "/messages?wait=30", token,
                Map.of("text", "Draw a red fox in the snow", "route", "image"));
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        return posted.json();
    }

    private HttpResponse<byte[]> fetch(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + url)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anImageRequestIsAnsweredWithASignedLinkThatServesThePictureAndCostsItsPrice() {
        JsonNode reply = askForPicture(alice);
        assertThat(reply.path("status").asText()).as(reply.toString()).isEqualTo("COMPLETED");
        assertThat(reply.path("route").path("category").asText()).isEqualTo("image");
        assertThat(reply.path("model").asText()).isEqualTo(IMAGE_MODEL);
        assertThat(reply.path("cost").path("amount").decimalValue()).isEqualByComparingTo("0.04");
        JsonNode image = reply.path("images").path(0);
        String imageId = image.path("imageId").asText();
        String url = image.path("url").asText();
        assertThat(url).startsWith("/api/v1/images/" + imageId + "?expires=").contains("&signature=");

        RecordedRequest generation = OPENAI.requests().stream()
                .filter(request -> request.path().endsWith("/images/generations")).reduce((a, b) -> b).orElseThrow();
        assertThat(generation.json().path("model").asText()).isEqualTo(IMAGE_MODEL);
        assertThat(generation.json().path("prompt").asText()).isEqualTo("Draw a red fox in the snow");

        // the link holder needs no bearer token
        HttpResponse<byte[]> served = fetch(url);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(served.body()).isEqualTo(PNG);

        // reading the reply again mints a link that opens the same picture
        String again = api.get("/api/v1/replies/" + reply.path("replyId").asText(), alice).json()
                .path("images").path(0).path("url").asText();
        assertThat(fetch(again).body()).isEqualTo(PNG);

        // what the picture cost is billed under the image model
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode rows = api.get("/api/v1/billing/usage?groupBy=model", api.devToken(tenantId, "tess",
                    "TENANT_ADMIN")).json();
            assertThat(rows).anySatisfy(row -> {
                assertThat(row.path("key").asText()).isEqualTo("openai/" + IMAGE_MODEL);
                assertThat(row.path("cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.04"));
            });
        });
    }

    @Test
    void aTamperedExpiredOrOtherTenantsLinkOpensNothing() {
        JsonNode reply = askForPicture(alice);
        String imageId = reply.path("images").path(0).path("imageId").asText();
        String url = reply.path("images").path(0).path("url").asText();
        String expires = url.replaceAll(".*expires=(\\d+).*", "$1");
        String signature = url.replaceAll(".*signature=", "");

        String flipped = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
        HttpResponse<byte[]> tampered = fetch("/api/v1/images/" + imageId + "?expires=" + expires + "&signature="
                + flipped);
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(tampered.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(fetch("/api/v1/images/" + imageId + "?expires=" + (Long.parseLong(expires) + 3600)
                + "&signature=" + signature).statusCode()).isEqualTo(403);

        // another tenant's valid link does not open this tenant's picture, nor does a signature minted for it
        String rival = newTenant("rival");
        String mallory = api.devToken(rival, "mallory", "MEMBER");
        JsonNode theirs = askForPicture(mallory);
        String theirUrl = theirs.path("images").path(0).path("url").asText();
        assertThat(fetch(theirUrl).statusCode()).isEqualTo(200);
        String theirImage = theirs.path("images").path(0).path("imageId").asText();
        assertThat(fetch(theirUrl.replace(theirImage, imageId)).statusCode()).isEqualTo(403);
        ImageLinks sameSecret = new ImageLinks(LINK_SECRET, Duration.ofMinutes(5), "", Clock.systemUTC());
        assertThat(fetch(sameSecret.mint(rival, imageId)).statusCode()).isEqualTo(403);
        assertThat(fetch(sameSecret.mint(tenantId, imageId)).statusCode()).isEqualTo(200);

        // a link whose time is over: 410, even though its signature is right
        ImageLinks expired = new ImageLinks(LINK_SECRET, Duration.ofMinutes(5), "",
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
        HttpResponse<byte[]> gone = fetch(expired.mint(tenantId, imageId));
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(new String(gone.body(), StandardCharsets.UTF_8)).contains("image-link-expired");
        // an image id nobody has
        assertThat(fetch(sameSecret.mint(tenantId, "img-" + UUID.randomUUID())).statusCode()).isEqualTo(403);
    }

    @Test
    void aPictureTheProviderLinksToIsFetchedOnceAndKept() {
        ANSWER_WITH_LINK.set(true);
        int before = LINK_FETCHES.get();
        JsonNode reply = askForPicture(alice);
        assertThat(reply.path("status").asText()).as(reply.toString()).isEqualTo("COMPLETED");
        String url = reply.path("images").path(0).path("url").asText();
        assertThat(fetch(url).body()).isEqualTo(PNG);
        assertThat(fetch(url).body()).isEqualTo(PNG);
        assertThat(LINK_FETCHES.get() - before).isEqualTo(1);
    }

    @Test
    void theModelsGenerateImageCallAddsThePictureAndTheStreamShowsTheCallItsResultAndTheImage() {
        streamOpened = new CountDownLatch(1);
        String conversation = conversation(alice);
        Response posted = api.post("/api/v1/conversations/" + conversation + "/messages", alice,
                Map.of("text", "Could you make me a picture of a fox?"));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        String replyId = posted.json().get("replyId").asText();
        try (SseClient stream = SseClient.open(port, "/api/v1/replies/" + replyId + "/stream", alice, null)) {
            assertThat(stream.status()).isEqualTo(200);
            streamOpened.countDown();
            List<SseClient.Event> events = readUntilEnd(stream, replyId);
            List<String> types = events.stream().map(SseClient.Event::type).toList();
            assertThat(types).contains("tool_call", "tool_result", "image", "completed");
            SseClient.Event proposed = events.stream().filter(e -> "tool_call".equals(e.type())).findFirst()
                    .orElseThrow();
            assertThat(proposed.data().path("tool").asText()).isEqualTo("generate_image");
            assertThat(proposed.data().path("status").asText()).isEqualTo("PROPOSED");
            assertThat(proposed.data().path("arguments").asText()).contains("red fox");
            SseClient.Event result = events.stream().filter(e -> "tool_result".equals(e.type())).findFirst()
                    .orElseThrow();
            assertThat(result.data().path("toolCallId").asText())
                    .isEqualTo(proposed.data().path("toolCallId").asText());
            assertThat(result.data().path("status").asText()).isEqualTo("SUCCEEDED");
            SseClient.Event image = events.stream().filter(e -> "image".equals(e.type())).findFirst().orElseThrow();
            assertThat(image.data().path("revisedPrompt").asText()).isEqualTo("A red fox in the snow, watercolour");
            assertThat(fetch(image.data().path("url").asText()).body()).isEqualTo(PNG);
            assertThat(types.indexOf("tool_call")).isLessThan(types.indexOf("tool_result"));
        } finally {
            streamOpened = null;
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode view = api.get("/api/v1/replies/" + replyId, alice).json();
            assertThat(view.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(view.path("images")).hasSize(1);
            assertThat(view.path("toolCalls").path(0).path("status").asText()).isEqualTo("SUCCEEDED");
        });
    }

    /** The stream's events up to its end; fails (showing the reply) when it has not ended within two minutes. */
    private List<SseClient.Event> readUntilEnd(SseClient stream, String replyId) {
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return reader.submit(() -> stream.readUntil(event -> "completed".equals(event.type())
                    || "failed".equals(event.type()))).get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the stream did not end; the reply is "
                    + api.get("/api/v1/replies/" + replyId, alice).body() + "; provider requests: "
                    + OPENAI.requests().stream().map(RecordedRequest::path).toList());
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            reader.shutdownNow();
        }
    }

    private static byte[] png() {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 2, 0xcc3300);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
