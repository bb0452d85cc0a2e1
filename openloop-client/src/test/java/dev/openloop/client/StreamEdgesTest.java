package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.event;
import static dev.openloop.client.testing.LocalServer.events;
import static dev.openloop.client.testing.LocalServer.eventsThenBreak;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatDataResponse;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.chat.Usage;
import dev.openloop.client.testing.LocalServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Streams that end badly, or in ways a real node does not end them, on a local server. */
class StreamEdgesTest {
    private static final ChatRequest ONE = ChatRequest.builder().messages(ChatMessage.user("Hi")).build();
    private static final ChatRequest TWO = ONE.toBuilder().numSamples(2).build();

    private static Humanloop client(LocalServer server) {
        return Humanloop.builder().apiKey("hl-key").basePath(server.basePath()).maxRetries(2)
                .initialRetryDelay(Duration.ofMillis(1)).timeout(Duration.ofSeconds(20)).build();
    }

    private static List<String> read(ChatStream stream, List<String> into) {
        for (ChatChunk chunk : stream) {
            into.add(chunk.output());
        }
        return into;
    }

    @Test
    void aStreamThatStopsBeforeEverySampleFinishedIsAnError() {
        try (LocalServer server = LocalServer.answering(events(event(0, "Hel", null) + event(1, "Hel", null)
                + event(0, "lo", "stop")));
                Humanloop humanloop = client(server);
                ChatStream stream = humanloop.chatStream(TWO)) {
            List<String> outputs = new ArrayList<>();
            ApiConnectionException e = catchThrowableOfType(ApiConnectionException.class, () -> read(stream, outputs));

            assertThat(outputs).containsExactly("Hel", "Hel", "lo");
            assertThat(e).hasMessage("The stream of POST /chat stopped early: sample [1] sent no last event"
                    + " (one with a finish_reason)");
            assertThatThrownBy(stream::result).isSameAs(e);
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void aStreamWithNoEventAtAllIsAnError() {
        try (LocalServer server = LocalServer.answering(events(""));
                Humanloop humanloop = client(server);
                ChatStream stream = humanloop.chatStream(ONE)) {
            assertThatThrownBy(stream::result)
                    .isInstanceOf(ApiConnectionException.class)
                    .hasMessageContaining("sample [0] sent no last event");
        }
    }

    @Test
    void aConnectionBrokenMidStreamIsAnErrorAndNotRetried() {
        try (LocalServer server = LocalServer.answering(eventsThenBreak(event(0, "Hel", null)));
                Humanloop humanloop = client(server);
                ChatStream stream = humanloop.chatStream(ONE)) {
            List<String> outputs = new ArrayList<>();
            ApiConnectionException e = catchThrowableOfType(ApiConnectionException.class, () -> read(stream, outputs));

            assertThat(outputs).containsExactly("Hel");
            assertThat(e).isNotInstanceOf(ApiTimeoutException.class)
                    .hasMessageStartingWith("The connection broke while streaming the answer to POST /chat: ");
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void anErrorEventIsThrownAsTheExceptionOfItsCode() {
        String error = "event: error\ndata: {\"detail\":{\"type\":\"rate_limit_error\",\"message\":\"Too many tokens\","
                + "\"code\":429,\"origin\":\"OpenAI\"}}\n\n";
        try (LocalServer server = LocalServer.answering(events(event(0, "Hel", null) + error + event(0, "lo", "stop")));
                Humanloop humanloop = client(server);
                ChatStream stream = humanloop.chatStream(ONE)) {
            List<String> outputs = new ArrayList<>();
            RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> read(stream, outputs));

            assertThat(outputs).containsExactly("Hel");
            assertThat(e.duringStream()).isTrue();
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.providerError()).hasValueSatisfying(d -> assertThat(d.message()).isEqualTo("Too many tokens"));
            assertThat(e.bodyText()).contains("rate_limit_error");
            assertThat(e).hasMessage("The stream failed: 429 Too Many Requests: OpenAI rate_limit_error: Too many tokens");
        }
    }

    @Test
    void anErrorEventWithoutACodeIsAServerError() {
        try (LocalServer server = LocalServer.answering(events("event: error\ndata: {\"detail\":\"it broke\"}\n\n"));
                Humanloop humanloop = client(server);
                ChatStream stream = humanloop.chatStream(ONE)) {
            ServerException e = catchThrowableOfType(ServerException.class, stream::result);
            assertThat(e.status()).isEqualTo(502);
            assertThat(e).hasMessage("The stream failed: 502 Bad Gateway: it broke");
        }
    }

    @Test
    void whatTheEventStreamFormatAllowsIsRead() {
        // CRLF line ends, a comment, an event split over two data lines, a keep-alive event of
        // another type, and a closing [DONE] as some servers send.
        String body = (event(0, "Hello", null).replace("\n", "\r\n")
                + ": keep-alive\r\n\r\n"
                + "event: ping\r\ndata: {}\r\n\r\n"
                + event(0, " world", "stop").replace("data: {", "data: {\ndata: ")
                + "data: [DONE]\n\n");
        try (LocalServer server = LocalServer.answering(events(body));
                Humanloop humanloop = client(server);
                ChatStream stream = humanloop.chatStream(ONE)) {
            List<String> outputs = read(stream, new ArrayList<>());

            assertThat(outputs).containsExactly("Hello", " world");
            ChatDataResponse sample = stream.result().data().getFirst();
            assertThat(sample.output()).isEqualTo("Hello world");
            assertThat(sample.finishReason()).isEqualTo("stop");
        }
    }

    @Test
    void anEventThatIsNotJsonIsMalformed() {
        try (LocalServer server = LocalServer.answering(events(event(0, "Hel", null) + "data: <html>\n\n"));
                Humanloop humanloop = client(server);
                ChatStream stream = humanloop.chatStream(ONE)) {
            assertThatThrownBy(stream::result)
                    .isInstanceOf(MalformedResponseException.class)
                    .hasMessage("The stream of POST /chat sent an event that is not a chat envelope: <html>");
        }
    }

    @Test
    void theResultSumsGeneratedTokensAndCountsThePromptOncePerConfig() {
        try (LocalServer server = LocalServer.answering(events(event(0, "a", null) + event(1, "b", null)
                + event(0, "", "stop") + event(1, "", "length")));
                Humanloop humanloop = client(server);
                ChatStream stream = humanloop.chatStream(TWO)) {
            ChatResponse result = stream.result();

            assertThat(result.usage()).isEqualTo(new Usage(3, 4, 7));
            assertThat(result.data()).extracting(ChatDataResponse::finishReason).containsExactly("stop", "length");
            assertThat(result.data()).extracting(ChatDataResponse::id).containsExactly("data_local0", "data_local1");
            assertThat(result.projectId()).isEqualTo("pr_local");
            assertThat(result.numSamples()).isEqualTo(2);
        }
    }

    @Test
    void aStreamThatGoesSilentIsATimeout() {
        try (LocalServer server = LocalServer.answering();
                Humanloop humanloop = Humanloop.builder().apiKey("k").basePath(server.basePath())
                        .timeout(Duration.ofSeconds(1)).build()) {
            server.answerWith(server.eventsThenSilence(event(0, "Hel", null)));
            try (ChatStream stream = humanloop.chatStream(ONE)) {
                Iterator<ChatChunk> chunks = stream.iterator();
                assertThat(chunks.next().output()).isEqualTo("Hel");
                assertThatThrownBy(chunks::hasNext)
                        .isInstanceOf(ApiTimeoutException.class)
                        .hasMessage("The stream of POST /chat sent nothing for PT1S");
            }
        }
    }

    @Test
    void aReaderInterruptedWhileWaitingGetsAnInterruptionNotAConnectionFailure() throws Exception {
        try (LocalServer server = LocalServer.answering();
                Humanloop humanloop = client(server)) {
            server.answerWith(server.eventsThenSilence(event(0, "Hel", null)));
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean flagKept = new AtomicBoolean();
            CountDownLatch firstChunk = new CountDownLatch(1);
            Thread reader = Thread.ofVirtual().start(() -> {
                try (ChatStream stream = humanloop.chatStream(ONE)) {
                    Iterator<ChatChunk> chunks = stream.iterator();
                    chunks.next();
                    firstChunk.countDown();
                    chunks.hasNext();
                } catch (RuntimeException e) {
                    thrown.set(e);
                    flagKept.set(Thread.currentThread().isInterrupted());
                }
            });
            assertThat(firstChunk.await(10, TimeUnit.SECONDS)).isTrue();
            reader.interrupt();
            reader.join(10_000);

            assertThat(thrown.get()).isExactlyInstanceOf(HumanloopException.class)
                    .hasMessage("Interrupted while reading the stream of POST /chat");
            assertThat(flagKept).isTrue();
        }
    }

    @Test
    void theTimeBetweenEventsSpentByTheCallerDoesNotCount() throws InterruptedException {
        try (LocalServer server = LocalServer.answering(events(event(0, "Hel", null) + event(0, "lo", "stop")));
                Humanloop humanloop = Humanloop.builder().apiKey("k").basePath(server.basePath())
                        .timeout(Duration.ofSeconds(1)).build();
                ChatStream stream = humanloop.chatStream(ONE)) {
            Iterator<ChatChunk> chunks = stream.iterator();
            assertThat(chunks.next().output()).isEqualTo("Hel");
            Thread.sleep(1_500); // a slow caller, e.g. one writing each delta to a slow client of its own
            assertThat(chunks.next().output()).isEqualTo("lo");
            assertThat(chunks.hasNext()).isFalse();
        }
    }

    @Test
    void aClosedStreamCannotBeReadOn() {
        try (LocalServer server = LocalServer.answering(events(event(0, "Hel", null) + event(0, "lo", "stop")));
                Humanloop humanloop = client(server)) {
            ChatStream stream = humanloop.chatStream(ONE);
            Iterator<ChatChunk> chunks = stream.iterator();
            chunks.next();
            stream.close();
            assertThatThrownBy(chunks::hasNext).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(stream::result).isInstanceOf(IllegalStateException.class);
        }
    }
}
