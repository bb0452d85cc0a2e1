package dev.openloop.server.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.apikey.ApiKeyHash;
import dev.openloop.server.chatlog.LogRecord;
import dev.openloop.server.chatlog.LogSpend;
import dev.openloop.server.chatlog.LogStatus;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.chatlog.LogWriter;
import dev.openloop.server.store.Dialect;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * {@code GET /v4/openloop/spend}: what a chat cost, counted by key; 10,000 logs written through the
 * log writer summed to the picodollar by every grouping; every bad parameter a 422 at its field.
 */
class SpendReportTest extends EveryStoreSuite {
    private static final String KEY_ID = ApiKeyHash.idOf(ApiKeyHash.of(TestServer.API_KEY));
    /** A week long ago, so that the logs of the other tests (made today) are outside it. */
    private static final LocalDate WEEK = LocalDate.of(2020, 1, 1);

    private static Path prices;
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) throws IOException {
        prices = Files.createTempFile("openloop-prices", ".csv");
        Files.writeString(prices, PriceFile.HEADER + "\nmock,mock-a,2000-01-01,1.25,2.50,,,\n");
        server = TestServer.start(store, Map.of("OPENLOOP_PRICES_FILE", prices.toString()));
    }

    @AfterParameterizedClassInvocation
    static void stop() throws IOException {
        server.close();
        Files.deleteIfExists(prices);
    }

    @Test
    void aChatsCostIsCountedForItsProjectAndItsKey() {
        JsonNode answer = TestServer.expect(server.post("/v4/chat", chat("spend-by-key")), 200);
        String logId = answer.get("data").get(0).get("id").asText();
        String projectId = answer.get("project_id").asText();
        JsonNode cost = TestServer.expect(server.get("/v4/logs/" + logId), 200).get("openloop");
        assertThat(cost.get("cost_usd").isTextual()).as(cost.toString()).isTrue();
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        JsonNode byProject = report("from=" + today + "&to=" + today + "&group_by=project");
        JsonNode mine = group(byProject, projectId);
        assertThat(mine.get("cost_usd").asText()).isEqualTo(cost.get("cost_usd").asText());
        assertThat(mine.get("logs").asLong()).isEqualTo(1);
        JsonNode byKey = report("from=" + today + "&to=" + today + "&group_by=key");
        assertThat(group(byKey, KEY_ID).get("logs").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void tenThousandLogsSumExactlyByEveryGrouping() {
        List<String> projects = new ArrayList<>();
        List<String> configs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode answer = TestServer.expect(server.post("/v4/chat", chat("spend-many-" + i)), 200);
            projects.add(answer.get("project_id").asText());
            configs.add(answer.get("data").get(0).get("model_config_id").asText());
        }
        List<String> keys = Arrays.asList("key_aaaaaaaaaaaa", "key_bbbbbbbbbbbb", null);
        String[][] models = {{"openai", "gpt-4o"}, {"anthropic", "claude-haiku-4-5"}, {null, null}};
        Random random = new Random(16);
        List<LogRecord> rows = new ArrayList<>();
        long weekStart = WEEK.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        for (int i = 0; i < 10_000; i++) {
            String[] model = models[random.nextInt(models.length)];
            Long cost = model[0] == null || i % 13 == 0 ? null : (long) (random.nextDouble() * 2_000_000_000_000L);
            long at = weekStart + random.nextLong(7 * 86_400_000L);
            rows.add(LogRecord.builder("data_spend" + server.store().name().toLowerCase() + i)
                    .projectId(projects.get(random.nextInt(projects.size())))
                    .configId(configs.get(random.nextInt(configs.size())))
                    .status(LogStatus.COMPLETE)
                    .provider(model[0])
                    .model(model[1])
                    .apiKeyId(keys.get(random.nextInt(keys.size())))
                    .costPicoUsd(cost)
                    .costEstimated(cost == null ? null : i % 7 == 0)
                    .saved(false)
                    .createdAt(at)
                    .updatedAt(at)
                    .build());
        }
        try (LogWriter writer = new LogWriter(server.database(), Dialect.valueOf(server.store().name()))) {
            for (int from = 0; from < rows.size(); from += 500) {
                LogWriter.await(writer.insertAllOrNone(rows.subList(from, from + 500)));
            }
        }
        BigInteger total = rows.stream().filter(r -> r.costPicoUsd() != null)
                .map(r -> BigInteger.valueOf(r.costPicoUsd())).reduce(BigInteger.ZERO, BigInteger::add);

        // What a budget will ask: one key's and one project's spend over a window, to the picodollar.
        LogSpend spend = new LogStore(server.database(), Dialect.valueOf(server.store().name())).spend();
        long from = weekStart + 86_400_000L;
        long to = weekStart + 3 * 86_400_000L;
        for (String[] asked : new String[][] {{"KEY", keys.getFirst()}, {"PROJECT", projects.getFirst()}}) {
            LogSpend.Group group = LogSpend.Group.valueOf(asked[0]);
            List<LogRecord> window = rows.stream().filter(r -> r.createdAt() >= from && r.createdAt() < to)
                    .filter(r -> asked[1].equals(group == LogSpend.Group.KEY ? r.apiKeyId() : r.projectId())).toList();
            LogSpend.Row row = spend.of(group, asked[1], from, to);
            assertThat(row.picoUsd()).as(asked[0]).isEqualTo(window.stream().filter(r -> r.costPicoUsd() != null)
                    .map(r -> BigInteger.valueOf(r.costPicoUsd())).reduce(BigInteger.ZERO, BigInteger::add));
            assertThat(row.logs()).isEqualTo(window.size());
            assertThat(row.unpriced()).isEqualTo(window.stream().filter(r -> r.costPicoUsd() == null).count());
        }

        Map<String, Function<LogRecord, String>> groupings = Map.of(
                "project", LogRecord::projectId,
                "config", LogRecord::configId,
                "key", LogRecord::apiKeyId,
                "model", r -> r.provider() == null ? null : r.provider() + "/" + r.model(),
                "day", r -> LocalDate.ofEpochDay(Math.floorDiv(r.createdAt(), 86_400_000L)).toString());
        for (Map.Entry<String, Function<LogRecord, String>> grouping : groupings.entrySet()) {
            JsonNode report = report("from=2020-01-01&to=2020-01-07&group_by=" + grouping.getKey());
            assertThat(report.get("cost_usd").asText()).as(grouping.getKey()).isEqualTo(usd(total));
            assertThat(report.get("logs").asLong()).isEqualTo(10_000);
            assertThat(report.get("unpriced_logs").asLong())
                    .isEqualTo(rows.stream().filter(r -> r.costPicoUsd() == null).count());
            assertThat(report.get("estimated_logs").asLong())
                    .isEqualTo(rows.stream().filter(r -> Boolean.TRUE.equals(r.costEstimated())).count());
            Map<String, BigInteger> expected = new TreeMap<>();
            Map<String, Long> counts = new HashMap<>();
            for (LogRecord row : rows) {
                String key = String.valueOf(grouping.getValue().apply(row));
                expected.merge(key, row.costPicoUsd() == null ? BigInteger.ZERO : BigInteger.valueOf(row.costPicoUsd()),
                        BigInteger::add);
                counts.merge(key, 1L, Long::sum);
            }
            assertThat(report.get("groups")).as(grouping.getKey()).hasSize(expected.size());
            for (JsonNode group : report.get("groups")) {
                String key = group.get("key").isNull() ? "null" : group.get("key").asText();
                assertThat(group.get("cost_usd").asText()).as(grouping.getKey() + " " + key).isEqualTo(usd(expected.get(key)));
                assertThat(group.get("logs").asLong()).isEqualTo(counts.get(key));
            }
        }
    }

    @Test
    void aRangeOfInstantsExcludesItsEnd() {
        JsonNode report = report("from=2019-12-31T00:00:00Z&to=2020-01-01T00:00:00Z&group_by=day");

        assertThat(report.get("from").asText()).isEqualTo("2019-12-31T00:00:00Z");
        assertThat(report.get("to").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(report.get("logs").asLong()).isZero();
        assertThat(report.get("cost_usd").asText()).isEqualTo("0.0");
        assertThat(report.get("currency").asText()).isEqualTo("USD");
    }

    @Test
    void everyBadParameterIsA422AtItsField() {
        assertThat(problems("")).containsExactly("query.from: field required", "query.to: field required");
        assertThat(problems("?from=2026-13-01&to=2026-12-01")).containsExactly(
                "query.from: must be a day as 2026-12-01 or an instant as 2026-12-01T12:00:00Z");
        assertThat(problems("?from=2026-12-01&to=yesterday")).containsExactly(
                "query.to: must be a day as 2026-12-01 or an instant as 2026-12-01T12:00:00Z");
        assertThat(problems("?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z")).containsExactly(
                "query.to: must be after from");
        assertThat(problems("?from=2026-12-01&to=2026-12-01&group_by=week")).containsExactly(
                "query.group_by: value is not a valid enumeration member; permitted: 'config', 'day', 'key', 'model',"
                        + " 'project'");
    }

    private static List<String> problems(String query) {
        JsonNode body = TestServer.expect(server.get("/v4/openloop/spend" + query), 422);
        List<String> problems = new ArrayList<>();
        for (JsonNode problem : body.get("detail")) {
            List<String> loc = new ArrayList<>();
            problem.get("loc").forEach(part -> loc.add(part.asText()));
            problems.add(String.join(".", loc) + ": " + problem.get("msg").asText());
        }
        return problems;
    }

    private static String usd(BigInteger picoUsd) {
        return Cost.text(Cost.usd(picoUsd));
    }

    private static JsonNode report(String query) {
        return TestServer.expect(server.get("/v4/openloop/spend?" + query), 200);
    }

    private static JsonNode group(JsonNode report, String key) {
        for (JsonNode group : report.get("groups")) {
            if (key.equals(group.get("key").asText())) {
                return group;
            }
        }
        throw new AssertionError("no group " + key + " in " + report);
    }

    private static String chat(String project) {
        return "{\"project\":\"" + project + "\",\"messages\":[{\"role\":\"user\",\"content\":\"count these words please\"}],"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"mock-a\"}}";
    }
}
