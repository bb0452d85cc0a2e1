package dev.openloop.server.chat;

import dev.openloop.api.chat.ToolCall;
import java.util.List;

/**
 * What the chat flow gives a door of one sample: the whole sample, or in a stream a piece of its
 * text or its end. The door words it in its own format.
 *
 * @param logId the sample's log
 * @param index its index among the request's samples
 * @param configId the config that produced it
 * @param text its text: the whole text, or in a stream the new text only, as it came
 * @param toolCalls the tool calls it asked for; in a stream, given with its end
 * @param finishReason why it ended; null while it goes on
 */
public record SampleAnswer(String logId, int index, String configId, String text, List<ToolCall> toolCalls,
        String finishReason) {
}
