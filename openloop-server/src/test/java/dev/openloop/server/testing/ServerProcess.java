package dev.openloop.server.testing;

import dev.openloop.server.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An OpenLoop node as a process of its own ({@link Main} on the tests' classpath), for tests that
 * stop it with a signal or kill it outright. Its output goes to a file in the database's data
 * directory.
 */
public final class ServerProcess implements AutoCloseable {
    /** Generous: on a machine busy with other builds a start has taken more than a minute. */
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(180);

    private final Process process;
    private final int port;
    private final Path output;

    private ServerProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /**
     * Starts a node on {@code database} with the test API key and {@code extraEnv}, and returns once
     * it answers {@code /healthz}.
     *
     * @param name names the file its output goes to
     */
    public static ServerProcess start(TestDatabase database, Map<String, String> extraEnv, String name) {
        return start(database, extraEnv, name, List.of());
    }

    /**
     * Starts a node as {@link #start} does, without waiting for it: for nodes that are expected not
     * to come up. {@code extraEnv} may set {@code OPENLOOP_PORT}.
     */
    public static ServerProcess launch(TestDatabase database, Map<String, String> extraEnv, String name) {
        return launch(database, extraEnv, name, List.of());
    }

    /**
     * Starts a node as {@link #start} does, its command run by {@code wrapper} (e.g. a shell that
     * lowers the open-file limit first, then runs the command it is given as its arguments).
     */
    public static ServerProcess start(TestDatabase database, Map<String, String> extraEnv, String name, List<String> wrapper) {
        ServerProcess server = launch(database, extraEnv, name, wrapper);
        try {
            server.awaitHealthy();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static ServerProcess launch(TestDatabase database, Map<String, String> extraEnv, String name, List<String> wrapper) {
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("OPENLOOP_PORT", String.valueOf(port));
        env.put("OPENLOOP_API_KEY", TestServer.API_KEY);
        env.putAll(extraEnv);
        Path output = database.dataDir().resolve(name + ".log");
        ProcessBuilder builder = main(database, env, List.of());
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(builder.command());
        builder.command(command);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        try {
            return new ServerProcess(builder.start(), Integer.parseInt(env.get("OPENLOOP_PORT")), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a command that ran to its end left: its exit status and everything it printed. */
    public record Finished(int exitCode, String output) {
    }

    /** Runs {@code ./openloop}'s {@code args} (e.g. {@code keys list}) on {@code database} and waits for it to end. */
    public static Finished run(TestDatabase database, Map<String, String> extraEnv, String... args) {
        ProcessBuilder builder = main(database, extraEnv, List.of(args));
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openloop " + String.join(" ", args) + " did not end:\n" + new String(output, StandardCharsets.UTF_8));
            }
            return new Finished(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@link Main} with {@code args} on the tests' classpath, on {@code database}, its output and
     * errors merged. It exits when the process that started it is gone, so a killed test run
     * leaves no node behind.
     */
    public static ProcessBuilder main(TestDatabase database, Map<String, String> extraEnv, List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                // A node here lives for a few requests: compiling with C1 alone spends about a third
                // less processor time getting it to listen (docs/testing.md).
                "-XX:TieredStopAtLevel=1",
                "-Dopenloop.exitWithParent=true",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(database.env());
        builder.environment().putAll(extraEnv);
        builder.redirectErrorStream(true);
        return builder;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public Process process() {
        return process;
    }

    /** Sends SIGTERM: the node finishes what is in flight and exits. */
    public void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL and waits until the process is gone: nothing of the node runs after this. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the killed node did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything the node printed so far. */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(STARTUP_LIMIT);
        try {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new AssertionError("the node exited with " + process.exitValue() + ":\n" + output());
                }
                try {
                    HttpResponse<Void> health = client.send(HttpRequest.newBuilder(uri("/healthz")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (health.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new AssertionError("the node did not become healthy:\n" + output());
    }

    static int freePort() {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the node if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
