import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one proxied chat costs a node, in CPU and in allocation, for nodes compared in one run:
 * each node is sent the same chats in a closed loop, in windows that alternate between the nodes,
 * and its process CPU (from /proc) and the bytes its JVM allocated (Micrometer's
 * {@code jvm_gc_memory_allocated_bytes_total}, counted at each collection: one is forced at both
 * ends of a window, and the count moves by heap regions, so a window needs thousands of chats)
 * are divided by the chats answered. The allocation does not depend on what else the machine runs; the CPU
 * depends on it somewhat (a crowded machine makes every request cost more), latency very much.
 *
 * <p>Arguments: {@code chats-per-window rounds concurrency warmup-chats name=url=pid=key ...}
 */
public final class ChatCost {
    private static final String BODY = """
            {"project":"bench","messages":[\
            {"role":"system","content":"You are a concise assistant for a museum of maritime history."},\
            {"role":"user","content":"In two sentences: how does a lighthouse lens make its beam visible so far out at sea?"}],\
            "model_config":{"provider":"openai","model":"gpt-4o-mini","temperature":0.7,"max_tokens":256}}""";
    private static final Pattern ALLOCATED = Pattern.compile("(?m)^jvm_gc_memory_allocated_bytes_total(?:\\{[^}]*\\})? ([0-9.eE+]+)");

    record Node(String name, URI base, long pid, String key) {
    }

    public static void main(String[] args) throws Exception {
        int chats = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        List<Node> nodes = new ArrayList<>();
        for (String spec : Arrays.copyOfRange(args, 4, args.length)) {
            String[] parts = spec.split("=", 4);
            nodes.add(new Node(parts[0], URI.create(parts[1]), Long.parseLong(parts[2]), parts[3]));
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (Node node : nodes) {
            send(client, node, warmup, concurrency);
        }
        double[][] cpu = new double[nodes.size()][rounds];
        double[][] alloc = new double[nodes.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < nodes.size(); k++) {
                // Alternate which node goes first from round to round.
                int i = round % 2 == 0 ? k : nodes.size() - 1 - k;
                Node node = nodes.get(i);
                forceGc(node);
                double allocatedBefore = allocated(client, node);
                long cpuBefore = cpuNanos(node.pid());
                int ok = send(client, node, chats, concurrency);
                long cpuAfter = cpuNanos(node.pid());
                forceGc(node);
                double allocatedAfter = allocated(client, node);
                cpu[i][round] = (cpuAfter - cpuBefore) / 1000.0 / ok;
                alloc[i][round] = (allocatedAfter - allocatedBefore) / 1024.0 / ok;
                System.out.printf("round %d %-10s %6d chats  cpu %7.1f us/chat  alloc %7.1f KiB/chat%n", round + 1, node.name(),
                        ok, cpu[i][round], alloc[i][round]);
            }
        }
        System.out.println();
        System.out.println("| node | CPU µs/chat (median) | rounds | allocated KiB/chat (median) | rounds |");
        System.out.println("|---|---:|---|---:|---|");
        for (int i = 0; i < nodes.size(); i++) {
            System.out.printf("| %s | %.0f | %s | %.1f | %s |%n", nodes.get(i).name(), median(cpu[i]), format(cpu[i], "%.0f"),
                    median(alloc[i]), format(alloc[i], "%.1f"));
        }
    }

    /** Sends {@code count} chats, {@code concurrency} at a time; the number answered with 200. */
    private static int send(HttpClient client, Node node, int count, int concurrency) throws Exception {
        AtomicInteger left = new AtomicInteger(count);
        AtomicInteger ok = new AtomicInteger();
        HttpRequest request = HttpRequest.newBuilder(node.base().resolve("/v4/chat"))
                .header("Content-Type", "application/json").header("X-API-KEY", node.key())
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200 && response.body().contains("Fresnel lens")) {
                            ok.incrementAndGet();
                        } else {
                            throw new IllegalStateException(node.name() + " answered " + response.statusCode() + ": "
                                    + response.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        return ok.get();
    }

    private static double allocated(HttpClient client, Node node) throws Exception {
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(node.base().resolve("/metrics"))
                .header("X-API-KEY", node.key()).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = ALLOCATED.matcher(metrics.body());
        if (!m.find()) {
            throw new IllegalStateException("no jvm_gc_memory_allocated_bytes_total in " + node.name() + "'s /metrics");
        }
        return Double.parseDouble(m.group(1));
    }

    /** A collection, so that what was allocated since the last one is counted now. */
    private static void forceGc(Node node) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(node.pid()), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        jcmd.waitFor();
        Thread.sleep(200);
    }

    /** The process's user + system CPU time. */
    private static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10_000_000L;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String format(double[] values, String format) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(String.format(format, v));
        }
        return String.join(", ", parts);
    }
}
