package dev.openloop.server.door.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's {@code chromium} driven through {@code chromedriver}) for a test
 * class. Without them the class is skipped with a banner, unless {@code CI=true}, where that is a
 * failure. A test that fails leaves a screenshot and the page's source under
 * {@code target/console-failures/}.
 */
final class Browser implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private ChromeDriver driver;
    private Path profile;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        String chromium = firstExisting(CHROMIUM);
        String chromedriver = firstExisting(DRIVER);
        if (chromium == null || chromedriver == null) {
            String why = "chromium or chromedriver is missing (apt-get install -y chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("The console's browser tests cannot run: " + why);
            }
            System.err.println("""

                    ********************************************************************
                    *  SKIPPED: the console's browser tests (%s)
                    *  %s
                    ********************************************************************
                    """.formatted(context.getRequiredTestClass().getSimpleName(), why));
            Assumptions.abort(why);
        }
        profile = Files.createTempDirectory("openloop-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (driver != null) {
            Path dir = Path.of("target", "console-failures");
            Files.createDirectories(dir);
            String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
            try {
                Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
                Files.writeString(dir.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
                System.err.println("console test failed: screenshot and page source in " + dir.toAbsolutePath() + "/" + name + ".*");
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Opens {@code url} and waits for the page to be loaded. */
    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The visible text of the page's main part. */
    String mainText() {
        return find("main").getText();
    }

    String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Waits, up to {@code seconds}, for {@code condition}. */
    void waitFor(int seconds, java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(seconds))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> condition.get());
    }

    /** No script ran that the page did not bring: no dialog open, no marker set by an injected handler. */
    void assertNoScriptInjected() {
        try {
            String text = driver.switchTo().alert().getText();
            throw new AssertionError("an alert opened: " + text);
        } catch (NoAlertPresentException expected) {
            // what an inert page gives
        }
        assertThat(driver.executeScript("return typeof window.__xss")).isEqualTo("undefined");
        assertThat(findAll("main script, main img, main iframe, main svg [onload]")).isEmpty();
    }

    /** Saves a screenshot of the page as {@code <dir>/<name>.png} when {@code -Dconsole.screenshots=<dir>} is set. */
    void screenshot(String name) throws IOException {
        String dir = System.getProperty("console.screenshots");
        if (dir != null && !dir.isBlank()) {
            Path target = Path.of(dir);
            Files.createDirectories(target);
            Files.write(target.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        }
    }

    private static String firstExisting(List<String> paths) {
        return paths.stream().filter(path -> new File(path).canExecute()).findFirst().orElse(null);
    }
}
