package dev.openloop.server.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.SseEvents;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a provider can fail, against every provider ({@link FaultProfile#all()}), streamed and
 * not, end to end through {@code POST /v4/chat}: the status OpenLoop answers with and its
 * {@code detail}, how many attempts reached the provider (retryable failures up to the bound,
 * the others once), {@code Retry-After} passed on, {@code x-should-retry}, and the log stored
 * with its error. A provider that cannot be reached at all (nothing listens, its host name does
 * not resolve) is answered for by servers pointed at such places.
 *
 * <p>Timeouts and backoff are made short through the environment so the silent faults finish
 * quickly, but nothing here measures a time: the fake counts attempts, the database keeps logs.
 */
class FaultMatrixTest extends EveryStoreSuite {
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Map<String, String> RESILIENCE = Map.of(
            "OPENLOOP_PROVIDER_MAX_ATTEMPTS", String.valueOf(MAX_ATTEMPTS),
            "OPENLOOP_PROVIDER_READ_TIMEOUT_MS", "1000",
            "OPENLOOP_PROVIDER_CONNECT_TIMEOUT_MS", "1000",
            "OPENLOOP_PROVIDER_RETRY_BASE_MS", "1",
            "OPENLOOP_PROVIDER_MAX_RETRY_AFTER_MS", "5000",
            // Every fault, many times in a row: a breaker would skip the provider for the next case.
            "OPENLOOP_BREAKER_FAILURES", "0");

    private static final Map<String, ProviderFake> fakes = new HashMap<>();
    /** Each provider pointed at its fake. */
    private static TestServer server;
    /** Each provider pointed at an address that cannot be reached, in each way. */
    private static final Map<Network, TestServer> unreachable = new HashMap<>();

    /** How a provider's address cannot be reached. */
    enum Network {
        /** A port nobody listens on. */
        CONNECTION_REFUSED,
        /** A host name that never resolves ({@code .invalid} is reserved for that, RFC 6761). */
        UNRESOLVABLE_HOST;

        String baseUrl() {
            return this == CONNECTION_REFUSED ? ProviderFake.refusedUrl() : "http://nonexistent.invalid";
        }
    }

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        Map<String, String> env = new HashMap<>(RESILIENCE);
        for (FaultProfile profile : FaultProfile.all()) {
            ProviderFake fake = ProviderFake.start();
            fakes.put(profile.provider(), fake);
            env.putAll(profile.environment().apply(fake.baseUrl()));
        }
        server = TestServer.start(store, env);
        for (Network network : Network.values()) {
            Map<String, String> unreachableEnv = new HashMap<>(RESILIENCE);
            for (FaultProfile profile : FaultProfile.all()) {
                unreachableEnv.putAll(profile.environment().apply(network.baseUrl()));
            }
            unreachable.put(network, TestServer.start(store, unreachableEnv));
        }
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        unreachable.values().forEach(TestServer::close);
        unreachable.clear();
        fakes.values().forEach(ProviderFake::close);
    }

    enum Mode { PLAIN, STREAM }

    /**
     * What OpenLoop must make of a fault.
     *
     * @param leavesRetryToClient whether the answer has no {@code x-should-retry: false}: only when
     *     the server passed a {@code Retry-After} on instead of waiting for it
     */
    record Expected(int status, String type, int attempts, String retryAfter, boolean midStream,
            boolean leavesRetryToClient) {
        static Expected json(int status, String type, int attempts) {
            return new Expected(status, type, attempts, null, false, false);
        }

        static Expected midStream(int code, String type) {
            return new Expected(code, type, 1, null, true, false);
        }

        Expected withRetryAfter(String value) {
            return new Expected(status, type, attempts, value, midStream, leavesRetryToClient);
        }

        Expected leavingRetryToClient() {
            return new Expected(status, type, attempts, retryAfter, midStream, true);
        }
    }

    enum Fault {
        BAD_REQUEST_400,
        UNAUTHORIZED_401,
        NOT_FOUND_404,
        REQUEST_TIMEOUT_408,
        RATE_LIMITED_429,
        RATE_LIMITED_429_RETRY_AFTER_TOO_LONG,
        SERVER_ERROR_500,
        UNAVAILABLE_503,
        OVERLOADED_529,
        REDIRECT_302,
        SILENT_PAST_READ_TIMEOUT,
        RESET_BEFORE_ANSWER,
        CLOSED_BEFORE_ANSWER,
        RESET_MID_BODY,
        CLOSED_MID_BODY,
        ENDS_WITHOUT_END_MARKER,
        SILENT_MID_BODY,
        /** The provider's own error event, after some text (streams only). */
        IN_STREAM_ERROR;

        /** Whether the fault can happen in {@code mode}. */
        boolean happensIn(Mode mode) {
            return this != IN_STREAM_ERROR || mode == Mode.STREAM;
        }

        /** The status a provider answers with, for the faults that are one. */
        int upstreamStatus() {
            return switch (this) {
                case BAD_REQUEST_400 -> 400;
                case UNAUTHORIZED_401 -> 401;
                case NOT_FOUND_404 -> 404;
                case REQUEST_TIMEOUT_408 -> 408;
                case RATE_LIMITED_429, RATE_LIMITED_429_RETRY_AFTER_TOO_LONG -> 429;
                case SERVER_ERROR_500 -> 500;
                case UNAVAILABLE_503 -> 503;
                case OVERLOADED_529 -> 529;
                default -> 0;
            };
        }

        /** What the fake answers, every attempt. */
        Answer answer(FaultProfile profile, Mode mode) {
            return switch (this) {
                case RATE_LIMITED_429 -> error(profile).withHeader("Retry-After", "0");
                case RATE_LIMITED_429_RETRY_AFTER_TOO_LONG -> error(profile).withHeader("Retry-After", "120");
                case REDIRECT_302 -> new Answer(302, Map.of("Location", "https://elsewhere.example/v1"), List.of(""), 0, -1);
                case SILENT_PAST_READ_TIMEOUT -> Answer.silence();
                case RESET_BEFORE_ANSWER -> Answer.resetBeforeAnswer();
                case CLOSED_BEFORE_ANSWER -> Answer.closeBeforeAnswer();
                case RESET_MID_BODY -> body(profile, mode).resetAfter(cutPoint(mode));
                case CLOSED_MID_BODY -> body(profile, mode).closeAfter(cutPoint(mode));
                case ENDS_WITHOUT_END_MARKER -> body(profile, mode).cutAfter(cutPoint(mode));
                case SILENT_MID_BODY -> body(profile, mode).stallAfter(cutPoint(mode));
                case IN_STREAM_ERROR -> Answer.sse(Golden.read(profile.streamFailure().golden()));
                default -> error(profile);
            };
        }

        Expected expected(FaultProfile profile, Mode mode) {
            boolean stream = mode == Mode.STREAM;
            return switch (this) {
                case BAD_REQUEST_400 -> Expected.json(422, "unprocessable_entity_error", 1);
                case UNAUTHORIZED_401 -> Expected.json(401, "authentication_error", 1);
                case NOT_FOUND_404 -> Expected.json(404, "not_found_error", 1);
                case REQUEST_TIMEOUT_408 -> Expected.json(504, "timeout_error", MAX_ATTEMPTS);
                case RATE_LIMITED_429 -> Expected.json(429, "rate_limit_error", MAX_ATTEMPTS).withRetryAfter("0");
                // Not waited for, so retrying is the client's to decide.
                case RATE_LIMITED_429_RETRY_AFTER_TOO_LONG -> Expected.json(429, "rate_limit_error", 1).withRetryAfter("120")
                        .leavingRetryToClient();
                case SERVER_ERROR_500 -> Expected.json(502, "bad_gateway_error", MAX_ATTEMPTS);
                case UNAVAILABLE_503, OVERLOADED_529 -> Expected.json(503, "service_unavailable_error", MAX_ATTEMPTS);
                case REDIRECT_302 -> Expected.json(502, "bad_gateway_error", 1);
                case SILENT_PAST_READ_TIMEOUT -> Expected.json(504, "timeout_error", 1);
                case RESET_BEFORE_ANSWER, CLOSED_BEFORE_ANSWER -> Expected.json(502, "bad_gateway_error", MAX_ATTEMPTS);
                // Nothing of a plain answer has reached the client yet, so a broken one is retried;
                // a stream is never retried once it started.
                case RESET_MID_BODY, CLOSED_MID_BODY -> stream
                        ? Expected.midStream(502, "bad_gateway_error")
                        : Expected.json(502, "bad_gateway_error", MAX_ATTEMPTS);
                // A whole answer that is not a whole answer is the provider's fault, not the network's.
                case ENDS_WITHOUT_END_MARKER -> stream
                        ? Expected.midStream(502, "bad_gateway_error")
                        : Expected.json(502, "bad_gateway_error", 1);
                case SILENT_MID_BODY -> stream
                        ? Expected.midStream(504, "timeout_error")
                        : Expected.json(504, "timeout_error", 1);
                case IN_STREAM_ERROR -> Expected.midStream(profile.streamFailure().status(), profile.streamFailure().type());
            };
        }

        private Answer error(FaultProfile profile) {
            return Answer.json(upstreamStatus(), Golden.read(profile.errorBody().apply(upstreamStatus())));
        }

        /** The provider's whole answer: its stream's events, or its completion in two halves. */
        private static Answer body(FaultProfile profile, Mode mode) {
            if (mode == Mode.STREAM) {
                return Answer.sse(Golden.read(profile.stream()));
            }
            String completion = Golden.read(profile.completion());
            int middle = completion.length() / 2;
            return new Answer(200, Map.of("Content-Type", "application/json"),
                    List.of(completion.substring(0, middle), completion.substring(middle)), 0, -1);
        }

        /** Where a body is cut: after two events of a stream, after the first half of a completion. */
        private static int cutPoint(Mode mode) {
            return mode == Mode.STREAM ? 2 : 1;
        }
    }

    static Stream<Arguments> faults() {
        List<Arguments> cases = new ArrayList<>();
        for (FaultProfile profile : FaultProfile.all()) {
            for (Fault fault : Fault.values()) {
                for (Mode mode : Mode.values()) {
                    if (fault.happensIn(mode)) {
                        cases.add(Arguments.of(profile, fault, mode));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("faults")
    void aFaultIsMappedRetriedAsAllowedAndLogged(FaultProfile profile, Fault fault, Mode mode) {
        ProviderFake fake = fakes.get(profile.provider()).reset();
        fake.otherwise(fault.answer(profile, mode));
        String project = "fault-" + profile.provider() + "-" + fault + "-" + mode;
        Expected expected = fault.expected(profile, mode);

        HttpResponse<String> response = server.postJson("/v4/chat", chat(profile, project, mode));

        List<ProviderFake.Received> attempts = fake.received();
        fake.awaitDeliveries(attempts.size(), LIMIT);
        assertThat(attempts).as("attempts").hasSize(expected.attempts());
        assertThat(attempts).extracting(ProviderFake.Received::body).as("every attempt sends the same request").containsOnly(attempts.getFirst().body());

        JsonNode detail;
        if (expected.midStream()) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            List<SseEvent> events = SseEvents.parse(response.body());
            SseEvent last = events.getLast();
            assertThat(last.event()).as("the stream ends with an error event: %s", response.body()).isEqualTo("error");
            assertThat(events.subList(0, events.size() - 1)).allMatch(e -> e.event().equals("message"));
            detail = TestServer.json(last.data()).get("detail");
        } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(expected.status());
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(response.headers().firstValue("Retry-After")).isEqualTo(java.util.Optional.ofNullable(expected.retryAfter()));
            assertThat(response.headers().firstValue("x-should-retry")).as("x-should-retry")
                    .isEqualTo(expected.leavesRetryToClient() ? java.util.Optional.empty() : java.util.Optional.of("false"));
            detail = TestServer.json(response.body()).get("detail");
        }
        assertThat(detail).isNotNull();
        List<String> fields = new ArrayList<>();
        detail.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("type", "message", "code", "origin");
        assertThat(detail.get("type").asText()).isEqualTo(expected.type());
        assertThat(detail.get("code").asInt()).isEqualTo(expected.status());
        assertThat(detail.get("origin").asText()).isEqualTo(profile.origin());
        String message = detail.get("message").asText();
        assertThat(message).isNotBlank().doesNotContain(profile.secret()).doesNotContain("null");
        if (fault.upstreamStatus() > 0) {
            String providerMessage = profile.errorMessage().apply(TestServer.json(Golden.read(profile.errorBody().apply(fault.upstreamStatus()))));
            if (providerMessage.contains("***")) {
                assertThat(message).doesNotContain("***").contains("[redacted]");
            } else {
                assertThat(message).isEqualTo(providerMessage);
            }
        }
        if (fault == Fault.IN_STREAM_ERROR) {
            assertThat(message).isEqualTo(profile.streamFailure().message());
        }

        List<Map<String, Object>> logs = logsOf(server, project);
        assertThat(logs).as("one log for the one sample").hasSize(1);
        Map<String, Object> log = logs.getFirst();
        assertThat(log.get("status")).isEqualTo(expected.midStream() ? "incomplete" : "complete");
        assertThat((String) log.get("error")).isNotNull().contains(profile.origin()).contains(expected.type())
                .doesNotContain(profile.secret());
        if (expected.midStream()) {
            String relayed = String.join("", SseEvents.data(response.body()).stream()
                    .map(e -> e.get("data").get(0).get("output").asText()).toList());
            assertThat(log.get("raw_output")).as("the log keeps what was relayed").isEqualTo(relayed);
        }
    }

    static Stream<Arguments> unreachableCases() {
        List<Arguments> cases = new ArrayList<>();
        for (FaultProfile profile : FaultProfile.all()) {
            for (Network network : Network.values()) {
                for (Mode mode : Mode.values()) {
                    cases.add(Arguments.of(profile, network, mode));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("unreachableCases")
    void aProviderThatCannotBeReachedIs502AndLogged(FaultProfile profile, Network network, Mode mode) {
        String project = "unreachable-" + profile.provider() + "-" + network + "-" + mode;
        TestServer on = unreachable.get(network);

        HttpResponse<String> response = on.postJson("/v4/chat", chat(profile, project, mode));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(response.headers().firstValue("x-should-retry")).as("retried by the server already").contains("false");
        JsonNode detail = TestServer.json(response.body()).get("detail");
        assertThat(detail.get("type").asText()).isEqualTo("bad_gateway_error");
        assertThat(detail.get("code").asInt()).isEqualTo(502);
        assertThat(detail.get("origin").asText()).isEqualTo(profile.origin());
        assertThat(detail.get("message").asText()).contains("could not be reached");
        if (network == Network.UNRESOLVABLE_HOST) {
            assertThat(detail.get("message").asText()).contains("host name did not resolve");
        }
        List<Map<String, Object>> logs = logsOf(on, project);
        assertThat(logs).hasSize(1);
        assertThat((String) logs.getFirst().get("error")).contains("bad_gateway_error");
    }

    private static Map<String, Object> chat(FaultProfile profile, String project, Mode mode) {
        return Map.of(
                "project", project,
                "stream", mode == Mode.STREAM,
                "messages", List.of(Map.of("role", "user", "content", "What is the capital of France?")),
                "model_config", Map.of("provider", profile.provider(), "model", profile.model()));
    }

    /** The same call, its config falling back to the mock. */
    private static Map<String, Object> chatWithFallback(FaultProfile profile, String project, Mode mode) {
        return Map.of(
                "project", project,
                "stream", mode == Mode.STREAM,
                "messages", List.of(Map.of("role", "user", "content", "What is the capital of France?")),
                "model_config", Map.of("provider", profile.provider(), "model", profile.model(),
                        "fallbacks", List.of(Map.of("provider", "mock", "model", "mock-1"))));
    }

    /** Whether a fallback may answer for {@code fault}: the provider's trouble or the server key's, not the request's. */
    private static boolean mayFallBack(Fault fault) {
        return fault != Fault.BAD_REQUEST_400 && fault != Fault.NOT_FOUND_404;
    }

    /** The attempt's {@code outcome} a v4 error {@code type} stands for. */
    private static String outcomeOf(String type) {
        return switch (type) {
            case "rate_limit_error" -> "rate_limited";
            case "service_unavailable_error" -> "unavailable";
            case "bad_gateway_error" -> "bad_gateway";
            case "timeout_error" -> "timeout";
            case "authentication_error" -> "authentication";
            default -> throw new IllegalArgumentException(type);
        };
    }

    /**
     * The matrix again with a fallback to the mock: a fault a fallback may get around is answered
     * by it (200, after the same attempts at the provider), the log names the mock's config as the
     * one that answered, the one asked for, and both attempts; a fault the request caused is
     * answered as without a fallback. A stream falls back only if nothing of the provider's reached
     * the client before the fault: either it fell back and every event is the mock's, or it ends
     * with the provider's error and no fallback was tried.
     */
    @ParameterizedTest(name = "{0} {1} {2} with a fallback")
    @MethodSource("faults")
    void withAFallbackAFaultThatIsNotTheRequestsIsAnsweredByIt(FaultProfile profile, Fault fault, Mode mode) {
        ProviderFake fake = fakes.get(profile.provider()).reset();
        fake.otherwise(fault.answer(profile, mode));
        String project = "fallback-" + profile.provider() + "-" + fault + "-" + mode;
        Expected expected = fault.expected(profile, mode);

        HttpResponse<String> response = server.postJson("/v4/chat", chatWithFallback(profile, project, mode));

        List<ProviderFake.Received> attempts = fake.received();
        fake.awaitDeliveries(attempts.size(), LIMIT);
        assertThat(attempts).as("attempts at the provider").hasSize(expected.attempts());
        List<Map<String, Object>> logs = fullLogsOf(server, project);
        assertThat(logs).hasSize(1);
        Map<String, Object> log = logs.getFirst();

        boolean fellBack;
        if (expected.midStream()) {
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> configs = SseEvents.data(response.body()).stream()
                    .map(e -> e.get("data").get(0).get("model_config_id").asText()).distinct().toList();
            assertThat(configs).as("the events of one config only").hasSizeLessThanOrEqualTo(1);
            fellBack = !SseEvents.parse(response.body()).getLast().event().equals("error");
            if (fault == Fault.IN_STREAM_ERROR) {
                assertThat(fellBack).as("text was relayed before the error").isFalse();
            }
        } else {
            fellBack = mayFallBack(fault);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(fellBack ? 200 : expected.status());
        }
        if (fellBack) {
            assertThat(log.get("status")).isEqualTo("complete");
            assertThat(log.get("error")).isNull();
            assertThat(log.get("requested_config_id")).as("the config asked for is kept").isNotNull()
                    .isNotEqualTo(log.get("config_id"));
            JsonNode tried = TestServer.json((String) log.get("attempts"));
            assertThat(tried).hasSize(2);
            assertThat(tried.get(0).get("provider").asText()).isEqualTo(profile.provider());
            assertThat(tried.get(0).get("origin").asText()).isEqualTo(profile.origin());
            assertThat(tried.get(0).get("outcome").asText()).isEqualTo(outcomeOf(expected.type()));
            assertThat(tried.get(1).get("provider").asText()).isEqualTo("mock");
            assertThat(tried.get(1).get("outcome").asText()).isEqualTo("success");
            assertThat(tried.get(1).get("config_id").asText()).isEqualTo(log.get("config_id"));
            assertThat((String) log.get("attempts")).doesNotContain(profile.secret());
        } else {
            assertThat(log.get("requested_config_id")).isNull();
            assertThat(log.get("attempts")).as("no fallback was tried").isNull();
            assertThat((String) log.get("error")).contains(profile.origin()).contains(expected.type());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} with a fallback")
    @MethodSource("unreachableCases")
    void withAFallbackAProviderThatCannotBeReachedIsAnsweredByIt(FaultProfile profile, Network network, Mode mode) {
        String project = "unreachable-fallback-" + profile.provider() + "-" + network + "-" + mode;
        TestServer on = unreachable.get(network);

        HttpResponse<String> response = on.postJson("/v4/chat", chatWithFallback(profile, project, mode));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> log = fullLogsOf(on, project).getFirst();
        JsonNode tried = TestServer.json((String) log.get("attempts"));
        assertThat(tried.get(0).get("outcome").asText()).isEqualTo("bad_gateway");
        assertThat(tried.get(1).get("provider").asText()).isEqualTo("mock");
    }

    private static List<Map<String, Object>> fullLogsOf(TestServer on, String project) {
        return on.database().withHandle(h -> h.createQuery(
                "SELECT l.status, l.error, l.config_id, l.requested_config_id, l.attempts FROM logs l"
                        + " JOIN projects p ON p.id = l.project_id WHERE p.name = :name")
                .bind("name", project)
                .mapToMap()
                .list());
    }

    private static List<Map<String, Object>> logsOf(TestServer on, String project) {
        return on.database().withHandle(h -> h.createQuery(
                "SELECT l.status, l.error, l.raw_output FROM logs l JOIN projects p ON p.id = l.project_id WHERE p.name = :name")
                .bind("name", project)
                .mapToMap()
                .list());
    }
}
