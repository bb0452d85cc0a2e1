package dev.openloop.server.provider.openaicompat;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The models OpenAI serves only on its legacy Completions API ({@code /completions}), not on Chat
 * Completions: {@code gpt-3.5-turbo-instruct} (Azure's {@code gpt-35-turbo-instruct}) and its
 * dated versions, {@code davinci-002} and {@code babbage-002}, fine-tunes of these
 * ({@code ft:davinci-002:…}), and the retired GPT-3 models ({@code text-davinci-003},
 * {@code davinci}, …) that OpenAI-compatible servers may still serve under those names. An Azure
 * deployment is known by its name, so one counts when it is named after such a model.
 */
public final class InstructModels {
    private static final Pattern COMPLETIONS_ONLY = Pattern.compile(
            "(ft:)?(gpt-3\\.?5-turbo-instruct|(davinci|babbage)-002|text-(davinci|curie|babbage|ada)-\\d{3}"
                    + "|davinci|curie|babbage|ada)([-:.].*)?");

    private InstructModels() {
    }

    /** Whether {@code model} is served by the Completions API rather than Chat Completions. */
    public static boolean servedByCompletions(String model) {
        return model != null && COMPLETIONS_ONLY.matcher(model.toLowerCase(Locale.ROOT)).matches();
    }
}
