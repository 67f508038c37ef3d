package io.assistantcore.api.webpage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.FakeResponse;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.ai.tool.fake.HostApplicationServer;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.platform.toolsecret.ToolSecrets;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parts of the web page for knowledge, tools and leads, in a real browser (headless Chromium) against the real
 * application: a document uploaded in the console becomes READY and a chat answers from it with its sources; a tool
 * call that needs an administrator is approved with edited arguments from the approvals inbox and reaches a local
 * host application; a lead submitted through the API is reviewed, drafted and approved in the leads inbox.
 * OpenAI is served by a local server speaking its wire format (router, tool calls, lead analysis, draft).
 * Each test saves a screenshot under {@code target/web-screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebPageFeaturesBrowserTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final FakeProviderServer OPENAI = FakeProviderServer.start();
    private static final OpenAiWire WIRE = new OpenAiWire();
    private static final String MODEL = "gpt-web-test";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * For what waits for the offline engine (screening, embeddings), which a fresh application loads in the
     * background: seconds on an idle machine, minutes on a busy one.
     */
    private static final Duration ENGINE_WAIT = Duration.ofMinutes(10);
    private static final String LEAD_MARK = "Initech";
    private static final String DRAFT = "Dear Jane, thank you for your interest in our assistant. Could we call on "
            + "Tuesday to discuss the forty seats?";
    private static final String SCHEMA_JSON = "{\"type\":\"object\",\"properties\":{\"project\":{\"type\":\"string\"},"
            + "\"level\":{\"type\":\"string\",\"enum\":[\"beginner\",\"advanced\"]}},\"required\":[\"project\","
            + "\"level\"],\"additionalProperties\":false}";
    private static final String SECURITY_MD = """
            # Security guide

            ## Passwords

            Passwords must be at least 14 characters long and are stored in the company password manager.

            ## Two-factor authentication

            Two-factor authentication is mandatory for every account that reaches customer data. Use the
            authenticator app; text messages are not accepted as a second factor.
            """;
    private static HostApplicationServer host;
    private static Browser browser;

    @LocalServerPort
    int port;
    @Autowired
    ToolSecrets secrets;

    private ApiClient api;
    private String root;
    private String tenantId;
    private String admin;
    private WebDriverWait wait;
    private WebDriverWait engineWait;
    private String testName;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        TestProperties.fakeOpenAi(registry, OPENAI, MODEL);
        registry.add("assistant.outbound.allow-private-targets", () -> "true");
        OPENAI.otherwise(WebPageFeaturesBrowserTest::answer);
        host = new HostApplicationServer();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            OPENAI.close();
            host.close();
        }
    }

    /**
     * OpenAI as these flows meet it: the router's classification and the lead analysis (JSON-schema calls, told
     * apart by the lead's text), a tool call while none was made and the answer from its result, and otherwise a
     * streamed reply draft.
     */
    private static FakeResponse answer(RecordedRequest request) {
        JsonNode body = request.json();
        String model = body.path("model").asText();
        JsonNode messages = body.path("messages");
        if (body.has("response_format")) {
            if (messages.toString().contains(LEAD_MARK)) {
                return WIRE.completion(model, "{\"intent\":\"Sales\",\"confidence\":0.55,\"reason\":\"asks for a "
                        + "quote\",\"name\":\"Jane Roe\",\"email\":\"jane.roe@initech.com\",\"phone\":\"\","
                        + "\"company\":\"Initech\",\"budgetAmount\":25000,\"budgetCurrency\":\"USD\"}",
                        new Usage(120, 40));
            }
            return WIRE.completion(model, "{\"category\":\"general\",\"confidence\":0.9,\"reason\":\"a task\"}",
                    new Usage(60, 14));
        }
        JsonNode last = messages.get(messages.size() - 1);
        if ("tool".equals(last.path("role").asText())) {
            return WIRE.stream(model, List.of("Result: ", last.path("content").asText()), new Usage(150, 20));
        }
        if (body.path("tools").size() > 0) {
            return WIRE.toolCallStream(model, "call_" + UUID.randomUUID().toString().substring(0, 6), "create_track",
                    "{\"project\":\"Data Science\",\"level\":\"beginner\"}", new Usage(120, 18));
        }
        List<String> words = new ArrayList<>();
        String[] parts = DRAFT.split(" ");
        for (int i = 0; i < parts.length; i++) {
            words.add(i < parts.length - 1 ? parts[i] + " " : parts[i]);
        }
        return WIRE.stream(model, words, new Usage(150, words.size()));
    }

    @BeforeEach
    void freshTab(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        if (browser == null) {
            browser = Browser.start(); // one browser for the class; each test starts signed out
        }
        browser.driver.get("http://localhost:" + port + "/");
        browser.driver.executeScript("sessionStorage.clear()");
        wait = new WebDriverWait(browser.driver, WAIT);
        engineWait = new WebDriverWait(browser.driver, ENGINE_WAIT);
        api = new ApiClient(port);
        root = api.devToken(null, "root", "PLATFORM_ADMIN");
        assertThat(api.put("/api/v1/admin/prices/openai/" + MODEL, root, Map.of("inputPerMillion", 0.15,
                "outputPerMillion", 0.60, "currency", "USD")).status()).isEqualTo(200);
        tenantId = api.createTenant(root, "webf-" + UUID.randomUUID().toString().substring(0, 8), "TEAM", "alice");
        admin = api.devToken(tenantId, "alice", "TENANT_ADMIN");
        String tenant = tenantId;
        host.verifyingWith(() -> secrets.secretFor(tenant));
    }

    @AfterEach
    void screenshot() {
        if (browser != null) {
            browser.report(testName);
        }
    }

    private void allowOnly(String models) {
        assertThat(api.allowOnly(root, tenantId, models).status()).isEqualTo(200);
    }

    private void signIn() {
        browser.signIn(port, tenantId, "alice", wait);
    }

    private void view(String name) {
        browser.driver.findElement(By.cssSelector("#nav a[data-view='" + name + "']")).click();
    }

    private void consoleArea(String area) {
        view("console");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.console-tab[data-area='" + area + "']")))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".console-area.area-" + area)));
    }

    /** Sends a chat message; answers the id of the reply it started. */
    private String ask(String question) {
        int before = browser.driver.findElements(By.cssSelector("li.message.assistant")).size();
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("textarea.chat-input")));
        input.sendKeys(question);
        browser.driver.findElement(By.cssSelector("button.send")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.message.assistant"), before + 1));
        // the reply's element is drawn afresh on each event: read its id in the page
        return (String) browser.driver.executeScript(
                "return document.querySelectorAll('li.message.assistant')[arguments[0]].dataset.replyId", before);
    }

    @Test
    void anUploadedDocumentBecomesReadyAndTheChatAnswersFromItWithItsSources() throws IOException {
        allowOnly("local");
        signIn();
        consoleArea("knowledge");
        Path document = Files.createTempDirectory("web-upload").resolve("security-guide.md");
        Files.writeString(document, SECURITY_MD, StandardCharsets.UTF_8);
        browser.driver.findElement(By.cssSelector("input[type=file][name=document]")).sendKeys(document.toString());
        browser.driver.findElement(By.cssSelector("button.upload")).click();

        engineWait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".uploads li[data-status='READY']")));
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".documents tr[data-status='READY']")));
        assertThat(row.getText()).contains("security-guide.md").contains("Ready");

        WebElement query = browser.driver.findElement(By.name("query"));
        query.sendKeys("Are text messages accepted as a second factor?");
        browser.driver.findElement(By.cssSelector("button.search")).click();
        WebElement hit = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".hits li.hit")));
        assertThat(hit.getText()).contains("security-guide.md").contains("score");
        browser.screenshot(testName + "-knowledge");

        view("chat");
        new Select(wait.until(ExpectedConditions.elementToBeClickable(By.name("knowledge")))).selectByValue("tenant");
        browser.driver.findElement(By.cssSelector("button.new-conversation")).click();
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".conversation-list li"), 0));
        ask("Are text messages accepted as a second factor?");
        WebElement source = engineWait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("li.message.assistant[data-status='COMPLETED'] .reply-sources .source")));
        WebElement answered = browser.driver.findElement(By.cssSelector("li.message.assistant[data-status='COMPLETED']"));
        assertThat(source.findElement(By.cssSelector(".source-title")).getText()).isEqualTo("security-guide.md");
        assertThat(source.findElement(By.cssSelector(".snippet")).getText()).isNotBlank();
        assertThat(answered.findElement(By.cssSelector(".confidence")).getText()).contains("confidence");
        browser.screenshot(testName + "-answer");

        ask("Who won the football world cup in 1998?");
        WebElement refused = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("li.message.assistant[data-status='REFUSED']")));
        assertThat(refused.findElement(By.cssSelector(".reply-status")).getText()).startsWith("Not in the documents");
    }

    @Test
    void aToolCallIsApprovedWithEditedArgumentsFromTheApprovalsInboxAndTheReplyGoesOn() {
        // the tenant's default AI policy, as in ToolCallEndToEndTest: the remote model (the local server) is routed to
        Map<String, Object> tool = new HashMap<>();
        tool.put("description", "Create a learning track in a project");
        tool.put("parameters", readTree(SCHEMA_JSON));
        tool.put("endpoint", Map.of("method", "POST", "url", host.url("/tracks")));
        tool.put("requiredRoles", List.of());
        tool.put("approval", "ADMIN");
        tool.put("timeoutSeconds", 10);
        Response registered = api.put("/api/v1/tenants/" + tenantId + "/tools/create_track", admin, tool);
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        signIn();

        consoleArea("tools");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".tool-table tr[data-tool='create_track']"))).getText())
                .contains("a tenant administrator approves");

        view("chat");
        String replyId = ask("Create a beginner track in the Data Science project");
        WebElement card;
        try {
            card = engineWait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                    "li.message.assistant[data-reply-id='" + replyId + "'] .tool-call[data-status='AWAITING_APPROVAL']")));
        } catch (RuntimeException e) {
            System.out.println("reply as the API shows it: " + api.get("/api/v1/replies/" + replyId, admin).body()
                    + "; requests to the model: " + OPENAI.requests().stream()
                    .map(r -> r.json().path("tools").size() + " tools").toList());
            throw e;
        }
        assertThat(card.findElement(By.cssSelector(".tool-arguments")).getText()).contains("beginner");
        assertThat(card.findElements(By.cssSelector("button.approve"))).as("the administrator may decide").hasSize(1);
        browser.screenshot(testName + "-chat-card");

        consoleArea("approvals");
        WebElement inboxCard = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".approvals-list .tool-call[data-status='AWAITING_APPROVAL']")));
        inboxCard.findElement(By.cssSelector("button.edit-arguments")).click();
        WebElement editor = inboxCard.findElement(By.cssSelector("textarea.arguments-editor"));
        editor.clear();
        editor.sendKeys("{\"project\": \"Data Science\", \"level\": \"expert\"}");
        inboxCard.findElement(By.cssSelector("button.approve")).click();
        WebElement error = wait.until(driver -> {
            WebElement shown = inboxCard.findElement(By.cssSelector(".error"));
            return shown.isDisplayed() && !shown.getText().isBlank() ? shown : null;
        });
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        assertThat(inboxCard.getAttribute("data-status")).as("still undecided").isEqualTo("AWAITING_APPROVAL");
        browser.screenshot(testName + "-refused-arguments");

        editor.clear();
        editor.sendKeys("{\"project\": \"Data Science\", \"level\": \"advanced\"}");
        inboxCard.findElement(By.cssSelector("button.approve")).click();
        wait.until(driver -> !"AWAITING_APPROVAL".equals(inboxCard.getAttribute("data-status")));
        wait.until(driver -> host.calls().stream().anyMatch(call -> call.body().contains("advanced")));
        browser.screenshot(testName + "-approved");

        view("chat");
        WebElement completed = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("li.message.assistant[data-status='COMPLETED']")));
        assertThat(completed.findElement(By.cssSelector(".reply-text")).getText()).startsWith("Result:");
        assertThat(completed.findElement(By.cssSelector(".tool-call")).getAttribute("data-status")).isEqualTo("SUCCEEDED");
    }

    @Test
    void aSubmittedLeadIsReviewedDraftedAndApprovedInTheLeadsInbox() {
        allowOnly("openai");
        Response settings = api.put("/api/v1/tenants/" + tenantId + "/leads/settings", admin,
                Map.of("reviewBelowConfidence", 0.7));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        Response submitted = api.post("/api/v1/leads", admin, Map.of("source", "api", "name", "Jane Roe",
                "email", "jane.roe@initech.com", "company", LEAD_MARK, "message", "Hello, " + LEAD_MARK
                        + " would like a quote for forty seats of your assistant, budget about 25000 USD."));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String leadId = submitted.json().path("leadId").asText();
        signIn();

        consoleArea("leads");
        engineWait.until(driver -> {
            List<WebElement> rows = driver.findElements(By.cssSelector(".lead-table tr[data-lead-id='" + leadId
                    + "'][data-status='NEEDS_REVIEW']"));
            if (rows.isEmpty()) {
                driver.findElement(By.cssSelector("button.filter")).click(); // read the list again
                return null;
            }
            return rows.get(0);
        });
        new Select(browser.driver.findElement(By.name("status"))).selectByValue("NEEDS_REVIEW");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".lead-table tbody tr[data-lead-id]"), 1));
        // the filter's change reads the list again and draws its rows afresh: click the row that is there then
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            driver.findElement(By.cssSelector(".lead-table tr[data-lead-id='" + leadId + "'] button.open-lead")).click();
            return true;
        });

        WebElement detail = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".lead-detail")));
        assertThat(detail.findElement(By.cssSelector(".low-confidence")).getText()).contains("55 %");
        assertThat(detail.findElement(By.cssSelector(".lead-intent")).getText()).contains("Sales").contains("55 %");
        assertThat(detail.findElements(By.cssSelector(".score-reasons li"))).isNotEmpty();
        browser.screenshot(testName + "-detail");

        WebElement company = detail.findElement(By.name("reviewCompany"));
        company.clear();
        company.sendKeys("Initech Inc.");
        new Select(detail.findElement(By.name("reviewIntent"))).selectByValue("Sales");
        detail.findElement(By.name("reviewNote")).sendKeys("confirmed on the phone");
        detail.findElement(By.cssSelector("button.save-review")).click();
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector(".lead-detail"), "data-status", "REVIEWED"));

        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".lead-detail button.draft"))).click();
        try {
            wait.until(ExpectedConditions.attributeToBe(By.cssSelector(".lead-draft"), "data-state", "completed"));
        } catch (RuntimeException e) {
            System.out.println("the draft as the page shows it: "
                    + browser.driver.findElement(By.cssSelector(".lead-draft")).getText()
                    + "; the lead as the API shows it: " + api.get("/api/v1/leads/" + leadId, admin).body());
            throw e;
        }
        assertThat(browser.driver.findElement(By.cssSelector(".lead-draft .draft-text")).getText()).isEqualTo(DRAFT);
        browser.screenshot(testName + "-draft");

        browser.driver.findElement(By.cssSelector(".lead-draft button.edit-reply")).click();
        WebElement editor = browser.driver.findElement(By.cssSelector(".lead-draft textarea.reply-editor"));
        editor.clear();
        editor.sendKeys("Dear Jane, thank you. Could we call on Tuesday?");
        browser.driver.findElement(By.cssSelector(".lead-draft button.save-reply")).click();
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector(".lead-draft"), "data-state", "approved"));
        assertThat(browser.driver.findElement(By.cssSelector(".lead-draft .draft-status")).getText())
                .startsWith("Approved (edited)");

        JsonNode lead = api.get("/api/v1/leads/" + leadId, admin).json();
        assertThat(lead.at("/draft/finalText").asText()).isEqualTo("Dear Jane, thank you. Could we call on Tuesday?");
        assertThat(lead.at("/fields/company").asText()).isEqualTo("Initech Inc.");
    }

    private static JsonNode readTree(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
