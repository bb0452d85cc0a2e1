package dev.openloop.server.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.SseEvents;
import dev.openloop.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a v4 completion reaches OpenAI (a local fake replaying golden answers): an instruct model's
 * goes to the legacy Completions API ({@code /completions}) in that API's body format, any other
 * model's to Chat Completions as one user message; the answer is the same v4 completion answer,
 * and the log keeps the body that was sent, which says which API it went to.
 */
class OpenAiCompletionTest {
    private static final String SERVER_KEY = "sk-server-key-0000000000000000";
    private static ProviderFake openai;
    private static TestServer server;

    @BeforeAll
    static void start() {
        openai = ProviderFake.start();
        server = TestServer.start(Map.of("OPENAI_BASE_URL", openai.baseUrl() + "/v1", "OPENAI_API_KEY", SERVER_KEY));
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
    }

    private static JsonNode complete(String body) {
        HttpResponse<String> response = server.post("/v4/completion", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestServer.json(response.body());
    }

    @Test
    void anInstructModelsCompletionGoesToTheCompletionsApiWithEveryParameter() {
        openai.enqueue(Answer.json(200, Golden.read("openai/completion.json")));
        JsonNode answer = complete("""
                {"project":"instruct","inputs":{"country":"France"},"user":"end-user-3","seed":5,"logprobs":2,"suffix":" END",
                 "model_config":{"provider":"openai","model":"gpt-3.5-turbo-instruct","max_tokens":50,"temperature":0.3,
                   "top_p":0.8,"presence_penalty":0.1,"frequency_penalty":0.2,"stop":["\\n\\n\\n"],"other":{"best_of":2},
                   "prompt_template":"Q: What is the capital of {{country}}?\\nA:"}}""");

        ProviderFake.Received sent = openai.last();
        assertThat(sent.path()).isEqualTo("/v1/completions");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + SERVER_KEY);
        assertThat(TestServer.json(sent.body())).isEqualTo(TestServer.json("""
                {"model":"gpt-3.5-turbo-instruct","prompt":"Q: What is the capital of France?\\nA:","suffix":" END",
                 "max_tokens":50,"temperature":0.3,"top_p":0.8,"presence_penalty":0.1,"frequency_penalty":0.2,
                 "stop":["\\n\\n\\n"],"logprobs":2,"seed":5,"user":"end-user-3","best_of":2}"""));

        JsonNode item = answer.get("data").get(0);
        assertThat(item.get("output").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(item.get("raw_output").asText()).isEqualTo("\n\nParis is the capital of France. ");
        assertThat(item.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(answer.get("usage")).isEqualTo(TestServer.json("{\"prompt_tokens\":11,\"generation_tokens\":8,\"total_tokens\":19}"));
        assertThat(answer.get("logprobs").asInt()).isEqualTo(2);
        assertThat(answer.get("suffix").asText()).isEqualTo(" END");
        assertThat(answer.get("provider_request").get("prompt").asText()).isEqualTo("Q: What is the capital of France?\nA:");
        assertThat(answer.get("provider_responses").get(0).get("object").asText()).isEqualTo("text_completion");

        JsonNode log = TestServer.json(server.get("/v4/logs/" + item.get("id").asText()).body());
        assertThat(log.get("provider_request").get("prompt").asText()).isEqualTo("Q: What is the capital of France?\nA:");
        assertThat(log.get("provider_request").has("messages")).isFalse();
        assertThat(log.get("output").asText()).isEqualTo("Paris is the capital of France.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-3.5-turbo-instruct-0914", "davinci-002", "babbage-002", "ft:davinci-002:acme::8abc",
            "text-davinci-003"})
    void everyInstructModelGoesToTheCompletionsApi(String model) {
        openai.enqueue(Answer.json(200, Golden.read("openai/completion.json")));
        complete("{\"model_config\":{\"provider\":\"openai\",\"model\":\"" + model + "\",\"prompt_template\":\"Say hi\"}}");
        assertThat(openai.last().path()).isEqualTo("/v1/completions");
        assertThat(TestServer.json(openai.last().body()).get("prompt").asText()).isEqualTo("Say hi");
    }

    @Test
    void aChatModelsCompletionGoesToChatCompletionsAsOneUserMessage() {
        openai.enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));
        JsonNode answer = complete("""
                {"inputs":{"country":"France"},"logprobs":2,"suffix":" END",
                 "model_config":{"provider":"openai","model":"gpt-4o","max_tokens":50,
                   "prompt_template":"What is the capital of {{country}}?"}}""");

        ProviderFake.Received sent = openai.last();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(TestServer.json(sent.body())).isEqualTo(TestServer.json("""
                {"model":"gpt-4o","messages":[{"role":"user","content":"What is the capital of France?"}],"max_tokens":50}"""));
        JsonNode item = answer.get("data").get(0);
        assertThat(item.get("output").asText()).isEqualTo("The capital of France is Paris.");
        assertThat(item.get("raw_output").asText()).isEqualTo("  The capital of France is Paris.\n");

        JsonNode log = TestServer.json(server.get("/v4/logs/" + item.get("id").asText()).body());
        assertThat(log.get("provider_request").get("messages").get(0).get("content").asText())
                .isEqualTo("What is the capital of France?");
        assertThat(log.get("provider_request").has("prompt")).isFalse();
    }

    @Test
    void severalSamplesOfAnInstructModelAreOneCall() {
        openai.enqueue(Answer.json(200, Golden.read("openai/completion_two_choices.json")));
        JsonNode answer = complete("""
                {"num_samples":2,"model_config":{"provider":"openai","model":"davinci-002","prompt_template":"The capital of France is"}}""");

        assertThat(TestServer.json(openai.last().body()).get("n").asInt()).isEqualTo(2);
        assertThat(answer.get("data")).hasSize(2);
        assertThat(answer.get("data").get(0).get("output").asText()).isEqualTo("Paris.");
        assertThat(answer.get("data").get(1).get("output").asText()).isEqualTo("Paris, on the Seine, which");
        assertThat(answer.get("data").get(1).get("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void anInstructModelsCompletionStreamsFromTheCompletionsApi() {
        openai.enqueue(Answer.sse(Golden.read("openai/stream_completion.sse")));
        HttpResponse<String> response = server.post("/v4/completion", """
                {"stream":true,"model_config":{"provider":"openai","model":"gpt-3.5-turbo-instruct","prompt_template":"Capital of France?"}}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode sent = TestServer.json(openai.last().body());
        assertThat(openai.last().path()).isEqualTo("/v1/completions");
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.get("stream_options").get("include_usage").asBoolean()).isTrue();
        List<JsonNode> events = SseEvents.data(response.body());
        StringBuilder text = new StringBuilder();
        for (JsonNode event : events) {
            text.append(event.get("data").get(0).get("output").asText());
        }
        assertThat(text.toString()).isEqualTo("\n\nParis is the capital.");
        JsonNode last = events.getLast();
        assertThat(last.get("data").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.get("usage").get("generation_tokens").asInt()).isEqualTo(6);
        String logId = last.get("data").get(0).get("id").asText();
        assertThat(TestServer.json(server.get("/v4/logs/" + logId).body()).get("output").asText()).isEqualTo("Paris is the capital.");
    }

    @Test
    void aCompletionIsMeteredAsATextCompletionAndOffersNoTools() {
        openai.enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));
        String configId = TestServer.json(server.post("/v4/model-configs", """
                {"project":"tools-and-prompt","provider":"openai","model":"gpt-4o-mini","prompt_template":"Weather in Paris?",
                 "tools":[{"name":"lookup","parameters":{"type":"object"}}]}""").body()).get("config").get("id").asText();
        HttpResponse<String> response = server.post("/v4/completion-model-config", "{\"model_config_id\":\"" + configId + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(TestServer.json(openai.last().body()).has("tools")).as("a completion's answer is text only").isFalse();

        String metrics = server.get("/metrics").body();
        assertThat(metrics).containsPattern("gen_ai_client_operation_duration_seconds_count\\{[^}]*gen_ai_operation_name=\"text_completion\""
                + "[^}]*gen_ai_request_model=\"gpt-4o-mini\"");
        assertThat(metrics).doesNotContainPattern("gen_ai_operation_name=\"chat\"[^}]*gen_ai_request_model=\"gpt-4o-mini\"");
    }
}
