package dev.openloop.api.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.json.WireText;
import java.util.List;
import java.util.Map;

/**
 * One sample of a chat answer (an item of {@code data[]}); in a stream, one delta of a sample.
 *
 * @param id the id of the sample's log ({@code data_…}), to give feedback on
 * @param index the sample's position, from 0
 * @param output the generated text, trimmed; in a stream, the new text only
 * @param rawOutput the generated text as the provider returned it
 * @param modelConfigId the config that produced the sample
 * @param outputMessage the assistant message, ready to append to the conversation
 * @param inputs the inputs used; {@code {}} when the request set {@code return_inputs: false}
 * @param finishReason {@code stop}, {@code length} or {@code tool_call}; {@code null} until a
 *     stream's last event of the sample
 * @param messages the messages the request supplied
 * @param toolCalls deprecated copy of {@code output_message.tool_calls}
 * @param toolCall deprecated single call
 * @param toolResults results of tools the server ran
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatDataResponse(
        String id,
        int index,
        String output,
        String rawOutput,
        String modelConfigId,
        ChatMessage outputMessage,
        Map<String, Object> inputs,
        String finishReason,
        List<ChatMessage> messages,
        List<ToolCall> toolCalls,
        FunctionTool toolCall,
        List<ToolResult> toolResults) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
