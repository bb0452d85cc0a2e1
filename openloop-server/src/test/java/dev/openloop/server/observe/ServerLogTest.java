package dev.openloop.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.ServerProcess;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The node's own log, as its process prints it (issue #11, finding 2): what clients do to their
 * own connections is no warning and no stack trace, and each line is one event with an ISO-8601
 * UTC timestamp.
 */
class ServerLogTest {
    private static final Pattern LINE_START = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (TRACE|DEBUG|INFO |WARN |ERROR) ");

    @Test
    void connectionsClosedMidRequestLeaveNoStackTraceAndNoWarning() throws IOException {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                ServerProcess node = ServerProcess.start(database, Map.of(), "node")) {
            String before = node.output();
            for (int i = 0; i < 200; i++) {
                try (Socket socket = connect(node.port())) {
                    OutputStream out = socket.getOutputStream();
                    out.write("POST /v4/chat HTTP/1.1\r\nHost: test\r\nX-API".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                try (Socket socket = connect(node.port())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /v4/chat HTTP/1.1\r\nHost: test\r\nX-API-KEY: " + TestServer.API_KEY
                            + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"messages\":")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                try (Socket socket = connect(node.port())) {
                    OutputStream out = socket.getOutputStream();
                    out.write("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    socket.setSoLinger(true, 0);
                }
            }
            // A last request that is answered: everything the node logged about the ones before is in by then.
            try (Socket socket = connect(node.port())) {
                socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            }
            String logged = node.output().substring(before.length());
            assertThat(logged).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("WARN")
                    .doesNotContain("ERROR");
        }
    }

    @Test
    void everyLoggedLineIsOneEventWithAnIsoUtcTimestamp() {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                ServerProcess node = ServerProcess.start(database, Map.of(), "node")) {
            for (String line : node.output().split("\n")) {
                if (line.startsWith("openloop: ") || line.isBlank()) {
                    continue;
                }
                assertThat(LINE_START.matcher(line).find()).as("a line of its own event: " + line).isTrue();
            }
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 60_000);
        return socket;
    }
}
