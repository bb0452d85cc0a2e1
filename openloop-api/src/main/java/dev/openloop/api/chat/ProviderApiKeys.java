package dev.openloop.api.chat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.json.ShownByName;
import java.util.ArrayList;
import java.util.List;

/**
 * Provider keys for one call. They are used for that call and never stored; {@link #toString()}
 * never shows them.
 *
 * <pre>{@code
 * ProviderApiKeys keys = ProviderApiKeys.builder()
 *         .openai(System.getenv("OPENAI_API_KEY"))
 *         .anthropic(System.getenv("ANTHROPIC_API_KEY"))
 *         .build();
 * }</pre>
 *
 * @param openai OpenAI key
 * @param openaiAzure Azure OpenAI key
 * @param openaiAzureEndpoint Azure OpenAI endpoint URL (named a key on the wire, but it is a URL)
 * @param ai21 AI21 key
 * @param mock key for the mock provider; accepted and ignored
 * @param anthropic Anthropic key
 * @param cohere Cohere key
 * @param google Google (Gemini API) key: an OpenLoop extension, since v4's {@code ProviderApiKeys}
 *     has no field for the {@code google} provider its {@code ModelProviders} names
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProviderApiKeys(
        String openai,
        String openaiAzure,
        String openaiAzureEndpoint,
        String ai21,
        String mock,
        String anthropic,
        String cohere,
        String google) implements ShownByName {

    /** No keys. */
    public static final ProviderApiKeys NONE = new ProviderApiKeys(null, null, null, null, null, null, null, null);

    /**
     * The seven keys v4 defines, without a Google key.
     *
     * @param openai OpenAI key
     * @param openaiAzure Azure OpenAI key
     * @param openaiAzureEndpoint Azure OpenAI endpoint URL
     * @param ai21 AI21 key
     * @param mock key for the mock provider
     * @param anthropic Anthropic key
     * @param cohere Cohere key
     */
    public ProviderApiKeys(String openai, String openaiAzure, String openaiAzureEndpoint, String ai21, String mock,
            String anthropic, String cohere) {
        this(openai, openaiAzure, openaiAzureEndpoint, ai21, mock, anthropic, cohere, null);
    }

    /**
     * Fills each key this one lacks from {@code fallback}: keys already set here win.
     *
     * @param fallback keys to fall back to, may be {@code null}
     * @return the merged keys
     */
    public ProviderApiKeys orElse(ProviderApiKeys fallback) {
        if (fallback == null) {
            return this;
        }
        return new ProviderApiKeys(
                first(openai, fallback.openai),
                first(openaiAzure, fallback.openaiAzure),
                first(openaiAzureEndpoint, fallback.openaiAzureEndpoint),
                first(ai21, fallback.ai21),
                first(mock, fallback.mock),
                first(anthropic, fallback.anthropic),
                first(cohere, fallback.cohere),
                first(google, fallback.google));
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    /**
     * The wire names of the keys that are set, e.g. {@code [openai, anthropic]}.
     *
     * @return the names, in the order of the record's components
     */
    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>();
        String[] wire = {"openai", "openai_azure", "openai_azure_endpoint", "ai21", "mock", "anthropic", "cohere", "google"};
        String[] values = {openai, openaiAzure, openaiAzureEndpoint, ai21, mock, anthropic, cohere, google};
        for (int i = 0; i < wire.length; i++) {
            if (values[i] != null) {
                names.add(wire[i]);
            }
        }
        return names;
    }

    /** The names of the keys that are set, never their values: {@code ProviderApiKeys[openai, cohere]}. */
    @Override
    public String toString() {
        return "ProviderApiKeys" + names();
    }

    /**
     * A builder, so that keys are set by name rather than by position.
     *
     * @return a builder with no key set
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ProviderApiKeys}; a key left unset is not sent. */
    public static final class Builder {
        private String openai;
        private String openaiAzure;
        private String openaiAzureEndpoint;
        private String ai21;
        private String mock;
        private String anthropic;
        private String cohere;
        private String google;

        private Builder() {
        }

        /**
         * Sets the OpenAI key.
         *
         * @param value the key, {@code sk-…}
         * @return this builder
         */
        public Builder openai(String value) { openai = value; return this; }

        /**
         * Sets the Azure OpenAI key.
         *
         * @param value the key
         * @return this builder
         */
        public Builder openaiAzure(String value) { openaiAzure = value; return this; }

        /**
         * Sets the Azure OpenAI endpoint.
         *
         * @param value the endpoint's URL, e.g. {@code https://my-resource.openai.azure.com}
         * @return this builder
         */
        public Builder openaiAzureEndpoint(String value) { openaiAzureEndpoint = value; return this; }

        /**
         * Sets the AI21 key.
         *
         * @param value the key
         * @return this builder
         */
        public Builder ai21(String value) { ai21 = value; return this; }

        /**
         * Sets the mock provider's key, which it accepts and ignores.
         *
         * @param value any text
         * @return this builder
         */
        public Builder mock(String value) { mock = value; return this; }

        /**
         * Sets the Anthropic key.
         *
         * @param value the key
         * @return this builder
         */
        public Builder anthropic(String value) { anthropic = value; return this; }

        /**
         * Sets the Cohere key.
         *
         * @param value the key
         * @return this builder
         */
        public Builder cohere(String value) { cohere = value; return this; }

        /**
         * Sets the Google (Gemini API) key, an OpenLoop extension of v4's keys.
         *
         * @param value the key
         * @return this builder
         */
        public Builder google(String value) { google = value; return this; }

        /**
         * The keys.
         *
         * @return the keys set, the others absent
         */
        public ProviderApiKeys build() {
            return new ProviderApiKeys(openai, openaiAzure, openaiAzureEndpoint, ai21, mock, anthropic, cohere, google);
        }
    }
}
