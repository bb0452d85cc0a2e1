package dev.openloop.server.apikey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@code api_keys} table: the hashes of keys, their names, and when they were revoked. */
public final class ApiKeyStore {
    private static final String COLUMNS = "key_hash, name, created_at, revoked_at";

    private final Jdbi jdbi;

    public ApiKeyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores the hash of a key under {@code name}; storing a hash again changes nothing. */
    public void add(String hash, String name) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO api_keys (key_hash, name, created_at) VALUES (:hash, :name, :now)
                        ON CONFLICT (key_hash) DO NOTHING""")
                .bind("hash", hash)
                .bind("name", name)
                .bind("now", System.currentTimeMillis())
                .execute());
    }

    /** Whether the key of {@code hash} is stored and not revoked: one lookup by primary key. */
    public boolean isActive(String hash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash)
                .mapTo(Integer.class)
                .one()) > 0;
    }

    /** The key of {@code hash}, revoked or not. */
    public Optional<StoredKey> find(String hash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = :hash")
                .bind("hash", hash)
                .map((rs, ctx) -> row(rs))
                .findOne());
    }

    /** The keys whose hash starts with {@code hashPrefix} (hex), revoked or not. */
    public List<StoredKey> startingWith(String hashPrefix) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash LIKE :prefix ORDER BY created_at")
                .bind("prefix", hashPrefix + "%")
                .map((rs, ctx) -> row(rs))
                .list());
    }

    /** Every key, oldest first. */
    public List<StoredKey> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, key_hash")
                .map((rs, ctx) -> row(rs))
                .list());
    }

    /** How many keys are accepted. */
    public int countActive() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL")
                .mapTo(Integer.class)
                .one());
    }

    /** Marks the key of {@code hash} revoked; returns whether it was active until now. */
    public boolean revoke(String hash) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE api_keys SET revoked_at = :now WHERE key_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash)
                .bind("now", System.currentTimeMillis())
                .execute()) > 0;
    }

    private static StoredKey row(ResultSet rs) throws SQLException {
        long revokedAt = rs.getLong("revoked_at");
        Long revoked = rs.wasNull() ? null : revokedAt; // asked right after reading it: wasNull is of the last read
        return new StoredKey(rs.getString("key_hash"), rs.getString("name"), rs.getLong("created_at"), revoked);
    }
}
