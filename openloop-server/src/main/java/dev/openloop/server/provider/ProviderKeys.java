package dev.openloop.server.provider;


/**
 * Chooses the key a provider call is made with: the request's {@code provider_api_keys.<field>}
 * when it has one, else the server's own. A blank key counts as none, so that an empty string in
 * a request never hides the server's key nor goes out as a key of its own.
 *
 * <p>A request's key goes into an HTTP header, so it is checked before the call: a line break in
 * it would end the header (and could start another), other control characters are refused by the
 * HTTP client. Such a key is the caller's mistake, answered with a 400 rather than a provider
 * failure. The server's keys are checked once, when it starts ({@link #checkServerKey}).
 */
public final class ProviderKeys {
    /** What a key must be, said after the key's name. */
    private static final String SENDABLE_RULE = "cannot be sent in an HTTP header: a key may hold printable ASCII"
            + " characters and inner spaces only, no line breaks or other control characters, and no spaces around it";

    private ProviderKeys() {
    }

    /**
     * The key for a provider that needs one.
     *
     * @param origin the provider's display name
     * @param requestKey the request's key, may be null or blank
     * @param field its field under {@code provider_api_keys}, e.g. {@code anthropic}
     * @param serverKey the server's key, may be null
     * @param environmentVariable where the server's key comes from, e.g. {@code ANTHROPIC_API_KEY}
     * @throws ProviderFailure when there is no key, or the request's cannot be sent
     */
    public static String required(String origin, String requestKey, String field, String serverKey,
            String environmentVariable) {
        String key = optional(origin, requestKey, field, serverKey);
        if (key == null) {
            throw ProviderErrors.missingKey(origin, field, environmentVariable);
        }
        return key;
    }

    /**
     * The key for a provider that may be called without one; {@code null} when there is none.
     *
     * @throws ProviderFailure when the request's key cannot be sent
     */
    public static String optional(String origin, String requestKey, String field, String serverKey) {
        if (isPresent(requestKey)) {
            checkRequestKey(origin, requestKey, field);
            return requestKey;
        }
        return isPresent(serverKey) ? serverKey : null;
    }

    /**
     * The key for a provider that needs one, the server's drawn from its pool ({@link KeyPool}).
     *
     * @param serverKeys the server's keys for the provider, maybe none
     * @throws ProviderFailure when there is no key, the request's cannot be sent, or none of the
     *     server's can be used now
     */
    public static String required(String origin, String requestKey, String field, KeyPool serverKeys,
            String environmentVariable) {
        String key = optional(origin, requestKey, field, serverKeys);
        if (key == null) {
            throw ProviderErrors.missingKey(origin, field, environmentVariable);
        }
        return key;
    }

    /**
     * The key for a provider that may be called without one, the server's drawn from its pool;
     * {@code null} when there is none.
     *
     * @throws ProviderFailure when the request's key cannot be sent, or none of the server's can be used now
     */
    public static String optional(String origin, String requestKey, String field, KeyPool serverKeys) {
        if (isPresent(requestKey)) {
            checkRequestKey(origin, requestKey, field);
            return requestKey;
        }
        ServerKey key = serverKeys.pick(origin);
        return key == null ? null : key.secret();
    }

    /**
     * Whether a call would find a key, without drawing one: for the checks before a call, which
     * must not refuse it because every server key cools down for now (the call's own draw says so).
     *
     * @throws ProviderFailure when there is no key at all, or the request's cannot be sent
     */
    public static void checkRequired(String origin, String requestKey, String field, KeyPool serverKeys,
            String environmentVariable) {
        if (isPresent(requestKey)) {
            checkRequestKey(origin, requestKey, field);
        } else if (serverKeys.isEmpty()) {
            throw ProviderErrors.missingKey(origin, field, environmentVariable);
        }
    }

    /** Whether {@code key} is a key at all: not null, and not only whitespace. */
    public static boolean isPresent(String key) {
        return key != null && !key.isBlank();
    }

    /**
     * Refuses, when the server starts, a key from its environment that cannot be sent in a
     * header. The message names the variable, never the key.
     *
     * @throws IllegalArgumentException for such a key
     */
    public static void checkServerKey(String environmentVariable, String key) {
        if (isPresent(key) && !isSendable(key)) {
            throw new IllegalArgumentException(environmentVariable + " " + SENDABLE_RULE);
        }
    }

    private static void checkRequestKey(String origin, String key, String field) {
        if (!isSendable(key)) {
            throw new ProviderFailure(ProviderErrors.OPENLOOP, ProviderFailure.Kind.INVALID_API_KEY, "The key for " + origin
                    + " in provider_api_keys." + field + " " + SENDABLE_RULE);
        }
    }

    /**
     * Whether {@code key} can be a header value as it is: printable ASCII with inner spaces. No
     * provider issues keys of anything else, and HTTP would drop spaces around it.
     */
    private static boolean isSendable(String key) {
        if (key.isEmpty() || key.charAt(0) == ' ' || key.charAt(key.length() - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
