package dev.openloop.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.chat.ToolCall;
import dev.openloop.server.provider.Generation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The finish reason a completed sample is given when its provider gave none. */
class FinishReasonsTest {
    private static final List<ToolCall> CALLS = List.of(ToolCall.function("call_1", "lookup", "{}"));

    @Test
    void aReasonTheProviderGaveIsKept() {
        Generation given = new Generation(3, "", CALLS, "length");
        assertThat(FinishReasons.ofCompleted(given)).isSameAs(given);
    }

    @Test
    void withoutOneOnlyToolCallsWithNoTextAreAToolCallAndAllElseIsAStop() {
        assertThat(FinishReasons.ofCompleted(new Generation(3, "", CALLS, null)))
                .isEqualTo(new Generation(3, "", CALLS, "tool_call"));
        assertThat(FinishReasons.ofCompleted(new Generation(1, "text", CALLS, null)).finishReason()).isEqualTo("stop");
        assertThat(FinishReasons.ofCompleted(new Generation(1, "text", List.of(), null)).finishReason()).isEqualTo("stop");
        assertThat(FinishReasons.ofCompleted(new Generation(1, "", List.of(), null)).finishReason()).isEqualTo("stop");
    }
}
