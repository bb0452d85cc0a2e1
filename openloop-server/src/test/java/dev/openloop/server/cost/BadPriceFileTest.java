package dev.openloop.server.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.ServerProcess;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node given a bad price file does not start: it exits with status 2 naming the file, the line and the problem. */
class BadPriceFileTest {

    @Test
    void aBadLineStopsTheNodeAtStartSayingWhere(@TempDir Path dir) throws IOException {
        Path prices = dir.resolve("prices.csv");
        Files.writeString(prices, PriceFile.HEADER + "\nopenai,gpt-4o,2024-08-06,2.50,10.00,0.0000001,,\n");

        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE)) {
            ServerProcess.Finished run = ServerProcess.run(database, Map.of("OPENLOOP_PRICES_FILE", prices.toString()),
                    "serve");

            assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
            assertThat(run.output()).contains("OPENLOOP_PRICES_FILE " + prices + ", line 2: cached_input has more than"
                    + " 6 decimals: '0.0000001'");
        }
    }

    @Test
    void aMissingFileStopsTheNodeAtStart(@TempDir Path dir) {
        Path missing = dir.resolve("missing.csv");

        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE)) {
            ServerProcess.Finished run = ServerProcess.run(database, Map.of("OPENLOOP_PRICES_FILE", missing.toString()),
                    "serve");

            assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
            assertThat(run.output()).contains("OPENLOOP_PRICES_FILE " + missing + " cannot be read");
        }
    }
}
