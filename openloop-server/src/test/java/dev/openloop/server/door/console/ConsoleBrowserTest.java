package dev.openloop.server.door.console;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.Select;

/**
 * The console end to end, in headless Chromium against a real node: what a person does, page by
 * page. Run with {@code -Dconsole.screenshots=<dir>} it also saves the screenshots of docs/console.md.
 */
class ConsoleBrowserTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    private static TestServer server;
    private static String projectId;
    private static String coolConfig;
    private static String warmConfig;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        projectId = expect(server.post("/v4/projects", "{\"name\":\"support-bot\"}"), 201).get("id").asText();
        coolConfig = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"name\":\"cool\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"mock-1\",\"temperature\":0.2,"
                + "\"chat_template\":[{\"role\":\"system\",\"content\":\"You answer questions about {{product}}.\"}]}"), 200)
                .get("config").get("id").asText();
        warmConfig = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"name\":\"warm\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"mock-1\",\"temperature\":0.9,"
                + "\"chat_template\":[{\"role\":\"system\",\"content\":\"You answer questions about {{product}}.\"}]}"), 200)
                .get("config").get("id").asText();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.driver().manage().deleteAllCookies();
    }

    private static String url(String path) {
        return server.uri(path).toString();
    }

    private static void signIn() {
        browser.open(url("/sign-in"));
        if (!browser.path().equals("/sign-in")) {
            return; // still signed in
        }
        browser.find("#key").sendKeys(TestServer.API_KEY);
        browser.find("form.stack button").click();
        browser.waitFor(10, () -> browser.path().equals("/projects"));
    }

    @Test
    void signInDeployCompareAndSignOut() throws Exception {
        browser.open(url("/projects"));
        assertThat(browser.path()).as("without a session, a page sends to sign-in").isEqualTo("/sign-in");
        browser.screenshot("sign-in");

        browser.find("#key").sendKeys("not-a-key");
        browser.find("form.stack button").click();
        assertThat(browser.find("#sign-in-error").getText()).contains("not accepted");

        signIn();
        Cookie cookie = browser.driver().manage().getCookieNamed(Guard.COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.isSecure()).as("no TLS here").isFalse();
        assertThat(browser.mainText()).contains("support-bot");
        browser.screenshot("projects");

        browser.driver().findElement(org.openqa.selenium.By.linkText("support-bot")).click();
        assertThat(browser.path()).isEqualTo("/projects/" + projectId);
        assertThat(browser.mainText()).contains(coolConfig, warmConfig, "production", "rating");
        new Select(browser.find("#deploy-environment")).selectByVisibleText("production");
        new Select(browser.find("#deploy-target")).selectByValue("config:" + warmConfig);
        browser.find("#deploy").click();
        browser.waitFor(10, () -> browser.path().equals("/projects/" + projectId));
        assertThat(browser.find("#environments + table").getText()).contains("production", "config warm (mock-1) · " + warmConfig);
        // Through the same service the API uses: the API now answers with the deployed config.
        assertThat(expect(server.get("/v4/projects/" + projectId), 200).get("active_config").get("config").get("id").asText())
                .isEqualTo(warmConfig);
        browser.screenshot("project");

        new Select(browser.find("#diff-a")).selectByValue(coolConfig);
        new Select(browser.find("#diff-b")).selectByValue(warmConfig);
        browser.find("#diff-b + button").click();
        browser.waitFor(10, () -> browser.path().endsWith("/diff"));
        assertThat(browser.findAll("tr.differs").stream().map(org.openqa.selenium.WebElement::getText))
                .anySatisfy(row -> assertThat(row).contains("temperature", "0.2", "0.9"))
                .noneSatisfy(row -> assertThat(row).contains("chat_template"));
        browser.screenshot("diff");

        browser.find("form.sign-out button").click();
        browser.waitFor(10, () -> browser.path().equals("/sign-in"));
        browser.open(url("/projects"));
        assertThat(browser.path()).as("signed out").isEqualTo("/sign-in");
    }

    @Test
    void untrustedNamesRenderAsText() {
        String payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
        String xssProject = expect(server.post("/v4/projects", TestServer.JSON.createObjectNode().put("name", payload).toString()), 201)
                .get("id").asText();
        expect(server.post("/v4/model-configs", TestServer.JSON.createObjectNode().put("project_id", xssProject)
                .put("name", "<script>window.__xss=3</script>").put("provider", "mock").put("endpoint", "chat")
                .put("model", "javascript:window.__xss=4").toString()), 200);
        signIn();
        browser.open(url("/projects"));
        browser.assertNoScriptInjected();
        assertThat(browser.mainText()).contains(payload);
        browser.open(url("/projects/" + xssProject));
        browser.assertNoScriptInjected();
        assertThat(browser.mainText()).contains("<script>window.__xss=3</script>", "javascript:window.__xss=4");
    }
}
