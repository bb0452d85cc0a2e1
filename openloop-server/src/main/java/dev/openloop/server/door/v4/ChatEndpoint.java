package dev.openloop.server.door.v4;

/** The four chat endpoints; they differ only in where the config comes from. */
public enum ChatEndpoint {
    /** {@code POST /v4/chat}: the config is given inline as {@code model_config}. */
    CHAT("/chat", "model_config"),
    /** {@code POST /v4/chat-deployed}: what the project deployed to {@code environment}. */
    DEPLOYED("/chat-deployed", "environment"),
    /** {@code POST /v4/chat-experiment}: drawn from {@code experiment_id} for each sample. */
    EXPERIMENT("/chat-experiment", "experiment_id"),
    /** {@code POST /v4/chat-model-config}: the registered config {@code model_config_id}. */
    MODEL_CONFIG("/chat-model-config", "model_config_id");

    private final String path;
    private final String ownField;

    ChatEndpoint(String path, String ownField) {
        this.path = path;
        this.ownField = ownField;
    }

    /** The path under {@code /v4}. */
    public String path() {
        return path;
    }

    /** The one body field only this endpoint takes. */
    public String ownField() {
        return ownField;
    }
}
