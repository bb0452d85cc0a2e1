package dev.openloop.server.modelconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A config's id is a function of its parameters, and the same function on every node and in
 * every release: ids already handed out must keep naming the same configs.
 */
class ConfigIdentityTest {
    private static ModelConfigRequest.Builder config() {
        return ModelConfigRequest.builder().provider(ModelProvider.OPENAI).model("gpt-4o").temperature(0.5)
                .stop(List.of("END")).other(Map.of("b", 1, "a", 2));
    }

    @Test
    void theIdOfAConfigIsFixed() {
        assertThat(ConfigIdentity.idOf(config().build())).isEqualTo(PINNED);
    }

    @Test
    void labelsAreNotParametersButEveryParameterCounts() {
        String id = ConfigIdentity.idOf(config().build());
        assertThat(ConfigIdentity.idOf(config().name("a name").description("a description").build())).isEqualTo(id);
        assertThat(ConfigIdentity.idOf(config().other(Map.of("a", 2, "b", 1)).build())).as("keys in any order").isEqualTo(id);
        assertThat(ConfigIdentity.idOf(config().temperature(0.6).build())).isNotEqualTo(id);
        assertThat(ConfigIdentity.idOf(config().model("gpt-4o-mini").build())).isNotEqualTo(id);
    }

    @Test
    void anIdIsTwentyOneBase62Digits() {
        for (String model : List.of("a", "b", "c", "d", "e", "f")) {
            assertThat(ConfigIdentity.idOf(config().model(model).build())).matches("config_[0-9A-Za-z]{21}");
        }
    }

    /** What this release computes for {@link #config()}; a change here would orphan every id handed out. */
    private static final String PINNED = "config_yOmwRDpCdy4dtl7fEE22D";
}
