package dev.openloop.server.door.v1;

import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.web.InputLimits;

/**
 * What a {@code /v1} call's {@code model} names:
 * <ul>
 *   <li>{@code <provider>/<model>} (e.g. {@code anthropic/claude-3-5-haiku-latest}): that model,
 *       as an inline config; the provider is one OpenLoop names ({@code openai},
 *       {@code openai_azure}, {@code anthropic}, {@code cohere}, {@code ai21}, {@code google}, {@code mock});</li>
 *   <li>{@code config_…}: a registered config;</li>
 *   <li>{@code <project>} or {@code <project>@<environment>}: what the project deployed to that
 *       environment (the default environment when none is named).</li>
 * </ul>
 * A name is read in that order: a project whose name starts with a provider's name and a slash
 * is addressed through its deployment only when the text before the slash is no provider.
 */
sealed interface ModelAddress {

    /** {@code <provider>/<model>}. */
    record Inline(ModelProvider provider, String model) implements ModelAddress {
    }

    /** {@code config_…}. */
    record Registered(String configId) implements ModelAddress {
    }

    /** {@code <project>[@<environment>]}; {@code environment} is null for the default one. */
    record Deployed(String project, String environment) implements ModelAddress {
    }

    /** Reads {@code model}; a 404 {@code model_not_found} when it cannot address anything. */
    static ModelAddress parse(String model) {
        int slash = model.indexOf('/');
        if (slash > 0) {
            ModelProvider provider = provider(model.substring(0, slash));
            if (provider != null) {
                String name = model.substring(slash + 1);
                if (name.isBlank()) {
                    throw V1Exception.modelNotFound("The model '" + model + "' names no model after '"
                            + provider.wire() + "/'");
                }
                return new Inline(provider, name);
            }
        }
        if (model.startsWith("config_")) {
            return new Registered(model);
        }
        int at = model.lastIndexOf('@');
        String project = at < 0 ? model : model.substring(0, at);
        String environment = at < 0 ? null : model.substring(at + 1);
        if (project.isBlank() || (environment != null && environment.isBlank())) {
            throw V1Exception.modelNotFound("The model '" + model + "' does not exist: address a deployment as"
                    + " <project> or <project>@<environment>, a registered config as config_…, or a provider's model"
                    + " as <provider>/<model>");
        }
        if (project.length() > InputLimits.MAX_NAME_LENGTH) {
            throw V1Exception.invalid("model", "a project's name is at most " + InputLimits.MAX_NAME_LENGTH + " characters");
        }
        return new Deployed(project, environment);
    }

    private static ModelProvider provider(String name) {
        for (ModelProvider provider : ModelProvider.values()) {
            if (provider.wire().equals(name)) {
                return provider;
            }
        }
        return null;
    }
}
