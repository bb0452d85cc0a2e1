package dev.openloop.server.provider;

import dev.openloop.api.chat.ToolCall;
import java.util.List;

/**
 * One generated sample.
 *
 * @param index its position within the provider call, from 0
 * @param text the text exactly as generated ("" when the model only called tools)
 * @param toolCalls the tool calls, empty when none
 * @param finishReason the v4 value: {@code stop}, {@code length}, {@code tool_call}, or the
 *     provider's own word when v4 has none for it
 */
public record Generation(int index, String text, List<ToolCall> toolCalls, String finishReason) {
}
