package dev.openloop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Programs run to their end: what they printed and how they exited. */
final class Commands {
    private Commands() {
    }

    record Finished(int exitCode, String output) {
    }

    static Finished run(ProcessBuilder command) throws IOException, InterruptedException {
        Process process = command.redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command.command())).isTrue();
        return new Finished(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Runs {@code command} and fails the test unless it exits 0. */
    static String runOk(List<String> command) throws IOException, InterruptedException {
        Finished finished = run(new ProcessBuilder(command));
        assertThat(finished.exitCode()).as(String.join(" ", command) + ":\n" + finished.output()).isZero();
        return finished.output();
    }
}
