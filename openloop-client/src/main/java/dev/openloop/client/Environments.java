package dev.openloop.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.openloop.api.environment.CreateEnvironmentRequest;
import dev.openloop.api.environment.EnvironmentResponse;
import java.util.List;

/**
 * {@code GET|POST /environments}: the environments deployments go to.
 *
 * <p><strong>An OpenLoop extension, not part of the v4 API:</strong> Humanloop managed
 * environments in its web UI only, so other v4 servers do not have these endpoints. Every
 * OpenLoop server starts with one environment, {@code production}, its default.
 */
public final class Environments {
    private static final JavaType ENVIRONMENT = Types.of(EnvironmentResponse.class);
    private static final JavaType ENVIRONMENTS = Types.listOf(EnvironmentResponse.class);

    private final Transport transport;

    Environments(Transport transport) {
        this.transport = transport;
    }

    /**
     * {@code GET /environments}: every environment.
     *
     * @return the answer
     */
    public ApiResponse<List<EnvironmentResponse>> list() {
        return list(RequestOptions.none());
    }

    /**
     * {@link #list()} with settings of its own for this call.
     *
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<List<EnvironmentResponse>> list(RequestOptions options) {
        return transport.send(ApiRequest.get("/environments"), ENVIRONMENTS, options);
    }

    /**
     * {@code POST /environments}: a new environment named {@code name}, e.g. {@code staging}.
     *
     * @throws ConflictException when an environment has that name
     * @param name the name
     * @return the answer
     */
    public ApiResponse<EnvironmentResponse> create(String name) {
        return create(name, RequestOptions.none());
    }

    /**
     * {@link #create(String)} with settings of its own for this call.
     *
     * @param name the name
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<EnvironmentResponse> create(String name, RequestOptions options) {
        return transport.send(ApiRequest.post("/environments", new CreateEnvironmentRequest(name)), ENVIRONMENT, options);
    }
}
