package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v4/logs} (spec §10.6). */
class LogEndpointsTest {
    private TestServer server;
    private String projectId;

    @BeforeEach
    void start() {
        server = TestServer.start();
        projectId = expect(server.post("/v4/projects", "{\"name\":\"logbook\"}"), 201).get("id").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode log(String extra) {
        return expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config\":{\"model\":\"gpt-4o\",\"type\":\"model\"}" + extra + "}"), 200);
    }

    @Test
    void aLogMadeElsewhereIsStoredWithItsConfigAndReadBack() {
        JsonNode created = log("""
                ,"reference_id":"ref-1","inputs":{"q":"capital"},"messages":[{"role":"user","content":"Capital of France?"}],
                 "output":"Paris","prompt_tokens":7,"output_tokens":1,"duration":0.42,"source":"batch","metadata":{"run":3},
                 "provider_api_keys":{"openai":"sk-ignored"}""");
        String id = created.get("id").asText();
        assertThat(id).startsWith("data_");
        assertThat(created.get("project_id").asText()).isEqualTo(projectId);
        JsonNode log = expect(server.get("/v4/logs/" + id), 200);
        assertThat(log.get("output").asText()).isEqualTo("Paris");
        assertThat(log.get("reference_id").asText()).isEqualTo("ref-1");
        assertThat(log.get("messages").get(0).get("content").asText()).isEqualTo("Capital of France?");
        assertThat(log.get("inputs").get("q").asText()).isEqualTo("capital");
        assertThat(log.get("config").get("model").asText()).isEqualTo("gpt-4o");
        assertThat(log.get("config").get("type").asText()).isEqualTo("model");
        assertThat(log.get("tokens").asInt()).isEqualTo(8);
        assertThat(log.get("duration").asDouble()).isEqualTo(0.42);
        assertThat(log.get("metadata").get("run").asInt()).isEqualTo(3);
        assertThat(log.get("observability_status").asText()).isEqualTo("completed");
        assertThat(log.get("evaluation_results")).isEmpty();
        assertThat(log.get("feedback")).isEmpty();
        assertThat(log.get("status").asText()).isEqualTo("complete");
        assertThat(server.get("/v4/logs/data_nope").statusCode()).isEqualTo(404);
    }

    @Test
    void saveFalseKeepsWhatAChatWithSaveFalseKeeps() {
        String id = log("""
                ,"save":false,"reference_id":"unsaved-1","source":"private-source","metadata":{"secret":"meta-7f3"},
                 "inputs":{"q":"input-7f3"},"messages":[{"role":"user","content":"message-7f3"}],"output":"output-7f3",
                 "error":"prompt was: error-7f3","prompt_tokens":7,"output_tokens":2,"duration":0.5""").get("id").asText();
        JsonNode row = server.logRow(id);
        for (String payload : List.of("messages", "inputs", "output", "raw_output", "output_message", "provider_request",
                "provider_response", "metadata", "end_user", "source", "tool_choice")) {
            assertThat(row.get(payload).isNull()).as(payload).isTrue();
        }
        assertThat(row.get("saved").asInt()).isZero();
        assertThat(row.get("error").asText()).as("who failed, without the message").isEqualTo(LogSaving.UNSAVED_ERROR);
        assertThat(row.get("reference_id").asText()).isEqualTo("unsaved-1");
        assertThat(row.get("prompt_tokens").asInt()).isEqualTo(7);
        assertThat(row.get("output_tokens").asInt()).isEqualTo(2);
        assertThat(row.get("duration").asDouble()).isEqualTo(0.5);
        assertThat(row.get("status").asText()).isEqualTo("complete");
        for (String secret : List.of("private-source", "meta-7f3", "input-7f3", "message-7f3", "output-7f3", "error-7f3")) {
            assertThat(server.databaseHolds(secret)).as(secret).isFalse();
        }
    }

    @Test
    void anArrayIsAnsweredWithAnArray() {
        JsonNode created = expect(server.post("/v4/logs", """
                [{"project_id":"%s","config":{"model":"a"},"output":"one"},{"project":"logbook","config":{"model":"b"},"output":"two"}]"""
                .formatted(projectId)), 200);
        assertThat(created.isArray()).isTrue();
        assertThat(created).hasSize(2);
        assertThat(created.get(1).get("project_id").asText()).isEqualTo(projectId);
        JsonNode bad = expect(server.post("/v4/logs", "[{\"project_id\":\"" + projectId + "\",\"config\":{\"model\":\"a\"}},{\"output\":\"x\"}]"), 422);
        List<String> locs = new ArrayList<>();
        bad.get("detail").forEach(p -> locs.add(p.get("loc").toString()));
        assertThat(locs).containsExactlyInAnyOrder("[\"body\",1,\"project\"]", "[\"body\",1,\"config\"]");
        assertThat(server.logCount()).as("nothing of a refused list is stored").isEqualTo(2);
    }

    @Test
    void logsAreCorrectedByIdAndByReference() {
        String id = log(",\"reference_id\":\"job-7\"").get("id").asText();
        JsonNode byId = expect(server.patch("/v4/logs/" + id, "{\"id\":\"" + id + "\",\"output\":\"filled in later\",\"duration\":1.5}"), 200);
        assertThat(byId.get("output").asText()).isEqualTo("filled in later");
        assertThat(byId.get("duration").asDouble()).isEqualTo(1.5);
        JsonNode byReference = expect(server.patch("/v4/logs?reference_id=job-7", "{\"error\":\"timed out\"}"), 200);
        assertThat(byReference.get("error").asText()).isEqualTo("timed out");
        assertThat(byReference.get("output").asText()).as("untouched fields stay").isEqualTo("filled in later");
        assertThat(server.patch("/v4/logs/data_nope", "{\"output\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(server.patch("/v4/logs?reference_id=nope", "{\"output\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(expect(server.patch("/v4/logs", "{\"output\":\"x\"}"), 422).get("detail").get(0).get("loc").toString())
                .isEqualTo("[\"query\",\"reference_id\"]");
        assertThat(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config\":{\"model\":\"a\"},\"reference_id\":\"job-7\"}")
                .statusCode()).as("reference ids are unique").isEqualTo(409);
    }

    @Test
    void aChildNamesItsParentByReference() {
        String parent = log(",\"reference_id\":\"parent-ref\"").get("id").asText();
        String child = expect(server.post("/v4/chat", "{\"project_id\":\"" + projectId + "\",\"parent_reference_id\":\"parent-ref\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}"), 200)
                .get("data").get(0).get("id").asText();
        assertThat(expect(server.get("/v4/logs/" + child), 200).get("parent_id").asText()).isEqualTo(parent);
    }

    @Test
    void listingPagesSearchesAndFiltersByDate() {
        for (int i = 0; i < 5; i++) {
            log(",\"output\":\"answer " + i + "\",\"inputs\":{\"topic\":\"" + (i % 2 == 0 ? "Weather" : "sports") + "\"}");
        }
        log(",\"output\":\"long ago\",\"created_at\":\"2020-01-02T10:00:00Z\"");
        JsonNode all = expect(server.get("/v4/logs?project_id=" + projectId), 200);
        assertThat(all.get("total").asInt()).isEqualTo(6);
        assertThat(all.get("size").asInt()).isEqualTo(50);
        assertThat(all.get("records").get(0).get("output").asText()).as("newest first").isEqualTo("answer 4");
        JsonNode page = expect(server.get("/v4/logs?project_id=" + projectId + "&page=1&size=4"), 200);
        assertThat(page.get("records")).hasSize(2);
        assertThat(expect(server.get("/v4/logs?project_id=" + projectId + "&search=WEATHER"), 200).get("total").asInt()).isEqualTo(3);
        assertThat(expect(server.get("/v4/logs?project_id=" + projectId + "&search=answer%203"), 200).get("total").asInt()).isEqualTo(1);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(expect(server.get("/v4/logs?project_id=" + projectId + "&start_date=" + today), 200).get("total").asInt()).isEqualTo(5);
        assertThat(expect(server.get("/v4/logs?project_id=" + projectId + "&start_date=2020-01-02&end_date=2020-01-02"), 200)
                .get("total").asInt()).isEqualTo(1);
        assertThat(expect(server.get("/v4/logs?project_id=" + projectId + "&end_date=2020-01-01"), 200).get("total").asInt()).isZero();

        assertThat(expect(server.get("/v4/logs"), 422).get("detail").get(0).get("loc").toString()).isEqualTo("[\"query\",\"project_id\"]");
        assertThat(expect(server.get("/v4/logs?project_id=" + projectId + "&start_date=yesterday"), 422)
                .get("detail").get(0).get("loc").toString()).isEqualTo("[\"query\",\"start_date\"]");
        assertThat(server.get("/v4/logs?project_id=pr_nope").statusCode()).isEqualTo(404);
    }

    @Test
    void logsAreDeletedByRepeatedIds() {
        String a = log("").get("id").asText();
        String b = log("").get("id").asText();
        String c = log("").get("id").asText();
        assertThat(server.delete("/v4/logs?id=" + a + "&id=" + b + "&id=data_unknown").statusCode()).isEqualTo(204);
        assertThat(server.get("/v4/logs/" + a).statusCode()).isEqualTo(404);
        assertThat(server.get("/v4/logs/" + b).statusCode()).isEqualTo(404);
        assertThat(server.get("/v4/logs/" + c).statusCode()).isEqualTo(200);
    }

    @Test
    void aLogNeedsAProjectAndAConfig() {
        JsonNode problems = expect(server.post("/v4/logs", "{\"output\":\"x\"}"), 422);
        assertThat(problems.get("detail")).hasSize(2);
        assertThat(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config_id\":\"config_nope\"}").statusCode()).isEqualTo(404);
        assertThat(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"trial_id\":\"trial_nope\"}").statusCode()).isEqualTo(404);
        assertThat(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config\":{\"model\":\"a\"},\"environment\":\"mars\"}")
                .statusCode()).isEqualTo(404);
        JsonNode badConfig = expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config\":{\"temperature\":9}}"), 422);
        List<String> locs = new ArrayList<>();
        badConfig.get("detail").forEach(p -> locs.add(p.get("loc").toString()));
        assertThat(locs).contains("[\"body\",\"config\",\"model\"]", "[\"body\",\"config\",\"temperature\"]");
    }
}
