package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.after;
import static dev.openloop.client.testing.LocalServer.chatAnswer;
import static dev.openloop.client.testing.LocalServer.event;
import static dev.openloop.client.testing.LocalServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.project.ProjectResponse;
import dev.openloop.client.testing.LocalServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Settings given to one call, in place of the client's: timeout, retries and headers, on a local server. */
class RequestOptionsTest {
    private static final ChatRequest REQUEST = ChatRequest.builder().messages(ChatMessage.user("Hi")).build();

    private static Humanloop.Builder client(LocalServer server) {
        return Humanloop.builder().apiKey("hl-key").basePath(server.basePath()).initialRetryDelay(Duration.ofMillis(1));
    }

    @Test
    void aCallsTimeoutReplacesTheClientsShorterOne() {
        try (LocalServer server = LocalServer.answering(after(Duration.ofMillis(1500), json(200, chatAnswer("slow"))));
                Humanloop humanloop = client(server).timeout(Duration.ofMillis(500)).maxRetries(0).build()) {
            RequestOptions patient = RequestOptions.builder().timeout(Duration.ofSeconds(30)).build();

            assertThat(humanloop.chat(REQUEST, patient).body().data().getFirst().output()).isEqualTo("slow");
        }
    }

    @Test
    void aCallsTimeoutReplacesTheClientsLongerOne() {
        try (LocalServer server = LocalServer.answering();
                Humanloop humanloop = client(server).timeout(Duration.ofSeconds(30)).maxRetries(0).build()) {
            server.answerWith(server.hang());
            RequestOptions impatient = RequestOptions.builder().timeout(Duration.ofMillis(500)).build();

            ApiTimeoutException e = catchThrowableOfType(ApiTimeoutException.class,
                    () -> humanloop.projects().get("pr_1", impatient));
            assertThat(e).hasMessageEndingWith("within PT0.5S");
        }
    }

    @Test
    void aStreamsTimeoutBetweenEventsIsTheCallsToo() {
        try (LocalServer server = LocalServer.answering();
                Humanloop humanloop = client(server).timeout(Duration.ofSeconds(30)).build()) {
            server.answerWith(server.eventsThenSilence(event(0, "Hel", null)));
            RequestOptions impatient = RequestOptions.builder().timeout(Duration.ofSeconds(1)).build();

            try (ChatStream stream = humanloop.chatStream(REQUEST, impatient)) {
                assertThatThrownBy(stream::result)
                        .isInstanceOf(ApiTimeoutException.class)
                        .hasMessage("The stream of POST /chat sent nothing for PT1S");
            }
        }
    }

    @Test
    void aCallsRetriesReplaceTheClients() {
        try (LocalServer server = LocalServer.answering(json(503, "{\"detail\":\"busy\"}"), json(503, "{\"detail\":\"busy\"}"),
                json(200, chatAnswer("third time")));
                Humanloop humanloop = client(server).maxRetries(0).build()) {
            RequestOptions persistent = RequestOptions.builder().maxRetries(2).build();

            assertThat(humanloop.chat(REQUEST, persistent).body().data().getFirst().output()).isEqualTo("third time");
            assertThat(server.received()).hasSize(3);
        }
        try (LocalServer server = LocalServer.answering(json(503, "{\"detail\":\"busy\"}"), json(200, chatAnswer("no")));
                Humanloop humanloop = client(server).maxRetries(3).build()) {
            RequestOptions once = RequestOptions.builder().maxRetries(0).build();

            catchThrowableOfType(ServerException.class, () -> humanloop.chat(REQUEST, once));
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void aCallsHeadersAreSentAndReplaceTheClientsOfTheSameName() throws Exception {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("ok")));
                Humanloop humanloop = client(server).build()) {
            RequestOptions options = RequestOptions.builder()
                    .header("X-Trace-Id", "trace-1")
                    .header("x-api-key", "another-account")
                    .build();

            humanloop.chat(REQUEST, options);
            humanloop.chatAsync(REQUEST, options).get(30, TimeUnit.SECONDS);
            humanloop.chat(REQUEST);

            List<LocalServer.Received> received = server.received();
            for (LocalServer.Received withOptions : received.subList(0, 2)) {
                assertThat(withOptions.headers().get("X-Trace-Id")).containsExactly("trace-1");
                assertThat(withOptions.headers().get("X-API-KEY")).containsExactly("another-account");
            }
            assertThat(received.get(2).headers().get("X-Trace-Id")).isNull();
            assertThat(received.get(2).headers().get("X-API-KEY")).containsExactly("hl-key");
        }
    }

    @Test
    void theNextPagesAreFetchedWithTheOptionsOfTheFirst() {
        String project = "{\"id\":\"pr_%s\",\"name\":\"%s\",\"users\":[],\"data_count\":0,\"feedback_types\":[],"
                + "\"team_id\":\"tm_1\"}";
        try (LocalServer server = LocalServer.answering(
                json(200, "{\"records\":[" + project.formatted("a", "a") + "],\"page\":0,\"size\":1,\"total\":2}"),
                json(200, "{\"records\":[" + project.formatted("b", "b") + "],\"page\":1,\"size\":1,\"total\":2}"));
                Humanloop humanloop = client(server).build()) {
            RequestOptions traced = RequestOptions.builder().header("X-Trace-Id", "trace-2").build();

            List<String> names = new ArrayList<>();
            for (ProjectResponse p : humanloop.projects().list(ProjectListParams.builder().size(1).build(), traced).autoPager()) {
                names.add(p.name());
            }

            assertThat(names).containsExactly("a", "b");
            assertThat(server.received()).allSatisfy(r -> assertThat(r.headers().getFirst("X-Trace-Id")).isEqualTo("trace-2"));
        }
    }

    @Test
    void optionsThatCannotWorkAreRefusedWhenBuilt() {
        RequestOptions.Builder builder = RequestOptions.builder();
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        // Headers the JDK sets itself, and names that are not HTTP, fail here rather than in a call.
        assertThatThrownBy(() -> builder.header("Host", "example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.header("Bad Name", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.header("X-Ok", "line\nbreak")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionsShowHeaderNamesButNeverTheirValues() {
        RequestOptions options = RequestOptions.builder().header("X-API-KEY", "secret-key").maxRetries(1).build();

        assertThat(options.toString()).contains("X-API-KEY").doesNotContain("secret-key");
        assertThat(options.maxRetries()).hasValue(1);
        assertThat(options.timeout()).isEmpty();
        assertThat(RequestOptions.none().headers()).isEmpty();
    }
}
