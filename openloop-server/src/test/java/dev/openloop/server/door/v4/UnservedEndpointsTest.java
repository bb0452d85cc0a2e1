package dev.openloop.server.door.v4;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The v4 endpoints OpenLoop does not serve answer 501 with a detail naming the endpoint and the
 * page that says why, never a bare 404 that reads like a typo; an unknown path stays a 404, and a
 * served path is served as before. The paths are those of the v4.0.1 document (and the finetunes
 * of SDK 0.5.36) that OpenLoop leaves out.
 */
class UnservedEndpointsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String path) {
        HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .header("X-API-KEY", TestServer.API_KEY)
                .header("Content-Type", "application/json")
                .method(method, body)
                .build());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST,   /v4/model-configs/config_x/export,   /model-configs/{id}/export",
            "POST,   /v4/model-configs/serialize,         /model-configs/serialize",
            "POST,   /v4/model-configs/deserialize,       /model-configs/deserialize",
            "GET,    /v4/projects/pr_x/datasets,          /projects/{project_id}/datasets",
            "POST,   /v4/projects/pr_x/datasets,          /projects/{project_id}/datasets",
            "GET,    /v4/datasets,                        /datasets",
            "GET,    /v4/datasets/evts_x,                 /datasets/{id}",
            "PATCH,  /v4/datasets/evts_x,                 /datasets/{id}",
            "DELETE, /v4/datasets/evts_x,                 /datasets/{id}",
            "GET,    /v4/datasets/evts_x/datapoints,      /datasets/{dataset_id}/datapoints",
            "POST,   /v4/datasets/evts_x/datapoints,      /datasets/{dataset_id}/datapoints",
            "GET,    /v4/datapoints/evtc_x,               /datapoints/{id}",
            "PATCH,  /v4/datapoints/evtc_x,               /datapoints/{id}",
            "DELETE, /v4/datapoints,                      /datapoints",
            "GET,    /v4/evaluators,                      /evaluators",
            "POST,   /v4/evaluators,                      /evaluators",
            "GET,    /v4/evaluators/evfn_x,               /evaluators/{id}",
            "PATCH,  /v4/evaluators/evfn_x,               /evaluators/{id}",
            "DELETE, /v4/evaluators/evfn_x,               /evaluators/{id}",
            "GET,    /v4/projects/pr_x/evaluations,       /projects/{project_id}/evaluations",
            "POST,   /v4/projects/pr_x/evaluations,       /projects/{project_id}/evaluations",
            "GET,    /v4/evaluations,                     /evaluations",
            "GET,    /v4/evaluations/ev_x,                /evaluations/{id}",
            "GET,    /v4/evaluations/ev_x/datapoints,     /evaluations/{id}/datapoints",
            "POST,   /v4/evaluations/ev_x/log,            /evaluations/{id}/log",
            "POST,   /v4/evaluations/ev_x/result,         /evaluations/{id}/result",
            "PATCH,  /v4/evaluations/ev_x/status,         /evaluations/{id}/status",
            "PATCH,  /v4/evaluations/ev_x/evaluators,     /evaluations/{id}/evaluators",
            "GET,    /v4/projects/pr_x/finetunes,         /projects/{project_id}/finetunes",
            "POST,   /v4/projects/pr_x/finetunes,         /projects/{project_id}/finetunes",
            "POST,   /v4/projects/pr_x/finetunes/summary, /projects/{project_id}/finetunes/summary",
            "PATCH,  /v4/finetunes/ft_x,                  /finetunes/{id}"})
    void anUnservedV4EndpointIs501NamingItAndTheDocs(String method, String path, String template) {
        HttpResponse<String> response = send(method, path);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(501);
        JsonNode detail = TestServer.json(response.body()).get("detail");
        assertThat(detail.isTextual()).as(response.body()).isTrue();
        assertThat(detail.asText()).startsWith(method + " /v4" + template + " ").contains("docs/api.md");
    }

    @Test
    void anotherMethodOnAnUnservedPathIs405AndAnUnknownPathIsStill404() {
        HttpResponse<String> put = send("PUT", "/v4/datasets/evts_x");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, PATCH, DELETE");

        for (String unknown : new String[] {"/v4/dataset", "/v4/datasets/evts_x/rows", "/v4/no-such-thing"}) {
            HttpResponse<String> response = send("GET", unknown);
            assertThat(response.statusCode()).as(unknown).isEqualTo(404);
            assertThat(TestServer.json(response.body()).get("detail").asText()).isEqualTo("Not Found");
        }
    }

    @Test
    void theKeyIsCheckedFirst() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/v4/datasets")).GET().build());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void servedPathsBesideThemAreServedAsBefore() {
        HttpResponse<String> project = server.post("/v4/projects", "{\"name\":\"beside-unserved\"}");
        assertThat(project.statusCode()).as(project.body()).isEqualTo(201);
        String id = TestServer.json(project.body()).get("id").asText();
        assertThat(send("GET", "/v4/projects/" + id).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v4/model-configs/config_unknown").statusCode()).isEqualTo(404);
    }
}
