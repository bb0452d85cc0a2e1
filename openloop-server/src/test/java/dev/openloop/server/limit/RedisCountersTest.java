package dev.openloop.server.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.server.testing.Race;
import dev.openloop.server.testing.RefusedPort;
import dev.openloop.server.testing.TestRedis;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The counters every node shares, on a real Redis: the contract, then what only shared counters
 * face, several nodes racing for one limit and a Redis that is not there.
 */
class RedisCountersTest extends LimitCountersContract {
    @Override
    LimitCounters open() {
        return new RedisCounters(TestRedis.url(), Duration.ofSeconds(2));
    }

    @Test
    void twoNodesRacingForOneLimitAdmitExactlyItsMaximumBetweenThem() throws Exception {
        Quota quota = requests(60);
        try (RedisCounters otherNode = new RedisCounters(TestRedis.url(), Duration.ofSeconds(2))) {
            List<Boolean> admitted = Race.of(240, i -> (i % 2 == 0 ? counters : otherNode).admit(List.of(quota), NOON).admitted());
            assertThat(admitted.stream().filter(Boolean::booleanValue).count()).isEqualTo(60);
            assertThat(otherNode.current(quota.counter(), LimitWindow.MINUTE, NOON)).isEqualTo(60);
        }
    }

    @Test
    void aRedisThatIsNotThereIsUnreachableAtOnceNotAHang() throws IOException {
        int deadPort = RefusedPort.port();
        try (RedisCounters gone = new RedisCounters("redis://127.0.0.1:" + deadPort, Duration.ofSeconds(2))) {
            assertThat(gone.reachable()).isFalse();
            assertThatThrownBy(() -> gone.admit(List.of(requests(5)), NOON)).isInstanceOf(LimitCounters.Unreachable.class);
            assertThatThrownBy(() -> gone.add(List.of(new LimitCounters.Addition(subject + ":tokens", LimitWindow.MINUTE, 5)), NOON))
                    .isInstanceOf(LimitCounters.Unreachable.class);
        }
    }
}
