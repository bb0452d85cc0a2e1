package dev.openloop.server.web;

import dev.openloop.server.config.EnvReader;
import io.helidon.webserver.http.ServerRequest;

/**
 * How much one request may ask of a node, beyond its body's size: each limit keeps what a request
 * costs in memory or CPU in proportion to what an operator allows, and a request past one is
 * answered 422 naming the field and the limit. The defaults let through what the providers
 * themselves take (docs/reliability.md says, for each, whose limit it follows).
 *
 * @param maxMessages {@code OPENLOOP_MAX_MESSAGES}: messages in one list ({@code messages}, a
 *     {@code chat_template}, a log's {@code messages}); Anthropic takes 100,000
 * @param maxTools {@code OPENLOOP_MAX_TOOLS}: tools of one config; OpenAI takes 128
 * @param maxMetadataBytes {@code OPENLOOP_MAX_METADATA_BYTES}: {@code metadata} of a chat or log, as JSON
 * @param maxInputsBytes {@code OPENLOOP_MAX_INPUTS_BYTES}: {@code inputs} of a chat or log, as JSON
 * @param maxOutputTokens {@code OPENLOOP_MAX_OUTPUT_TOKENS}: {@code num_samples × max_tokens} of one chat
 * @param maxSampledBytes {@code OPENLOOP_MAX_SAMPLED_BYTES}: {@code num_samples ×} the body's bytes
 *     (and the rendered prompt's), since every sample's log keeps its own copy of the request
 * @param maxBatchItems {@code OPENLOOP_MAX_BATCH_ITEMS}: items of one {@code POST /logs} or
 *     {@code POST /feedback} array
 */
public record InputLimits(
        int maxMessages,
        int maxTools,
        int maxMetadataBytes,
        int maxInputsBytes,
        long maxOutputTokens,
        long maxSampledBytes,
        int maxBatchItems) {

    /** Nesting of JSON objects and arrays in a body: deep enough for any schema a provider takes (OpenAI's: 10 levels). */
    public static final int MAX_DEPTH = 128;
    /** JSON tokens (keys, values, brackets) in one body: bounds the objects a body binds to. */
    public static final long MAX_JSON_TOKENS = 1_000_000;
    /** Content parts of one message; OpenAI takes 500 images in a request, Anthropic 100. */
    public static final int MAX_CONTENT_PARTS = 1_000;
    /** Characters of a name or identifier that the stores index (project, experiment, environment and feedback type names, reference ids). */
    public static final int MAX_NAME_LENGTH = 512;
    /** Bytes of one tool's {@code parameters} schema, as JSON. */
    public static final int MAX_TOOL_SCHEMA_BYTES = 256 * 1024;
    /** Samples of one chat request, as OpenAI's {@code n}. */
    public static final int MAX_SAMPLES = 128;

    /** The defaults. */
    public static final InputLimits DEFAULTS = new InputLimits(100_000, 512, 256 * 1024, 8 * 1024 * 1024,
            1L << 20, 8L * 1024 * 1024, 1_000);

    /** The limits of the node serving {@code req} (the defaults outside a node's routing, e.g. in tests). */
    public static InputLimits of(ServerRequest req) {
        return req.context().get(InputLimits.class).orElse(DEFAULTS);
    }

    /**
     * Reads the limits from the environment.
     *
     * @throws IllegalArgumentException when one is not a positive integer
     */
    public static InputLimits fromEnvironment(EnvReader env) {
        return new InputLimits(
                positive(env, "OPENLOOP_MAX_MESSAGES", DEFAULTS.maxMessages()),
                positive(env, "OPENLOOP_MAX_TOOLS", DEFAULTS.maxTools()),
                positive(env, "OPENLOOP_MAX_METADATA_BYTES", DEFAULTS.maxMetadataBytes()),
                positive(env, "OPENLOOP_MAX_INPUTS_BYTES", DEFAULTS.maxInputsBytes()),
                positive(env, "OPENLOOP_MAX_OUTPUT_TOKENS", (int) DEFAULTS.maxOutputTokens()),
                positive(env, "OPENLOOP_MAX_SAMPLED_BYTES", (int) DEFAULTS.maxSampledBytes()),
                positive(env, "OPENLOOP_MAX_BATCH_ITEMS", DEFAULTS.maxBatchItems()));
    }

    private static int positive(EnvReader env, String name, int fallback) {
        int value = env.integer(name, fallback);
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
        return value;
    }
}
