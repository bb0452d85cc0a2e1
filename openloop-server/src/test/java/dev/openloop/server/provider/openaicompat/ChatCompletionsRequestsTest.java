package dev.openloop.server.provider.openaicompat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRole;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.FunctionTool;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.ProviderRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The body written straight to bytes is, byte for byte, the tree form written out: what the
 * provider receives and what the log keeps did not change when the tree went.
 */
class ChatCompletionsRequestsTest {

    private static ModelConfigRequest.Builder config() {
        return ModelConfigRequest.builder().provider(ModelProvider.OPENAI).model("gpt-4o-mini").other(Map.of());
    }

    private static ProviderRequest request(ModelConfigRequest config, List<ChatMessage> messages) {
        return new ProviderRequest(config, messages, null, null, null, null, 1, ProviderApiKeys.NONE);
    }

    private static void assertSameAsTree(ProviderRequest request) {
        for (boolean stream : new boolean[] {false, true}) {
            for (boolean model : new boolean[] {false, true}) {
                for (String maxTokens : List.of("max_tokens", "max_completion_tokens")) {
                    String tree = new String(Json.bytes(ChatCompletionsRequests.body(request, stream, model, maxTokens)),
                            StandardCharsets.UTF_8);
                    String written = new String(ChatCompletionsRequests.bytes(request, stream, model, maxTokens),
                            StandardCharsets.UTF_8);
                    assertThat(written).isEqualTo(tree);
                }
            }
        }
    }

    @Test
    void aPlainChatIsWrittenAsItsTree() {
        assertSameAsTree(request(config().build(),
                List.of(ChatMessage.system("Be brief, \"quoted\" \u00e9 \ud83d\ude00 \n\t"), ChatMessage.user("Hi"))));
    }

    @Test
    void everyParameterIsWrittenInTheTreesOrder() {
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("logit_bias", Map.of("50256", -100));
        other.put("parallel_tool_calls", false);
        other.put("service_tier", null);
        other.put("metadata", List.of(1.5, 2, "x"));
        ModelConfigRequest config = config()
                .maxTokens(64)
                .temperature(0.25)
                .topP(0.9)
                .presencePenalty(0.5)
                .frequencyPenalty(-0.5)
                .stop(List.of("\n\n", "END"))
                .tools(List.of(ToolDefinition.function("lookup", "Looks up", Map.of("type", "object",
                                "properties", Map.of("q", Map.of("type", "string")))),
                        ToolDefinition.function("bare", null, null)))
                .other(other)
                .build();
        ProviderRequest request = new ProviderRequest(config, List.of(ChatMessage.user("Hi")), ToolChoice.function("lookup"),
                ResponseFormat.jsonObject(), 42L, "user-1", 3, ProviderApiKeys.NONE);
        assertSameAsTree(request);
        assertSameAsTree(new ProviderRequest(config, List.of(ChatMessage.user("Hi")), ToolChoice.of("required"),
                null, null, null, 1, ProviderApiKeys.NONE));
    }

    @Test
    void messagesOfEveryShapeAreWrittenAsTheirTrees() {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(new ChatMessage(ChatRole.USER, new MessageContent.Parts(List.of(new ContentPart.TextPart("Look"),
                new ContentPart.ImagePart(new ContentPart.ImageUrl("https://example.com/a.png", ContentPart.ImageDetail.HIGH)),
                new ContentPart.ImagePart(new ContentPart.ImageUrl("data:image/png;base64,AAAA", null)))),
                "ann", null, null, null));
        messages.add(new ChatMessage(ChatRole.ASSISTANT, null, null, null,
                List.of(ToolCall.function("call_1", "lookup", "{\"q\":\"x\"}"), ToolCall.function("call_2", "bare", null)),
                null));
        messages.add(ChatMessage.tool("call_1", "found"));
        messages.add(new ChatMessage(ChatRole.ASSISTANT, new MessageContent.Text(""), null, null, null,
                new FunctionTool("legacy", null)));
        messages.add(new ChatMessage(ChatRole.ASSISTANT, new MessageContent.Text(null), null, null, List.of(),
                new FunctionTool("legacy", "{\"a\":1}")));
        assertSameAsTree(request(config().build(), messages));
    }

    @Test
    void aParameterNamingOneOfTheBodysOwnFieldsReplacesItWhereItStands() {
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("temperature", 0.1);
        other.put("extra", "kept");
        other.put("stream", false);
        ProviderRequest request = request(config().temperature(0.7).other(other).build(), List.of(ChatMessage.user("Hi")));
        assertSameAsTree(request);
        assertThat(new String(ChatCompletionsRequests.bytes(request, true, true, "max_tokens"), StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                        + "\"temperature\":0.1,\"stream\":false,\"stream_options\":{\"include_usage\":true},\"extra\":\"kept\"}");
    }
}
