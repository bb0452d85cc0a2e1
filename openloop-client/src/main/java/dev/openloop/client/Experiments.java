package dev.openloop.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.openloop.api.experiment.CreateExperimentRequest;
import dev.openloop.api.experiment.ExperimentResponse;
import dev.openloop.api.experiment.UpdateExperimentRequest;
import dev.openloop.api.project.ProjectConfigResponse;
import java.util.List;
import java.util.Objects;

/**
 * Experiments: A/B tests over a project's configs. Each draw picks one of the experiment's active
 * configs, favouring those whose answers got positive feedback (see
 * {@link dev.openloop.api.experiment.ExperimentConfigResponse} for the statistics).
 */
public final class Experiments {
    private static final JavaType EXPERIMENT = Types.of(ExperimentResponse.class);
    private static final JavaType EXPERIMENTS = Types.listOf(ExperimentResponse.class);
    private static final JavaType PROJECT_CONFIG = Types.of(ProjectConfigResponse.class);

    private final Transport transport;

    Experiments(Transport transport) {
        this.transport = transport;
    }

    /**
     * {@code GET /projects/{project_id}/experiments}: the project's experiments, with each config's statistics.
     *
     * @param projectId the project's id, {@code pr_…}
     * @return the answer
     */
    public ApiResponse<List<ExperimentResponse>> list(String projectId) {
        return list(projectId, RequestOptions.none());
    }

    /**
     * {@link #list(String)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<List<ExperimentResponse>> list(String projectId, RequestOptions options) {
        return transport.send(ApiRequest.get(ApiRequest.path("/projects/{}/experiments", projectId)), EXPERIMENTS,
                options);
    }

    /**
     * {@code POST /projects/{project_id}/experiments}: a new experiment over the given configs;
     * with {@code set_active}, deployed to the project's default environment.
     *
     * @throws ConflictException when the project has an experiment of that name
     * @param projectId the project's id, {@code pr_…}
     * @param request the request
     * @return the answer
     */
    public ApiResponse<ExperimentResponse> create(String projectId, CreateExperimentRequest request) {
        return create(projectId, request, RequestOptions.none());
    }

    /**
     * {@link #create(String, CreateExperimentRequest)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ExperimentResponse> create(String projectId, CreateExperimentRequest request,
            RequestOptions options) {
        return transport.send(ApiRequest.post(ApiRequest.path("/projects/{}/experiments", projectId),
                Objects.requireNonNull(request, "request")), EXPERIMENT, options);
    }

    /**
     * {@code PATCH /experiments/{experiment_id}}: renames it, changes its positive labels, or adds
     * and removes configs (a removed config stays, inactive); fields left unset stay as they are.
     *
     * @param experimentId the experiment's id, {@code exp_…}
     * @param request the request
     * @return the answer
     */
    public ApiResponse<ExperimentResponse> update(String experimentId, UpdateExperimentRequest request) {
        return update(experimentId, request, RequestOptions.none());
    }

    /**
     * {@link #update(String, UpdateExperimentRequest)} with settings of its own for this call.
     *
     * @param experimentId the experiment's id, {@code exp_…}
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ExperimentResponse> update(String experimentId, UpdateExperimentRequest request,
            RequestOptions options) {
        return transport.send(ApiRequest.patch(ApiRequest.path("/experiments/{}", experimentId),
                Objects.requireNonNull(request, "request")), EXPERIMENT, options);
    }

    /**
     * {@code DELETE /experiments/{experiment_id}}: answered 204 without a body.
     *
     * @param experimentId the experiment's id, {@code exp_…}
     * @return the answer
     */
    public ApiResponse<Void> delete(String experimentId) {
        return delete(experimentId, RequestOptions.none());
    }

    /**
     * {@link #delete(String)} with settings of its own for this call.
     *
     * @param experimentId the experiment's id, {@code exp_…}
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<Void> delete(String experimentId, RequestOptions options) {
        return transport.send(ApiRequest.delete(ApiRequest.path("/experiments/{}", experimentId)), Types.VOID, options);
    }

    /**
     * {@code GET /experiments/{experiment_id}/model-config}: draws a config, for a generation run
     * outside OpenLoop. Pass the answer's {@code trial_id} to {@link Logs#log} with its log, so
     * that feedback on it counts for the config drawn.
     *
     * @throws ConflictException when the experiment has no active config to draw
     * @param experimentId the experiment's id, {@code exp_…}
     * @return the answer
     */
    public ApiResponse<ProjectConfigResponse> sample(String experimentId) {
        return sample(experimentId, RequestOptions.none());
    }

    /**
     * {@link #sample(String)} with settings of its own for this call.
     *
     * @param experimentId the experiment's id, {@code exp_…}
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ProjectConfigResponse> sample(String experimentId, RequestOptions options) {
        return transport.send(ApiRequest.get(ApiRequest.path("/experiments/{}/model-config", experimentId)),
                PROJECT_CONFIG, options);
    }
}
