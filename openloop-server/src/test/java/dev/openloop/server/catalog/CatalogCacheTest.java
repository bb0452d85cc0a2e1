package dev.openloop.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Copies by generation: kept while nothing changed, never kept from a read a change overtook, unused without a lease. */
class CatalogCacheTest {
    private final AtomicInteger reads = new AtomicInteger();

    private String read(String key) {
        return key + "#" + reads.incrementAndGet();
    }

    @Test
    void aCopyServesUntilAChangeCommits() {
        CatalogGeneration generation = CatalogGeneration.local();
        CatalogCache<String, String> cache = new CatalogCache<>(generation, 10);
        assertThat(cache.get("p", this::read)).isEqualTo("p#1");
        assertThat(cache.get("p", this::read)).isEqualTo("p#1");
        generation.advance();
        assertThat(cache.get("p", this::read)).isEqualTo("p#2");
        assertThat(cache.get("p", this::read)).isEqualTo("p#2");
    }

    @Test
    void aReadThatAChangeOvertookIsNotKept() {
        CatalogGeneration generation = CatalogGeneration.local();
        CatalogCache<String, String> cache = new CatalogCache<>(generation, 10);
        String overtaken = cache.get("p", key -> {
            String old = read(key);
            generation.advance();
            return old;
        });
        assertThat(overtaken).isEqualTo("p#1");
        assertThat(cache.get("p", this::read)).as("read again").isEqualTo("p#2");
    }

    @Test
    void whatKeepRefusesIsReadEachTime() {
        CatalogCache<String, Optional<String>> cache = new CatalogCache<>(CatalogGeneration.local(), 10);
        assertThat(cache.get("none", key -> Optional.<String>empty(), Optional::isPresent)).isEmpty();
        assertThat(cache.get("none", key -> Optional.of("found"), Optional::isPresent)).contains("found");
    }

    @Test
    void withoutTheLeaseEveryLookupReadsTheDatabase() {
        AtomicBoolean lease = new AtomicBoolean(false);
        CatalogCache<String, String> cache = new CatalogCache<>(CatalogGeneration.leased(lease::get), 10);
        assertThat(cache.get("p", this::read)).isEqualTo("p#1");
        assertThat(cache.get("p", this::read)).isEqualTo("p#2");
        lease.set(true);
        assertThat(cache.get("p", this::read)).isEqualTo("p#3");
        assertThat(cache.get("p", this::read)).isEqualTo("p#3");
        lease.set(false);
        assertThat(cache.get("p", this::read)).isEqualTo("p#4");
    }
}
