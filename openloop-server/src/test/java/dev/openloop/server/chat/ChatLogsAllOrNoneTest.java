package dev.openloop.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * The log rows of one chat request are committed together or not at all. The database is made to
 * refuse the second row of a request (a trigger that refuses a row whose prompt another row already
 * has), so its first row could only be stored on its own: it must not be, streamed or not.
 */
class ChatLogsAllOrNoneTest extends EveryStoreSuite {
    /** What the rows the trigger refuses say in their prompt. */
    private static final String MARKER = "refuse-the-second-sample";

    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
        List<String> trigger = store == TestStore.SQLITE ? List.of("""
                CREATE TRIGGER refuse_second_sample BEFORE INSERT ON logs
                WHEN NEW.messages LIKE '%%%1$s%%' AND EXISTS (SELECT 1 FROM logs WHERE messages = NEW.messages)
                BEGIN SELECT RAISE(ABORT, 'a second row with this prompt'); END""".formatted(MARKER))
                : List.of("""
                        CREATE FUNCTION refuse_second_sample() RETURNS trigger AS $$
                        BEGIN
                            IF NEW.messages LIKE '%%%1$s%%' AND EXISTS (SELECT 1 FROM logs WHERE messages = NEW.messages) THEN
                                RAISE EXCEPTION 'a second row with this prompt';
                            END IF;
                            RETURN NEW;
                        END $$ LANGUAGE plpgsql""".formatted(MARKER), """
                        CREATE TRIGGER refuse_second_sample BEFORE INSERT ON logs
                        FOR EACH ROW EXECUTE FUNCTION refuse_second_sample()""");
        server.database().useHandle(h -> trigger.forEach(h::execute));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** The rows whose prompt holds {@code prompt}. */
    private static int rowsWith(String prompt) {
        return server.database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM logs WHERE messages LIKE :prompt")
                .bind("prompt", "%" + prompt + "%")
                .mapTo(Integer.class)
                .one());
    }

    private static String chat(String prompt, boolean stream) {
        return """
                {"stream":%s,"num_samples":2,"messages":[{"role":"user","content":"%s"}],
                 "model_config":{"provider":"mock","model":"all-or-none"}}""".formatted(stream, prompt);
    }

    @Test
    void aWholeAnswerWhoseLogsCannotAllBeStoredStoresNone() {
        String prompt = MARKER + " whole";
        HttpResponse<String> response = server.post("/v4/chat", chat(prompt, false));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(TestServer.json(response.body()).get("detail").asText()).contains("could not be stored");
        assertThat(rowsWith(prompt)).isZero();
    }

    @Test
    void aStreamWhoseRowsCannotAllBeStoredDoesNotStartAndLeavesNoRowStreaming() {
        String prompt = MARKER + " streamed";
        HttpResponse<String> response = server.post("/v4/chat", chat(prompt, true));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(TestServer.json(response.body()).get("detail").asText()).contains("could not be stored");
        assertThat(rowsWith(prompt)).isZero();
    }

    @Test
    void withoutTheMarkerBothSamplesAreStored() {
        HttpResponse<String> response = server.post("/v4/chat", chat("a prompt like any other", false));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(TestServer.json(response.body()).get("data")).hasSize(2)
                .allSatisfy(item -> assertThat(server.logRow(item.get("id").asText()).get("status").asText()).isEqualTo("complete"));
    }
}
