package dev.openloop.server.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz test of the binding and validation of {@code POST /v1/chat/completions} through a real node
 * over HTTP: whatever the body, the answer is never a 500, is in OpenAI's error shape when it is an
 * error, comes in time, and leaves the node answering (see {@link FuzzNode}). In the normal test
 * run it replays the seeds under
 * {@code src/test/resources/dev/openloop/server/fuzz/V1RequestFuzzTestInputs/}.
 */
class V1RequestFuzzTest {
    private static FuzzNode node;

    /** The node, started with the first input, as {@link V4RequestFuzzTest} starts its own. */
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
    @DictionaryFile(resourcePath = "v1.dict")
    void completions(byte[] input) {
        node().send("POST", "/v1/chat/completions", input);
    }
}
