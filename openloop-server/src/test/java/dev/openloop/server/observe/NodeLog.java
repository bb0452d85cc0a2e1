package dev.openloop.server.observe;

import dev.openloop.server.testing.ServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** The lines a node process printed, read as they come: a line is written just after its answer is sent. */
final class NodeLog {
    private NodeLog() {
    }

    /** The node's lines so far, without the launcher's own ({@code openloop: ...}) and blank ones. */
    static List<String> lines(ServerProcess node) {
        return Arrays.stream(node.output().split("\n"))
                .filter(line -> !line.isBlank() && !line.startsWith("openloop: "))
                .toList();
    }

    /** The first line {@code wanted} accepts, waiting for it to be printed. */
    static String await(ServerProcess node, Predicate<String> wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            for (String line : lines(node)) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no such line in:\n" + node.output());
    }
}
