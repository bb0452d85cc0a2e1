package dev.openloop.server.apikey;

import dev.openloop.server.failure.Refusal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes, lists and revokes keys: the one place that the command line, the admin API and the
 * console's keys page share, so that a key's name, role and projects are checked alike
 * everywhere. A problem with what was asked is a {@link Refusal} at the field that has it.
 */
public final class KeyIssuer {
    /** The longest name a key may have. */
    public static final int MAX_NAME_LENGTH = 200;
    /** The most projects a key may be limited to. */
    public static final int MAX_PROJECTS = 100;

    /** Finds a project's id from its id or its name; the key stores the id. */
    @FunctionalInterface
    public interface ProjectIds {
        Optional<String> idOf(String idOrName);
    }

    /** A key just made: shown once, as {@code key}; only its hash is stored. */
    public record Issued(String key, StoredKey stored) {
    }

    private final ApiKeyStore store;
    private final ProjectIds projects;

    public KeyIssuer(ApiKeyStore store, ProjectIds projects) {
        this.store = store;
        this.projects = projects;
    }

    /**
     * Makes a key named {@code name} of {@code role} (a role's name; null for {@code admin}),
     * limited to {@code projectRefs} (ids or names of existing projects; null or empty for every
     * project).
     *
     * @throws Refusal invalid, at {@code name}, {@code role} or {@code projects[i]}
     */
    public Issued create(String name, String role, List<String> projectRefs) {
        Refusal.Problems problems = new Refusal.Problems();
        String cleanName = name == null ? null : name.strip();
        if (cleanName != null && cleanName.isEmpty()) {
            problems.add(Refusal.at("name"), "ensure this value is not blank", "value_error.any_str.min_length");
        } else if (cleanName != null && (cleanName.length() > MAX_NAME_LENGTH || cleanName.chars().anyMatch(Character::isISOControl))) {
            problems.add(Refusal.at("name"), "a key's name is at most " + MAX_NAME_LENGTH + " characters, without control characters",
                    "value_error");
        }
        Optional<Role> chosen = role == null ? Optional.of(Role.ADMIN) : Role.named(role);
        if (chosen.isEmpty()) {
            problems.add(Refusal.at("role"), "value is not a valid enumeration member; permitted: " + Role.names(),
                    "type_error.enum");
        }
        Set<String> projectIds = new LinkedHashSet<>();
        List<String> refs = projectRefs == null ? List.of() : projectRefs;
        if (refs.size() > MAX_PROJECTS) {
            problems.add(Refusal.at("projects"), "a key is limited to at most " + MAX_PROJECTS + " projects", "value_error");
        } else {
            for (int i = 0; i < refs.size(); i++) {
                String ref = refs.get(i) == null ? "" : refs.get(i).strip();
                Optional<String> id = ref.isEmpty() ? Optional.empty() : projects.idOf(ref);
                if (id.isEmpty()) {
                    problems.add(Refusal.at("projects", i), "no project has the id or name '" + ref + "'", "value_error");
                } else {
                    projectIds.add(id.get());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw problems.refusal();
        }
        String key = ApiKeys.generate();
        String hash = ApiKeyHash.of(key);
        store.add(hash, cleanName, KeyScope.of(chosen.get(), projectIds));
        return new Issued(key, store.find(hash).orElseThrow(() -> new IllegalStateException("a key just stored vanished")));
    }

    /** Every key, oldest first. */
    public List<StoredKey> all() {
        return new ArrayList<>(store.all());
    }

    /**
     * Revokes the key of id {@code keyId} (exactly, as listed); returns it as it now is.
     *
     * @throws Refusal not found when no key has that id
     */
    public StoredKey revoke(String keyId) {
        StoredKey key = byId(keyId).orElseThrow(() -> Refusal.notFound("Key " + keyId + " not found"));
        store.revoke(key.hash());
        return store.find(key.hash()).orElseThrow(() -> new IllegalStateException("a key just revoked vanished"));
    }

    /** The key whose id is exactly {@code keyId}. */
    public Optional<StoredKey> byId(String keyId) {
        String hashPrefix;
        try {
            hashPrefix = ApiKeyHash.hashPrefixOf(keyId);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
        return store.startingWith(hashPrefix).stream().filter(key -> key.id().equals(keyId)).findFirst();
    }

    /** How many keys are accepted. */
    public int countActive() {
        return store.countActive();
    }
}
