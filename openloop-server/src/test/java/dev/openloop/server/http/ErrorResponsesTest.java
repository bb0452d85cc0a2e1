package dev.openloop.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.RefusedPort;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error mapping on a real server, with routes of this test that fail as routes can: with
 * real database failures (SQL that does not run, a SQLite file whose write lock is taken, a
 * database that is not there) and with {@link Error}s. Every answer of ours is JSON
 * {@code {"detail": ...}}, and the server's log never gets the SQL's bound values.
 */
class ErrorResponsesTest {
    private static final String SECRET = "bound-value-4711";
    private static final Logger ERROR_LOG = Logger.getLogger(ErrorResponses.class.getName());
    private static final List<LogRecord> LOGGED = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOGGED.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Deleted by JUnit after the class. */
    @TempDir
    static Path dataDir;
    private static String sqliteUrl;
    private static int deadPort;
    private static WebServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        sqliteUrl = "jdbc:sqlite:" + dataDir.resolve("errors.db");
        Jdbi sqlite = Jdbi.create(sqliteUrl);
        sqlite.useHandle(h -> h.execute("CREATE TABLE items (id TEXT PRIMARY KEY)"));
        deadPort = RefusedPort.port();
        ERROR_LOG.addHandler(CAPTURE);
        ERROR_LOG.setLevel(Level.ALL);

        HttpRouting.Builder routing = HttpRouting.builder();
        ErrorResponses.register(routing, ErrorShapes.of(Map.of("/door", new DoorErrors() {
            @Override
            public Object body(int status, String message) {
                return Map.of("error", Map.of("message", message, "status", status));
            }

            @Override
            public void write(ServerResponse res, RuntimeException failure) {
                ApiException e = (ApiException) failure;
                JsonAnswers.send(res, e.status(), Map.of("error", Map.of("message", e.getMessage(), "status", e.status())));
            }
        })));
        routing.get("/door/unreachable", (req, res) -> Jdbi.create("jdbc:postgresql://127.0.0.1:" + deadPort
                        + "/openloop?user=openloop&connectTimeout=2").useHandle(h -> h.execute("SELECT 1")))
                .get("/door/fault", (req, res) -> {
                    throw new IllegalStateException("a fault of the server");
                })
                .get("/door/refused", (req, res) -> {
                    throw ApiException.notFound("Nothing here");
                })
                .get("/doorway/fault", (req, res) -> {
                    throw new IllegalStateException("a fault of the server");
                });
        // A door's routes registered as a service under its prefix, as the node registers /v1: they see
        // their paths without the prefix, which the error mapping must not go by.
        routing.register("/door/served", rules -> rules
                .get("/unreachable", (req, res) -> Jdbi.create("jdbc:postgresql://127.0.0.1:" + deadPort
                        + "/openloop?user=openloop&connectTimeout=2").useHandle(h -> h.execute("SELECT 1")))
                .get("/fault", (req, res) -> {
                    throw new IllegalStateException("a fault of the server");
                })
                .get("/refused", (req, res) -> {
                    throw ApiException.notFound("Nothing here");
                }));
        routing.get("/duplicate", (req, res) -> sqlite.useHandle(h -> {
                    h.execute("DELETE FROM items");
                    for (int i = 0; i < 2; i++) {
                        h.createUpdate("INSERT INTO items (id) VALUES (:id)").bind("id", SECRET).execute();
                    }
                }))
                .get("/busy", (req, res) -> sqlite.useHandle(h -> {
                    h.execute("PRAGMA busy_timeout = 0");
                    h.createUpdate("INSERT INTO items (id) VALUES (:id)").bind("id", SECRET).execute();
                }))
                .get("/unreachable", (req, res) -> Jdbi.create("jdbc:postgresql://127.0.0.1:" + deadPort
                        + "/openloop?user=openloop&connectTimeout=2").useHandle(h -> h.execute("SELECT 1")))
                .get("/overflow", (req, res) -> JsonAnswers.send(res, 200, deeper(0)))
                .get("/fault/{name}", (req, res) -> {
                    throw new IllegalStateException("a fault of the server");
                })
                .get("/assertion", (req, res) -> {
                    throw new AssertionError("a broken invariant");
                })
                .get("/out-of-memory", (req, res) -> {
                    throw new OutOfMemoryError("simulated: Java heap space");
                });
        server = WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        ERROR_LOG.removeHandler(CAPTURE);
    }

    @BeforeEach
    void forgetTheLog() {
        LOGGED.clear();
    }

    private static int deeper(int depth) {
        return deeper(depth + 1) + 1;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The detail of a JSON error answer with {@code status}. */
    private static String detail(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
        JsonNode body = TestServer.json(response.body());
        return body.get("detail").asText();
    }

    /** Everything the log got: messages and whatever exceptions were attached, with their causes. */
    private static String everythingLogged() {
        StringBuilder all = new StringBuilder();
        for (LogRecord record : LOGGED) {
            all.append(record.getMessage()).append('\n');
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                all.append(t).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void aFailedStatementIsA500AndTheLogGetsItsTypesAndOurFramesButNotItsValues() throws Exception {
        assertThat(detail(get("/duplicate"), 500)).isEqualTo("Internal server error");
        assertThat(LOGGED).hasSize(1);
        LogRecord record = LOGGED.getFirst();
        assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
        assertThat(record.getThrown()).as("the exception itself, whose message holds the SQL, is not logged").isNull();
        assertThat(record.getMessage())
                .contains("GET /duplicate", "UnableToExecuteStatementException", "SQLITE_CONSTRAINT")
                .contains("at dev.openloop.server.http.ErrorResponsesTest");
        assertThat(everythingLogged()).doesNotContain(SECRET).doesNotContain("INSERT");
    }

    /** Issue #11, finding 8: a {@code %0a} in the path of a request that fails must not start a line of its own. */
    @Test
    void aPathWithLineBreaksCannotForgeALineOfTheLog() throws Exception {
        assertThat(detail(get("/fault/x%0a2026-01-01T00:00:00.000Z%20ERROR%20forged%0d%1b%5B2J"), 500)).isEqualTo("Internal server error");
        assertThat(LOGGED).hasSize(1);
        assertThat(LOGGED.getFirst().getMessage())
                .contains("GET /fault/x\\n2026-01-01T00:00:00.000Z ERROR forged\\r\\u001b[2J")
                .doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b");
    }

    @Test
    void aWriteThatFindsSqliteLockedIsA503ToRetry() throws Exception {
        try (Connection holder = DriverManager.getConnection(sqliteUrl); Statement statement = holder.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            HttpResponse<String> response = get("/busy");
            assertThat(detail(response, 503)).contains("retry");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            statement.execute("ROLLBACK");
        }
        assertThat(everythingLogged()).contains("SQLITE_BUSY").doesNotContain(SECRET);
    }

    @Test
    void anUnreachableDatabaseIsA503() throws Exception {
        assertThat(detail(get("/unreachable"), 503)).contains("database cannot be reached");
        assertThat(everythingLogged()).contains("SQL state 08");
    }

    @Test
    void aDoorOfItsOwnShapeGetsItsFaultsAndOutagesInThatShape() throws Exception {
        HttpResponse<String> fault = get("/door/fault");
        assertThat(fault.statusCode()).isEqualTo(500);
        assertThat(TestServer.json(fault.body()).get("error").get("message").asText()).isEqualTo("Internal server error");

        HttpResponse<String> outage = get("/door/unreachable");
        assertThat(outage.statusCode()).isEqualTo(503);
        assertThat(outage.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(TestServer.json(outage.body()).get("error").get("message").asText()).contains("database cannot be reached");

        HttpResponse<String> refused = get("/door/refused");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(refused.body()).get("error").get("message").asText()).isEqualTo("Nothing here");
    }

    @Test
    void aDoorsServiceUnderItsPrefixGetsItsFailuresInTheDoorsShapeLoggedWithTheWholePath() throws Exception {
        HttpResponse<String> outage = get("/door/served/unreachable");
        assertThat(outage.statusCode()).isEqualTo(503);
        assertThat(outage.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(TestServer.json(outage.body()).path("error").path("message").asText()).as(outage.body())
                .contains("database cannot be reached");
        assertThat(everythingLogged()).contains("GET /door/served/unreachable");

        HttpResponse<String> fault = get("/door/served/fault");
        assertThat(fault.statusCode()).isEqualTo(500);
        assertThat(TestServer.json(fault.body()).path("error").path("message").asText()).as(fault.body())
                .isEqualTo("Internal server error");

        HttpResponse<String> refused = get("/door/served/refused");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(refused.body()).path("error").path("message").asText()).as(refused.body())
                .isEqualTo("Nothing here");
    }

    @Test
    void aPathThatOnlyStartsWithADoorsNameStaysInV4Shape() throws Exception {
        assertThat(detail(get("/doorway/fault"), 500)).isEqualTo("Internal server error");
    }

    @Test
    void aStackOverflowIsAJson500LoggedWithAFewFrames() throws Exception {
        assertThat(detail(get("/overflow"), 500)).isEqualTo("Internal server error");
        assertThat(LOGGED).hasSize(1);
        String message = LOGGED.getFirst().getMessage();
        assertThat(message).contains("GET /overflow", "StackOverflowError", "ErrorResponsesTest.deeper");
        assertThat(message.lines().count()).as("a few frames, not the thousands that overflowed").isLessThan(30);
    }

    @Test
    void anyOtherErrorOfARouteIsAJson500() throws Exception {
        assertThat(detail(get("/assertion"), 500)).isEqualTo("Internal server error");
        assertThat(LOGGED).hasSize(1);
        assertThat(LOGGED.getFirst().getThrown()).isInstanceOf(AssertionError.class);
    }

    @Test
    void runningOutOfMemoryIsReportedAsFatalNotAnsweredAsARoutineFault() throws Exception {
        HttpResponse<String> response = get("/out-of-memory");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("Internal server error");
        assertThat(LOGGED).hasSize(1);
        assertThat(LOGGED.getFirst().getMessage()).contains("fatal error while serving GET /out-of-memory");
        assertThat(LOGGED.getFirst().getThrown()).isInstanceOf(OutOfMemoryError.class);
    }
}
