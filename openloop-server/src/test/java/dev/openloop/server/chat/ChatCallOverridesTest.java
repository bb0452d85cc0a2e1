package dev.openloop.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import java.util.List;
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
}
