package dev.openloop.api.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** The providers a model config can name ({@code ModelProviders} in the v4 schema). */
public enum ModelProvider {
    /** {@code openai} on the wire. */
    OPENAI("openai"),
    /** {@code openai_azure} on the wire. */
    OPENAI_AZURE("openai_azure"),
    /** {@code ai21} on the wire. */
    AI21("ai21"),
    /** {@code mock} on the wire. */
    MOCK("mock"),
    /** {@code anthropic} on the wire. */
    ANTHROPIC("anthropic"),
    /** {@code langchain} on the wire. */
    LANGCHAIN("langchain"),
    /** {@code cohere} on the wire. */
    COHERE("cohere"),
    /** {@code replicate} on the wire. */
    REPLICATE("replicate"),
    /** {@code google} on the wire. */
    GOOGLE("google");

    private final String wire;

    ModelProvider(String wire) {
        this.wire = wire;
    }

    /**
     * The name on the wire.
     *
     * @return the name on the wire
     */
    @JsonValue
    public String wire() {
        return wire;
    }
}
