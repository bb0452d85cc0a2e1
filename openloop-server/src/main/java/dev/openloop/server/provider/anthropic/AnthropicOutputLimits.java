package dev.openloop.server.provider.anthropic;

import java.util.List;
import java.util.Locale;

/**
 * What v4's {@code max_tokens: -1} ("as many as fit") becomes for Anthropic, whose Messages API
 * requires {@code max_tokens} on every call: the model's largest output, by model family, as
 * Anthropic's models overview lists it.
 *
 * <p>The families are matched by the start of the model name, so dated ids
 * ({@code claude-sonnet-4-5-20250929}) and aliases ({@code claude-sonnet-4-5}) find the same
 * entry; more specific prefixes come first. A model this table does not know gets
 * {@link #DEFAULT}, which every Claude model accepts: a longer answer is then cut with
 * {@code finish_reason: "length"}, visibly, instead of the call being refused. A caller who needs
 * more from such a model sets {@code max_tokens} in the config.
 *
 * <p>A call that asks for many output tokens can run long; with {@code stream: false} the answer
 * only comes at the end, so the read timeout ({@code OPENLOOP_PROVIDER_READ_TIMEOUT_MS}) must
 * allow for it.
 */
final class AnthropicOutputLimits {
    /** The output limit of a model the table does not know: what the smallest Claude models allow. */
    static final int DEFAULT = 4096;

    private record Family(String prefix, int maxOutputTokens) {
    }

    private static final List<Family> FAMILIES = List.of(
            // The generation 5 models of every line.
            new Family("claude-fable-5", 128_000),
            new Family("claude-mythos-5", 128_000),
            new Family("claude-opus-5", 128_000),
            new Family("claude-sonnet-5", 128_000),
            new Family("claude-haiku-5", 128_000),
            // Generation 4: 4.6 and later allow 128K, 4.5 and Sonnet 4 64K, Opus 4 and 4.1 32K.
            new Family("claude-opus-4-8", 128_000),
            new Family("claude-opus-4-7", 128_000),
            new Family("claude-opus-4-6", 128_000),
            new Family("claude-sonnet-4-6", 128_000),
            new Family("claude-opus-4-5", 64_000),
            new Family("claude-sonnet-4-5", 64_000),
            new Family("claude-haiku-4-5", 64_000),
            new Family("claude-sonnet-4", 64_000),
            new Family("claude-opus-4", 32_000),
            // Generation 3.
            new Family("claude-3-7-sonnet", 64_000),
            new Family("claude-3-5-sonnet", 8_192),
            new Family("claude-3-5-haiku", 8_192),
            new Family("claude-3-", 4_096));

    private AnthropicOutputLimits() {
    }

    /** The largest {@code max_tokens} {@code model} accepts, or {@link #DEFAULT} for a model not in the table. */
    static int maxOutputTokens(String model) {
        String name = model == null ? "" : model.toLowerCase(Locale.ROOT);
        for (Family family : FAMILIES) {
            if (name.startsWith(family.prefix())) {
                return family.maxOutputTokens();
            }
        }
        return DEFAULT;
    }
}
