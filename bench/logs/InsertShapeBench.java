import dev.openloop.server.chatlog.LogWriter;
import dev.openloop.server.store.Database;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The CPU time per log, on this thread, of writing the log writer's two rows of a log (the row in
 * {@code logs}, its searched text in {@code log_search}) on SQLite in transactions of a given size,
 * each committed durably: as one statement run per row (a JDBC batch) against one statement of many
 * rows ({@code INSERT ... VALUES (...), (...)}). Each table is measured alone too, so that the
 * figures say where a log's CPU goes (the searched text's share is the difference: its row needs
 * its log). Shapes alternate within each round, so that other load on the
 * machine falls on all of them alike; thread CPU time, which that load moves little.
 *
 * <p>Run through {@code bench/logs/run shape} (see bench/logs/README.md).
 */
public class InsertShapeBench {
    /** The log writer's own columns, so that the insert measured is the one it runs. */
    static final List<String> COLS = LogWriter.INSERT_COLUMNS;
    static final String MESSAGES = "[{\"role\":\"system\",\"content\":\"You are a concise travel assistant.\"},"
            + "{\"role\":\"user\",\"content\":\"What is the best month to visit Lisbon if I want warm weather and few crowds?\"}]";
    static final String OUTPUT = "Late September is ideal: the sea is still warm, the summer crowds have left and prices drop.";
    static final String SEARCH = "you are a concise travel assistant.\nwhat is the best month to visit lisbon if i want warm"
            + " weather and few crowds?\n" + OUTPUT.toLowerCase(Locale.ROOT);

    static String values(int columns, int rows) {
        String one = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        return String.join(", ", Collections.nCopies(rows, one));
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? java.util.Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 8, 32};
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        var dir = Files.createTempDirectory("insert-shape");
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("openloop.db"), 1, Database.SqliteSync.FULL)) {
            db.jdbi().useHandle(h -> h.execute("INSERT INTO projects (id, name, created_at, updated_at) VALUES ('pr', 'b', 0, 0)"));
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            try (var handle = db.jdbi().open()) {
                Connection c = handle.getConnection();
                c.setAutoCommit(false);
                String[] shapes = {"logs+search, a statement per row", "logs+search, one statement per transaction",
                        "logs alone, a statement per row", "logs alone, one statement per transaction"};
                long[] serial = {0};
                for (int size : sizes) {
                    // About 500 commits per shape and round: a commit waits for the disk, whatever its size.
                    int logsPerShape = Math.min(500 * size, 8_000);
                    PreparedStatement logOne = c.prepareStatement("INSERT INTO logs (" + String.join(", ", COLS) + ") VALUES " + values(COLS.size(), 1));
                    PreparedStatement logMany = c.prepareStatement("INSERT INTO logs (" + String.join(", ", COLS) + ") VALUES " + values(COLS.size(), size));
                    PreparedStatement searchOne = c.prepareStatement("INSERT INTO log_search (log_id, body) VALUES (?, ?)");
                    PreparedStatement searchMany = c.prepareStatement("INSERT INTO log_search (log_id, body) VALUES " + values(2, size));
                    List<List<Double>> perShape = new ArrayList<>();
                    for (int s = 0; s < shapes.length; s++) {
                        perShape.add(new ArrayList<>());
                    }
                    for (int round = 0; round < rounds + 1; round++) {
                        for (int s = 0; s < shapes.length; s++) {
                            boolean many = s % 2 == 1;
                            boolean logs = true;
                            boolean search = s < 2;
                            long t0 = mx.getCurrentThreadCpuTime();
                            for (int done = 0; done < logsPerShape; done += size) {
                                List<String> ids = new ArrayList<>(size);
                                for (int i = 0; i < size; i++) {
                                    ids.add(String.format(Locale.ROOT, "%021d", serial[0]++));
                                }
                                if (logs) {
                                    if (many) {
                                        for (int i = 0; i < size; i++) {
                                            bindLog(logMany, i * COLS.size(), ids.get(i));
                                        }
                                        logMany.executeUpdate();
                                    } else {
                                        for (String id : ids) {
                                            bindLog(logOne, 0, id);
                                            logOne.addBatch();
                                        }
                                        logOne.executeBatch();
                                    }
                                }
                                if (search) {
                                    if (many) {
                                        for (int i = 0; i < size; i++) {
                                            searchMany.setString(2 * i + 1, ids.get(i));
                                            searchMany.setString(2 * i + 2, SEARCH);
                                        }
                                        searchMany.executeUpdate();
                                    } else {
                                        for (String id : ids) {
                                            searchOne.setString(1, id);
                                            searchOne.setString(2, SEARCH);
                                            searchOne.addBatch();
                                        }
                                        searchOne.executeBatch();
                                    }
                                }
                                c.commit();
                            }
                            long t1 = mx.getCurrentThreadCpuTime();
                            if (round > 0) {
                                perShape.get(s).add((t1 - t0) / 1e3 / logsPerShape);
                            }
                        }
                    }
                    System.out.printf(Locale.ROOT, "%n%d logs per transaction, CPU µs per log (median of %d rounds: every round)%n", size, rounds);
                    for (int s = 0; s < shapes.length; s++) {
                        List<Double> all = perShape.get(s);
                        List<Double> sorted = new ArrayList<>(all);
                        Collections.sort(sorted);
                        StringBuilder each = new StringBuilder();
                        for (double v : all) {
                            each.append(each.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", v));
                        }
                        System.out.printf(Locale.ROOT, "  %-45s %6.1f  (%s)%n", shapes[s], sorted.get(sorted.size() / 2), each);
                    }
                    logOne.close();
                    logMany.close();
                    searchOne.close();
                    searchMany.close();
                }
                c.setAutoCommit(true);
            }
        }
    }

    static void bindLog(PreparedStatement s, int at, String id) throws Exception {
        for (int i = 1; i <= COLS.size(); i++) {
            s.setString(at + i, null);
        }
        s.setString(at + column("id"), id);
        s.setString(at + column("project_id"), "pr");
        s.setString(at + column("status"), "complete");
        s.setString(at + column("messages"), MESSAGES);
        s.setString(at + column("output"), OUTPUT);
        s.setBoolean(at + column("saved"), true);
        s.setLong(at + column("created_at"), 1);
        s.setLong(at + column("updated_at"), 1);
    }

    /** The 1-based position of {@code name} among {@link #COLS}. */
    static int column(String name) {
        return COLS.indexOf(name) + 1;
    }
}
