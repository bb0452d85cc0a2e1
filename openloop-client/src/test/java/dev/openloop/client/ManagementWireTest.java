package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openloop.api.config.ModelEndpoint;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.config.ProjectModelConfigRequest;
import dev.openloop.api.experiment.CreateExperimentRequest;
import dev.openloop.api.feedback.FeedbackRequest;
import dev.openloop.api.log.UpdateLogRequest;
import dev.openloop.api.project.PositiveLabel;
import dev.openloop.api.project.ProjectResponse;
import dev.openloop.api.project.UpdateProjectRequest;
import dev.openloop.api.session.SessionResponse;
import dev.openloop.client.testing.LocalServer;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the management calls put on the wire, and how pages follow each other, checked on a local
 * server that records each request: encoded path segments, query parameter names and values,
 * bodies with only what was set, and paging that stops where it must.
 */
class ManagementWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMPTY_PAGE = "{\"records\":[],\"page\":0,\"size\":10,\"total\":0}";

    private static Humanloop client(LocalServer server) {
        return Humanloop.builder().apiKey("hl-key").basePath(server.basePath()).maxRetries(0)
                .timeout(Duration.ofSeconds(10)).build();
    }

    private static JsonNode tree(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static String project(String name) {
        return "{\"id\":\"pr_" + name + "\",\"name\":\"" + name + "\",\"users\":[],\"data_count\":0,\"feedback_types\":[],"
                + "\"team_id\":\"tm_1\"}";
    }

    @Test
    void pathSegmentsAreEncodedSoAnIdCannotNameAnotherResource() {
        try (LocalServer server = LocalServer.answering(json(200, "[]"), json(200, "{\"id\":\"data_x\"}"));
                Humanloop humanloop = client(server)) {
            humanloop.projects().deleteDeployedConfig("pr_1", "env a/b?c#d%");
            humanloop.logs().get("..");
            assertThatThrownBy(() -> humanloop.projects().get(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("blank");

            List<LocalServer.Received> received = server.received();
            assertThat(received.get(0).method()).isEqualTo("DELETE");
            assertThat(received.get(0).path()).isEqualTo("/v4/projects/pr_1/deployed-config/env%20a%2Fb%3Fc%23d%25");
            assertThat(received.get(0).query()).isNull();
            assertThat(received.get(1).path()).isEqualTo("/v4/logs/%2E%2E");
        }
    }

    @Test
    void queryParametersHaveTheirWireNamesAndAreLeftOutWhenNotSet() {
        try (LocalServer server = LocalServer.answering(json(200, EMPTY_PAGE));
                Humanloop humanloop = client(server)) {
            humanloop.projects().list(ProjectListParams.builder().page(2).size(5).filter("a b").userFilter("ada@example.com")
                    .sortBy(ProjectListParams.SortBy.UPDATED_AT).order(ProjectListParams.Order.ASC).build());
            humanloop.projects().list();
            humanloop.logs().list(LogListParams.builder().projectId("pr_1").search("50% & more").startDate(LocalDate.of(2024, 5, 1))
                    .endDate(LocalDate.of(2024, 5, 31)).page(1).size(20).build());
            humanloop.sessions().list(SessionListParams.builder().projectId("pr_1").page(2).size(3).build());
            humanloop.projects().export("pr_1", 1, 5);
            humanloop.projects().getActiveConfig("pr_1", "qa & review");
            humanloop.projects().deactivateExperiment("pr_1");

            List<LocalServer.Received> received = server.received();
            assertThat(received.get(0).query())
                    .isEqualTo("page=2&size=5&filter=a%20b&user_filter=ada%40example.com&sort_by=updated_at&order=asc");
            assertThat(received.get(1).query()).isNull();
            assertThat(received.get(2).path()).isEqualTo("/v4/logs");
            assertThat(received.get(2).query())
                    .isEqualTo("project_id=pr_1&search=50%25%20%26%20more&start_date=2024-05-01&end_date=2024-05-31&page=1&size=20");
            assertThat(received.get(3).query()).isEqualTo("project_id=pr_1&page=2&size=3");
            assertThat(received.get(4).method()).isEqualTo("POST");
            assertThat(received.get(4).path()).isEqualTo("/v4/projects/pr_1/export");
            assertThat(received.get(4).query()).isEqualTo("page=1&size=5");
            assertThat(received.get(4).body()).isEmpty();
            assertThat(received.get(5).query()).isEqualTo("environment=qa%20%26%20review");
            assertThat(received.get(6).method()).isEqualTo("DELETE");
            assertThat(received.get(6).path()).isEqualTo("/v4/projects/pr_1/active-experiment");
            assertThat(received.get(6).query()).isNull();
        }
    }

    @Test
    void everyListsParametersAreMadeTheSameWay() {
        assertThat(ProjectListParams.of()).isEqualTo(ProjectListParams.builder().build());
        assertThat(LogListParams.of("pr_1")).isEqualTo(LogListParams.builder().projectId("pr_1").build());
        assertThat(SessionListParams.of("pr_1")).isEqualTo(SessionListParams.builder().projectId("pr_1").build());
        assertThat(LogListParams.of("pr_1").query()).isEqualTo(Map.of("project_id", List.of("pr_1")));
        // The project is required where the list belongs to one.
        assertThatThrownBy(() -> LogListParams.builder().size(5).build())
                .isInstanceOf(NullPointerException.class).hasMessage("projectId");
        assertThatThrownBy(() -> SessionListParams.builder().build())
                .isInstanceOf(NullPointerException.class).hasMessage("projectId");
    }

    @Test
    void bodiesCarryOnlyWhatWasSetInWireNames() throws IOException {
        try (LocalServer server = LocalServer.answering(json(200, "{}"), json(200, "{}"), json(200, "{}"), json(200, "[]"),
                json(200, "{}"), json(201, "{\"id\":\"sesh_1\"}"), json(204, ""));
                Humanloop humanloop = client(server)) {
            humanloop.projects().update("pr_1", UpdateProjectRequest.builder().name("renamed").build());
            humanloop.modelConfigs().register(ProjectModelConfigRequest.builder().projectId("pr_1").experiment("tone")
                    .provider(ModelProvider.MOCK).model("m").endpoint(ModelEndpoint.CHAT).maxTokens(10).build());
            humanloop.experiments().create("pr_1", CreateExperimentRequest.builder().name("tone")
                    .positiveLabels(new PositiveLabel("rating", "good")).configIds("config_a", "config_b").setActive(true).build());
            humanloop.feedback(List.of(FeedbackRequest.of("data_1", "rating", "good")));
            humanloop.logs().updateByRef("ref 1&2", UpdateLogRequest.builder().output("done").build());
            humanloop.sessions().create();
            humanloop.logs().delete("data_a", "data_b");

            List<LocalServer.Received> received = server.received();
            assertThat(received.get(0).method()).isEqualTo("PATCH");
            assertThat(received.get(0).json()).isEqualTo(tree("{\"name\":\"renamed\"}"));
            assertThat(received.get(1).json()).isEqualTo(tree("{\"project_id\":\"pr_1\",\"experiment\":\"tone\",\"model\":\"m\","
                    + "\"provider\":\"mock\",\"max_tokens\":10,\"endpoint\":\"chat\"}"));
            assertThat(received.get(2).path()).isEqualTo("/v4/projects/pr_1/experiments");
            assertThat(received.get(2).json()).isEqualTo(tree("{\"name\":\"tone\",\"positive_labels\":[{\"type\":\"rating\","
                    + "\"value\":\"good\"}],\"config_ids\":[\"config_a\",\"config_b\"],\"set_active\":true}"));
            assertThat(received.get(3).json()).isEqualTo(tree("[{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"data_1\"}]"));
            assertThat(received.get(4).method()).isEqualTo("PATCH");
            assertThat(received.get(4).path()).isEqualTo("/v4/logs");
            assertThat(received.get(4).query()).isEqualTo("reference_id=ref%201%262");
            assertThat(received.get(4).json()).isEqualTo(tree("{\"output\":\"done\"}"));
            assertThat(received.get(5).method()).isEqualTo("POST");
            assertThat(received.get(5).body()).isEmpty();
            assertThat(received.get(5).headers().getFirst("Content-Type")).isNull();
            assertThat(received.get(6).method()).isEqualTo("DELETE");
            assertThat(received.get(6).query()).isEqualTo("id=data_a&id=data_b");
            assertThat(received).allSatisfy(r -> assertThat(r.headers().getFirst("X-API-KEY")).isEqualTo("hl-key"));
        }
    }

    @Test
    void pagingStopsAtAnEmptyPageWhateverTheTotalSays() {
        try (LocalServer server = LocalServer.answering(
                json(200, "{\"records\":[" + project("a") + "," + project("b") + "],\"page\":0,\"size\":2,\"total\":100}"),
                json(200, "{\"records\":[],\"page\":1,\"size\":2,\"total\":100}"));
                Humanloop humanloop = client(server)) {
            Page<ProjectResponse> first = humanloop.projects().list(ProjectListParams.builder().size(2).build());

            List<String> names = new ArrayList<>();
            first.autoPager().forEach(project -> names.add(project.name()));

            assertThat(names).containsExactly("a", "b");
            assertThat(server.received()).extracting(LocalServer.Received::query).containsExactly("size=2", "page=1&size=2");
        }
    }

    @Test
    void pagesAreFetchedOnlyWhenTheIterationReachesThemAndAFailedFetchIsThrownThere() {
        String session = "{\"id\":\"sesh_%s\",\"projects\":[],\"datapoints_count\":0}";
        try (LocalServer server = LocalServer.answering(
                json(200, "{\"records\":[" + session.formatted("1") + "," + session.formatted("2") + "],\"page\":1,\"size\":2,\"total\":5}"),
                json(200, "{\"records\":[" + session.formatted("3") + "," + session.formatted("4") + "],\"page\":2,\"size\":2,\"total\":5}"),
                json(404, "{\"detail\":\"Project pr_1 not found\"}"));
                Humanloop humanloop = client(server)) {
            Page<SessionResponse> first = humanloop.sessions().list(SessionListParams.builder().projectId("pr_1").size(2).build());
            Iterator<SessionResponse> all = first.autoPager().iterator();
            assertThat(all.next().id()).isEqualTo("sesh_1");
            assertThat(all.next().id()).isEqualTo("sesh_2");
            assertThat(server.received()).hasSize(1);

            assertThat(all.next().id()).isEqualTo("sesh_3");
            assertThat(server.received()).extracting(LocalServer.Received::query)
                    .containsExactly("project_id=pr_1&size=2", "project_id=pr_1&page=2&size=2");
            assertThat(all.next().id()).isEqualTo("sesh_4");

            // Sessions count pages from 1: pages 1 and 2 of 2 hold 4 of the 5, so a third is asked for.
            assertThatThrownBy(all::hasNext).isInstanceOf(NotFoundException.class).hasMessageContaining("pr_1");
            assertThat(server.received()).last().extracting(LocalServer.Received::query)
                    .isEqualTo("project_id=pr_1&page=3&size=2");
        }
    }
}
