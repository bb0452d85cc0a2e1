package dev.openloop.bench;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The upstream of the benchmark: an OpenAI-compatible server answering
 * {@code POST /v1/chat/completions} at once with a fixed, realistically sized {@code chat.completion}
 * (or, when the body asks for {@code "stream":true}, a fixed chunk stream ending in
 * {@code [DONE]}).
 *
 * <p>It does as little as an HTTP server can: the answers are bytes prepared at start, and the
 * request body is read but not parsed (a byte search tells a stream from a plain call). The harness
 * measures it directly in every run, so its own cost is the baseline OpenLoop's is compared with.
 *
 * <p>Usage: {@code UpstreamStub [--port N] [--port-file PATH]}; port 0 (the default) picks a free
 * one, written to the port file once the server listens.
 */
public final class UpstreamStub {
    /** Where the stub answers, as OpenAI does under its {@code /v1} base URL. */
    public static final String PATH = "/v1/chat/completions";

    private static final byte[] STREAM_FLAG = "\"stream\":true".getBytes(StandardCharsets.US_ASCII);

    private final byte[] completion;
    private final byte[] stream;

    private UpstreamStub(byte[] completion, byte[] stream) {
        this.completion = completion;
        this.stream = stream;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = Args.parse(args);
        int port = Integer.parseInt(options.getOrDefault("port", "0"));
        UpstreamStub stub = new UpstreamStub(resource("upstream/chat_completion.json"),
                resource("upstream/chat_completion_stream.sse"));
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .routing(routing -> routing.post(PATH, stub::answer))
                .build()
                .start();
        if (options.containsKey("port-file")) {
            Path file = Path.of(options.get("port-file"));
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, String.valueOf(server.port()));
            // Renamed into place, so whoever waits for the file never reads half of it.
            Files.move(partial, file);
        }
        System.out.println("upstream stub listening on http://127.0.0.1:" + server.port() + PATH);
    }

    private void answer(ServerRequest req, ServerResponse res) throws IOException {
        byte[] body = req.content().as(byte[].class);
        if (contains(body, STREAM_FLAG)) {
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            res.header(HeaderValues.CACHE_NO_CACHE);
            try (OutputStream out = res.outputStream()) {
                out.write(stream);
            }
        } else {
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(completion);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static byte[] resource(String name) {
        try (InputStream in = UpstreamStub.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
