package dev.openloop.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.openloop.api.config.ModelConfigResponse;
import dev.openloop.api.config.ProjectModelConfigRequest;
import dev.openloop.api.project.ProjectConfigResponse;
import java.util.Objects;

/** {@code /model-configs}: register a config with a project, and read a stored one. */
public final class ModelConfigs {
    private static final JavaType PROJECT_CONFIG = Types.of(ProjectConfigResponse.class);
    private static final JavaType MODEL_CONFIG = Types.of(ModelConfigResponse.class);

    private final Transport transport;

    ModelConfigs(Transport transport) {
        this.transport = transport;
    }

    /**
     * {@code POST /model-configs}: registers a config with the project (created when the name is
     * unknown), and with the experiment of that name when one is given. A config is identified by
     * its parameters: registering the same ones again answers with the same {@code config_…} id.
     * The first config of a project is deployed to its default environment.
     *
     * <p>Mind v4's default here: {@code endpoint} is {@code complete} when not set; set
     * {@code ModelEndpoint.CHAT} for a chat config.
     *
     * @throws NotFoundException when the project id or the experiment name is unknown
     * @param request the request
     * @return the answer
     */
    public ApiResponse<ProjectConfigResponse> register(ProjectModelConfigRequest request) {
        return register(request, RequestOptions.none());
    }

    /**
     * {@link #register(ProjectModelConfigRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ProjectConfigResponse> register(ProjectModelConfigRequest request, RequestOptions options) {
        return transport.send(ApiRequest.post("/model-configs", Objects.requireNonNull(request, "request")),
                PROJECT_CONFIG, options);
    }

    /**
     * {@code GET /model-configs/{id}}: a stored config.
     *
     * @param configId the config's id, {@code config_…}
     * @return the answer
     */
    public ApiResponse<ModelConfigResponse> get(String configId) {
        return get(configId, RequestOptions.none());
    }

    /**
     * {@link #get(String)} with settings of its own for this call.
     *
     * @param configId the config's id, {@code config_…}
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ModelConfigResponse> get(String configId, RequestOptions options) {
        return transport.send(ApiRequest.get(ApiRequest.path("/model-configs/{}", configId)), MODEL_CONFIG, options);
    }
}
