package dev.openloop.server.apikey;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code ./openloop keys list|create|revoke}: manages the API keys of the database the node is
 * configured with. Every node on that database sees the change: a created key is accepted at
 * once, a revoked one stops being accepted within each node's {@code OPENLOOP_API_KEY_CACHE_MS}.
 */
public final class KeysCommand {
    /** Exit status of a command that did what it was asked. */
    public static final int OK = 0;
    /** Exit status of a command that could not, for a reason it printed. */
    public static final int FAILED = 1;
    /** Exit status of a command line that is not one of the commands. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: ./openloop keys list                 the keys, by id, with their names and whether they are revoked
                   ./openloop keys create [--name NAME]  makes a key, prints it once and stores only its hash
                   ./openloop keys revoke KEY_ID         stops a key working on every node (an id from list, or its start)""";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final ApiKeyStore store;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param store the keys
     * @param out where results go
     * @param err where problems go
     */
    public KeysCommand(ApiKeyStore store, PrintStream out, PrintStream err) {
        this.store = store;
        this.out = out;
        this.err = err;
    }

    /** Runs the command line after {@code keys}; returns the exit status. */
    public int run(List<String> args) {
        if (args.isEmpty()) {
            return usage("a keys command is needed");
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.getFirst()) {
            case "list" -> rest.isEmpty() ? list() : usage("list takes no arguments");
            case "create" -> create(rest);
            case "revoke" -> rest.size() == 1 ? revoke(rest.getFirst()) : usage("revoke takes one key id");
            default -> usage("unknown keys command '" + args.getFirst() + "'");
        };
    }

    private int list() {
        List<StoredKey> keys = store.all();
        if (keys.isEmpty()) {
            out.println("No keys. A node makes one when it starts without OPENLOOP_API_KEY; or: ./openloop keys create");
            return OK;
        }
        String format = "%-18s %-24s %-32s %s%n";
        out.printf(format, "ID", "CREATED", "STATUS", "NAME");
        for (StoredKey key : keys) {
            String status = key.active() ? "active" : "revoked " + WHEN.format(Instant.ofEpochMilli(key.revokedAt()));
            out.printf(format, key.id(), WHEN.format(Instant.ofEpochMilli(key.createdAt())), status,
                    key.name() == null ? "-" : key.name());
        }
        return OK;
    }

    private int create(List<String> args) {
        String name = null;
        if (args.size() == 2 && args.get(0).equals("--name") && !args.get(1).isBlank()) {
            name = args.get(1).strip();
        } else if (!args.isEmpty()) {
            return usage("create takes only --name NAME");
        }
        String key = ApiKeys.generate();
        String hash = ApiKeyHash.of(key);
        store.add(hash, name == null ? "created with ./openloop keys create" : name);
        out.printf("""
                Created the key %s. It is shown only this once; only its hash is stored:

                    %s

                Every node on this database accepts it now, sent as the X-API-KEY header.
                """, ApiKeyHash.idOf(hash), key);
        return OK;
    }

    private int revoke(String idOrPrefix) {
        String hashPrefix;
        try {
            hashPrefix = ApiKeyHash.hashPrefixOf(idOrPrefix);
        } catch (IllegalArgumentException e) {
            err.println("openloop: " + e.getMessage());
            return FAILED;
        }
        List<StoredKey> matching = store.startingWith(hashPrefix);
        if (matching.isEmpty()) {
            err.println("openloop: no key has the id " + idOrPrefix + " (./openloop keys list shows the ids)");
            return FAILED;
        }
        if (matching.size() > 1) {
            err.println("openloop: " + matching.size() + " keys have ids starting with " + idOrPrefix + ": "
                    + String.join(", ", matching.stream().map(StoredKey::id).toList()) + "; give more of the id");
            return FAILED;
        }
        StoredKey key = matching.getFirst();
        if (!store.revoke(key.hash())) {
            out.println(key.id() + " was already revoked.");
            return OK;
        }
        out.println("Revoked " + key.id() + ". Every node stops accepting it within its OPENLOOP_API_KEY_CACHE_MS"
                + " (30 s by default); a node configured with it as OPENLOOP_API_KEY no longer starts.");
        if (store.countActive() == 0) {
            out.println("No active key is left: no request is accepted until one is created (./openloop keys create)"
                    + " or a node starts without OPENLOOP_API_KEY, which generates one.");
        }
        return OK;
    }

    private int usage(String problem) {
        err.println("openloop: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }
}
