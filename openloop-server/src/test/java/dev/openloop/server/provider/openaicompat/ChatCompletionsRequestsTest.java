package dev.openloop.server.provider.openaicompat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.ProviderRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A config's {@code other} parameters go into the body as they are, and one that names a field of
 * the body's own replaces that field's value where it stands.
 */
class ChatCompletionsRequestsTest {

    private static ModelConfigRequest.Builder config() {
        return ModelConfigRequest.builder().provider(ModelProvider.OPENAI).model("gpt-4o-mini").other(Map.of());
    }

    private static ProviderRequest request(ModelConfigRequest config, List<ChatMessage> messages) {
        return new ProviderRequest(config, messages, null, null, null, null, 1, ProviderApiKeys.NONE);
    }

    @Test
    void aParameterNamingOneOfTheBodysOwnFieldsReplacesItWhereItStands() {
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("temperature", 0.1);
        other.put("extra", "kept");
        other.put("stream", false);
        ProviderRequest request = request(config().temperature(0.7).other(other).build(), List.of(ChatMessage.user("Hi")));
        assertThat(new String(Json.bytes(ChatCompletionsRequests.body(request, true, true, "max_tokens")), StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                        + "\"temperature\":0.1,\"stream\":false,\"stream_options\":{\"include_usage\":true},\"extra\":\"kept\"}");
    }
}
