package dev.openloop.server.limit;

/** The counters of one node. */
class MemoryCountersTest extends LimitCountersContract {
    @Override
    LimitCounters open() {
        return new MemoryCounters();
    }
}
