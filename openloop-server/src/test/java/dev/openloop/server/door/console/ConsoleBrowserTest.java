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
    private static String experimentId;
    private static String refundLog;
    private static String childLog;

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
        experimentId = expect(server.post("/v4/projects/" + projectId + "/experiments", """
                {"name":"tone","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s","%s"]}"""
                .formatted(coolConfig, warmConfig)), 200).get("id").asText();
        refundLog = expect(server.post("/v4/chat-experiment", "{\"experiment_id\":\"" + experimentId
                + "\",\"session_reference_id\":\"conversation-1\",\"inputs\":{\"product\":\"OpenLoop\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"How do I get a refund?\"}]}"), 200)
                .get("data").get(0).get("id").asText();
        childLog = expect(server.post("/v4/chat", "{\"project_id\":\"" + projectId + "\",\"session_reference_id\":\"conversation-1\","
                + "\"parent_id\":\"" + refundLog + "\",\"model_config\":{\"provider\":\"mock\",\"model\":\"mock-1\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"And how long does it take?\"}]}"), 200)
                .get("data").get(0).get("id").asText();
        expect(server.post("/v4/chat-experiment", "{\"experiment_id\":\"" + experimentId + "\",\"num_samples\":8,"
                + "\"inputs\":{\"product\":\"OpenLoop\"},\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a joke\"}]}"), 200);
        expect(server.post("/v4/chat", "{\"project_id\":\"" + projectId + "\",\"model_config\":{\"provider\":\"mock\","
                + "\"model\":\"mock-1\"},\"messages\":[{\"role\":\"user\",\"content\":\"Where is my parcel?\"}]}"), 200);
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
        browser.waitFor(10, () -> !browser.findAll("#sign-in-error").isEmpty());
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
    void findALogRateItAndSeeTheExperimentMove() throws Exception {
        signIn();
        browser.open(url("/projects/" + projectId));
        browser.find("#project-logs").click();
        browser.waitFor(10, () -> browser.path().endsWith("/logs"));
        assertThat(browser.findAll("#logs tbody tr")).hasSize(11);
        browser.screenshot("logs");

        browser.find("#f-q").sendKeys("refund");
        browser.find("#apply-filters").click();
        browser.waitFor(10, () -> browser.driver().getCurrentUrl().contains("q=refund"));
        assertThat(browser.findAll("#logs tbody tr")).hasSize(1);
        assertThat(browser.find("#logs tbody tr").getText()).contains("refund");
        new Select(browser.find("#f-experiment")).selectByVisibleText("tone");
        browser.find("#apply-filters").click();
        browser.waitFor(10, () -> browser.driver().getCurrentUrl().contains("experiment=" + experimentId));
        assertThat(browser.findAll("#logs tbody tr")).hasSize(1);
        new Select(browser.find("#f-status")).selectByVisibleText("error");
        browser.find("#apply-filters").click();
        browser.waitFor(10, () -> browser.driver().getCurrentUrl().contains("status=error"));
        assertThat(browser.findAll("#no-logs")).hasSize(1);
        browser.driver().navigate().back();
        browser.waitFor(10, () -> !browser.driver().getCurrentUrl().contains("status=error"));

        browser.find("#logs tbody tr a").click();
        browser.waitFor(10, () -> browser.path().equals("/logs/" + refundLog));
        assertThat(browser.find("#chat").getText()).contains("You answer questions about OpenLoop.", "How do I get a refund?");
        assertThat(browser.find("#inputs").getText()).contains("OpenLoop");
        assertThat(browser.find("#session").getText()).contains(refundLog, childLog);
        assertThat(browser.findAll("details:not([open]) pre")).as("the provider's exchange starts collapsed").isNotEmpty();
        assertThat(browser.findAll("#no-feedback")).hasSize(1);
        browser.screenshot("log");

        browser.find("#rate-good").click();
        browser.waitFor(10, () -> browser.findAll("#current-feedback").size() == 1);
        assertThat(browser.find("#current-feedback").getText()).contains("rating", "good");
        browser.find("#comment").sendKeys("Clear and short");
        browser.find("#send-comment").click();
        browser.waitFor(10, () -> browser.find("#current-feedback").getText().contains("Clear and short"));
        // The same path as POST /v4/feedback: the experiment's arm counted the positive trial.
        String armConfig = TestServer.JSON.readTree(server.get("/v4/logs/" + refundLog).body()).get("config").get("id").asText();
        com.fasterxml.jackson.databind.JsonNode arms = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200)
                .get(0).get("configs");
        for (com.fasterxml.jackson.databind.JsonNode arm : arms) {
            boolean rated = arm.get("config").get("id").asText().equals(armConfig);
            assertThat(arm.get("trials_count").asInt()).as(arm.get("config").get("id").asText()).isEqualTo(rated ? 1 : 0);
        }
        browser.find("#session a").click();
        browser.waitFor(10, () -> browser.path().equals("/logs/" + childLog));

        browser.open(url("/projects/" + projectId + "/experiments"));
        assertThat(browser.find("tr[data-config='" + armConfig + "'] .trials").getText()).isEqualTo("1");
        assertThat(browser.find("tr[data-config='" + armConfig + "']").getText()).contains("100.0 %", "66.7 %");
        assertThat(browser.findAll("svg.chart polyline")).hasSize(2);
        assertThat(browser.find("figcaption").getText()).contains("draws: 9");
        browser.screenshot("experiments");
    }

    @Test
    void createAndStopAnExperiment() {
        signIn();
        browser.open(url("/projects/" + projectId));
        browser.find("#project-experiments").click();
        browser.waitFor(10, () -> browser.path().endsWith("/experiments"));
        browser.find("#experiment-name").sendKeys("brevity");
        browser.driver().findElement(org.openqa.selenium.By.id("config-" + coolConfig)).click();
        browser.driver().findElement(org.openqa.selenium.By.id("config-" + warmConfig)).click();
        browser.driver().findElement(org.openqa.selenium.By.id("label-rating:good")).click();
        browser.find("#create-experiment").click();
        browser.waitFor(10, () -> browser.mainText().contains("brevity running"));
        browser.driver().findElement(org.openqa.selenium.By.xpath("//button[text()='Stop brevity']")).click();
        browser.waitFor(10, () -> browser.mainText().contains("brevity stopped"));
        com.fasterxml.jackson.databind.JsonNode experiments = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200);
        for (com.fasterxml.jackson.databind.JsonNode experiment : experiments) {
            if (experiment.get("name").asText().equals("brevity")) {
                assertThat(experiment.get("configs")).hasSize(2).allSatisfy(arm -> assertThat(arm.get("active").asBoolean()).isFalse());
            }
        }
    }

    @Test
    void createAKeyShownOnceSignInWithItAndRevokeIt() throws Exception {
        signIn();
        browser.find("nav a[href='/keys']").click();
        browser.waitFor(10, () -> browser.path().equals("/keys"));
        browser.find("#key-name").sendKeys("laptop");
        browser.find("#create-key").click();
        browser.waitFor(10, () -> !browser.findAll("#created-key").isEmpty());
        String key = browser.find("#created-key").getText();
        assertThat(key).startsWith("ol_").hasSize(43);
        assertThat(browser.find("#keys").getText()).contains("laptop").doesNotContain(key);
        browser.screenshot("keys");
        browser.open(url("/keys"));
        assertThat(browser.findAll("#created-key")).as("shown once").isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(key);

        browser.find("form.sign-out button").click();
        browser.waitFor(10, () -> browser.path().equals("/sign-in"));
        browser.find("#key").sendKeys(key);
        browser.find("form.stack button").click();
        browser.waitFor(10, () -> browser.path().equals("/projects"));
        browser.open(url("/keys"));
        org.openqa.selenium.WebElement mine = browser.find("#keys tr:has(.tag)");
        assertThat(mine.getText()).contains("laptop", "yours");
        mine.findElement(org.openqa.selenium.By.cssSelector("button")).click();
        browser.waitFor(10, () -> browser.path().equals("/sign-in"));
        assertThat(server.get("/v4/projects").statusCode()).as("the test's own key still works").isEqualTo(200);
        assertThat(server.send(java.net.http.HttpRequest.newBuilder(server.uri("/v4/projects")).header("X-API-KEY", key).build())
                .statusCode()).as("the revoked key").isEqualTo(401);
    }

    @Test
    void sendAPlaygroundMessageSeeItStreamedAndSaveTheConfig() throws Exception {
        signIn();
        browser.open(url("/projects/" + projectId));
        browser.find("#project-playground").click();
        browser.waitFor(10, () -> browser.path().endsWith("/playground"));
        new Select(browser.find("#load-config")).selectByValue(coolConfig);
        browser.find("#load").click();
        browser.waitFor(10, () -> !browser.findAll("#input-product").isEmpty());
        assertThat(browser.find("#temperature").getAttribute("value")).isEqualTo("0.2");
        browser.find("#input-product").sendKeys("OpenLoop");
        browser.find("#message").sendKeys("Stream this please");
        browser.find("#send").click();
        // "Done." is written by the page's script once the stream has ended: the answer came as a stream.
        browser.waitFor(20, () -> browser.find("#answer-status").getText().equals("Done."));
        assertThat(browser.find("#answer").getText()).isEqualTo("Mock response to: Stream this please");
        assertThat(browser.find("#answer-log").isDisplayed()).isTrue();
        browser.screenshot("playground");
        String logId = browser.find("#answer-log").getAttribute("href").replaceFirst(".*/logs/", "");
        com.fasterxml.jackson.databind.JsonNode log = expect(server.get("/v4/logs/" + logId), 200);
        assertThat(log.get("inputs").get("product").asText()).isEqualTo("OpenLoop");
        assertThat(log.get("project_id").asText()).isEqualTo(projectId);

        browser.find("#temperature").clear();
        browser.find("#temperature").sendKeys("0.33");
        browser.find("#save-config").click();
        browser.waitFor(10, () -> !browser.findAll("#saved").isEmpty());
        String saved = browser.find("#saved code").getText();
        assertThat(saved).startsWith("config_").isNotIn(coolConfig, warmConfig);
        browser.find("#save-config").click();
        browser.waitFor(10, () -> !browser.findAll("#saved").isEmpty());
        assertThat(browser.find("#saved code").getText()).as("same parameters, same id").isEqualTo(saved);
        assertThat(expect(server.get("/v4/model-configs/" + saved), 200).get("temperature").asDouble()).isEqualTo(0.33);
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

        com.fasterxml.jackson.databind.node.ObjectNode chat = TestServer.JSON.createObjectNode().put("project_id", xssProject);
        chat.putObject("model_config").put("provider", "mock").put("model", "mock-1");
        chat.putObject("metadata").put("note", "<img src=x onerror=\"window.__xss=6\">");
        chat.putObject("inputs").put("who", "<a href=\"javascript:window.__xss=7\">click</a>");
        chat.putArray("messages").addObject().put("role", "user").put("content", "<script>window.__xss=5</script>");
        String log = expect(server.postJson("/v4/chat", chat), 200).get("data").get(0).get("id").asText();
        browser.open(url("/projects/" + xssProject + "/logs"));
        browser.assertNoScriptInjected();
        assertThat(browser.find("#logs").getText()).contains("<script>window.__xss=5</script>");
        browser.open(url("/logs/" + log));
        browser.findAll("details:not([open]) summary").forEach(org.openqa.selenium.WebElement::click);
        browser.assertNoScriptInjected();
        assertThat(browser.findAll("main a[href^='javascript']")).isEmpty();
        assertThat(browser.find("#chat").getText()).contains("<script>window.__xss=5</script>");
        assertThat(browser.find("#metadata").getText()).contains("<img src=x onerror=\\\"window.__xss=6\\\">");
        assertThat(browser.find("#inputs").getText()).contains("javascript:window.__xss=7");
    }
}
