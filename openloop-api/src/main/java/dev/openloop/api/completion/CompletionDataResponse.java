package dev.openloop.api.completion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.chat.ToolResult;
import dev.openloop.api.json.WireText;
import java.util.List;
import java.util.Map;

/**
 * One sample of a completion answer (an item of {@code data[]}, {@code DataResponse} in the v4
 * schema); in a stream, one delta of a sample.
 *
 * @param id the id of the sample's log ({@code data_…}), to give feedback on
 * @param index the sample's position, from 0
 * @param output the generated text, trimmed; in a stream, the new text only
 * @param rawOutput the generated text as the provider returned it
 * @param inputs the inputs used; {@code {}} when the request set {@code return_inputs: false}
 * @param finishReason {@code stop} or {@code length}; {@code null} until a stream's last event of the sample
 * @param modelConfigId the config that produced the sample
 * @param toolResults results of tools the server ran
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CompletionDataResponse(
        String id,
        int index,
        String output,
        String rawOutput,
        Map<String, Object> inputs,
        String finishReason,
        String modelConfigId,
        List<ToolResult> toolResults) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
