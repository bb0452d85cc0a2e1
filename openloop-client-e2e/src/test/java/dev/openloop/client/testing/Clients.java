package dev.openloop.client.testing;

import dev.openloop.client.Humanloop;
import dev.openloop.testkit.OpenLoopNode;
import java.time.Duration;

/** Clients of a test node. */
public final class Clients {
    private Clients() {
    }

    /** A client builder pointed at {@code node} with its key, retrying fast. */
    public static Humanloop.Builder of(OpenLoopNode node) {
        return Humanloop.builder()
                .apiKey(OpenLoopNode.API_KEY)
                .basePath(node.basePath())
                .initialRetryDelay(Duration.ofMillis(5))
                .timeout(Duration.ofSeconds(30));
    }
}
