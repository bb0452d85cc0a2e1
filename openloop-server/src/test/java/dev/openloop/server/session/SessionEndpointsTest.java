package dev.openloop.server.session;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v4/sessions} (spec §10.5). */
class SessionEndpointsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSessionIsCreatedWithAnEmptyBodyOfAnyContentType() {
        // What the Node SDK sends: an empty form.
        HttpResponse<String> form = server.send(HttpRequest.newBuilder(server.uri("/v4/sessions"))
                .header("X-API-KEY", TestServer.API_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        String id = expect(form, 201).get("id").asText();
        assertThat(id).matches("sesh_[A-Za-z0-9]{21}");
        assertThat(expect(server.post("/v4/sessions", "{}"), 201).get("id").asText()).isNotEqualTo(id);
        JsonNode session = expect(server.get("/v4/sessions/" + id), 200);
        assertThat(session.get("datapoints_count").asInt()).isZero();
        assertThat(session.get("projects")).isEmpty();
        assertThat(server.get("/v4/sessions/sesh_nope").statusCode()).isEqualTo(404);
    }

    @Test
    void aSessionSumsUpItsLogsAndIsListedByProject() {
        String id = expect(server.post("/v4/sessions", ""), 201).get("id").asText();
        for (String text : new String[] {"first", "second"}) {
            expect(server.post("/v4/chat", "{\"project\":\"sessions\",\"session_id\":\"" + id + "\",\"inputs\":{\"turn\":\"" + text
                    + "\"},\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}"), 200);
        }
        String byReference = expect(server.post("/v4/chat", "{\"project\":\"sessions\",\"session_reference_id\":\"conv-1\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}"), 200)
                .get("session_id").asText();
        JsonNode session = expect(server.get("/v4/sessions/" + id), 200);
        assertThat(session.get("datapoints_count").asInt()).isEqualTo(2);
        assertThat(session.get("projects").get(0).get("name").asText()).isEqualTo("sessions");
        assertThat(session.get("projects").get(0).get("type").asText()).isEqualTo("prompt");
        assertThat(session.get("first_inputs").get("turn").asText()).isEqualTo("first");
        assertThat(session.get("last_output").asText()).isEqualTo("Mock response to: second");
        assertThat(expect(server.get("/v4/sessions/" + byReference), 200).get("reference_id").asText()).isEqualTo("conv-1");

        String projectId = session.get("projects").get(0).get("id").asText();
        JsonNode page1 = expect(server.get("/v4/sessions?project_id=" + projectId + "&size=1"), 200);
        assertThat(page1.get("page").asInt()).as("pages count from 1").isEqualTo(1);
        assertThat(page1.get("total").asInt()).isEqualTo(2);
        assertThat(page1.get("records")).hasSize(1);
        JsonNode page2 = expect(server.get("/v4/sessions?project_id=" + projectId + "&size=1&page=2"), 200);
        assertThat(page2.get("records").get(0).get("id").asText()).isNotEqualTo(page1.get("records").get(0).get("id").asText());
        assertThat(expect(server.get("/v4/sessions?project_id=" + projectId + "&page=3&size=1"), 200).get("records")).isEmpty();
    }

    @Test
    void listingNeedsAKnownProject() {
        assertThat(expect(server.get("/v4/sessions"), 422).get("detail").get(0).get("loc").toString())
                .isEqualTo("[\"query\",\"project_id\"]");
        assertThat(expect(server.get("/v4/sessions?project_id=pr_x&page=0"), 422).get("detail").get(0).get("loc").toString())
                .isEqualTo("[\"query\",\"page\"]");
        assertThat(server.get("/v4/sessions?project_id=pr_nope").statusCode()).isEqualTo(404);
    }
}
