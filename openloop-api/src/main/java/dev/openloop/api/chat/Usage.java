package dev.openloop.api.chat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.json.WireText;

/**
 * Token counts. Note v4's name {@code generation_tokens} for what providers call completion tokens.
 *
 * @param promptTokens tokens of the prompt
 * @param generationTokens tokens generated
 * @param totalTokens the sum
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Usage(int promptTokens, int generationTokens, int totalTokens) {

    /**
     * Usage from prompt and generated counts.
     *
     * @param promptTokens the prompt tokens
     * @param generationTokens the generation tokens
     * @return the usage
     */
    public static Usage of(int promptTokens, int generationTokens) {
        return new Usage(promptTokens, generationTokens, promptTokens + generationTokens);
    }

    /**
     * The sum of two usages.
     *
     * @param other the other
     * @return the sum of two usages
     */
    public Usage plus(Usage other) {
        return other == null ? this : of(promptTokens + other.promptTokens, generationTokens + other.generationTokens);
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
