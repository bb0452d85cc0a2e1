package dev.openloop.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.http.ErrorResponses;
import dev.openloop.server.testing.LogCapture;
import dev.openloop.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Each transport limit against a real node and a client on a plain socket: what the client that
 * goes past it gets, and that the node goes on serving others.
 */
class TransportLimitsTest {

    @Test
    void aConnectionPastTheCapIsAnsweredAtOnceWith503AndClosed() {
        try (TestServer server = TestServer.start(Map.of("OPENLOOP_MAX_CONNECTIONS", "3"))) {
            List<RawHttp> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawHttp connection = RawHttp.connect(server.port());
                    assertThat(connection.get("/healthz").response()).startsWith("HTTP/1.1 200");
                    held.add(connection);
                }
                try (RawHttp refused = RawHttp.connect(server.port())) {
                    String answer = refused.get("/readyz").response();
                    assertThat(answer).startsWith("HTTP/1.1 503")
                            .containsIgnoringCase("Retry-After: 1")
                            .containsIgnoringCase("Connection: close")
                            .contains("{\"detail\":\"The server is at its limit of 3 open connections; retry shortly\"}");
                    assertThat(refused.closedByNode()).isTrue();
                }
                // The connections within the cap are served as before.
                assertThat(held.getFirst().get("/healthz").response()).startsWith("HTTP/1.1 200");
            } finally {
                held.forEach(RawHttp::close);
            }
            assertThat(eventuallyServed(server.port())).as("served again once the held connections closed").isTrue();
        }
    }

    @Test
    void aRequestThatAsksToCloseTheConnectionIsAnsweredAndTheConnectionClosed() {
        // An idle timeout far beyond the test's patience: a close seen here is the node's answer to the request.
        try (TestServer server = TestServer.start(Map.of("OPENLOOP_IDLE_TIMEOUT_MS", "3600000"))) {
            for (String request : List.of(
                    "GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
                    "GET /v4/nothing-here HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
                    "GET /v4/projects HTTP/1.1\r\nHost: test\r\nX-API-KEY: " + TestServer.API_KEY
                            + "\r\nConnection: close\r\n\r\n",
                    "POST /v4/chat HTTP/1.1\r\nHost: test\r\nX-API-KEY: " + TestServer.API_KEY
                            + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")) {
                try (RawHttp connection = RawHttp.connect(server.port())) {
                    String answer = connection.send(request).response();
                    assertThat(answer).as(request).containsIgnoringCase("Connection: close");
                    assertThat(connection.closedByNode()).as("closed after answering " + request).isTrue();
                }
            }
            try (RawHttp old = RawHttp.connect(server.port())) {
                assertThat(old.send("GET /healthz HTTP/1.0\r\nHost: test\r\n\r\n").response())
                        .as("HTTP/1.0, which the node does not speak (docs/operations.md)").startsWith("HTTP/1.1 505");
                assertThat(old.closedByNode()).isTrue();
            }
            try (RawHttp kept = RawHttp.connect(server.port())) {
                assertThat(kept.get("/healthz").response()).startsWith("HTTP/1.1 200");
                assertThat(kept.get("/healthz").response()).as("a connection not asked to close serves the next request")
                        .startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void aChunkedBodyThatDoesNotParseIsABadRequestInTheDoorsShapeAndEndsTheConnection() {
        String chunked = "\r\nX-API-KEY: " + TestServer.API_KEY + "\r\nAuthorization: Bearer " + TestServer.API_KEY
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        try (TestServer server = TestServer.start(Map.of("OPENLOOP_IDLE_TIMEOUT_MS", "3600000"));
                LogCapture errors = LogCapture.of(ErrorResponses.class)) {
            for (String body : List.of("zz\r\n{}\r\n0\r\n\r\n", "ffffffffffffffff\r\n{}\r\n0\r\n\r\n", "2;x=1\r\n{}\r\n0\r\n\r\n")) {
                try (RawHttp v4 = RawHttp.connect(server.port())) {
                    String answer = v4.send("POST /v4/chat HTTP/1.1\r\nHost: test" + chunked + body).response();
                    assertThat(answer).as(body).startsWith("HTTP/1.1 400").containsIgnoringCase("Connection: close")
                            .contains("{\"detail\":\"The request body's chunked transfer coding is malformed\"}");
                    assertThat(v4.closedByNode()).as("closed after " + body).isTrue();
                }
                try (RawHttp v1 = RawHttp.connect(server.port())) {
                    String answer = v1.send("POST /v1/chat/completions HTTP/1.1\r\nHost: test" + chunked + body).response();
                    assertThat(answer).as(body).startsWith("HTTP/1.1 400").contains("\"error\":{")
                            .contains("The request body's chunked transfer coding is malformed");
                    assertThat(v1.closedByNode()).isTrue();
                }
            }
            try (RawHttp console = RawHttp.connect(server.port())) {
                String origin = "http://127.0.0.1:" + server.port();
                String answer = console.send("POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nOrigin: " + origin
                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nkey=x\r\n0\r\n\r\n")
                        .response();
                assertThat(answer).as("the console's sign-in form").startsWith("HTTP/1.1 400").contains("chunked transfer coding is malformed");
            }
            assertThat(errors.messages(java.util.logging.Level.SEVERE)).as("a caller's malformed body is not a server error").isEmpty();
        }
    }

    @Test
    void aConnectionThatSendsNothingOrHalfARequestHeadIsClosedAfterTheHeaderTimeout() {
        try (TestServer server = TestServer.start(Map.of("OPENLOOP_HEADER_TIMEOUT_MS", "500"));
                RawHttp silent = RawHttp.connect(server.port());
                RawHttp half = RawHttp.connect(server.port());
                RawHttp dripping = RawHttp.connect(server.port())) {
            half.send("GET /healthz HTTP/1.1\r\nHost: test\r\nX-Slow");
            dripping.send("GET /healthz HTTP/1.1\r\n");
            CompletableFuture<Boolean> drip = CompletableFuture.supplyAsync(() -> {
                try {
                    for (int i = 0; i < 600; i++) {
                        dripping.send("X-Drip-" + i + ": x\r\n");
                        Thread.sleep(100);
                    }
                    return false;
                } catch (RuntimeException closed) {
                    return true;
                } catch (InterruptedException e) {
                    return false;
                }
            });
            assertThat(silent.closedByNode()).as("a connection that sends nothing").isTrue();
            assertThat(half.closedByNode()).as("a connection that stalls mid-head").isTrue();
            assertThat(dripping.closedByNode()).as("a connection that sends a header line at a time, forever").isTrue();
            assertThat(drip.join()).isTrue();
            try (RawHttp fresh = RawHttp.connect(server.port())) {
                assertThat(fresh.get("/healthz").response()).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void aKeptAliveConnectionOutlivesTheHeaderTimeoutAndIsClosedWhenIdleTooLong() throws InterruptedException {
        try (TestServer server = TestServer.start(Map.of("OPENLOOP_HEADER_TIMEOUT_MS", "300",
                "OPENLOOP_IDLE_TIMEOUT_MS", "4000"));
                RawHttp connection = RawHttp.connect(server.port())) {
            assertThat(connection.get("/healthz").response()).startsWith("HTTP/1.1 200");
            Thread.sleep(1500);
            assertThat(connection.get("/healthz").response()).as("the header timeout is for the first request only")
                    .startsWith("HTTP/1.1 200");
            assertThat(connection.closedByNode()).as("closed once idle for the idle timeout").isTrue();
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAfterTheWriteTimeout() throws Exception {
        try (TestServer server = TestServer.start(Map.of("OPENLOOP_WRITE_TIMEOUT_MS", "1000",
                "OPENLOOP_IDLE_TIMEOUT_MS", "600000"));
                RawHttp greedy = RawHttp.connect(server.port())) {
            // Requests pipelined without reading a single answer: the answers fill the socket's
            // buffers, the node's write blocks, and the node stops reading in turn.
            byte[] requests = "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            CompletableFuture<Boolean> sender = CompletableFuture.supplyAsync(() -> {
                try {
                    OutputStream out = greedy.socket.getOutputStream();
                    long deadline = System.nanoTime() + RawHttp.PATIENCE.toNanos();
                    while (System.nanoTime() < deadline) {
                        out.write(requests);
                    }
                    return false;
                } catch (IOException dropped) {
                    return true;
                }
            });
            boolean dropped;
            try {
                dropped = sender.get(RawHttp.PATIENCE.toSeconds() + 30, TimeUnit.SECONDS);
            } catch (TimeoutException stillBlocked) {
                dropped = false;
            }
            assertThat(dropped).as("the node dropped the connection of a client that does not read").isTrue();
            try (RawHttp other = RawHttp.connect(server.port())) {
                assertThat(other.get("/healthz").response()).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void aBodyOverTheCapIsRefusedBeforeItIsSent() {
        try (TestServer server = TestServer.start(Map.of("OPENLOOP_MAX_BODY_BYTES", "1024"));
                RawHttp connection = RawHttp.connect(server.port())) {
            String answer = connection.send("POST /v4/chat HTTP/1.1\r\nHost: test\r\nX-API-KEY: " + TestServer.API_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n").response();
            assertThat(answer).startsWith("HTTP/1.1 413")
                    .contains("{\"detail\":\"Request body too large: at most 1024 bytes are accepted\"}");
        }
    }

    @Test
    void aRequestLineOrHeadersOverTheirLimitsAreRefused() {
        try (TestServer server = TestServer.start()) {
            try (RawHttp connection = RawHttp.connect(server.port())) {
                String answer = connection.get("/healthz?" + "a".repeat(9 * 1024)).response();
                assertThat(answer).matches("(?s)HTTP/1.1 4\\d\\d .*").contains("{\"detail\":");
            }
            try (RawHttp connection = RawHttp.connect(server.port())) {
                String answer = connection.send("GET /healthz HTTP/1.1\r\nHost: test\r\nX-Big: " + "b".repeat(17 * 1024)
                        + "\r\n\r\n").response();
                assertThat(answer).matches("(?s)HTTP/1.1 4\\d\\d .*").contains("{\"detail\":");
            }
            try (RawHttp connection = RawHttp.connect(server.port())) {
                assertThat(connection.get("/healthz").response()).startsWith("HTTP/1.1 200");
            }
        }
    }

    /** Whether a new connection gets a 200 from {@code /healthz} within the patience of a test. */
    static boolean eventuallyServed(int port) {
        long deadline = System.nanoTime() + RawHttp.PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try (RawHttp connection = RawHttp.connect(port)) {
                if (connection.get("/healthz").response().startsWith("HTTP/1.1 200")) {
                    return true;
                }
            } catch (RuntimeException | AssertionError notYet) {
                // refused or closed; try again
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
