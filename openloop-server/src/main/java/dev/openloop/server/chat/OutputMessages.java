package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRole;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.chat.ToolCall;
import java.util.List;

/** The assistant message of a generation, as logs keep it and answers give it. */
public final class OutputMessages {
    private OutputMessages() {
    }

    /** The assistant message of a generation, ready to append to a conversation. */
    public static ChatMessage of(String text, List<ToolCall> toolCalls) {
        boolean onlyTools = text.isEmpty() && !toolCalls.isEmpty();
        return new ChatMessage(ChatRole.ASSISTANT, onlyTools ? null : new MessageContent.Text(text), null, null,
                toolCalls.isEmpty() ? null : toolCalls, null);
    }
}
