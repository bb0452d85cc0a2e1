package dev.openloop.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official Humanloop Node SDK, {@code humanloop@0.5.36} from the npm registry, unmodified,
 * against a real node (spec §11 and §13). {@code compat/node-sdk} pins it with the overrides that
 * make 0.5.36 work today; {@link NodeHarness} installs it under {@code target/node-sdk} (or skips
 * the test, with a banner, where Node.js or the registry is missing), and {@code sdk-compat.mjs}
 * makes the SDK's calls, stopping at the first answer it cannot take.
 */
class NodeSdkCompatibilityTest {
    private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(3);

    @Test
    void theOfficialNodeSdkTakesEveryAnswer() {
        NodeHarness sdk = NodeHarness.install("node-sdk", "the official Humanloop Node SDK (humanloop@0.5.36)");
        try (TestServer server = TestServer.start()) {
            NodeHarness.Finished script = sdk.runScript("sdk-compat.mjs", Map.of(
                    "OPENLOOP_BASE_URL", "http://127.0.0.1:" + server.port() + "/v4",
                    "OPENLOOP_API_KEY", TestServer.API_KEY), SCRIPT_LIMIT);
            assertThat(script.timedOut())
                    .as("sdk-compat.mjs ran longer than %d s and was killed; its output is above", SCRIPT_LIMIT.toSeconds())
                    .isFalse();
            assertThat(script.exitCode())
                    .as("sdk-compat.mjs exit status: the Node SDK failed on an answer (see FAIL above)")
                    .isZero();
        }
    }
}
