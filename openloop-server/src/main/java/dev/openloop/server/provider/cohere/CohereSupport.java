package dev.openloop.server.provider.cohere;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRole;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.Refusals;
import java.util.List;

/**
 * What of a v4 request Cohere's v2 Chat API cannot honour. The ranges are Cohere's documented
 * ones where they are narrower than v4's: a value outside them would be refused by Cohere, or
 * worse, clamped without a word. Its temperature is not one of them: Cohere takes any
 * non-negative one, so v4's whole range (0 to 2, checked for every provider) is sent as it is.
 */
final class CohereSupport {
    /** Cohere takes at most this many stop sequences. */
    static final int MAX_STOP_SEQUENCES = 5;

    private CohereSupport() {
    }

    static void check(ProviderRequest request, Refusals refusals) {
        ModelConfigRequest config = request.config();
        Double topP = config.topP();
        if (topP != null && topP < 1.0 && (topP < 0.01 || topP > CohereRequests.MAX_P)) {
            refusals.config("top_p", "Cohere's p accepts 0.01 to 0.99 (1 is sent as 0.99), this config asks " + topP);
        }
        penalty(refusals, "presence_penalty", config.presencePenalty());
        penalty(refusals, "frequency_penalty", config.frequencyPenalty());
        if (config.stop() != null && config.stop().size() > MAX_STOP_SEQUENCES) {
            refusals.config("stop", "Cohere takes at most " + MAX_STOP_SEQUENCES + " stop sequences, this config has "
                    + config.stop().size());
        }
        if (request.seed() != null && request.seed() < 0) {
            refusals.seed("Cohere takes a seed of 0 or more");
        }
        if (request.responseFormat() != null && !CohereRequests.offeredTools(request).isEmpty()) {
            refusals.responseFormat("Cohere cannot combine JSON mode with tools");
        }
        checkMessages(request.messages(), refusals);
    }

    private static void penalty(Refusals refusals, String name, Double value) {
        if (value != null && (value < 0.0 || value > 1.0)) {
            refusals.config(name, "Cohere accepts 0 to 1, this config asks " + value);
        }
    }

    private static void checkMessages(List<ChatMessage> messages, Refusals refusals) {
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message.role() != ChatRole.USER && message.content() instanceof MessageContent.Parts parts) {
                for (int j = 0; j < parts.parts().size(); j++) {
                    if (parts.parts().get(j) instanceof ContentPart.ImagePart) {
                        refusals.message(i, "an image in a " + message.role().wire() + " message",
                                "Cohere reads images in user messages only", "content", j);
                    }
                }
            }
            if (message.toolCall() != null) {
                refusals.message(i, "the deprecated tool_call", "give the call in tool_calls, with its id", "tool_call");
            }
            if (Refusals.namesItsAuthor(message)) {
                refusals.message(i, "a message's name", "Cohere's API has no author names; say who speaks in the content", "name");
            }
            if (message.role() == ChatRole.TOOL && message.toolCallId() == null) {
                refusals.message(i, "a tool message without tool_call_id",
                        "Cohere needs the id of the tool call it answers", "tool_call_id");
            }
        }
    }
}
