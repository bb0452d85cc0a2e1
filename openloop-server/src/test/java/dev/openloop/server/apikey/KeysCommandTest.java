package dev.openloop.server.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.store.Database;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ./openloop keys}: what it answers to ids that name no key, or several. */
class KeysCommandTest {
    private TestDatabase testDatabase;
    private Database database;
    private ApiKeyStore store;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void open() {
        testDatabase = TestDatabase.create(TestStore.SQLITE);
        database = Database.open(testDatabase.jdbcUrl(), 2, Database.SqliteSync.FULL);
        store = new ApiKeyStore(database.jdbi());
    }

    @AfterEach
    void close() {
        database.close();
        testDatabase.close();
    }

    /** Runs what {@code ./openloop keys args...} runs (its command line is CliTest's). */
    private int keys(String... args) {
        out.reset();
        err.reset();
        KeysCommand keys = new KeysCommand(store, ref -> java.util.Optional.empty(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return switch (args[0]) {
            case "list" -> keys.list();
            case "create" -> keys.create(args.length > 1 ? args[1] : null);
            case "revoke" -> keys.revoke(args[1]);
            default -> throw new IllegalArgumentException(args[0]);
        };
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anIdStartSharedByTwoKeysRevokesNeitherAndSaysWhich() {
        store.add("abcd1111" + "0".repeat(56), "one");
        store.add("abcd2222" + "0".repeat(56), "two");

        assertThat(keys("revoke", "key_abcd")).isEqualTo(KeysCommand.FAILED);
        assertThat(err()).contains("2 keys have ids starting with key_abcd", "key_abcd11110000", "key_abcd22220000");
        assertThat(store.countActive()).isEqualTo(2);

        assertThat(keys("revoke", "abcd2")).as("more of the id, without key_").isEqualTo(KeysCommand.OK);
        assertThat(store.find("abcd2222" + "0".repeat(56)).orElseThrow().active()).isFalse();
        assertThat(store.countActive()).isEqualTo(1);

        assertThat(keys("revoke", "key_abcd22220000")).as("revoking twice").isEqualTo(KeysCommand.OK);
        assertThat(out()).contains("already revoked");
    }

    @Test
    void revokingTheLastActiveKeySaysThatNothingIsAcceptedAnyMore() {
        store.add("beef" + "0".repeat(60), "only");
        assertThat(keys("revoke", "key_beef")).isEqualTo(KeysCommand.OK);
        assertThat(out()).contains("Revoked key_beef00000000", "No active key is left");
    }

    @Test
    void idsThatNameNoKeyAreRefusedWithWhatAnIdLooksLike() {
        assertThat(keys("revoke", "key_0123456789ab")).isEqualTo(KeysCommand.FAILED);
        assertThat(err()).contains("no key has the id key_0123456789ab");
        assertThat(keys("revoke", "ol_notAnId")).isEqualTo(KeysCommand.FAILED);
        assertThat(err()).contains("is not a key id");
        assertThat(keys("revoke", "key_ab")).as("too short to name one key").isEqualTo(KeysCommand.FAILED);
        assertThat(err()).contains("at least 4");
    }

    @Test
    void createdKeysAreListedByIdAndNameNeverByKey() {
        assertThat(keys("list")).isEqualTo(KeysCommand.OK);
        assertThat(out()).contains("No keys");
        assertThat(keys("create")).isEqualTo(KeysCommand.OK);
        String created = out();
        String key = created.lines().map(String::strip).filter(line -> line.startsWith("ol_")).findFirst().orElseThrow();
        String id = ApiKeyHash.idOf(ApiKeyHash.of(key));
        assertThat(created).contains("Created the key " + id);

        assertThat(keys("list")).isEqualTo(KeysCommand.OK);
        assertThat(out()).contains(id, "active", "created with ./openloop keys create").doesNotContain(key);

        assertThat(keys("revoke", id)).isEqualTo(KeysCommand.OK);
        assertThat(keys("list")).isEqualTo(KeysCommand.OK);
        assertThat(out()).containsPattern(id + " .* revoked 20\\d\\d-\\d\\d-\\d\\d ");
    }
}
