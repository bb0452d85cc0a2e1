package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.store.Dialect;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * The feedback filter combined with every other filter of a listing (config, environment,
 * experiment, status, date range, search) lets through exactly the logs the same listing without
 * it lets through whose current rating is the value, in the same order, page after page, and
 * counts them alike, on every store; the searches both among the newest logs and through the
 * index.
 */
class FeedbackFilterCombinedTest extends EveryStoreSuite {
    private static final int LOGS = 40;
    private static TestServer server;
    private static LogStore logs;
    private static LogStore indexSearches;
    private static String projectId;
    private static String configA;
    private static long base;
    /** Each log's current rating, as given. */
    private static final Map<String, String> RATING = new HashMap<>();

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
        Dialect dialect = store == TestStore.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.SQLITE;
        logs = new LogStore(server.database(), dialect);
        indexSearches = new LogStore(server.database(), dialect, 4);
        RATING.clear();
        JsonNode first = expect(server.post("/v4/chat", chat("combined", "mock-a")), 200);
        projectId = first.get("project_id").asText();
        configA = expect(server.get("/v4/logs/" + first.get("data").get(0).get("id").asText()), 200).get("config").get("id").asText();
        JsonNode second = expect(server.post("/v4/chat", chat("combined", "mock-b")), 200);
        String configB = expect(server.get("/v4/logs/" + second.get("data").get(0).get("id").asText()), 200).get("config").get("id").asText();
        // A log of another project rated good, which no listing of this one shows.
        String other = expect(server.post("/v4/chat", chat("combined-other", "mock-a")), 200).get("data").get(0).get("id").asText();
        give(other, "rating", "good");

        base = System.currentTimeMillis() - 3_600_000;
        server.database().useHandle(h -> {
            for (int i = 0; i < LOGS; i++) {
                String id = String.format("data_combined%02d", i);
                // Some logs share a time with the one before: the order then goes by id.
                long created = base + (i % 10 == 9 ? i - 1 : i) * 1_000L;
                h.createUpdate("""
                                INSERT INTO logs (id, project_id, config_id, environment_id, experiment_id, status, error, saved,
                                    created_at, updated_at)
                                VALUES (:id, :project, :config, :environment, :experiment, :status, :error, TRUE, :created, :created)""")
                        .bind("id", id)
                        .bind("project", projectId)
                        .bind("config", i % 3 == 0 ? configA : configB)
                        .bind("environment", i % 2 == 0 ? "env_combined" : null)
                        .bind("experiment", i % 5 == 0 ? "exp_combined" : null)
                        .bind("status", i % 7 == 3 ? "incomplete" : "complete")
                        .bind("error", i % 6 == 1 ? "boom" : null)
                        .bind("created", created)
                        .execute();
                h.createUpdate("INSERT INTO log_search (log_id, body) VALUES (:id, :body)")
                        .bind("id", id)
                        .bind("body", i % 3 == 1 ? "apple pie " + i : "banana bread " + i)
                        .execute();
            }
        });
        for (int i = 0; i < LOGS; i++) {
            String id = String.format("data_combined%02d", i);
            if (i % 4 == 3) {
                continue;
            }
            give(id, "rating", i % 2 == 0 ? "good" : "bad");
            if (i % 8 == 1) {
                give(id, "rating", "good");
            }
            if (i % 9 == 0) {
                expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"unset\":true,\"data_id\":\"" + id + "\"}"), 200);
                RATING.remove(id);
            }
            if (i % 5 == 2) {
                give(id, "flag", "good");
            }
        }
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static String chat(String project, String model) {
        return "{\"project\":\"" + project + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"" + model + "\"}}";
    }

    private static void give(String logId, String type, String value) {
        expect(server.post("/v4/feedback", "{\"type\":\"" + type + "\",\"value\":\"" + value + "\",\"data_id\":\"" + logId + "\"}"), 200);
        if (type.equals("rating")) {
            RATING.put(logId, value);
        }
    }

    /**
     * The other filters, alone and together: {config, environment, experiment, outcome}, each
     * combined below with every date range, search and rating.
     */
    private static List<Object[]> others() {
        List<Object[]> others = new ArrayList<>();
        others.add(new Object[] {null, null, null, null});
        others.add(new Object[] {configA, null, null, null});
        others.add(new Object[] {null, "env_combined", null, null});
        others.add(new Object[] {null, null, "exp_combined", null});
        for (LogFilter.Outcome outcome : LogFilter.Outcome.values()) {
            others.add(new Object[] {null, null, null, outcome});
        }
        others.add(new Object[] {configA, "env_combined", null, LogFilter.Outcome.OK});
        others.add(new Object[] {null, "env_combined", "exp_combined", LogFilter.Outcome.ERROR});
        others.add(new Object[] {configA, "env_combined", "exp_combined", null});
        return others;
    }

    @Test
    void everyCombinationListsAndCountsTheLogsWithTheRating() {
        int nonEmpty = 0;
        int combinations = 0;
        for (Object[] other : others()) {
            for (Long[] range : List.of(new Long[] {null, null}, new Long[] {base + 10_000, null},
                    new Long[] {base + 10_000, base + 30_000})) {
                for (String search : Arrays.asList(null, "APPLE", "ap")) {
                    for (String value : List.of("good", "bad")) {
                        LogFilter without = new LogFilter(projectId, search, range[0], range[1], (String) other[0],
                                (String) other[1], (String) other[2], (LogFilter.Outcome) other[3], null, null);
                        LogFilter with = new LogFilter(projectId, search, range[0], range[1], (String) other[0],
                                (String) other[1], (String) other[2], (LogFilter.Outcome) other[3], "rating", value);
                        List<String> expected = logs.listIds(without, 0, 1_000).stream()
                                .filter(id -> value.equals(RATING.get(id)))
                                .toList();
                        String what = with.toString();
                        assertThat(pages(logs, with)).as(what).isEqualTo(expected);
                        if (search != null) {
                            assertThat(pages(indexSearches, with)).as(what).isEqualTo(expected);
                        }
                        assertThat(logs.count(with, Long.MAX_VALUE)).as(what).isEqualTo(expected.size());
                        assertThat(logs.count(with, 2)).as(what).isEqualTo(Math.min(2, expected.size()));
                        combinations++;
                        nonEmpty += expected.isEmpty() ? 0 : 1;
                    }
                }
            }
        }
        assertThat(combinations).isEqualTo(10 * 3 * 3 * 2);
        assertThat(nonEmpty).as("combinations with logs to find").isGreaterThan(80);
    }

    @Test
    void theRatingsAloneListTheProjectsRatedLogsNewestFirst() {
        for (String value : List.of("good", "bad")) {
            List<String> expected = RATING.entrySet().stream()
                    .filter(rated -> rated.getValue().equals(value) && rated.getKey().startsWith("data_combined"))
                    .map(Map.Entry::getKey)
                    .sorted((a, b) -> {
                        int i = Integer.parseInt(a.substring("data_combined".length()));
                        int j = Integer.parseInt(b.substring("data_combined".length()));
                        long ta = i % 10 == 9 ? i - 1 : i;
                        long tb = j % 10 == 9 ? j - 1 : j;
                        return ta != tb ? Long.compare(tb, ta) : b.compareTo(a);
                    })
                    .toList();
            assertThat(expected).isNotEmpty();
            assertThat(pages(logs, new LogFilter(projectId, null, null, null, null, null, null, null, "rating", value)))
                    .isEqualTo(expected);
        }
    }

    /** Every page of three the listing gives, one after the other. */
    private static List<String> pages(LogStore store, LogFilter filter) {
        List<String> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<String> ids = store.listIds(filter, page, 3);
            all.addAll(ids);
            if (ids.size() < 3) {
                return all;
            }
        }
    }
}
