package dev.openloop.server.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.openloop.server.ServerConfig;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.store.Database;
import dev.openloop.server.testing.RefusedPort;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Checking a key: against the database each time with no cache time, and a 503, not a verdict, when the database is gone. */
class ApiKeysTest {

    @Test
    void withNoCacheTimeARevokedKeyIsRefusedOnTheVeryNextRequest() {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                Database opened = Database.open(database.jdbcUrl(), 2, Database.SqliteSync.FULL)) {
            ApiKeyStore store = new ApiKeyStore(opened.jdbi());
            ApiKeys keys = new ApiKeys(store, Duration.ZERO);
            String key = ApiKeys.generate();
            store.add(ApiKeyHash.of(key), "test");
            assertThat(keys.accepts(key)).isTrue();
            store.revoke(ApiKeyHash.of(key));
            assertThat(keys.accepts(key)).isFalse();
            assertThat(keys.accepts("never-stored-0123456789")).isFalse();
        }
    }

    @Test
    void aNegativeCacheTimeIsRefusedAtStart() {
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("OPENLOOP_API_KEY_CACHE_MS", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OPENLOOP_API_KEY_CACHE_MS must not be negative, not -1");
        assertThat(ServerConfig.fromEnvironment(Map.of()).apiKeyCacheTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void whenTheDatabaseDoesNotAnswerAKeyIsNeitherAcceptedNorRefusedButTheRequestIsUnavailable() throws Exception {
        int deadPort = RefusedPort.port();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + deadPort + "/openloop?user=openloop");
        config.setConnectionTimeout(250);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            ApiKeys keys = new ApiKeys(new ApiKeyStore(Jdbi.create(pool)), Duration.ofSeconds(30));
            assertThatThrownBy(() -> keys.accepts("some-key-0123456789"))
                    .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.kind()).isEqualTo(Refusal.Kind.UNAVAILABLE))
                    .hasMessageContaining("could not be checked");
        }
    }
}
