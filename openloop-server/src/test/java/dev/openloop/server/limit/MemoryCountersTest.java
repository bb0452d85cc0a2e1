package dev.openloop.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The counters of one node: the contract, and a memory bounded by the live windows. */
class MemoryCountersTest extends LimitCountersContract {
    @Override
    LimitCounters open() {
        return new MemoryCounters();
    }

    @Test
    void theCountsOfEndedWindowsAreDroppedEvery1024Admissions() {
        MemoryCounters memory = new MemoryCounters();
        memory.admit(List.of(requests(10)), NOON);
        Quota next = new Quota(subject + ":next", LimitWindow.MINUTE, 100_000, 1, "next minute");
        for (int i = 0; i < 1022; i++) {
            memory.admit(List.of(next), NOON.plusSeconds(60));
        }
        assertThat(memory.held()).as("1,023 admissions: not swept yet").isEqualTo(2);
        memory.admit(List.of(next), NOON.plusSeconds(60));
        assertThat(memory.held()).as("the 1,024th sweeps the minute that ended").isEqualTo(1);
        assertThat(memory.current(next.counter(), LimitWindow.MINUTE, NOON.plusSeconds(60))).isEqualTo(1023);
    }
}
