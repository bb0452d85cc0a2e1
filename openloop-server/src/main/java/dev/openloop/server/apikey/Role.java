package dev.openloop.server.apikey;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a key may do, each role everything the one below it may: {@code read} reads (and the
 * console without changes), {@code write} also chats and changes what lives in its projects,
 * {@code admin} also manages keys and what is server-wide.
 */
public enum Role {
    READ, WRITE, ADMIN;

    /** Whether a key of this role may do what needs {@code needed}. */
    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The role as keys are listed and stored: {@code admin}, {@code write}, {@code read}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code name} ({@code admin}, {@code write} or {@code read}); empty for any other text. */
    public static Optional<Role> named(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName().equals(name)).findFirst();
    }

    /** The names a role may be given by, for messages. */
    public static String names() {
        // The widest first, as the docs list them.
        return Arrays.stream(values()).sorted(java.util.Comparator.reverseOrder()).map(Role::wireName)
                .collect(Collectors.joining(", "));
    }
}
