package dev.openloop.server.apikey;

import dev.openloop.server.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code api_keys} table: the hashes of keys, their names, roles and projects, and when they
 * were revoked. A key's projects are a JSON array of project ids, null when it reaches every project.
 */
public final class ApiKeyStore {
    private static final String COLUMNS = "key_hash, name, created_at, revoked_at, role, projects";

    private final Jdbi jdbi;

    public ApiKeyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores the hash of an admin key under {@code name}; storing a hash again changes nothing. */
    public void add(String hash, String name) {
        add(hash, name, KeyScope.ADMIN);
    }

    /** Stores the hash of a key of {@code scope} under {@code name}; storing a hash again changes nothing. */
    public void add(String hash, String name, KeyScope scope) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO api_keys (key_hash, name, created_at, role, projects) VALUES (:hash, :name, :now, :role, :projects)
                        ON CONFLICT (key_hash) DO NOTHING""")
                .bind("hash", hash)
                .bind("name", name)
                .bind("now", System.currentTimeMillis())
                .bind("role", scope.role().wireName())
                .bind("projects", scope.everyProject() ? null : Json.text(List.copyOf(scope.sortedProjectIds())))
                .execute());
    }

    /** The key of {@code hash} when it is stored and not revoked: one lookup by primary key. */
    public Optional<StoredKey> findActive(String hash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash)
                .map((rs, ctx) -> row(rs))
                .findOne());
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
        Role role = Role.named(rs.getString("role")).orElseThrow(() -> new IllegalStateException("api_keys holds an unknown role"));
        String projects = rs.getString("projects");
        List<String> projectIds = projects == null ? List.of() : List.of(Json.parse(projects, String[].class));
        return new StoredKey(rs.getString("key_hash"), rs.getString("name"), rs.getLong("created_at"), revoked,
                KeyScope.of(role, projectIds));
    }
}
