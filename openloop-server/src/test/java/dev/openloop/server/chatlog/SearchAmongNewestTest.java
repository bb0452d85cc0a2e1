package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.store.Dialect;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * A search's pages are the same whether they are found among the newest logs, checked one by one,
 * or through the index: {@link LogStore} checks only 8 here, so every way of finding a page is
 * taken, on every store, and each page is compared with the logs filtered and ordered here.
 */
class SearchAmongNewestTest extends EveryStoreSuite {
    private static final int LOGS = 41;
    private static final int CHECKED = 8;
    private static final long START = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();

    private static TestServer server;
    private static LogStore logs;
    private static String projectId;
    /** Every log of the project: its id, creation time and output. */
    private static final List<Made> MADE = new ArrayList<>();

    private record Made(String id, long createdAt, String output) {
    }

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
        projectId = expect(server.post("/v4/projects", "{\"name\":\"newest\"}"), 201).get("id").asText();
        MADE.clear();
        StringBuilder items = new StringBuilder("[");
        List<Long> times = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < LOGS; i++) {
            // Out of order, and some at the same moment, so that the order is the listing's, not the writes'.
            long createdAt = START + ((i * 17L) % LOGS) / 2 * 1_000;
            String output = (i % 2 == 0 ? "a Common word" : "plain") + (i == 3 || i == 30 ? " and a rare one" : "") + " #" + i;
            times.add(createdAt);
            outputs.add(output);
            items.append(i == 0 ? "" : ",").append("{\"project_id\":\"").append(projectId)
                    .append("\",\"config\":{\"provider\":\"mock\",\"model\":\"m\"},\"output\":\"").append(output)
                    .append("\",\"created_at\":\"").append(Instant.ofEpochMilli(createdAt)).append("\"}");
        }
        JsonNode made = expect(server.post("/v4/logs", items.append("]").toString()), 200);
        for (int i = 0; i < LOGS; i++) {
            MADE.add(new Made(made.get(i).get("id").asText(), times.get(i), outputs.get(i)));
        }
        // Another project's logs hold the term too, and are newer.
        expect(server.post("/v4/logs", "{\"project\":\"elsewhere\",\"config\":{\"provider\":\"mock\",\"model\":\"m\"},"
                + "\"output\":\"common\",\"created_at\":\"2027-01-01T00:00:00Z\"}"), 200);
        logs = new LogStore(server.database(), store == TestStore.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.SQLITE, CHECKED);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** The page as the listing must give it: the logs holding {@code term}, newest first, ties by id. */
    private static List<String> expected(String term, Long from, Long before, int page, int size) {
        return MADE.stream()
                .filter(log -> log.output().toLowerCase().contains(term.toLowerCase()))
                .filter(log -> from == null || log.createdAt() >= from)
                .filter(log -> before == null || log.createdAt() < before)
                .sorted(Comparator.comparingLong(Made::createdAt).thenComparing(Made::id).reversed())
                .skip((long) page * size)
                .limit(size)
                .map(Made::id)
                .toList();
    }

    private static void pagesMatch(String term, Long from, Long before, int size) {
        for (int page = 0; page * size <= LOGS; page++) {
            assertThat(logs.listIds(LogFilter.of(projectId, term, from, before), page, size))
                    .as("page %d of %d of '%s'", page, size, term)
                    .containsExactlyElementsOf(expected(term, from, before, page, size));
        }
    }

    @Test
    void aCommonTermsPagesAreTheIndexsPages() {
        pagesMatch("common", null, null, 2);
        pagesMatch("common", null, null, 3);
        pagesMatch("COMMON WORD", null, null, 5);
    }

    @Test
    void aRareTermIsFoundBeyondTheNewestLogs() {
        assertThat(expected("rare", null, null, 0, 10)).hasSize(2);
        pagesMatch("rare", null, null, 1);
        pagesMatch("rare", null, null, 4);
    }

    @Test
    void theNewestLogsCheckedAreThoseOfTheDateRange() {
        long from = START + 3_000;
        long before = START + 15_000;
        pagesMatch("common", from, before, 2);
        pagesMatch("common", null, before, 3);
        pagesMatch("#1", from, null, 2);
    }

    @Test
    void aCountStopsWhereItIsTold() {
        long holding = MADE.stream().filter(log -> log.output().contains("Common")).count();
        LogFilter common = LogFilter.of(projectId, "common", null, null);
        assertThat(logs.count(common, Long.MAX_VALUE)).isEqualTo(holding);
        assertThat(logs.count(common, holding + 5)).isEqualTo(holding);
        assertThat(logs.count(common, 5)).isEqualTo(5);
        assertThat(logs.count(LogFilter.of(projectId, null, null, null), 7)).isEqualTo(7);
    }
}
