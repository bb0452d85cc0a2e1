package dev.openloop.server.door.v4;

/** The four completion endpoints; like the chat ones, they differ only in where the config comes from. */
enum CompletionEndpoint {
    /** {@code POST /v4/completion}: the config is given inline as {@code model_config}. */
    COMPLETION("/completion", "model_config"),
    /** {@code POST /v4/completion-deployed}: what the project deployed to {@code environment}. */
    DEPLOYED("/completion-deployed", "environment"),
    /** {@code POST /v4/completion-experiment}: drawn from {@code experiment_id} for each sample. */
    EXPERIMENT("/completion-experiment", "experiment_id"),
    /** {@code POST /v4/completion-model-config}: the registered config {@code model_config_id}. */
    MODEL_CONFIG("/completion-model-config", "model_config_id");

    private final String path;
    private final String ownField;

    CompletionEndpoint(String path, String ownField) {
        this.path = path;
        this.ownField = ownField;
    }

    /** The path under {@code /v4}. */
    String path() {
        return path;
    }

    /** The one body field only this endpoint takes. */
    String ownField() {
        return ownField;
    }
}
