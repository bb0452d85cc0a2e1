package dev.openloop.server.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.ProviderFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An answer copied token by token reads, and is written for the log and the v4 answer, exactly as
 * its tree was: the same text, the same fields, the same fault when it is not a JSON object.
 */
class JsonAnswerTest {
    private static final Set<String> FIELDS = Set.of("choices", "usage");

    private static JsonAnswer read(String body) {
        return JsonAnswer.read(new ProviderHttp.Reply(200, body.getBytes(StandardCharsets.UTF_8), Duration.ZERO), FIELDS,
                "OpenAI");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1733500000,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,"
                + "\"total_tokens\":15,\"prompt_tokens_details\":{\"cached_tokens\":0}},\"system_fingerprint\":\"fp_1\"}",
        "{ \"id\" : \"x\",\n  \"choices\" : [ ],\n  \"usage\" : null }\n",
        "{\"a\":1.0,\"b\":1e400,\"c\":-0.0,\"d\":0.00001,\"e\":12345678901234567890123,\"f\":2147483648,\"g\":1.50,"
                + "\"h\":[true,false,null],\"i\":{}}",
        "{\"text\":\"\\u00e9\\/\\ud83d\\ude00 \\\"q\\\" \\u0001 \\t é\",\"choices\":[{\"text\":\"\\u00e9\"}]}",
        "{\"nested\":{\"a\":{\"b\":[[1],[2,{\"c\":\"d\"}]]}},\"usage\":{\"prompt_tokens\":\"7\"}}",
        "{}",
    })
    void anAnswerIsWrittenAsItsTreeAndReadsAsIt(String body) throws Exception {
        JsonNode tree = Json.MAPPER.readTree(body);
        JsonAnswer answer = read(body);

        assertThat(Json.text(answer.raw())).isEqualTo(Json.text(tree));
        for (String field : FIELDS) {
            assertThat(answer.read().get(field)).isEqualTo(tree.get(field));
        }
        assertThat(answer.read().get("id")).isNull();
    }

    @Test
    void theRawAnswerIsWrittenIntoAnEnclosingDocumentAsItsTree() throws Exception {
        String body = "{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"é \\\"q\\\"\"}}],\"model\":\"m\"}";
        JsonNode tree = Json.MAPPER.readTree(body);

        assertThat(Json.text(java.util.Map.of("provider_responses", java.util.List.of(read(body).raw()))))
                .isEqualTo(Json.text(java.util.Map.of("provider_responses", java.util.List.of(tree))));
    }

    @Test
    void aNameTwiceInAnObjectIsReadAsTheTreeReadsIt() throws Exception {
        String body = "{\"id\":\"a\",\"id\":\"b\",\"choices\":[{\"index\":0,\"index\":1}]}";
        JsonNode tree = Json.MAPPER.readTree(body);
        JsonAnswer answer = read(body);

        assertThat(Json.text(answer.raw())).isEqualTo(Json.text(tree)).contains("\"b\"").doesNotContain("\"a\"");
        assertThat(answer.read().get("choices")).isEqualTo(tree.get("choices"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":1} {\"id\":2}", "{\"id\":", "not json", "[1,2]", "\"text\"", ""})
    void anAnswerThatIsNotOneJsonObjectIsTheSameFaultAsBefore(String body) {
        String treeFault = faultOf(() -> new ProviderHttp.Reply(200, body.getBytes(StandardCharsets.UTF_8), Duration.ZERO)
                .jsonObject("OpenAI"));
        String copiedFault = faultOf(() -> read(body));

        assertThat(copiedFault).isNotNull().isEqualTo(treeFault);
    }

    @Test
    void withoutFieldsNamedTheWholeAnswerIsATree() {
        String body = "{\"id\":\"x\",\"choices\":[]}";
        JsonAnswer answer = JsonAnswer.read(new ProviderHttp.Reply(200, body.getBytes(StandardCharsets.UTF_8), Duration.ZERO),
                null, "OpenAI");

        assertThat(answer.read().get("id").asText()).isEqualTo("x");
        assertThat(answer.raw()).isSameAs(answer.read());
    }

    private static String faultOf(Runnable reading) {
        assertThatThrownBy(reading::run).isInstanceOf(ProviderFailure.class);
        try {
            reading.run();
            return null;
        } catch (ProviderFailure failure) {
            return failure.kind() + " " + failure.origin() + " " + failure.message();
        }
    }
}
