import dev.openloop.server.limit.LimitCounters;
import dev.openloop.server.limit.LimitGate;
import dev.openloop.server.limit.LimitRules;
import dev.openloop.server.limit.Limits;
import dev.openloop.server.limit.MemoryCounters;
import dev.openloop.server.limit.RedisCounters;
import dev.openloop.server.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the limit check adds to a call: {@code LimitGate.admit} and {@code settle} for a call whose
 * key and project both have a requests, tokens and spend limit (six quotas), against the same
 * gate with no limits stored (the baseline: a cache lookup per subject), in one run. Counters in
 * this process's memory, then in Redis. Medians of the rounds, in microseconds per call, with one
 * caller and with 32 at once.
 *
 * <p>Run: {@code bench/limits/run} (see docs/benchmarks.md, "The limit check"). Options:
 * {@code --calls N} per round (20,000), {@code --rounds N} (11), {@code --redis URL} (redis://127.0.0.1:6379).
 */
public class LimitCheckBench {
    public static void main(String[] args) throws Exception {
        int calls = intOption(args, "--calls", 20_000);
        int rounds = intOption(args, "--rounds", 11);
        String redis = option(args, "--redis", "redis://127.0.0.1:6379");
        Path directory = Files.createTempDirectory("openloop-limits-bench");
        try (Database database = Database.open("jdbc:sqlite:" + directory.resolve("limits.db"), 4, Database.SqliteSync.NORMAL)) {
            LimitRules rules = new LimitRules(database.jdbi());
            String run = UUID.randomUUID().toString().substring(0, 8);
            LimitGate.Subjects limited = new LimitGate.Subjects("key_" + run, "pr_" + run);
            LimitGate.Subjects free = new LimitGate.Subjects("key_free_" + run, "pr_free_" + run);
            Limits generous = new Limits(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4);
            rules.set("key:" + limited.keyId(), generous);
            rules.set("project:" + limited.projectId(), generous);

            System.out.println("| counters | callers | no limits µs/call | six limits µs/call | added µs/call |");
            System.out.println("|---|---:|---:|---:|---:|");
            try (LimitCounters memory = new MemoryCounters()) {
                report("memory", memory, rules, limited, free, calls, rounds);
            }
            try (LimitCounters shared = new RedisCounters(redis, Duration.ofSeconds(2))) {
                if (!shared.reachable()) {
                    System.out.println("| Redis at " + redis + " | - | not reachable | | |");
                } else {
                    report("Redis", shared, rules, limited, free, calls, rounds);
                }
            }
        }
    }

    private static void report(String name, LimitCounters counters, LimitRules rules, LimitGate.Subjects limited,
            LimitGate.Subjects free, int calls, int rounds) throws Exception {
        LimitGate gate = new LimitGate(rules, counters, true, Clock.systemUTC(), Duration.ofMinutes(10));
        for (int callers : new int[] {1, 32}) {
            // Warm-up: the JIT, the rules cache, the connection.
            measure(gate, free, calls / 4, callers);
            measure(gate, limited, calls / 4, callers);
            double[] baseline = new double[rounds];
            double[] checked = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                // Alternated, so that a busy moment of the machine falls on both.
                baseline[round] = measure(gate, free, calls, callers);
                checked[round] = measure(gate, limited, calls, callers);
            }
            double base = median(baseline);
            double with = median(checked);
            System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f |%n", name, callers, base, with, with - base);
        }
    }

    /** Microseconds of wall time per call, for {@code calls} calls made by {@code callers} threads at once. */
    private static double measure(LimitGate gate, LimitGate.Subjects subjects, int calls, int callers) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            int each = calls / callers;
            for (int c = 0; c < callers; c++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        gate.admit(subjects);
                        gate.settle(subjects, 300, 1_500L);
                    }
                    return null;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (var future : done) {
                future.get();
            }
            return (System.nanoTime() - start) / 1_000.0 / (each * callers);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int intOption(String[] args, String name, int fallback) {
        return Integer.parseInt(option(args, name, String.valueOf(fallback)));
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
