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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares OpenLoop nodes (e.g. a build before and after a change) on what a proxied chat costs the
 * node: CPU time and bytes allocated per request, measured on each node in turn, alternating which
 * goes first, in closed loop at a fixed number of requests in flight. CPU is read from /proc; the
 * allocation from the node's jvm_gc_memory_allocated_bytes_total, with a full GC (jcmd) just before
 * and after each window so that the counter holds what the window allocated (less what reading the
 * counter itself allocates, measured each time).
 *
 * <p>java PairBench.java --key KEY --seconds 15 --rounds 3 --concurrency 4 --warmup 20
 *     --path /v4/chat name=port:pid [name=port:pid...]
 */
public class PairBench {
    record Node(String name, int port, long pid) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                opts.put(args[i].substring(2), args[++i]);
            } else {
                String[] nameRest = args[i].split("=", 2);
                String[] portPid = nameRest[1].split(":");
                nodes.add(new Node(nameRest[0], Integer.parseInt(portPid[0]), Long.parseLong(portPid[1])));
            }
        }
        String key = opts.get("key");
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "15"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "4"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "20"));
        String path = opts.getOrDefault("path", "/v4/chat");
        String body = opts.containsKey("body-file") ? Files.readString(Path.of(opts.get("body-file"))) : DEFAULT_BODY;

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        for (Node node : nodes) {
            HttpResponse<String> first = client.send(request(node, path, key, body), HttpResponse.BodyHandlers.ofString());
            System.out.println(node.name() + " first answer " + first.statusCode() + ": "
                    + first.body().substring(0, Math.min(160, first.body().length())));
            if (first.statusCode() != 200) {
                System.exit(1);
            }
        }
        for (Node node : nodes) {
            load(client, node, path, key, body, concurrency, warmup);
        }
        Map<String, List<double[]>> results = new TreeMap<>();
        for (int round = 0; round < rounds; round++) {
            List<Node> order = new ArrayList<>(nodes);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Node node : order) {
                // Reading the counter allocates too (a scrape of /metrics): read it twice around a GC to
                // learn what one read costs, and take that off the window, which holds one read.
                jcmdGc(node.pid());
                double firstRead = allocated(client, node, key);
                jcmdGc(node.pid());
                double allocBefore = allocated(client, node, key);
                double readCost = allocBefore - firstRead;
                long cpuBefore = ticks(node.pid());
                long[] counts = load(client, node, path, key, body, concurrency, seconds);
                long cpuAfter = ticks(node.pid());
                jcmdGc(node.pid());
                double allocAfter = allocated(client, node, key);
                double cpuMicros = (cpuAfter - cpuBefore) * 10_000.0 / counts[0];
                double bytes = (allocAfter - allocBefore - readCost) / counts[0];
                System.out.printf("round %d %-8s ok=%d errors=%d rps=%.0f cpu_us/req=%.0f bytes/req=%.0f%n", round + 1,
                        node.name(), counts[0], counts[1], counts[0] / (double) seconds, cpuMicros, bytes);
                results.computeIfAbsent(node.name(), n -> new ArrayList<>()).add(new double[] {cpuMicros, bytes,
                        counts[0] / (double) seconds});
            }
        }
        System.out.println("medians over " + rounds + " rounds (" + path + ", concurrency " + concurrency + ", "
                + seconds + " s each):");
        for (var entry : results.entrySet()) {
            System.out.printf("  %-8s cpu_us/req=%.0f bytes/req=%.0f rps=%.0f%n", entry.getKey(),
                    median(entry.getValue(), 0), median(entry.getValue(), 1), median(entry.getValue(), 2));
        }
        System.exit(0);
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static HttpRequest request(Node node, String path, String key, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .header("Content-Type", "application/json")
                .header("X-API-KEY", key)
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Sends for {@code seconds} with {@code concurrency} in flight; the answers with 200 and the others. */
    private static long[] load(HttpClient client, Node node, String path, String key, String body, int concurrency,
            int seconds) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        HttpRequest request = request(node, path, key, body);
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                workers.submit(() -> {
                    while (!stop.get()) {
                        try {
                            HttpResponse<byte[]> answer = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            (answer.statusCode() == 200 ? ok : errors).incrementAndGet();
                        } catch (IOException | InterruptedException e) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(seconds * 1000L);
            stop.set(true);
        }
        return new long[] {ok.get(), errors.get()};
    }

    private static final Pattern ALLOCATED = Pattern.compile("(?m)^jvm_gc_memory_allocated_bytes_total(?:\\{[^}]*\\})? ([0-9.eE+]+)");

    private static double allocated(HttpClient client, Node node, String key) throws Exception {
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
                + "/metrics")).header("X-API-KEY", key).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = ALLOCATED.matcher(metrics.body());
        if (!m.find()) {
            throw new IllegalStateException("no jvm_gc_memory_allocated_bytes_total in /metrics");
        }
        return Double.parseDouble(m.group(1));
    }

    private static void jcmdGc(long pid) throws Exception {
        Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd", Long.toString(pid), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        Thread.sleep(300);
    }

    /** User + system CPU ticks (1/100 s) of the process. */
    private static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static final String DEFAULT_BODY = """
            {"project":"bench","messages":[{"role":"system","content":"You are a concise assistant for a museum of maritime history."},\
            {"role":"user","content":"In two sentences: how does a lighthouse lens make its beam visible so far out at sea?"}],\
            "model_config":{"provider":"openai","model":"gpt-4o-mini","temperature":0.7,"max_tokens":256}}""";
}
