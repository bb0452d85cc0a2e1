package dev.openloop.api.error;

import dev.openloop.api.json.WireText;

/**
 * What a failed provider call is answered with, under {@code detail}.
 *
 * @param type the kind of error, e.g. {@code rate_limit_error}
 * @param message the provider's message
 * @param code the HTTP status of the answer
 * @param origin who failed: the provider's name (e.g. {@code OpenAI}) or {@code OpenLoop}
 */
public record ProviderErrorDetail(String type, String message, int code, String origin) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
