package dev.openloop.server.provider.ai21;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRole;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.Refusals;
import java.util.List;

/**
 * What of a v4 request AI21's Jamba chat completions API cannot honour: it has no {@code seed},
 * no penalties, no {@code tool_choice} (the model always decides, v4's {@code auto}), no images,
 * and its {@code top_p} must be above 0.
 */
final class Ai21Support {
    private Ai21Support() {
    }

    static void check(ProviderRequest request, Refusals refusals) {
        ModelConfigRequest config = request.config();
        if (request.seed() != null) {
            refusals.seed("the Jamba API has no seed");
        }
        if (config.presencePenalty() != null && config.presencePenalty() != 0.0) {
            refusals.config("presence_penalty", "the Jamba API has no presence penalty");
        }
        if (config.frequencyPenalty() != null && config.frequencyPenalty() != 0.0) {
            refusals.config("frequency_penalty", "the Jamba API has no frequency penalty");
        }
        if (config.topP() != null && config.topP() <= 0.0) {
            refusals.config("top_p", "AI21 needs a top_p above 0");
        }
        boolean hasTools = config.tools() != null && !config.tools().isEmpty();
        if (hasTools && request.toolChoice() != null && !ToolChoice.AUTO.equals(request.toolChoice())) {
            refusals.toolChoice("the Jamba API has no tool_choice; its model always decides itself (auto)");
        }
        checkMessages(request.messages(), refusals);
    }

    private static void checkMessages(List<ChatMessage> messages, Refusals refusals) {
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message.content() instanceof MessageContent.Parts parts) {
                for (int j = 0; j < parts.parts().size(); j++) {
                    if (parts.parts().get(j) instanceof ContentPart.ImagePart) {
                        refusals.message(i, "an image", "the Jamba API reads text only", "content", j);
                    }
                }
            }
            if (message.toolCall() != null) {
                refusals.message(i, "the deprecated tool_call", "give the call in tool_calls, with its id", "tool_call");
            }
            if (Refusals.namesItsAuthor(message)) {
                refusals.message(i, "a message's name", "the Jamba API has no author names; say who speaks in the content", "name");
            }
            if (message.role() == ChatRole.TOOL && message.toolCallId() == null) {
                refusals.message(i, "a tool message without tool_call_id",
                        "AI21 needs the id of the tool call it answers", "tool_call_id");
            }
        }
    }
}
