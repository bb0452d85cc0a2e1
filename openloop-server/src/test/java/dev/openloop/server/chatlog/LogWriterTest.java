package dev.openloop.server.chatlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.server.failure.Refusal;
import dev.openloop.server.store.Database;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * What the log writer stores, row for row: a batch of many logs of different shapes (whole,
 * streamed and then completed, failed, with and without searched text) reads back exactly as each
 * was written, whatever the batch's size, including the sizes at which it is cut into statements of
 * many rows; and a row that cannot be stored fails only what it was submitted with.
 */
class LogWriterTest extends EveryStoreSuite {
    private static final String PROJECT = "pr_logwritertest";
    /**
     * Sizes around each size of statement the searched texts of a batch are cut into (powers of two
     * up to 256 rows), the largest batch a writer takes (500), and beyond.
     */
    private static final int[] BATCH_SIZES = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129,
        255, 256, 257, 500, 511, 512, 513};

    private static TestDatabase database;
    private static Database opened;
    private static LogWriter writer;
    private static LogStore logs;
    private static int serial;

    @BeforeParameterizedClassInvocation
    static void open(TestStore store) {
        database = TestDatabase.create(store);
        opened = Database.open(database.jdbcUrl(), 4, Database.SqliteSync.FULL);
        opened.jdbi().useHandle(h -> h.execute(
                "INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, 'log writer', 0, 0)", PROJECT));
        writer = new LogWriter(opened.jdbi(), opened.dialect());
        logs = new LogStore(opened.jdbi(), opened.dialect());
    }

    @AfterParameterizedClassInvocation
    static void close() {
        writer.close();
        opened.close();
        database.close();
    }

    /**
     * A log of one of five shapes, by {@code i}: a whole answer, a streaming one, a failed one, one
     * stored with {@code save: false}, one with nothing to search. Every column that varies by row
     * holds something of {@code i}, so that a value bound to the wrong row or column shows.
     */
    private static LogRecord shaped(String tag, int i) {
        String id = "data_" + tag + "_" + String.format("%04d", i) + "_" + (serial++);
        String said = "Question " + i + " of " + tag + ": what is in row " + i + "?";
        String answer = "Answer " + i + ": ".repeat(1 + i % 3) + "x".repeat(i % 200) + " Ünïcödé ß " + i;
        LogRecord.Builder row = LogRecord.builder(id)
                .projectId(PROJECT)
                .referenceId(i % 7 == 0 ? "ref_" + id : null)
                .status(LogStatus.COMPLETE)
                .source("test " + i)
                .user(i % 2 == 0 ? "user-" + i : null)
                .metadata("{\"row\":" + i + ",\"tag\":\"" + tag + "\"}")
                .inputs("{\"question\":\"Q" + i + "\"}")
                .messages("[{\"role\":\"user\",\"content\":\"" + said + "\"}]")
                .providerRequest("{\"model\":\"mock-1\",\"messages\":[{\"role\":\"user\",\"content\":\"" + said + "\"}],\"n\":" + i + "}")
                .promptTokens(i)
                .outputTokens(i % 3 == 0 ? null : 2 * i)
                .providerLatency(i % 4 == 0 ? null : i / 8.0)
                .duration(i / 4.0)
                .saved(true)
                .createdAt(1_000_000L + i)
                .updatedAt(2_000_000L + i)
                .provider("mock")
                .model("mock-" + i)
                .cachedInputTokens(i % 5 == 0 ? i : null)
                .reasoningTokens(i % 6 == 0 ? 3 * i : null)
                .costPicoUsd(i % 4 == 1 ? null : 1_000_000_000L * i)
                .costEstimated(i % 4 == 1 ? null : i % 2 == 0)
                .attempts(i % 9 == 0 ? "[{\"provider\":\"mock\",\"status\":500}]" : null);
        String withSpaces = "  " + answer + "\n";
        return switch (i % 5) {
            case 0 -> row.output(answer).rawOutput(withSpaces).finishReason("stop")
                    .outputMessage("{\"role\":\"assistant\",\"content\":\"" + answer + "\"}")
                    .providerResponse("{\"choices\":[{\"message\":{\"content\":\"" + answer + "\"}}],\"i\":" + i + "}").build();
            case 1 -> row.status(LogStatus.STREAMING).nodeId("node-" + i).build();
            case 2 -> row.error("The provider failed on row " + i).finishReason(null).build();
            case 3 -> row.saved(false).output(answer).finishReason("length").build();
            default -> row.inputs(null).metadata(null).messages("[]").output(null).build();
        };
    }

    private static List<LogRecord> batch(String tag, int size) {
        List<LogRecord> rows = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            rows.add(shaped(tag, i));
        }
        return rows;
    }

    /** Whole answers only, each with its searched text, so that a batch has as many texts as rows. */
    private static List<LogRecord> searchedBatch(String tag, int size) {
        List<LogRecord> rows = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            rows.add(shaped(tag, 5 * i));
        }
        return rows;
    }

    private static Optional<String> searchedText(String logId) {
        return opened.jdbi().withHandle(h -> h.createQuery("SELECT body FROM log_search WHERE log_id = :id")
                .bind("id", logId).mapTo(String.class).findOne());
    }

    private static void assertStoredAsWritten(List<LogRecord> rows) {
        for (LogRecord row : rows) {
            assertThat(logs.get(row.id())).as(row.id()).isEqualTo(row);
            assertThat(searchedText(row.id())).as(row.id()).isEqualTo(row.saved()
                    ? Optional.of(SearchText.of(row.inputs(), row.metadata(), row.messages(), row.output()))
                    : Optional.empty());
        }
    }

    @Test
    void everyBatchSizeStoresEachRowAsWrittenInOneTransaction() {
        for (int size : BATCH_SIZES) {
            List<LogRecord> rows = batch("size" + size, size);

            LogWriter.await(writer.insertAllOrNone(rows));

            assertStoredAsWritten(rows);
        }
    }

    @Test
    void everyCountOfSearchedTextsInABatchIsStoredRowForRow() {
        for (int size : BATCH_SIZES) {
            List<LogRecord> rows = searchedBatch("searched" + size, size);

            LogWriter.await(writer.insertAllOrNone(rows));

            assertStoredAsWritten(rows);
        }
    }

    @Test
    void rowsSubmittedTogetherAreStoredAsWritten() {
        List<LogRecord> rows = batch("together", 300);

        LogWriter.await(writer.insert(rows));

        assertStoredAsWritten(rows);
    }

    @Test
    void streamedRowsOfABatchAreCompletedWithTheirOutputSearchable() {
        List<LogRecord> rows = batch("streams", 330);
        LogWriter.await(writer.insertAllOrNone(rows));
        List<LogRecord> streamed = rows.stream().filter(r -> LogStatus.STREAMING.equals(r.status())).toList();
        assertThat(streamed).hasSize(66);

        // Queued while the writer stores these, the completions are likely to share the next batch.
        CompletableFuture<Void> busy = writer.insertAllOrNone(batch("busy", 500));
        List<CompletableFuture<Void>> completions = new ArrayList<>();
        Map<String, LogCompletion> completed = new HashMap<>();
        for (LogRecord row : streamed) {
            int i = row.promptTokens();
            String output = i % 2 == 0 ? "Streamed answer " + i + " " + "y".repeat(150 + i) : "";
            LogCompletion completion = new LogCompletion(row.id(), LogStatus.COMPLETE, output, " " + output + " ",
                    "{\"role\":\"assistant\",\"content\":\"" + output + "\"}", "stop", i, i + 1, i / 2.0, null,
                    "{\"output\":\"" + output + "\"}", 3_000_000L + i, new LogCost(i, null, null, 7L * i, false));
            completed.put(row.id(), completion);
            completions.add(writer.complete(completion));
        }
        completions.forEach(LogWriter::await);
        LogWriter.await(busy);

        for (LogRecord row : streamed) {
            LogCompletion c = completed.get(row.id());
            LogRecord expected = row.toBuilder().status(c.status()).nodeId(null).output(c.output()).rawOutput(c.rawOutput())
                    .outputMessage(c.outputMessage()).finishReason(c.finishReason()).promptTokens(c.promptTokens())
                    .outputTokens(c.outputTokens()).providerLatency(c.providerLatency()).error(c.error())
                    .providerResponse(c.providerResponse()).updatedAt(c.updatedAt()).cachedInputTokens(c.cost().cachedInputTokens())
                    .cacheWriteTokens(c.cost().cacheWriteTokens()).reasoningTokens(c.cost().reasoningTokens())
                    .costPicoUsd(c.cost().picoUsd()).costEstimated(c.cost().estimated()).build();
            assertThat(logs.get(row.id())).as(row.id()).isEqualTo(expected);
            assertThat(searchedText(row.id())).as(row.id())
                    .contains(SearchText.of(row.inputs(), row.metadata(), row.messages(), c.output()));
        }
        List<LogRecord> rest = rows.stream().filter(r -> !LogStatus.STREAMING.equals(r.status())).toList();
        assertStoredAsWritten(rest);
    }

    @Test
    void aBatchStoredAllOrNoneWithOneTakenReferenceStoresNoneOfIt() {
        LogRecord taken = shaped("taken", 7);
        LogWriter.await(writer.insertAllOrNone(List.of(taken)));
        List<LogRecord> rows = new ArrayList<>(batch("allornone", 70));
        // In the middle of the first statement of 64 rows.
        rows.set(40, shaped("allornone", 40).toBuilder().referenceId(taken.referenceId()).build());

        assertThatThrownBy(() -> LogWriter.await(writer.insertAllOrNone(rows)))
                .isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.kind()).isEqualTo(Refusal.Kind.CONFLICT));

        for (LogRecord row : rows) {
            assertThat(logs.findId(row.id())).as(row.id()).isEmpty();
            assertThat(searchedText(row.id())).as(row.id()).isEmpty();
        }
        assertStoredAsWritten(List.of(taken));
    }

    @Test
    void aRowThatCannotBeStoredFailsOnlyItsOwnCallerWhenSubmittedWithOthers() {
        LogRecord taken = shaped("takenalone", 14);
        LogWriter.await(writer.insertAllOrNone(List.of(taken)));
        List<LogRecord> rows = new ArrayList<>(batch("oneby", 70));
        rows.set(40, shaped("oneby", 40).toBuilder().referenceId(taken.referenceId()).build());

        List<CompletableFuture<Void>> each = new ArrayList<>();
        for (LogRecord row : rows) {
            each.add(writer.insert(List.of(row)));
        }

        for (int i = 0; i < rows.size(); i++) {
            if (i == 40) {
                assertThatThrownBy(each.get(i)::join).isInstanceOf(CompletionException.class);
                assertThat(logs.findId(rows.get(i).id())).isEmpty();
                assertThat(searchedText(rows.get(i).id())).isEmpty();
            } else {
                each.get(i).join();
            }
        }
        List<LogRecord> stored = new ArrayList<>(rows);
        stored.remove(40);
        assertStoredAsWritten(stored);
    }
}
