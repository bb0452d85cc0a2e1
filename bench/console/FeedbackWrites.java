import java.net.URI;
import java.net.http.*;
import java.util.*;

/**
 * What a piece of feedback costs to store on two running nodes (two builds, each on a database of
 * its own), measured in alternating rounds: each node gets 100 logs, then every log is rated on
 * one node, then on the other, twelve times (the first two unmeasured). Prints each node's median
 * and p90 per {@code POST /v4/feedback}. Run the nodes with
 * {@code OPENLOOP_API_KEY=ol_bench_feedback_writes_key_0123456789abcd}, then
 * {@code java bench/console/FeedbackWrites.java http://127.0.0.1:<port one> http://127.0.0.1:<port two>}
 * (see docs/benchmarks.md, "On PostgreSQL").
 */
public class FeedbackWrites {
    public static void main(String[] args) throws Exception {
        String key = "ol_bench_feedback_writes_key_0123456789abcd";
        String[] bases = {args[0], args[1]};
        int logsPerNode = 100, rounds = 10;
        HttpClient http = HttpClient.newHttpClient();
        List<List<String>> logs = new ArrayList<>();
        for (String base : bases) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < logsPerNode; i++) {
                String body = post(http, base + "/v4/chat", key, "{\"project\":\"writes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"mock-1\"}}");
                int at = body.indexOf("\"id\":\"data_");
                ids.add(body.substring(at + 6, body.indexOf('"', at + 6)));
            }
            logs.add(ids);
        }
        List<List<Double>> millis = List.of(new ArrayList<>(), new ArrayList<>());
        String[] values = {"good", "bad"};
        for (int round = 0; round < rounds + 2; round++) {
            for (int side = 0; side < 2; side++) {
                for (String id : logs.get(side)) {
                    long t = System.nanoTime();
                    post(http, bases[side] + "/v4/feedback", key, "{\"type\":\"rating\",\"value\":\"" + values[round % 2] + "\",\"data_id\":\"" + id + "\"}");
                    if (round >= 2) millis.get(side).add((System.nanoTime() - t) / 1e6);
                }
            }
        }
        for (int side = 0; side < 2; side++) {
            List<Double> m = millis.get(side);
            Collections.sort(m);
            System.out.printf(Locale.ROOT, "%s: median %.2f ms, p90 %.2f ms, %d requests%n", bases[side], m.get(m.size() / 2), m.get((int) (m.size() * 0.9)), m.size());
        }
    }

    static String post(HttpClient http, String url, String key, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("X-API-KEY", key).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(url + " " + r.statusCode() + " " + r.body());
        return r.body();
    }
}
