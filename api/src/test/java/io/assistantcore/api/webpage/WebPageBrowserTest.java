package io.assistantcore.api.webpage;

import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's own web page in a real browser (headless Chromium), against the real application on a random port:
 * sign-in, the "Enhance with AI" panel, the chat and the console, as a person would use them. Tenants that must
 * stay offline allow only the offline engine ({@code local}); tenants that need a stream which stays open until it
 * is cancelled allow only OpenAI, served by a local server that sends a few words and then holds the stream.
 * Each test saves a screenshot under {@code target/web-screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebPageBrowserTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final FakeProviderServer OPENAI = FakeProviderServer.start();
    private static final OpenAiWire WIRE = new OpenAiWire();
    private static final String MODEL = "gpt-test";
    /**
     * Upper bound of every wait: the first requests of a fresh application wait for the offline engine, which loads
     * in the background (seconds on an idle machine, minutes on a busy one); a passing test waits no longer for it.
     */
    private static final Duration WAIT = Duration.ofMinutes(3);

    @LocalServerPort
    int port;

    private ApiClient api;
    private String root;
    private String tenantId;
    private static Browser browser;
    private WebDriverWait wait;
    private String testName;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        TestProperties.fakeOpenAi(registry, OPENAI, MODEL);
        // every request to the remote model streams a few words and then holds the stream open until cancelled
        OPENAI.otherwise(request -> WIRE.streamBuilder(MODEL, List.of("Working ", "on ", "it "), new Usage(40, 3))
                .hang().build());
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            OPENAI.close();
        }
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
        api = new ApiClient(port);
        root = api.devToken(null, "root", "PLATFORM_ADMIN");
        assertThat(api.put("/api/v1/admin/prices/openai/" + MODEL, root, Map.of("inputPerMillion", 0.15,
                "outputPerMillion", 0.60, "currency", "USD")).status()).isEqualTo(200);
        tenantId = "web-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/tenants", root, Map.of("tenantId", tenantId, "name", "Web Co", "plan", "TEAM",
                "initialAdminUserId", "alice")).status()).isEqualTo(201);
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

    private WebElement field(String name) {
        return browser.driver.findElement(By.name(name));
    }

    private void setText(String fieldName, String text) {
        WebElement field = field(fieldName);
        field.clear();
        field.sendKeys(text);
    }

    private WebElement openPanel(String fieldName) {
        browser.driver.findElement(By.cssSelector("button.enhance[data-field='" + fieldName + "']")).click();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(panelSelector(fieldName)));
    }

    private static By panelSelector(String fieldName) {
        return By.cssSelector(".enhance-panel[data-field='" + fieldName + "']");
    }

    private static void act(WebElement panel, String action) {
        panel.findElement(By.cssSelector("button.action[data-action='" + action + "']")).click();
    }

    private void awaitState(WebElement panel, String state) {
        wait.until(ExpectedConditions.attributeToBe(panel, "data-state", state));
    }

    private static String suggestion(WebElement panel) {
        return panel.findElement(By.cssSelector(".suggestion")).getText();
    }

    @Test
    void fixGrammarStreamsWordByWordAndTheEditedSuggestionReplacesTheFieldText() {
        allowOnly("local");
        signIn();
        setText("description", "their is a error in this sentance");

        WebElement panel = openPanel("description");
        assertThat(panel.getAttribute("role")).isEqualTo("dialog");
        assertThat(panel.findElement(By.cssSelector(".preview")).getText()).isEqualTo("their is a error in this sentance");
        act(panel, "FIX_GRAMMAR");
        awaitState(panel, "completed");

        String suggested = suggestion(panel);
        assertThat(suggested).matches("There is an error in this sentence\\.?");
        assertThat(Integer.parseInt(panel.getAttribute("data-tokens"))).as("tokens shown one by one").isGreaterThan(1);
        assertThat(panel.findElement(By.cssSelector(".meta")).getText()).contains("local/");
        browser.screenshot(testName + "-panel");

        panel.findElement(By.cssSelector("button.edit")).click();
        WebElement editor = panel.findElement(By.cssSelector("textarea.editor"));
        assertThat(editor.getAttribute("value")).isEqualTo(suggested);
        editor.clear();
        editor.sendKeys("There is an error in this line.");
        panel.findElement(By.cssSelector("button.save")).click();

        wait.until(ExpectedConditions.invisibilityOfElementLocated(panelSelector("description")));
        assertThat(field("description").getAttribute("value")).isEqualTo("There is an error in this line.");
        String approved = api.get("/api/v1/audit/events?type=SuggestionApproved",
                api.devToken(tenantId, "auditor", "AUDITOR")).body();
        assertThat(approved).contains("SuggestionApproved");
    }

    @Test
    void twoPanelsStreamAtOnceAndEachIsCancelledMidStream() {
        allowOnly("openai");
        signIn();
        WebElement description = openPanel("description");
        WebElement notes = openPanel("notes");
        act(description, "IMPROVE");
        act(notes, "SHORTEN");

        wait.until(driver -> suggestion(description).startsWith("Working on it")
                && suggestion(notes).startsWith("Working on it"));
        assertThat(description.getAttribute("data-state")).isEqualTo("streaming");
        assertThat(notes.getAttribute("data-state")).isEqualTo("streaming");
        browser.screenshot(testName + "-streaming");

        description.findElement(By.cssSelector("button.cancel")).click();
        awaitState(description, "cancelled");
        assertThat(notes.getAttribute("data-state")).as("the other panel streams on").isEqualTo("streaming");
        assertThat(suggestion(description)).as("the text so far is kept").startsWith("Working on it");
        assertThat(description.findElement(By.cssSelector(".status")).getText()).contains("Cancelled");

        notes.findElement(By.cssSelector("button.cancel")).click();
        awaitState(notes, "cancelled");
    }

    @Test
    void rejectClosesThePanelAndEscapeClosesIt() {
        allowOnly("local");
        signIn();
        String before = field("notes").getAttribute("value");
        WebElement panel = openPanel("notes");
        act(panel, "SUMMARIZE");
        awaitState(panel, "completed");
        panel.findElement(By.cssSelector("button.reject")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(panelSelector("notes")));
        assertThat(field("notes").getAttribute("value")).isEqualTo(before);

        WebElement again = openPanel("notes");
        assertThat(again.findElements(By.cssSelector("button")).contains(browser.driver.switchTo().activeElement()))
                .as("focus moves into the panel").isTrue();
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(panelSelector("notes")));
        assertThat(browser.driver.switchTo().activeElement().getAttribute("name")).as("focus is back on the field")
                .isEqualTo("notes");
    }

    @Test
    void aRefusedRequestShowsTheServersExplanationAndARetry() {
        allowOnly("local");
        assertThat(api.put("/api/v1/tenants/" + tenantId + "/quotas", root, Map.of(
                "monthlyBudget", Map.of("amount", 100, "currency", "USD"),
                "requestsPerMinutePerUser", 1, "tokensPerMinutePerTenant", 100000)).status()).isEqualTo(200);
        signIn();
        WebElement panel = openPanel("description");
        act(panel, "FIX_GRAMMAR");
        awaitState(panel, "completed");
        act(panel, "SHORTEN");
        awaitState(panel, "error");

        WebElement error = panel.findElement(By.cssSelector(".panel-error"));
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        assertThat(error.getText()).contains("Rate limit reached").containsPattern("Try again in \\d+ s");
        assertThat(error.findElement(By.cssSelector("button.retry")).getText()).startsWith("Retry");
    }

    @Test
    void aBudgetRefusalIsExplained() {
        allowOnly("openai");
        assertThat(api.put("/api/v1/tenants/" + tenantId + "/quotas", root, Map.of(
                "monthlyBudget", Map.of("amount", 0, "currency", "USD"),
                "requestsPerMinutePerUser", 60, "tokensPerMinutePerTenant", 100000)).status()).isEqualTo(200);
        signIn();
        WebElement panel = openPanel("description");
        act(panel, "IMPROVE");
        awaitState(panel, "error");
        assertThat(panel.findElement(By.cssSelector(".panel-error")).getText())
                .contains("budget is used up").contains("Console → Quotas");
    }

    @Test
    void regeneratedAttemptsStayBrowsableAndACopyIsRecorded() {
        allowOnly("local");
        signIn();
        WebElement panel = openPanel("description");
        act(panel, "SHORTEN");
        awaitState(panel, "completed");
        String first = suggestion(panel);
        panel.findElement(By.cssSelector("button.regenerate")).click();
        wait.until(driver -> panel.findElement(By.cssSelector(".position")).getText().equals("2 / 2"));
        awaitState(panel, "completed");
        panel.findElement(By.cssSelector("button.prev")).click();
        assertThat(panel.findElement(By.cssSelector(".position")).getText()).isEqualTo("1 / 2");
        assertThat(suggestion(panel)).isEqualTo(first);
        assertThat(panel.findElement(By.cssSelector(".meta")).getText()).contains("attempt 1");
        panel.findElement(By.cssSelector("button.next")).click();
        assertThat(panel.findElement(By.cssSelector(".meta")).getText()).contains("attempt 2");

        panel.findElement(By.cssSelector("button.copy")).click();
        String auditor = api.devToken(tenantId, "auditor", "AUDITOR");
        wait.until(driver -> api.get("/api/v1/audit/events?type=SuggestionCopied", auditor).body()
                .contains("SuggestionCopied"));

        // Tab from the last control of the panel comes back to its first: focus stays in the panel
        List<WebElement> buttons = panel.findElements(By.cssSelector("button"));
        WebElement reject = panel.findElement(By.cssSelector("button.reject"));
        reject.sendKeys(Keys.TAB);
        assertThat(buttons).contains(browser.driver.switchTo().activeElement());
        assertThat(browser.driver.switchTo().activeElement().getAttribute("class")).isEqualTo("close");
    }

    @Test
    void theConsoleDrawsUsageAndVerifiesTheAuditChain() {
        allowOnly("local");
        signIn();
        WebElement panel = openPanel("description");
        act(panel, "FIX_GRAMMAR");
        awaitState(panel, "completed");
        panel.findElement(By.cssSelector("button.approve")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(panelSelector("description")));

        browser.driver.findElement(By.cssSelector("#nav a[data-view='console']")).click();
        browser.driver.findElement(By.cssSelector("button.console-tab[data-area='usage']")).click();
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("svg.chart g.bar"), 0));
        assertThat(browser.driver.findElement(By.cssSelector("svg.gauge")).getAttribute("aria-label"))
                .contains("spent").contains("remaining");
        browser.screenshot(testName + "-usage");

        browser.driver.findElement(By.cssSelector("button.console-tab[data-area='audit']")).click();
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".audit-table tbody tr"), 0));
        assertThat(browser.driver.findElement(By.cssSelector(".audit-table tbody")).getText()).contains("SuggestionApproved");
        browser.driver.findElement(By.cssSelector("button.verify")).click();
        WebElement verdict = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".verify-result.ok")));
        assertThat(verdict.getText()).startsWith("Chain intact");
    }

    @Test
    void aChatMessageStreamsAReplyWithItsRouteAndTakesFeedback() {
        allowOnly("local");
        signIn();
        browser.driver.findElement(By.cssSelector("#nav a[data-view='chat']")).click();
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("textarea.chat-input")));
        input.sendKeys("How should we plan the rollout of a CRM across three offices?");
        browser.driver.findElement(By.cssSelector("button.send")).click();

        WebElement reply = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("li.message.assistant[data-status='COMPLETED']")));
        assertThat(reply.findElement(By.cssSelector(".reply-text")).getText()).isNotBlank();
        assertThat(reply.findElement(By.cssSelector(".route-badge")).getText()).startsWith("local · ");
        reply.findElement(By.cssSelector("button.thumb.up")).click();
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("li.message.assistant button.thumb.up"), "aria-pressed", "true"));
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".conversation-list li"), 0));
    }
}
