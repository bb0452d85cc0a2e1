package dev.openloop.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.common.PaginatedData;
import dev.openloop.api.log.LogResponse;
import dev.openloop.api.project.CreateProjectRequest;
import dev.openloop.api.project.EnvironmentProjectConfigRequest;
import dev.openloop.api.project.EnvironmentProjectConfigResponse;
import dev.openloop.api.project.EnvironmentRequest;
import dev.openloop.api.project.FeedbackTypeModel;
import dev.openloop.api.project.FeedbackTypeRequest;
import dev.openloop.api.project.ProjectConfigResponse;
import dev.openloop.api.project.ProjectResponse;
import dev.openloop.api.project.UpdateProjectRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /projects}: projects, the configs they use, what they deploy to each environment, their
 * feedback types and the export of their logs. A project's experiments are under
 * {@link Humanloop#experiments()}.
 *
 * <p>Where a method takes an {@code environment}, it is the environment's <em>name</em> (e.g.
 * {@code production}), and {@code null} means the default environment; where it takes an
 * {@code environmentId}, it is its id ({@code env_…}).
 */
public final class Projects {
    private static final JavaType PROJECT = Types.of(ProjectResponse.class);
    private static final JavaType PROJECT_CONFIG = Types.of(ProjectConfigResponse.class);
    private static final JavaType PROJECT_CONFIGS = Types.listOf(ProjectConfigResponse.class);
    private static final JavaType DEPLOYMENTS = Types.listOf(EnvironmentProjectConfigResponse.class);
    private static final JavaType FEEDBACK_TYPE = Types.of(FeedbackTypeModel.class);
    private static final JavaType FEEDBACK_TYPES = Types.listOf(FeedbackTypeModel.class);
    private static final JavaType PROJECT_PAGE = Types.pageOf(ProjectResponse.class);
    private static final JavaType LOG_PAGE = Types.pageOf(LogResponse.class);

    private final Transport transport;
    private final EnvironmentNames environmentNames;

    Projects(Transport transport) {
        this.transport = transport;
        this.environmentNames = new EnvironmentNames(transport);
    }

    /**
     * {@code GET /projects}: the first page of projects, newest first, 10 per page.
     *
     * @return the page; its {@code autoPager()} goes on to the following ones
     */
    public Page<ProjectResponse> list() {
        return list(ProjectListParams.of());
    }

    /**
     * {@code GET /projects}: a page of projects, filtered and sorted as {@code params} say.
     *
     * @param params the parameters of the call
     * @return the page; its {@code autoPager()} goes on to the following ones
     */
    public Page<ProjectResponse> list(ProjectListParams params) {
        return list(params, RequestOptions.none());
    }

    /**
     * {@link #list(ProjectListParams)} with settings of its own for this call and the pages after it.
     *
     * @param params the parameters of the call
     * @param options timeout, retries and headers of this call
     * @return the page; its {@code autoPager()} goes on to the following ones
     */
    public Page<ProjectResponse> list(ProjectListParams params, RequestOptions options) {
        Objects.requireNonNull(params, "params");
        ApiResponse<PaginatedData<ProjectResponse>> response = transport.send(ApiRequest.get("/projects", params.query()),
                PROJECT_PAGE, options);
        return new Page<>(response, 0, page -> list(params.withPage(page), options));
    }

    /**
     * {@code POST /projects}: a new project.
     *
     * @throws ConflictException when a project has that name
     * @param request the request
     * @return the answer
     */
    public ApiResponse<ProjectResponse> create(CreateProjectRequest request) {
        return create(request, RequestOptions.none());
    }

    /**
     * {@link #create(CreateProjectRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ProjectResponse> create(CreateProjectRequest request, RequestOptions options) {
        return transport.send(ApiRequest.post("/projects", Objects.requireNonNull(request, "request")), PROJECT, options);
    }

    /**
     * {@code GET /projects/{id}}.
     *
     * @param projectId the project's id, {@code pr_…}
     * @return the answer
     */
    public ApiResponse<ProjectResponse> get(String projectId) {
        return get(projectId, RequestOptions.none());
    }

    /**
     * {@link #get(String)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ProjectResponse> get(String projectId, RequestOptions options) {
        return transport.send(ApiRequest.get(ApiRequest.path("/projects/{}", projectId)), PROJECT, options);
    }

    /**
     * {@code PATCH /projects/{id}}: renames the project, or deploys a config or an experiment to
     * its default environment; fields left unset stay as they are.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param request the request
     * @return the answer
     */
    public ApiResponse<ProjectResponse> update(String projectId, UpdateProjectRequest request) {
        return update(projectId, request, RequestOptions.none());
    }

    /**
     * {@link #update(String, UpdateProjectRequest)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ProjectResponse> update(String projectId, UpdateProjectRequest request, RequestOptions options) {
        return transport.send(ApiRequest.patch(ApiRequest.path("/projects/{}", projectId),
                Objects.requireNonNull(request, "request")), PROJECT, options);
    }

    /**
     * {@code DELETE /projects/{id}}: the project and its logs; answered 204 without a body.
     *
     * @param projectId the project's id, {@code pr_…}
     * @return the answer
     */
    public ApiResponse<Void> delete(String projectId) {
        return delete(projectId, RequestOptions.none());
    }

    /**
     * {@link #delete(String)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<Void> delete(String projectId, RequestOptions options) {
        return transport.send(ApiRequest.delete(ApiRequest.path("/projects/{}", projectId)), Types.VOID, options);
    }

    /**
     * {@code GET /projects/{id}/configs}: the configs the project has used.
     *
     * @param projectId the project's id, {@code pr_…}
     * @return the answer
     */
    public ApiResponse<List<ProjectConfigResponse>> listConfigs(String projectId) {
        return listConfigs(projectId, RequestOptions.none());
    }

    /**
     * {@link #listConfigs(String)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<List<ProjectConfigResponse>> listConfigs(String projectId, RequestOptions options) {
        return transport.send(ApiRequest.get(ApiRequest.path("/projects/{}/configs", projectId)), PROJECT_CONFIGS,
                options);
    }

    /**
     * {@code GET /projects/{id}/active-config}: see {@link #getActiveConfig(String, String)}, for the default environment.
     *
     * @param projectId the project's id, {@code pr_…}
     * @return the answer
     */
    public ApiResponse<ProjectConfigResponse> getActiveConfig(String projectId) {
        return getActiveConfig(projectId, null);
    }

    /**
     * {@code GET /projects/{id}/active-config?environment}: the config deployed to the
     * environment. When an experiment is deployed there, this draws one of its configs and
     * answers with a {@code trial_id} to give {@link Logs#log} with the log of that generation.
     *
     * @param environment the environment's name; {@code null} for the default environment
     * @throws NotFoundException when nothing is deployed there
     * @param projectId the project's id, {@code pr_…}
     * @return the answer
     */
    public ApiResponse<ProjectConfigResponse> getActiveConfig(String projectId, String environment) {
        return getActiveConfig(projectId, environment, RequestOptions.none());
    }

    /**
     * {@link #getActiveConfig(String, String)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param environment the environment's name; {@code null} for the default environment
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ProjectConfigResponse> getActiveConfig(String projectId, String environment,
            RequestOptions options) {
        return transport.send(ApiRequest.get(ApiRequest.path("/projects/{}/active-config", projectId),
                environmentQuery(environment)), PROJECT_CONFIG, options);
    }

    /**
     * {@code DELETE /projects/{id}/active-config}: see {@link #deactivateConfig(String, String)}, for the default environment.
     *
     * @param projectId the project's id, {@code pr_…}
     * @return the answer
     */
    public ApiResponse<ProjectResponse> deactivateConfig(String projectId) {
        return deactivateConfig(projectId, null);
    }

    /**
     * {@code DELETE /projects/{id}/active-config?environment}: removes the config deployed to the
     * environment, if any (an experiment deployed there stays).
     *
     * @param environment the environment's name; {@code null} for the default environment
     * @param projectId the project's id, {@code pr_…}
     * @return the answer
     */
    public ApiResponse<ProjectResponse> deactivateConfig(String projectId, String environment) {
        return deactivateConfig(projectId, environment, RequestOptions.none());
    }

    /**
     * {@link #deactivateConfig(String, String)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param environment the environment's name; {@code null} for the default environment
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ProjectResponse> deactivateConfig(String projectId, String environment,
            RequestOptions options) {
        return transport.send(ApiRequest.delete(ApiRequest.path("/projects/{}/active-config", projectId),
                environmentQuery(environment)), PROJECT, options);
    }

    /**
     * {@code DELETE /projects/{id}/active-experiment}: see {@link #deactivateExperiment(String, String)}, for the default environment.
     *
     * @param projectId the project's id, {@code pr_…}
     * @return the answer
     */
    public ApiResponse<ProjectResponse> deactivateExperiment(String projectId) {
        return deactivateExperiment(projectId, null);
    }

    /**
     * {@code DELETE /projects/{id}/active-experiment?environment}: removes the experiment deployed
     * to the environment, if any (a config deployed there stays).
     *
     * @param environment the environment's name; {@code null} for the default environment
     * @param projectId the project's id, {@code pr_…}
     * @return the answer
     */
    public ApiResponse<ProjectResponse> deactivateExperiment(String projectId, String environment) {
        return deactivateExperiment(projectId, environment, RequestOptions.none());
    }

    /**
     * {@link #deactivateExperiment(String, String)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param environment the environment's name; {@code null} for the default environment
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ProjectResponse> deactivateExperiment(String projectId, String environment,
            RequestOptions options) {
        return transport.send(ApiRequest.delete(ApiRequest.path("/projects/{}/active-experiment", projectId),
                environmentQuery(environment)), PROJECT, options);
    }

    /**
     * {@code GET /projects/{id}/deployed-configs}: what the project has deployed, per environment.
     *
     * @param projectId the project's id, {@code pr_…}
     * @return the answer
     */
    public ApiResponse<List<EnvironmentProjectConfigResponse>> listDeployedConfigs(String projectId) {
        return listDeployedConfigs(projectId, RequestOptions.none());
    }

    /**
     * {@link #listDeployedConfigs(String)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<List<EnvironmentProjectConfigResponse>> listDeployedConfigs(String projectId,
            RequestOptions options) {
        return transport.send(ApiRequest.get(ApiRequest.path("/projects/{}/deployed-configs", projectId)), DEPLOYMENTS,
                options);
    }

    /**
     * {@code PATCH /projects/{project_id}/deploy-config}: deploys a config or an experiment to the
     * environments of the request (by id), or to the default environment, replacing what they had.
     *
     * @return what the project has deployed now, per environment
     * @param projectId the project's id, {@code pr_…}
     * @param request the request
     */
    public ApiResponse<List<EnvironmentProjectConfigResponse>> deployConfig(String projectId,
            EnvironmentProjectConfigRequest request) {
        return deployConfig(projectId, request, RequestOptions.none());
    }

    /**
     * {@link #deployConfig(String, EnvironmentProjectConfigRequest)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<List<EnvironmentProjectConfigResponse>> deployConfig(String projectId,
            EnvironmentProjectConfigRequest request, RequestOptions options) {
        return transport.send(ApiRequest.patch(ApiRequest.path("/projects/{}/deploy-config", projectId),
                Objects.requireNonNull(request, "request")), DEPLOYMENTS, options);
    }

    /**
     * Deploys a config to the environment of that name, replacing what it had: the chat calls'
     * {@code environment} and {@code deploy-config}'s environment id, joined.
     *
     * <pre>{@code
     * humanloop.projects().deployConfig(projectId, "production", configId);
     * humanloop.chatDeployed(ChatDeployedParams.builder().projectId(projectId).environment("production")
     *         .messages(ChatMessage.user("Hello!")).build());
     * }</pre>
     *
     * @param projectId the project, {@code pr_…}
     * @param environmentName the environment's name, e.g. {@code production}
     * @param configId the config, {@code config_…}
     * @return what the project has deployed now, per environment
     * @throws IllegalArgumentException when no environment has that name
     */
    public ApiResponse<List<EnvironmentProjectConfigResponse>> deployConfig(String projectId, String environmentName,
            String configId) {
        return deployConfig(projectId, environmentName, configId, RequestOptions.none());
    }

    /**
     * {@link #deployConfig(String, String, String)} with settings of its own for this call (and the
     * look-up of the environment).
     *
     * @param projectId the project, {@code pr_…}
     * @param environmentName the environment's name, e.g. {@code production}
     * @param configId the config, {@code config_…}
     * @param options timeout, retries and headers of this call
     * @return what the project has deployed now, per environment
     */
    public ApiResponse<List<EnvironmentProjectConfigResponse>> deployConfig(String projectId, String environmentName,
            String configId, RequestOptions options) {
        Objects.requireNonNull(configId, "configId");
        return deployConfig(projectId, EnvironmentProjectConfigRequest.builder().configId(configId)
                .environments(inEnvironment(projectId, environmentName, options)).build(), options);
    }

    /**
     * Deploys an experiment to the environment of that name, replacing what it had; chats
     * deployed there then draw a config from it per sample.
     *
     * @param projectId the project, {@code pr_…}
     * @param environmentName the environment's name, e.g. {@code production}
     * @param experimentId the experiment, {@code exp_…}
     * @return what the project has deployed now, per environment
     * @throws IllegalArgumentException when no environment has that name
     */
    public ApiResponse<List<EnvironmentProjectConfigResponse>> deployExperiment(String projectId,
            String environmentName, String experimentId) {
        return deployExperiment(projectId, environmentName, experimentId, RequestOptions.none());
    }

    /**
     * {@link #deployExperiment(String, String, String)} with settings of its own for this call (and
     * the look-up of the environment).
     *
     * @param projectId the project, {@code pr_…}
     * @param environmentName the environment's name, e.g. {@code production}
     * @param experimentId the experiment, {@code exp_…}
     * @param options timeout, retries and headers of this call
     * @return what the project has deployed now, per environment
     */
    public ApiResponse<List<EnvironmentProjectConfigResponse>> deployExperiment(String projectId,
            String environmentName, String experimentId, RequestOptions options) {
        Objects.requireNonNull(experimentId, "experimentId");
        return deployConfig(projectId, EnvironmentProjectConfigRequest.builder().experimentId(experimentId)
                .environments(inEnvironment(projectId, environmentName, options)).build(), options);
    }

    /**
     * Removes whatever the project deploys to the environment of that name.
     *
     * @param projectId the project, {@code pr_…}
     * @param environmentName the environment's name, e.g. {@code staging}
     * @return the server's answer; see {@link #deleteDeployedConfig(String, String)}
     * @throws IllegalArgumentException when no environment has that name
     */
    public ApiResponse<JsonNode> undeploy(String projectId, String environmentName) {
        return undeploy(projectId, environmentName, RequestOptions.none());
    }

    /**
     * {@link #undeploy(String, String)} with settings of its own for this call (and the look-up
     * of the environment).
     *
     * @param projectId the project, {@code pr_…}
     * @param environmentName the environment's name, e.g. {@code staging}
     * @param options timeout, retries and headers of this call
     * @return the server's answer; see {@link #deleteDeployedConfig(String, String)}
     */
    public ApiResponse<JsonNode> undeploy(String projectId, String environmentName, RequestOptions options) {
        return deleteDeployedConfig(projectId, environmentNames.idOf(projectId, environmentName, options), options);
    }

    private EnvironmentRequest inEnvironment(String projectId, String environmentName, RequestOptions options) {
        return new EnvironmentRequest(environmentNames.idOf(projectId, environmentName, options), environmentName);
    }

    /**
     * {@code DELETE /projects/{project_id}/deployed-config/{environment_id}}: removes whatever the
     * project deploys to that environment.
     *
     * <p>v4 lets this answer be any JSON, so it comes untyped. OpenLoop answers with what the
     * project still deploys, the same list as {@link #listDeployedConfigs}, which has it typed.
     *
     * @param environmentId the environment's id ({@code env_…})
     * @param projectId the project's id, {@code pr_…}
     * @return the answer
     */
    public ApiResponse<JsonNode> deleteDeployedConfig(String projectId, String environmentId) {
        return deleteDeployedConfig(projectId, environmentId, RequestOptions.none());
    }

    /**
     * {@link #deleteDeployedConfig(String, String)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param environmentId the environment's id, {@code env_…}
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<JsonNode> deleteDeployedConfig(String projectId, String environmentId, RequestOptions options) {
        return transport.send(ApiRequest.delete(ApiRequest.path("/projects/{}/deployed-config/{}", projectId,
                environmentId)), Types.JSON, options);
    }

    /**
     * {@code POST /projects/{id}/feedback-types}: adds a feedback type to the project, or replaces the one of that name.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param request the request
     * @return the answer
     */
    public ApiResponse<FeedbackTypeModel> createFeedbackType(String projectId, FeedbackTypeRequest request) {
        return createFeedbackType(projectId, request, RequestOptions.none());
    }

    /**
     * {@link #createFeedbackType(String, FeedbackTypeRequest)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<FeedbackTypeModel> createFeedbackType(String projectId, FeedbackTypeRequest request,
            RequestOptions options) {
        return transport.send(ApiRequest.post(ApiRequest.path("/projects/{}/feedback-types", projectId),
                Objects.requireNonNull(request, "request")), FEEDBACK_TYPE, options);
    }

    /**
     * {@code PATCH /projects/{id}/feedback-types}: adds or replaces each of these feedback types.
     *
     * @return all the project's feedback types now, the defaults included
     * @param projectId the project's id, {@code pr_…}
     * @param types the feedback types
     */
    public ApiResponse<List<FeedbackTypeModel>> updateFeedbackTypes(String projectId, List<FeedbackTypeRequest> types) {
        return updateFeedbackTypes(projectId, types, RequestOptions.none());
    }

    /**
     * {@link #updateFeedbackTypes(String, List)} with settings of its own for this call.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param types the feedback types
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<List<FeedbackTypeModel>> updateFeedbackTypes(String projectId, List<FeedbackTypeRequest> types,
            RequestOptions options) {
        return transport.send(ApiRequest.patch(ApiRequest.path("/projects/{}/feedback-types", projectId),
                List.copyOf(Objects.requireNonNull(types, "types"))), FEEDBACK_TYPES, options);
    }

    /**
     * {@code POST /projects/{id}/export}: the first page of the project's logs, newest first, 10 per page.
     *
     * @param projectId the project's id, {@code pr_…}
     * @return the page; its {@code autoPager()} goes on to the following ones
     */
    public Page<LogResponse> export(String projectId) {
        return export(projectId, null, null);
    }

    /**
     * {@code POST /projects/{id}/export?page&size}: a page of the project's logs, newest first.
     *
     * @param page the page, from 0; {@code null} for the first
     * @param size logs per page; {@code null} for the server's default (10)
     * @param projectId the project's id, {@code pr_…}
     * @return the page; its {@code autoPager()} goes on to the following ones
     */
    public Page<LogResponse> export(String projectId, Integer page, Integer size) {
        return export(projectId, page, size, RequestOptions.none());
    }

    /**
     * {@link #export(String, Integer, Integer)} with settings of its own for this call and the pages after it.
     *
     * @param projectId the project's id, {@code pr_…}
     * @param page the page, from 0; {@code null} for the first
     * @param size items per page; {@code null} for the server's default
     * @param options timeout, retries and headers of this call
     * @return the page; its {@code autoPager()} goes on to the following ones
     */
    public Page<LogResponse> export(String projectId, Integer page, Integer size, RequestOptions options) {
        ApiRequest request = new ApiRequest("POST", ApiRequest.path("/projects/{}/export", projectId),
                new Query().add("page", page).add("size", size).toMap(), null);
        ApiResponse<PaginatedData<LogResponse>> response = transport.send(request, LOG_PAGE, options);
        return new Page<>(response, 0, next -> export(projectId, next, size, options));
    }

    private static Map<String, List<String>> environmentQuery(String environment) {
        return new Query().add("environment", environment).toMap();
    }
}
