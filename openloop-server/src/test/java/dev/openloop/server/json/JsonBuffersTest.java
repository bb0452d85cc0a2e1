package dev.openloop.server.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The server's JSON buffers are pooled across threads, not kept per thread: with a virtual thread
 * per request, per-thread buffers would be allocated afresh for every request and pinned by every
 * stream held open (see docs/benchmarks.md, "Memory: idle and 10,000 streams").
 */
class JsonBuffersTest {
    @Test
    void theMapperAndItsCopiesTakeTheirBuffersFromOneSharedPool() {
        RecyclerPool<BufferRecycler> pool = Json.MAPPER.getFactory()._getRecyclerPool();

        assertThat(pool).isNotInstanceOf(JsonRecyclerPools.ThreadLocalPool.class)
                .isInstanceOf(JsonRecyclerPools.BoundedPool.class);
        // The doors' mappers (request binding, answers) are copies of it.
        assertThat(Json.MAPPER.copy().getFactory()._getRecyclerPool()).isSameAs(pool);
        assertThat(Json.pooled(new ObjectMapper()).getFactory()._getRecyclerPool()).isSameAs(pool);
    }
}
