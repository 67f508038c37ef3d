package io.assistantcore.api.webpage;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * A headless Chromium driven through chromedriver — Debian's {@code chromium} and {@code chromium-driver} packages
 * (CI installs them), or the binaries named by {@code CHROME_BINARY} and {@code CHROMEDRIVER}. Nothing is
 * downloaded: without both binaries the calling test is skipped, saying why.
 */
final class Browser implements AutoCloseable {

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a fresh browser with an empty profile, or skips the test when no browser can be had here. */
    static Browser start() {
        String binary = find("CHROME_BINARY", BROWSERS);
        String chromedriver = find("CHROMEDRIVER", DRIVERS);
        Assumptions.assumeTrue(binary != null && chromedriver != null,
                "no Chromium and chromedriver on this machine (install Debian's chromium and chromium-driver, "
                        + "or set CHROME_BINARY and CHROMEDRIVER): the web page's browser tests are skipped");
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    private static String find(String variable, List<String> candidates) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            return Files.isExecutable(Path.of(configured)) ? configured : null;
        }
        return candidates.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst().orElse(null);
    }

    /** Saves a screenshot as {@code target/web-screenshots/<name>.png} for review. */
    Path screenshot(String name) {
        try {
            Path directory = Path.of("target", "web-screenshots");
            Files.createDirectories(directory);
            Path file = directory.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens the page at {@code port} and signs in through the developer sign-in form as {@code userId} of
     * {@code tenantId} (with the form's default roles), then waits for the record page.
     */
    void signIn(int port, String tenantId, String userId, WebDriverWait wait) {
        driver.get("http://localhost:" + port + "/");
        WebElement tenant = wait.until(ExpectedConditions.elementToBeClickable(By.name("tenantId")));
        tenant.clear();
        tenant.sendKeys(tenantId);
        WebElement user = driver.findElement(By.name("userId"));
        user.clear();
        user.sendKeys(userId);
        driver.findElement(By.id("dev-sign-in")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".record h1")));
    }

    /** After a test: its screenshot, and what the page logged, printed with the test's name. */
    void report(String testName) {
        screenshot(testName);
        consoleMessages().forEach(line -> System.out.println("[browser] " + testName + " " + line));
    }

    /** What the page wrote to the browser console (errors of scripts included). */
    List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }

}
