package dev.openloop.server.limit;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.Race;
import dev.openloop.server.testing.TestRedis;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TwoNodes;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one database and one Redis hold one limit between them: of 40 calls racing through
 * both, exactly the limit's number are served, whichever node each went to.
 */
class SharedLimitsTest {

    @Test
    void twoNodesOnOneRedisServeExactlyTheLimitBetweenThem() throws Exception {
        Map<String, String> redis = Map.of("OPENLOOP_REDIS_URL", TestRedis.url(), "OPENLOOP_LIMITS_CACHE_MS", "0");
        try (TwoNodes nodes = TwoNodes.start(redis, redis)) {
            String project = "shared-" + System.nanoTime();
            String chat = "{\"project\":\"" + project + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                    + "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}";
            String projectId = expect(nodes.a().post("/v4/chat", chat), 200).get("project_id").asText();
            expect(nodes.a().send(HttpRequest.newBuilder(nodes.a().uri("/v4/openloop/limits/projects/" + projectId))
                    .header("X-API-KEY", TestServer.API_KEY).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"requests_per_minute\":12}")).build()), 200);

            Instant before = Instant.now();
            List<Integer> statuses = Race.of(40, i -> (i % 2 == 0 ? nodes.a() : nodes.b()).post("/v4/chat", chat).statusCode());
            Instant after = Instant.now();
            long served = statuses.stream().filter(status -> status == 200).count();
            long refused = statuses.stream().filter(status -> status == 429).count();
            assertThat(served + refused).as("every call served or refused by the limit: %s", statuses).isEqualTo(40);
            if (LimitWindow.MINUTE.start(before).equals(LimitWindow.MINUTE.start(after))) {
                assertThat(served).isEqualTo(12);
            } else {
                // The minute turned over during the race: the new one serves up to twelve more.
                assertThat(served).isBetween(12L, 24L);
            }
        }
    }
}
