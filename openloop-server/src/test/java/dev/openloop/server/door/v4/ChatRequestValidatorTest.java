package dev.openloop.server.door.v4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.error.ValidationError;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.web.InputLimits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checks of a chat body beyond its types, on the validator alone (over HTTP, with the binding:
 * {@link dev.openloop.server.chat.ChatValidationTest}).
 */
class ChatRequestValidatorTest {
    private static final ModelConfigRequest CONFIG = ModelConfigRequest.builder().provider(ModelProvider.MOCK).model("m").build();

    private static ChatRequest.Builder valid() {
        return ChatRequest.builder().messages(ChatMessage.user("Hi")).modelConfig(CONFIG);
    }

    private static List<ValidationError> problems(ChatEndpoint endpoint, ChatRequest request) {
        RequestBodies.Problems problems = new RequestBodies.Problems();
        ChatRequestValidator.forEndpoint(endpoint, 0).check(request, problems);
        return problems.list();
    }

    /** The problems of a body of {@code bodyBytes} bytes, against a node's {@code limits}. */
    private static List<ValidationError> problems(ChatRequest request, int bodyBytes, InputLimits limits) {
        RequestBodies.Problems problems = new RequestBodies.Problems(limits);
        ChatRequestValidator.forEndpoint(ChatEndpoint.CHAT, bodyBytes).check(request, problems);
        return problems.list();
    }

    /** Limits of 1,000 sampled bytes, 20 bytes of metadata and of inputs; the defaults otherwise. */
    private static final InputLimits SMALL = new InputLimits(100_000, 512, 20, 20, 1L << 20, 1_000, 1_000);

    private static List<String> locations(ChatEndpoint endpoint, ChatRequest request) {
        return problems(endpoint, request).stream().map(p -> String.join(".", p.loc().stream().map(String::valueOf).toList())
                + " " + p.type()).toList();
    }

    @Test
    void aValidBodyHasNoProblems() {
        assertThat(problems(ChatEndpoint.CHAT, valid().numSamples(1).build())).isEmpty();
        assertThat(problems(ChatEndpoint.CHAT, valid().numSamples(ChatRequestValidator.MAX_SAMPLES).build())).isEmpty();
        assertThat(problems(ChatEndpoint.DEPLOYED, ChatRequest.builder().messages(ChatMessage.user("Hi")).environment("prod")
                .build())).isEmpty();
    }

    @Test
    void eachEndpointNeedsItsOwnFieldAndRefusesTheOthers() {
        ChatRequest bare = ChatRequest.builder().messages(ChatMessage.user("Hi")).build();
        assertThat(locations(ChatEndpoint.CHAT, bare)).containsExactly("body.model_config value_error.missing");
        assertThat(locations(ChatEndpoint.MODEL_CONFIG, bare)).containsExactly("body.model_config_id value_error.missing");
        assertThat(locations(ChatEndpoint.EXPERIMENT, bare)).containsExactly("body.experiment_id value_error.missing");
        assertThat(locations(ChatEndpoint.DEPLOYED, bare)).isEmpty();

        ChatRequest everything = valid().modelConfigId("config_1").experimentId("exp_1").environment("prod").build();
        assertThat(locations(ChatEndpoint.CHAT, everything)).containsExactly("body.model_config_id value_error.extra",
                "body.experiment_id value_error.extra", "body.environment value_error.extra");
        assertThat(locations(ChatEndpoint.DEPLOYED, everything)).containsExactly("body.model_config value_error.extra",
                "body.model_config_id value_error.extra", "body.experiment_id value_error.extra");
    }

    @Test
    void messagesAreRequired() {
        assertThat(locations(ChatEndpoint.CHAT, valid().messages((List<ChatMessage>) null).build()))
                .containsExactly("body.messages value_error.missing");
    }

    @Test
    void theMessagesAndTheInlineConfigAreCheckedToo() {
        ChatMessage noRole = new ChatMessage(null, ChatMessage.user("Hi").content(), null, null, null, null);
        assertThat(locations(ChatEndpoint.CHAT, valid().messages(noRole).build())).containsExactly("body.messages.0.role value_error.missing");
        assertThat(locations(ChatEndpoint.CHAT, valid().modelConfig(CONFIG.toBuilder().model(null).build()).build()))
                .containsExactly("body.model_config.model value_error.missing");
    }

    @Test
    void aCompletionTemplateHasNoPlaceInAChat() {
        assertThat(locations(ChatEndpoint.CHAT, valid().modelConfig(CONFIG.toBuilder().promptTemplate("{{x}}").build()).build()))
                .containsExactly("body.model_config.prompt_template value_error.extra");
    }

    @Test
    void samplesAreOneToTheLimit() {
        assertThat(problems(ChatEndpoint.CHAT, valid().numSamples(0).build())).containsExactly(new ValidationError(
                List.of("body", "num_samples"), "ensure this value is greater than or equal to 1", "value_error.number.not_ge"));
        assertThat(problems(ChatEndpoint.CHAT, valid().numSamples(ChatRequestValidator.MAX_SAMPLES + 1).build()))
                .containsExactly(new ValidationError(List.of("body", "num_samples"),
                        "ensure this value is less than or equal to 128", "value_error.number.not_le"));
    }

    @Test
    void fieldsThatExcludeEachOtherAreRefusedTogether() {
        assertThat(locations(ChatEndpoint.CHAT, valid().sessionId("s").sessionReferenceId("r").build()))
                .containsExactly("body.session_reference_id value_error");
        assertThat(locations(ChatEndpoint.CHAT, valid().parentId("p").parentReferenceId("r").build()))
                .containsExactly("body.parent_reference_id value_error");
        assertThat(locations(ChatEndpoint.CHAT, valid().toolChoice(ToolChoice.AUTO).toolCall(ToolChoice.NONE).build()))
                .containsExactly("body.tool_call value_error");
        assertThat(problems(ChatEndpoint.CHAT, valid().sessionId("s").parentId("p").toolChoice(ToolChoice.AUTO).build())).isEmpty();
    }

    @Test
    void samplesTimesTheBodysSizeIsBounded() {
        assertThat(problems(valid().numSamples(2).build(), 500, SMALL)).as("exactly the limit").isEmpty();
        assertThat(problems(valid().numSamples(2).build(), 501, SMALL)).containsExactly(new ValidationError(
                List.of("body", "num_samples"), "ensure num_samples × the body's size is at most 1000 bytes "
                        + "(OPENLOOP_MAX_SAMPLED_BYTES): 2 × 501 bytes is 1002; each sample's log keeps a copy of the request",
                "value_error.too_large"));
        assertThat(problems(valid().build(), 5_000, SMALL)).as("one sample is the body itself").isEmpty();
        assertThat(problems(valid().numSamples(1).build(), 5_000, SMALL)).isEmpty();
        int max = ChatRequestValidator.MAX_SAMPLES;
        assertThat(problems(valid().numSamples(max).build(), 7, SMALL)).isEmpty();
        assertThat(problems(valid().numSamples(max).build(), 8, SMALL)).extracting(ValidationError::type)
                .containsExactly("value_error.too_large");
    }

    @Test
    void metadataInputsAndTheNamesTheRequestCreatesAreBounded() {
        String name = "n".repeat(513);
        List<ValidationError> found = problems(valid().metadata(Map.of("k", "v".repeat(20))).inputs(Map.of("k", "v".repeat(20)))
                .project(name).sessionReferenceId(name).build(), 100, SMALL);
        assertThat(found).extracting(p -> String.join(".", p.loc().stream().map(String::valueOf).toList()) + " " + p.type())
                .containsExactly("body.metadata value_error.too_large", "body.inputs value_error.too_large",
                        "body.project value_error.any_str.max_length", "body.session_reference_id value_error.any_str.max_length");
        assertThat(problems(valid().metadata(Map.of("k", "v")).inputs(Map.of("k", "v")).project("n".repeat(512))
                .sessionReferenceId("n".repeat(512)).build(), 100, SMALL)).isEmpty();
    }
}
