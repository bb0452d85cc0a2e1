package dev.openloop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A node started from what is shipped (the archive's script, the image's entrypoint), as a process of its own. */
final class Node implements AutoCloseable {
    static final String API_KEY = "dist-test-key-0123456789";

    private final Process process;
    private final Path output;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Node(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** Starts {@code command}, whose output goes to {@code output}, and waits until it answers {@code /healthz} on {@code port}. */
    static Node start(ProcessBuilder command, Path output, int port) throws IOException, InterruptedException {
        command.redirectErrorStream(true).redirectOutput(output.toFile());
        Node node = new Node(command.start(), output, port);
        try {
            node.awaitHealthy();
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A chat answered by the mock provider. */
    HttpResponse<String> chat() throws IOException, InterruptedException {
        return client.send(request("/v4/chat").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"project": "dist", "messages": [{"role": "user", "content": "Hello!"}],
                         "model_config": {"provider": "mock", "model": "mock-1"}}""")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-API-KEY", API_KEY);
    }

    Process process() {
        return process;
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends SIGTERM and waits for the node to finish what it was doing and exit. */
    void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the node stops:\n" + output()).isTrue();
    }

    private void awaitHealthy() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the node exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (get("/healthz").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the node did not become healthy:\n" + output());
    }

    @Override
    public void close() throws InterruptedException {
        // The node may run under a wrapper (the image's test starts it through unshare and chroot,
        // whose change of user clears the signal that would end it with its parent): end the
        // wrapper's descendants too, or the node outlives the test.
        List<ProcessHandle> descendants = process.descendants().toList();
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
        for (ProcessHandle descendant : descendants) {
            descendant.destroyForcibly();
            descendant.onExit().completeOnTimeout(descendant, 60, TimeUnit.SECONDS).join();
        }
    }
}
