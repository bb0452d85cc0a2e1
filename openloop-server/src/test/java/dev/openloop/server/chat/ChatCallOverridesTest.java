package dev.openloop.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.config.ToolDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A call's own sampling parameters replace the resolved config's, and only those it gives. */
class ChatCallOverridesTest {
    private static final ModelConfigRequest CONFIG = ModelConfigRequest.builder().provider(ModelProvider.MOCK).model("m")
            .temperature(0.2).maxTokens(100).stop(List.of("END")).build();

    @Test
    void noOverridesLeaveTheConfigAsResolved() {
        assertThat(ChatCall.Overrides.NONE.applyTo(CONFIG)).isSameAs(CONFIG);
    }

    @Test
    void givenValuesReplaceTheConfigsAndTheRestStay() {
        ModelConfigRequest applied = new ChatCall.Overrides(0.9, 0.5, null, List.of("STOP"), null, 1.5).applyTo(CONFIG);
        assertThat(applied.temperature()).isEqualTo(0.9);
        assertThat(applied.topP()).isEqualTo(0.5);
        assertThat(applied.maxTokens()).isEqualTo(100);
        assertThat(applied.stop()).containsExactly("STOP");
        assertThat(applied.presencePenalty()).isNull();
        assertThat(applied.frequencyPenalty()).isEqualTo(1.5);
        assertThat(applied.model()).isEqualTo("m");
    }

    @Test
    void toolsReplaceTheConfigsAndOtherEntriesReplaceOnlyTheirNamesake() {
        ModelConfigRequest config = CONFIG.toBuilder()
                .tools(List.of(ToolDefinition.function("old", null, null)))
                .other(Map.of("response_format", "text", "kept", 1)).build();
        ModelConfigRequest applied = new ChatCall.Overrides(null, null, null, null, null, null,
                List.of(ToolDefinition.function("new", null, null)), Map.of("response_format", "schema")).applyTo(config);
        assertThat(applied.tools()).extracting(ToolDefinition::name).containsExactly("new");
        assertThat(applied.other()).containsEntry("response_format", "schema").containsEntry("kept", 1);
        assertThat(config.other()).as("the resolved config is left as it is").containsEntry("response_format", "text");
    }
}
