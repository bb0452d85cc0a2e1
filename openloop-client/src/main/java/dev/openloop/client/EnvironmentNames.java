package dev.openloop.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.openloop.api.environment.EnvironmentResponse;
import dev.openloop.api.project.EnvironmentProjectConfigResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Finds an environment's id from its name, for the calls that take an id ({@code deploy-config},
 * {@code deployed-config/{environment_id}}) while the chat calls take the name.
 *
 * <p>OpenLoop lists every environment at {@code GET /environments}. Another v4 server has no such
 * endpoint (Humanloop managed environments in its UI); there the project's deployments name the
 * environments they are in, which finds every environment the project has deployed to.
 */
final class EnvironmentNames {
    private static final JavaType ENVIRONMENTS = Types.listOf(EnvironmentResponse.class);
    private static final JavaType DEPLOYMENTS = Types.listOf(EnvironmentProjectConfigResponse.class);

    private final Transport transport;

    EnvironmentNames(Transport transport) {
        this.transport = transport;
    }

    /**
     * The id of the environment named {@code name}.
     *
     * @throws IllegalArgumentException when no environment has that name, listing those there are
     */
    String idOf(String projectId, String name, RequestOptions options) {
        Objects.requireNonNull(name, "environmentName");
        Set<String> known = new LinkedHashSet<>();
        List<EnvironmentResponse> environments;
        try {
            environments = transport.<List<EnvironmentResponse>>send(ApiRequest.get("/environments"), ENVIRONMENTS,
                    options).body();
        } catch (NotFoundException | MalformedResponseException notOpenLoop) {
            environments = null;
        }
        if (environments != null) {
            for (EnvironmentResponse environment : environments) {
                if (name.equals(environment.name())) {
                    return environment.id();
                }
                known.add(environment.name());
            }
        } else {
            List<EnvironmentProjectConfigResponse> deployments = transport.<List<EnvironmentProjectConfigResponse>>send(
                    ApiRequest.get(ApiRequest.path("/projects/{}/deployed-configs", projectId)), DEPLOYMENTS, options)
                    .body();
            for (EnvironmentProjectConfigResponse deployment : deployments) {
                if (name.equals(deployment.environmentName())) {
                    return deployment.environmentId();
                }
                known.add(deployment.environmentName());
            }
        }
        throw new IllegalArgumentException("No environment is named \"" + name + "\"" + (known.isEmpty() ? ""
                : "; there are: " + String.join(", ", known)));
    }
}
