package dev.openloop.api.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** The providers a model config can name ({@code ModelProviders} in the v4 schema). */
public enum ModelProvider {
    OPENAI("openai"),
    OPENAI_AZURE("openai_azure"),
    AI21("ai21"),
    MOCK("mock"),
    ANTHROPIC("anthropic"),
    LANGCHAIN("langchain"),
    COHERE("cohere"),
    REPLICATE("replicate"),
    GOOGLE("google");

    private final String wire;

    ModelProvider(String wire) {
        this.wire = wire;
    }

    /** The name on the wire. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
