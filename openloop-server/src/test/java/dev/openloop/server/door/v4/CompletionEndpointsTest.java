package dev.openloop.server.door.v4;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.SseEvents;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import dev.openloop.server.testing.V4Schemas;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * The four completion endpoints on the mock provider, over real HTTP: each answer fits v4.0.1's
 * {@code CompletionResponse}, each stream event its envelope, and a completion is a log like any
 * other, in the same projects, sessions, configs, deployments and experiments as chat.
 */
class CompletionEndpointsTest extends EveryStoreSuite {
    private static final V4Schemas SCHEMAS = V4Schemas.load("completion-response.schema.json");
    private static final String TEMPLATE = "What is the capital of {{country}}?";
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** A whole answer of {@code path}, checked against the schema. */
    private static JsonNode complete(String path, String body) {
        JsonNode answer = expect(server.post("/v4" + path, body), 200);
        assertThat(SCHEMAS.problems(answer, "CompletionResponse")).as("%s", answer).isEmpty();
        return answer;
    }

    private static String mockConfig(String model) {
        return "{\"provider\":\"mock\",\"model\":\"" + model + "\",\"prompt_template\":\"" + TEMPLATE + "\"}";
    }

    private static String project(String name) {
        return expect(server.post("/v4/projects", "{\"name\":\"" + name + "\"}"), 201).get("id").asText();
    }

    private static String register(String projectId, String model) {
        return expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId + "\",\"provider\":\"mock\",\"model\":\""
                + model + "\",\"prompt_template\":\"" + TEMPLATE + "\"}"), 200).get("config").get("id").asText();
    }

    @Test
    void anInlineCompletionAnswersEveryKeyAndIsALogLikeAnyOther() {
        JsonNode answer = complete("/completion", """
                {"project":"completion-inline","inputs":{"country":"France"},"user":"u-9","source":"tests",
                 "metadata":{"k":"v"},"logprobs":1,"suffix":"!","model_config":%s}""".formatted(mockConfig("mock-1")));

        for (String key : List.of("project_id", "num_samples", "logprobs", "suffix", "user", "data", "usage", "metadata",
                "provider_responses", "provider_request", "session_id")) {
            assertThat(answer.has(key)).as("key %s in %s", key, answer).isTrue();
        }
        JsonNode item = answer.get("data").get(0);
        assertThat(item.get("id").asText()).matches("data_[A-Za-z0-9]{21}");
        assertThat(item.get("index").asInt()).isZero();
        assertThat(item.get("output").asText()).isEqualTo("Mock response to: What is the capital of France?");
        assertThat(item.get("inputs")).isEqualTo(TestServer.json("{\"country\":\"France\"}"));
        assertThat(item.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(item.has("output_message")).as("a completion item has no chat message").isFalse();
        assertThat(answer.get("logprobs").asInt()).isEqualTo(1);
        assertThat(answer.get("suffix").asText()).isEqualTo("!");
        assertThat(answer.get("user").asText()).isEqualTo("u-9");
        assertThat(answer.get("num_samples").asInt()).isEqualTo(1);
        assertThat(answer.get("provider_responses")).hasSize(1);

        String projectId = answer.get("project_id").asText();
        String logId = item.get("id").asText();
        JsonNode log = expect(server.get("/v4/logs/" + logId), 200);
        assertThat(log.get("project_id").asText()).isEqualTo(projectId);
        assertThat(log.get("output").asText()).isEqualTo(item.get("output").asText());
        assertThat(log.get("messages")).as("the filled prompt, as one user message").hasSize(1);
        assertThat(log.get("messages").get(0).get("role").asText()).isEqualTo("user");
        assertThat(log.get("messages").get(0).get("content").asText()).isEqualTo("What is the capital of France?");
        assertThat(log.get("config").get("prompt_template").asText()).isEqualTo(TEMPLATE);
        assertThat(log.get("config").get("endpoint").asText()).isEqualTo("complete");
        assertThat(log.get("source").asText()).isEqualTo("tests");
        assertThat(expect(server.get("/v4/logs?project_id=" + projectId), 200).get("records").get(0).get("id").asText())
                .isEqualTo(logId);
        expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"" + logId + "\"}"), 200);
    }

    @Test
    void anInlineConfigIsTheSameConfigAsTheSameParametersRegistered() {
        String projectId = project("completion-identity");
        String registered = register(projectId, "mock-identity");
        JsonNode answer = complete("/completion", """
                {"project_id":"%s","inputs":{"country":"Peru"},"model_config":%s}""".formatted(projectId,
                mockConfig("mock-identity")));
        assertThat(answer.get("data").get(0).get("model_config_id").asText()).isEqualTo(registered);
    }

    @Test
    void aRegisteredADeployedAndAnExperimentsConfigComplete() {
        String projectId = project("completion-sources");
        String first = register(projectId, "mock-a");
        String second = register(projectId, "mock-b");

        JsonNode byId = complete("/completion-model-config", """
                {"project_id":"%s","model_config_id":"%s","inputs":{"country":"Chile"}}""".formatted(projectId, second));
        assertThat(byId.get("data").get(0).get("model_config_id").asText()).isEqualTo(second);
        assertThat(byId.get("data").get(0).get("output").asText()).isEqualTo("Mock response to: What is the capital of Chile?");

        JsonNode deployed = complete("/completion-deployed", """
                {"project_id":"%s","environment":"production","inputs":{"country":"Chile"}}""".formatted(projectId));
        assertThat(deployed.get("data").get(0).get("model_config_id").asText()).as("the first registered config is active")
                .isEqualTo(first);

        String experimentId = expect(server.post("/v4/projects/" + projectId + "/experiments", """
                {"name":"completion-arms","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s","%s"]}"""
                .formatted(first, second)), 200).get("id").asText();
        JsonNode drawn = complete("/completion-experiment", """
                {"experiment_id":"%s","num_samples":4,"inputs":{"country":"Chile"}}""".formatted(experimentId));
        assertThat(drawn.get("project_id").asText()).isEqualTo(projectId);
        assertThat(drawn.get("data")).hasSize(4);
        Set<String> ids = new HashSet<>();
        for (JsonNode item : drawn.get("data")) {
            assertThat(item.get("model_config_id").asText()).isIn(first, second);
            ids.add(item.get("id").asText());
            expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\""
                    + item.get("id").asText() + "\"}"), 200);
            JsonNode log = expect(server.get("/v4/logs/" + item.get("id").asText()), 200);
            assertThat(log.get("experiment_id").asText()).isEqualTo(experimentId);
            assertThat(log.get("trial_id").isTextual()).isTrue();
        }
        assertThat(ids).hasSize(4);
        JsonNode experiment = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0);
        long trials = 0;
        for (JsonNode config : experiment.get("configs")) {
            trials += config.get("trials_count").asLong();
        }
        assertThat(trials).as("each rated completion is a trial of the arm it drew").isEqualTo(4);
    }

    @Test
    void aCompletionJoinsASessionByReference() {
        JsonNode answer = complete("/completion", """
                {"project":"completion-session","session_reference_id":"conversation-7","inputs":{"country":"Japan"},
                 "model_config":%s}""".formatted(mockConfig("mock-1")));
        String sessionId = answer.get("session_id").asText();
        assertThat(sessionId).startsWith("sesh_");
        JsonNode again = complete("/completion", """
                {"project":"completion-session","session_reference_id":"conversation-7","inputs":{"country":"Korea"},
                 "model_config":%s}""".formatted(mockConfig("mock-1")));
        assertThat(again.get("session_id").asText()).isEqualTo(sessionId);
        assertThat(expect(server.get("/v4/sessions/" + sessionId), 200).get("datapoints_count").asInt()).isEqualTo(2);
    }

    @Test
    void returnInputsFalseEmptiesTheInputsOfTheAnswer() {
        JsonNode answer = complete("/completion", """
                {"return_inputs":false,"inputs":{"country":"Peru"},"model_config":%s}""".formatted(mockConfig("mock-1")));
        assertThat(answer.get("data").get(0).get("inputs")).isEqualTo(TestServer.json("{}"));
        assertThat(answer.get("project_id").isNull()).as("no project was named").isTrue();
    }

    @Test
    void aStreamedCompletionSendsDeltasInTheEnvelopeAndLogsTheWhole() {
        String projectId = project("completion-stream");
        register(projectId, "mock-stream");
        HttpResponse<String> response = server.post("/v4/completion-deployed", """
                {"project_id":"%s","stream":true,"num_samples":2,"inputs":{"country":"Spain"}}""".formatted(projectId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));

        List<JsonNode> events = SseEvents.data(response.body());
        List<StringBuilder> texts = List.of(new StringBuilder(), new StringBuilder());
        List<String> logIds = new ArrayList<>(List.of("", ""));
        for (JsonNode event : events) {
            assertThat(SCHEMAS.problems(event, "CompletionResponse")).as("%s", event).isEmpty();
            assertThat(event.get("data")).hasSize(1);
            JsonNode item = event.get("data").get(0);
            int index = item.get("index").asInt();
            texts.get(index).append(item.get("output").asText());
            logIds.set(index, item.get("id").asText());
            assertThat(event.get("project_id").asText()).isEqualTo(projectId);
        }
        for (int index = 0; index < 2; index++) {
            JsonNode log = expect(server.get("/v4/logs/" + logIds.get(index)), 200);
            assertThat(texts.get(index).toString()).isEqualTo(log.get("raw_output").asText());
            assertThat(log.get("output").asText()).isEqualTo("Mock response to: What is the capital of Spain?");
        }
        long ends = events.stream().filter(e -> !e.get("data").get(0).get("finish_reason").isNull()).count();
        assertThat(ends).as("one last event per sample").isEqualTo(2);
        assertThat(events.stream().filter(e -> !e.get("usage").isNull()).count()).isEqualTo(2);
    }
}
