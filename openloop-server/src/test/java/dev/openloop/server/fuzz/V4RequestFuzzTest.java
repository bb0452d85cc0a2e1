package dev.openloop.server.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz tests of the binding and validation of every v4 route that takes a body, through a real
 * node over HTTP: whatever the body, the answer is never a 500, comes in time, and leaves the node
 * answering (see {@link FuzzNode}).
 *
 * <p>An input's first byte picks the route of its family, the rest is the body. In the normal test
 * run they replay the seeds under {@code src/test/resources/dev/openloop/server/fuzz/V4RequestFuzzTestInputs/}
 * (regression mode, a few seconds); {@code ./openloop fuzz} fuzzes each for as many inputs as it is
 * told (docs/reliability.md). An input that fails is saved there by Jazzer, and stays a test.
 */
class V4RequestFuzzTest {
    private static final List<String> CHAT = List.of("/v4/chat", "/v4/chat-model-config", "/v4/chat-experiment",
            "/v4/chat-deployed");

    /** Management routes with a body: method and path. */
    private static final List<String[]> MANAGEMENT = List.of(
            new String[] {"POST", "/v4/projects"},
            new String[] {"PATCH", "/v4/projects/{project}"},
            new String[] {"POST", "/v4/projects/{project}/feedback-types"},
            new String[] {"PATCH", "/v4/projects/{project}/feedback-types"},
            new String[] {"POST", "/v4/projects/{project}/experiments"},
            new String[] {"PATCH", "/v4/projects/{project}/deploy-config"},
            new String[] {"PATCH", "/v4/experiments/{experiment}"},
            new String[] {"POST", "/v4/model-configs"},
            new String[] {"POST", "/v4/environments"},
            new String[] {"PATCH", "/v4/logs/{log}"},
            new String[] {"PATCH", "/v4/logs?reference_id=fuzz-log"},
            new String[] {"POST", "/v4/sessions"});

    private static FuzzNode node;

    /**
     * The node, started with the first input: Jazzer's agent, whose detectors the node configures,
     * is installed only once the first fuzz test gets its inputs, after {@code @BeforeAll}.
     */
    private static FuzzNode node() {
        if (node == null) {
            node = FuzzNode.start();
        }
        return node;
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @FuzzTest(maxDuration = "")
    @DictionaryFile(resourcePath = "v4.dict")
    void chat(byte[] input) {
        node().send("POST", pick(CHAT, input), body(input));
    }

    @FuzzTest(maxDuration = "")
    @DictionaryFile(resourcePath = "v4.dict")
    void logs(byte[] input) {
        node().send("POST", "/v4/logs", body(input));
    }

    @FuzzTest(maxDuration = "")
    @DictionaryFile(resourcePath = "v4.dict")
    void feedback(byte[] input) {
        node().send("POST", "/v4/feedback", body(input));
    }

    @FuzzTest(maxDuration = "")
    @DictionaryFile(resourcePath = "v4.dict")
    void management(byte[] input) {
        String[] route = pick(MANAGEMENT, input);
        node().send(route[0], node().path(route[1]), body(input));
    }

    private static <T> T pick(List<T> routes, byte[] input) {
        return routes.get(input.length == 0 ? 0 : Byte.toUnsignedInt(input[0]) % routes.size());
    }

    private static byte[] body(byte[] input) {
        return input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
    }
}
