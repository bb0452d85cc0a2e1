package dev.openloop.server.apikey;

/**
 * What the database holds of one API key: never the key itself.
 *
 * @param hash the SHA-256 of the key, hex
 * @param name who or what the key is for, or null (keys made before keys had names)
 * @param createdAt when it was stored, epoch milliseconds
 * @param revokedAt when it was revoked, epoch milliseconds; null while it is accepted
 * @param scope its role and the projects it is limited to
 */
public record StoredKey(String hash, String name, long createdAt, Long revokedAt, KeyScope scope) {

    /** The key's id, for listing and revoking (see {@link ApiKeyHash#idOf}). */
    public String id() {
        return ApiKeyHash.idOf(hash);
    }

    /** Whether the key is accepted. */
    public boolean active() {
        return revokedAt == null;
    }

    /** Who calls with this key. */
    public Caller caller() {
        return new Caller(id(), scope);
    }
}
