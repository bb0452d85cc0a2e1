package dev.openloop.api.chat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Token counts. Note v4's name {@code generation_tokens} for what providers call completion tokens.
 *
 * @param promptTokens tokens of the prompt
 * @param generationTokens tokens generated
 * @param totalTokens the sum
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Usage(int promptTokens, int generationTokens, int totalTokens) {

    /** Usage from prompt and generated counts. */
    public static Usage of(int promptTokens, int generationTokens) {
        return new Usage(promptTokens, generationTokens, promptTokens + generationTokens);
    }

    /** The sum of two usages. */
    public Usage plus(Usage other) {
        return other == null ? this : of(promptTokens + other.promptTokens, generationTokens + other.generationTokens);
    }
}
