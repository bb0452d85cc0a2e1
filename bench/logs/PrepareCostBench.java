import dev.openloop.server.chatlog.LogWriter;
import dev.openloop.server.store.Database;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The CPU time, on this thread, of preparing the log writer's insert of a row (44 columns) on
 * SQLite, against binding and running it for one row, in rounds of 20,000 of each. SQLite compiles
 * a statement every time it is prepared; the log writer prepares its statements once per
 * connection ({@code store/PreparedStatements}) because at one row per batch, as at low load, the
 * compile cost as much as the row. Thread CPU time, so other load on the machine moves it little.
 *
 * <p>Run through {@code bench/logs/run prepare} (see bench/logs/README.md).
 */
public class PrepareCostBench {
    /** The log writer's own columns, so that the insert measured is the one it runs. */
    static final List<String> COLS = LogWriter.INSERT_COLUMNS;
    static final String INSERT = "INSERT INTO logs (" + String.join(", ", COLS) + ") VALUES ("
            + String.join(", ", Collections.nCopies(COLS.size(), "?")) + ")";

    public static void main(String[] args) throws Exception {
        var dir = Files.createTempDirectory("pl-micro");
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("openloop.db"), 1, Database.SqliteSync.NORMAL)) {
            db.jdbi().useHandle(h -> h.execute("INSERT INTO projects (id, name, created_at, updated_at) VALUES ('pr', 'b', 0, 0)"));
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            try (var handle = db.jdbi().open()) {
                Connection c = handle.getConnection();
                c.setAutoCommit(false);
                PreparedStatement kept = c.prepareStatement(INSERT);
                int n = 0;
                for (int round = 0; round < 6; round++) {
                    int reps = 20_000;
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < reps; i++) {
                        c.prepareStatement(INSERT).close();
                    }
                    long t1 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < reps; i++) {
                        bind(kept, "id" + (n++));
                        kept.addBatch();
                        kept.executeBatch();
                    }
                    long t2 = mx.getCurrentThreadCpuTime();
                    c.commit();
                    System.out.printf(Locale.ROOT, "round %d: prepare %.1f µs, bind and insert one row %.1f µs%n", round,
                            (t1 - t0) / 1e3 / reps, (t2 - t1) / 1e3 / reps);
                }
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    static void bind(PreparedStatement s, String id) throws Exception {
        for (int i = 1; i <= COLS.size(); i++) {
            s.setString(i, null);
        }
        s.setString(column("id"), id);
        s.setString(column("project_id"), "pr");
        s.setString(column("status"), "complete");
        s.setString(column("messages"), "[{\"role\":\"user\",\"content\":\"What is the best month to visit Lisbon if I want warm weather?\"}]");
        s.setString(column("output"), "Late September is ideal: the sea is still warm.");
        s.setBoolean(column("saved"), true);
        s.setLong(column("created_at"), 1);
        s.setLong(column("updated_at"), 1);
    }

    /** The 1-based position of {@code name} among {@link #COLS}. */
    static int column(String name) {
        return COLS.indexOf(name) + 1;
    }
}
