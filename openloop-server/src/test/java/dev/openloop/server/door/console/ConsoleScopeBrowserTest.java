package dev.openloop.server.door.console;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.support.ui.Select;

/**
 * A key of one role and project, made on the keys page and signed in with, in headless Chromium:
 * the console shows it its project alone, and no change to a read key.
 */
class ConsoleScopeBrowserTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    private static TestServer server;
    private static String ownId;
    private static String otherId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ownId = expect(server.post("/v4/projects", "{\"name\":\"storefront\"}"), 201).get("id").asText();
        otherId = expect(server.post("/v4/projects", "{\"name\":\"payroll\"}"), 201).get("id").asText();
        for (String project : new String[] {ownId, otherId}) {
            expect(server.post("/v4/model-configs", "{\"project_id\":\"" + project + "\",\"provider\":\"mock\",\"model\":\"m\"}"), 200);
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String url(String path) {
        return server.uri(path).toString();
    }

    private static void signIn(String key) {
        browser.open(url("/sign-in"));
        browser.find("#key").sendKeys(key);
        browser.find("form.stack button").click();
        browser.waitFor(10, () -> browser.path().equals("/projects"));
    }

    @Test
    void aReadKeyOfOneProjectSeesThatProjectAloneAndNoChange() {
        signIn(TestServer.API_KEY);
        browser.open(url("/keys"));
        browser.find("#key-name").sendKeys("storefront reader");
        new Select(browser.find("#key-role")).selectByValue("read");
        browser.find("#key-projects").sendKeys("storefront");
        browser.find("#create-key").click();
        browser.waitFor(10, () -> !browser.findAll("#created-key").isEmpty());
        String key = browser.find("#created-key").getText();
        String row = browser.find("#keys").getText().lines().filter(line -> line.contains("storefront reader")).findFirst().orElseThrow();
        assertThat(row).contains("read", ownId).doesNotContain(otherId);
        browser.find("form.sign-out button").click();
        browser.waitFor(10, () -> browser.path().equals("/sign-in"));

        signIn(key);
        assertThat(browser.mainText()).contains("storefront").doesNotContain("payroll");
        browser.open(url("/projects/" + ownId));
        assertThat(browser.mainText()).contains("storefront");
        assertThat(browser.findAll("#deploy")).as("a read key is shown no change").isEmpty();
        browser.open(url("/projects/" + otherId));
        assertThat(browser.mainText()).contains("There is no project " + otherId);
        browser.open(url("/keys"));
        assertThat(browser.mainText()).contains("read key");
    }
}
