package dev.openloop.server.project;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v4/projects}: statuses, pagination edges and bad input (spec §10.1). */
class ProjectEndpointsTest {
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode create(String name) {
        return expect(server.post("/v4/projects", "{\"name\":\"" + name + "\"}"), 201);
    }

    @Test
    void createGetUpdateDelete() {
        JsonNode created = create("support-bot");
        String id = created.get("id").asText();
        assertThat(id).matches("pr_[A-Za-z0-9]{21}");
        assertThat(created.get("name").asText()).isEqualTo("support-bot");
        assertThat(created.get("users")).isEmpty();
        assertThat(created.get("data_count").asInt()).isZero();
        assertThat(created.get("team_id").asText()).startsWith("tm_");
        assertThat(created.get("feedback_types")).extracting(t -> t.get("type").asText())
                .containsExactly("rating", "action", "issue", "correction", "comment");
        assertThat(created.get("created_at").asText()).endsWith("Z");

        assertThat(expect(server.get("/v4/projects/" + id), 200).get("name").asText()).isEqualTo("support-bot");
        // The Node SDK copies the path parameter into the body as "id"; it is ignored.
        JsonNode renamed = expect(server.patch("/v4/projects/" + id, "{\"id\":\"" + id + "\",\"name\":\"helpdesk\",\"directory_id\":\"dir_1\"}"), 200);
        assertThat(renamed.get("name").asText()).isEqualTo("helpdesk");
        assertThat(renamed.get("directory_id").asText()).isEqualTo("dir_1");

        assertThat(server.delete("/v4/projects/" + id).statusCode()).isEqualTo(204);
        assertThat(server.get("/v4/projects/" + id).statusCode()).isEqualTo(404);
        assertThat(server.delete("/v4/projects/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void deletingAProjectDeletesItsLogs() {
        String id = create("doomed").get("id").asText();
        expect(server.post("/v4/chat", "{\"project_id\":\"" + id + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}"), 200);
        assertThat(expect(server.get("/v4/projects/" + id), 200).get("data_count").asInt()).isEqualTo(1);
        assertThat(server.delete("/v4/projects/" + id).statusCode()).isEqualTo(204);
        assertThat(server.logCount()).isZero();
    }

    @Test
    void namesAreUnique() {
        create("taken");
        assertThat(server.post("/v4/projects", "{\"name\":\"taken\"}").statusCode()).isEqualTo(409);
        String other = create("other").get("id").asText();
        assertThat(server.patch("/v4/projects/" + other, "{\"name\":\"taken\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void badBodiesAre422() {
        JsonNode missing = expect(server.post("/v4/projects", "{}"), 422);
        assertThat(missing.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"name\"]");
        JsonNode wrongType = expect(server.post("/v4/projects", "{\"name\":42}"), 422);
        assertThat(wrongType.get("detail").get(0).get("type").asText()).isEqualTo("type_error.str");
        String id = create("p").get("id").asText();
        JsonNode both = expect(server.patch("/v4/projects/" + id, "{\"active_config_id\":\"config_a\",\"active_experiment_id\":\"exp_b\"}"), 422);
        assertThat(both.get("detail").get(0).get("loc").get(1).asText()).isEqualTo("active_experiment_id");
        assertThat(server.patch("/v4/projects/" + id, "{\"active_config_id\":\"config_unknown\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void listPagesFiltersAndSorts() {
        for (String name : List.of("alpha", "Beta", "gamma", "delta", "epsilon")) {
            create(name);
        }
        JsonNode first = expect(server.get("/v4/projects?page=0&size=2&sort_by=name&order=asc"), 200);
        assertThat(first.get("total").asInt()).isEqualTo(5);
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(names(first)).containsExactly("Beta", "alpha");
        assertThat(names(expect(server.get("/v4/projects?page=2&size=2&sort_by=name&order=asc"), 200))).containsExactly("gamma");
        assertThat(names(expect(server.get("/v4/projects?page=3&size=2&sort_by=name&order=asc"), 200))).isEmpty();
        assertThat(names(expect(server.get("/v4/projects?filter=ET&sort_by=name&order=desc"), 200))).containsExactly("Beta");
        assertThat(names(expect(server.get("/v4/projects?size=10"), 200))).as("newest first by default")
                .containsExactly("epsilon", "delta", "gamma", "Beta", "alpha");
        assertThat(names(expect(server.get("/v4/projects?filter=%25"), 200))).as("a % in the filter is a literal").isEmpty();
    }

    @Test
    void badQueryParametersAre422() {
        for (String query : List.of("page=-1", "size=0", "page=x", "sort_by=colour", "order=sideways")) {
            JsonNode problem = expect(server.get("/v4/projects?" + query), 422).get("detail").get(0);
            assertThat(problem.get("loc").get(0).asText()).isEqualTo("query");
            assertThat(problem.get("loc").get(1).asText()).isEqualTo(query.substring(0, query.indexOf('=')));
        }
    }

    @Test
    void feedbackTypesAreCreatedAndUpdatedPerProject() {
        String id = create("with-types").get("id").asText();
        JsonNode created = expect(server.post("/v4/projects/" + id + "/feedback-types",
                "{\"type\":\"tone\",\"values\":[{\"value\":\"warm\",\"sentiment\":\"positive\"},{\"value\":\"cold\"}],\"class\":\"select\"}"), 201);
        assertThat(created.get("type").asText()).isEqualTo("tone");
        assertThat(created.get("values").get(1).get("sentiment").asText()).isEqualTo("neutral");
        JsonNode all = expect(server.patch("/v4/projects/" + id + "/feedback-types",
                "[{\"type\":\"tone\",\"values\":[{\"value\":\"warm\",\"sentiment\":\"positive\"}]},{\"type\":\"rating\",\"values\":[{\"value\":\"5 stars\",\"sentiment\":\"positive\"}]}]"), 200);
        List<String> types = new ArrayList<>();
        all.forEach(t -> types.add(t.get("type").asText()));
        assertThat(types).containsExactly("rating", "action", "issue", "correction", "comment", "tone");
        assertThat(all.get(0).get("values").get(0).get("value").asText()).isEqualTo("5 stars");
        assertThat(expect(server.get("/v4/projects/" + id), 200).get("feedback_types")).hasSize(6);
        String other = create("without").get("id").asText();
        assertThat(expect(server.get("/v4/projects/" + other), 200).get("feedback_types")).hasSize(5);
        assertThat(expect(server.post("/v4/projects/" + id + "/feedback-types", "{\"values\":[]}"), 422)
                .get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"type\"]");
        assertThat(server.post("/v4/projects/pr_nope/feedback-types", "{\"type\":\"x\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void theProjectsConfigsAreListedWithTheirUse() {
        String id = create("configs").get("id").asText();
        for (int i = 0; i < 3; i++) {
            expect(server.post("/v4/chat", "{\"project_id\":\"" + id + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                    + "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\",\"temperature\":" + (i < 2 ? "0.1" : "0.2") + "}}"), 200);
        }
        JsonNode configs = expect(server.get("/v4/projects/" + id + "/configs"), 200);
        assertThat(configs).hasSize(2);
        assertThat(configs.get(0).get("num_datapoints").asInt()).isEqualTo(2);
        assertThat(configs.get(1).get("num_datapoints").asInt()).isEqualTo(1);
        assertThat(configs.get(0).get("project_name").asText()).isEqualTo("configs");
        assertThat(configs.get(0).get("config").get("type").asText()).isEqualTo("model");
        assertThat(configs.get(0).get("config").get("temperature").asDouble()).isEqualTo(0.1);
        assertThat(configs.get(0).get("last_used").asText()).endsWith("Z");
        assertThat(expect(server.get("/v4/projects/" + id), 200).get("config_type").asText()).isEqualTo("model");
    }

    @Test
    void theExportIsThePagesOfTheProjectsLogs() {
        String id = create("export").get("id").asText();
        for (int i = 0; i < 3; i++) {
            expect(server.post("/v4/chat", "{\"project_id\":\"" + id + "\",\"messages\":[{\"role\":\"user\",\"content\":\"n" + i + "\"}],"
                    + "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}"), 200);
        }
        JsonNode page = expect(server.post("/v4/projects/" + id + "/export?page=0&size=2", ""), 200);
        assertThat(page.get("total").asInt()).isEqualTo(3);
        assertThat(page.get("records")).hasSize(2);
        assertThat(page.get("records").get(0).get("id").asText()).startsWith("data_");
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("records").forEach(p -> names.add(p.get("name").asText()));
        return names;
    }
}
