package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.provider.Generation;
import java.util.ArrayList;
import java.util.List;

/**
 * Token counts for a streamed call whose provider reported none (an OpenAI-compatible server that
 * ignores {@code stream_options}, or a stream that ended without its usage chunk), so that each
 * sample's last event still carries {@code usage}. One token for every four characters, rounded
 * up: the usual rule of thumb for English text and GPT-style tokenizers. The prompt's text counts
 * for {@code prompt_tokens}; each sample's text and tool calls for its {@code generation_tokens}.
 * The log says when its counts are estimated.
 */
final class UsageEstimate {
    private static final int CHARACTERS_PER_TOKEN = 4;

    private UsageEstimate() {
    }

    /** The estimated usage of each sample, in order. */
    static List<Usage> perSample(List<ChatMessage> prompt, List<Generation> generations) {
        long promptCharacters = 0;
        for (ChatMessage message : prompt) {
            promptCharacters += message.text().length();
            if (message.toolCalls() != null) {
                promptCharacters += toolCallCharacters(message.toolCalls());
            }
        }
        int promptTokens = tokens(promptCharacters);
        List<Usage> usages = new ArrayList<>(generations.size());
        for (Generation generation : generations) {
            long generated = generation.text().length() + toolCallCharacters(generation.toolCalls());
            usages.add(Usage.of(promptTokens, tokens(generated)));
        }
        return usages;
    }

    private static long toolCallCharacters(List<ToolCall> calls) {
        long characters = 0;
        for (ToolCall call : calls) {
            characters += call.function().name().length();
            characters += call.function().arguments() == null ? 0 : call.function().arguments().length();
        }
        return characters;
    }

    private static int tokens(long characters) {
        return (int) Math.min(Integer.MAX_VALUE, (characters + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN);
    }
}
