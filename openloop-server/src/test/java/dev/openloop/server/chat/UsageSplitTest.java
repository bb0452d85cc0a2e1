package dev.openloop.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.provider.Generation;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One call's usage shared among its samples: the whole prompt each, the generated tokens by length, adding up exactly. */
class UsageSplitTest {
    private static Generation text(String text) {
        return new Generation(0, text, List.of(), "stop");
    }

    @Test
    void generatedTokensGoByLengthAndTheLastSampleTakesWhatRoundingLeft() {
        List<Usage> shares = UsageSplit.split(Usage.of(50, 10), List.of(text("aaa"), text("a"), text("aaaaaa")));
        // 10 · 3/10 = 3, 10 · 1/10 = 1, and the rest, 6.
        assertThat(shares).containsExactly(Usage.of(50, 3), Usage.of(50, 1), Usage.of(50, 6));

        List<Usage> rounded = UsageSplit.split(Usage.of(5, 10), List.of(text("a"), text("a"), text("a")));
        assertThat(rounded).containsExactly(Usage.of(5, 3), Usage.of(5, 3), Usage.of(5, 4));
    }

    @Test
    void aToolCallCountsByItsNameAndArguments() {
        Generation call = new Generation(1, "", List.of(ToolCall.function("call_1", "abcd", "{\"q\":1}")), "tool_call");
        Generation noArguments = new Generation(2, "", List.of(ToolCall.function("call_2", "ab", null)), "tool_call");
        // Lengths 11 (4 + 7), 2 and 7: 20 in all.
        assertThat(UsageSplit.split(Usage.of(1, 40), List.of(call, noArguments, text("1234567"))))
                .containsExactly(Usage.of(1, 22), Usage.of(1, 4), Usage.of(1, 14));
    }

    @Test
    void samplesWithNothingInThemShareEqually() {
        assertThat(UsageSplit.split(Usage.of(7, 5), List.of(text(""), text(""))))
                .containsExactly(Usage.of(7, 2), Usage.of(7, 3));
    }

    @Test
    void oneSampleHasTheWholeUsageAndNoUsageIsNoneForEach() {
        assertThat(UsageSplit.split(Usage.of(3, 4), List.of(text("")))).containsExactly(Usage.of(3, 4));
        assertThat(UsageSplit.split(null, List.of(text("a"), text("b")))).isEqualTo(Arrays.asList(null, null));
    }
}
