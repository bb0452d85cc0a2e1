package dev.openloop.server.provider.anthropic;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRole;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.FunctionTool;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.Refusals;
import java.util.List;

/**
 * What of a v4 request Anthropic's Messages API cannot honour: it has no {@code seed}, no
 * penalties, no JSON mode; it takes a temperature of at most 1, stop sequences with something
 * besides whitespace, images only in user and tool messages (see {@link AnthropicImages} for
 * which), and tool calls whose arguments are a JSON object.
 *
 * <p>JSON mode is refused rather than imitated: the usual imitation, a forced call of a made-up
 * tool, is refused by the newest Claude models, and Anthropic's structured outputs need a schema
 * that {@code {"type":"json_object"}} does not give. A caller who has one passes it in
 * {@code other.output_config}.
 */
final class AnthropicSupport {
    private AnthropicSupport() {
    }

    static void check(ProviderRequest request, Refusals refusals) {
        ModelConfigRequest config = request.config();
        if (config.temperature() != null && config.temperature() > 1.0) {
            refusals.config("temperature", "Anthropic accepts 0 to 1, this config asks " + config.temperature());
        }
        if (config.presencePenalty() != null && config.presencePenalty() != 0.0) {
            refusals.config("presence_penalty", "the Messages API has no presence penalty");
        }
        if (config.frequencyPenalty() != null && config.frequencyPenalty() != 0.0) {
            refusals.config("frequency_penalty", "the Messages API has no frequency penalty");
        }
        if (config.stop() != null) {
            for (int i = 0; i < config.stop().size(); i++) {
                if (config.stop().get(i).isBlank()) {
                    refusals.config("stop", "Anthropic refuses a stop sequence that is empty or only whitespace, as stop["
                            + i + "] is");
                }
            }
        }
        if (request.seed() != null) {
            refusals.seed("the Messages API has no seed");
        }
        if (request.responseFormat() != null) {
            refusals.responseFormat("the Messages API has no JSON mode; ask for JSON in the prompt, or pass a JSON schema"
                    + " in other.output_config (Anthropic's structured outputs)");
        }
        checkMessages(request.messages(), refusals);
    }

    private static void checkMessages(List<ChatMessage> messages, Refusals refusals) {
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message.content() instanceof MessageContent.Parts parts) {
                checkImages(i, message.role(), parts, refusals);
            }
            if (message.toolCall() != null) {
                refusals.message(i, "the deprecated tool_call", "give the call in tool_calls, with its id", "tool_call");
            }
            if (Refusals.namesItsAuthor(message)) {
                refusals.message(i, "a message's name", "the Messages API has no author names; say who speaks in the content", "name");
            }
            if (message.role() == ChatRole.TOOL && message.toolCallId() == null) {
                refusals.message(i, "a tool message without tool_call_id",
                        "Anthropic needs the id of the tool call it answers", "tool_call_id");
            }
            if (message.role() != ChatRole.ASSISTANT && message.toolCalls() != null && !message.toolCalls().isEmpty()) {
                refusals.message(i, "tool calls in a " + message.role().wire() + " message",
                        "Anthropic takes tool calls in assistant messages only", "tool_calls");
            }
            if (message.role() == ChatRole.ASSISTANT && message.toolCalls() != null) {
                for (int j = 0; j < message.toolCalls().size(); j++) {
                    FunctionTool function = message.toolCalls().get(j).function();
                    if (function != null && AnthropicRequests.toolInput(function.arguments()) == null) {
                        refusals.message(i, "tool call arguments that are not a JSON object",
                                "Anthropic takes a tool call's input as an object", "tool_calls", j, "function", "arguments");
                    }
                }
            }
        }
    }

    private static void checkImages(int index, ChatRole role, MessageContent.Parts parts, Refusals refusals) {
        boolean readsImages = role == ChatRole.USER || role == ChatRole.TOOL;
        for (int j = 0; j < parts.parts().size(); j++) {
            if (!(parts.parts().get(j) instanceof ContentPart.ImagePart image)) {
                continue;
            }
            if (!readsImages) {
                refusals.message(index, "an image in a " + role.wire() + " message",
                        "Anthropic reads images in user and tool messages only", "content", j);
                continue;
            }
            AnthropicImages.Problem problem = AnthropicImages.problem(image);
            if (problem != null) {
                refusals.message(index, problem.what(), problem.why(), "content", j, "image_url", problem.field());
            }
        }
    }
}
