package dev.openloop.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's official Node library, {@code openai} from the npm registry, unmodified, against a real
 * node's {@code /v1}: {@code compat/openai-node/openai-compat.mjs} makes its calls and stops at
 * the first answer it cannot take. Skipped with a banner where Node.js or the registry is missing.
 */
class OpenAiNodeCompatibilityTest {
    private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(3);

    @Test
    void openAisNodeLibraryTakesEveryAnswer() {
        NodeHarness harness = NodeHarness.install("openai-node", "OpenAI's Node library (openai)");
        try (TestServer server = TestServer.start()) {
            NodeHarness.Finished script = harness.runScript("openai-compat.mjs", Map.of(
                    "OPENLOOP_BASE_URL", "http://127.0.0.1:" + server.port() + "/v1",
                    "OPENLOOP_API_KEY", TestServer.API_KEY), SCRIPT_LIMIT);
            assertThat(script.timedOut())
                    .as("openai-compat.mjs ran longer than %d s and was killed; its output is above", SCRIPT_LIMIT.toSeconds())
                    .isFalse();
            assertThat(script.exitCode())
                    .as("openai-compat.mjs exit status: OpenAI's Node library failed on an answer (see FAIL above)")
                    .isZero();
        }
    }
}
