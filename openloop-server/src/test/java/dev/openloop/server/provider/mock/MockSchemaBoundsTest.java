package dev.openloop.server.provider.mock;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mock fakes a forced tool's arguments from the caller's JSON Schema, so what a schema may ask
 * is bounded: a schema asking for more (100,000,000 items once ran the node out of memory) is a
 * 422 at the keyword, before anything is written, and the node goes on answering.
 */
class MockSchemaBoundsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> chatWithTool(String parameters) {
        return server.post("/v4/chat", """
                {"project":"schemas","messages":[{"role":"user","content":"go"}],"tool_choice":"required",
                 "model_config":{"provider":"mock","model":"m","tools":[
                   {"name":"first","parameters":{"type":"object"}},
                   {"name":"fake","parameters":%s}]}}""".formatted(parameters)
                .replace("\"tool_choice\":\"required\"", "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"fake\"}}"));
    }

    /** The one problem of the 422, as {@code loc: msg}. */
    private static String refusal(HttpResponse<String> response) {
        JsonNode detail = expect(response, 422).get("detail");
        assertThat(detail).as(response.body()).hasSize(1);
        assertThat(detail.get(0).get("type").asText()).isEqualTo("value_error.too_large");
        return detail.get(0).get("loc") + ": " + detail.get(0).get("msg").asText();
    }

    @Test
    void aHundredMillionItemsAreRefusedAtMinItemsAndNothingIsWritten() {
        int logs = server.logCount();
        assertThat(refusal(chatWithTool("{\"type\":\"object\",\"properties\":{\"rows\":{\"type\":\"array\",\"minItems\":100000000}}}")))
                .isEqualTo("[\"body\",\"model_config\",\"tools\",1,\"parameters\",\"properties\",\"rows\",\"minItems\"]: "
                        + "the mock provider fakes arrays of at most 1000 items");
        assertThat(server.logCount()).isEqualTo(logs);
        expect(server.get("/healthz"), 200);
    }

    @Test
    void everySizeKeywordIsBounded() {
        assertThat(refusal(chatWithTool("{\"type\":\"string\",\"minLength\":1e12}")))
                .endsWith("\"parameters\",\"minLength\"]: the mock provider fakes strings of at most 10000 characters");
        assertThat(refusal(chatWithTool("{\"type\":\"object\",\"minProperties\":4294967297}")))
                .endsWith("\"parameters\",\"minProperties\"]: the mock provider fakes objects of at most 1000 properties");
        String deep = "{\"type\":\"array\",\"items\":".repeat(40) + "{\"type\":\"string\"}" + "}".repeat(40);
        assertThat(refusal(chatWithTool(deep))).contains("nested at most 32 levels deep");
    }

    @Test
    void itemsTimesLengthBeyondTheOutputBoundAreRefused() {
        assertThat(refusal(chatWithTool("{\"type\":\"array\",\"minItems\":1000,\"items\":{\"type\":\"string\",\"minLength\":10000}}")))
                .contains("the mock provider fakes arguments of at most 65536 characters");
        assertThat(refusal(chatWithTool("{\"type\":\"array\",\"minItems\":1000,\"items\":{\"type\":\"array\",\"minItems\":1000}}")))
                .contains("the mock provider fakes arguments of at most 65536 characters");
    }

    @Test
    void theRawResponseHoldsTheTextOnceWhateverTheSamples() {
        JsonNode answer = expect(server.post("/v4/chat", "{\"project\":\"schemas\",\"num_samples\":5,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"marker-7f3a\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}"), 200);
        // Each sample's log keeps the call's whole response: a copy of the text per sample in it
        // would make the logs of a request grow with the square of its samples.
        String stored = server.logRow(answer.get("data").get(0).get("id").asText()).get("provider_response").asText();
        assertThat(stored.split("marker-7f3a", -1)).hasSize(2);
        assertThat(TestServer.json(stored).get("choices")).hasSize(5);
    }

    @Test
    void whatFitsTheBoundsIsFakedToFit() {
        JsonNode answer = expect(chatWithTool("""
                {"type":"object","minProperties":3,"additionalProperties":{"type":"integer","minimum":7},
                 "properties":{"rows":{"type":"array","minItems":3,"items":{"type":"string","minLength":5}}}}"""), 200);
        JsonNode arguments = TestServer.json(answer.get("data").get(0).get("tool_calls").get(0).get("function")
                .get("arguments").asText());
        assertThat(arguments.get("rows")).hasSize(3);
        assertThat(arguments.get("rows").get(0).asText()).hasSize(5);
        assertThat(arguments.size()).isEqualTo(3);
        assertThat(arguments.get("mock_1").asInt()).isEqualTo(7);
    }
}
