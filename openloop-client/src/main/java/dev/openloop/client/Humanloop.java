package dev.openloop.client;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.feedback.FeedbackRequest;
import dev.openloop.api.feedback.FeedbackResponse;
import dev.openloop.api.log.CreateLogResponse;
import dev.openloop.api.log.LogRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The client of the Humanloop v4 API, as served by OpenLoop or by any v4-compatible server.
 *
 * <pre>{@code
 * try (Humanloop humanloop = Humanloop.builder()
 *         .apiKey(System.getenv("HUMANLOOP_API_KEY"))
 *         .basePath("http://127.0.0.1:8080/v4")
 *         .openaiApiKey(System.getenv("OPENAI_API_KEY"))
 *         .build()) {
 *     ApiResponse<ChatResponse> response = humanloop.chat(ChatParams.builder()
 *             .project("assistant")
 *             .messages(ChatMessage.user("Hello!"))
 *             .modelConfig(ModelConfigRequest.of(ModelProvider.OPENAI, "gpt-4o"))
 *             .build());
 *     System.out.println(response.body().data().getFirst().output());
 * }
 * }</pre>
 *
 * <p>The same settings come from the environment with {@link #fromEnv()}.
 *
 * <p>A client is thread-safe and meant to be shared: it keeps one connection pool. Each chat call
 * takes the typed parameters of its endpoint ({@link ChatParams}, {@link ChatDeployedParams},
 * {@link ChatExperimentParams}, {@link ChatModelConfigParams}) and comes as a whole answer
 * ({@link #chat(ChatParams)}), a stream ({@link #chatStream(ChatParams)}), a future
 * ({@link #chatAsync(ChatParams)}) and a {@link java.util.concurrent.Flow.Publisher}
 * ({@link #chatStreamAsync(ChatParams)}). Failures are unchecked {@link HumanloopException}s; what may pass and
 * cannot run twice is tried again first (see {@link Builder#maxRetries}). Every call can be given
 * a timeout, retries and headers of its own with {@link RequestOptions}, as its last argument.
 *
 * <p>The API's operations are grouped as on the wire: {@link #chats()} holds the chat endpoints;
 * {@link #projects()}, {@link #modelConfigs()}, {@link #experiments()}, {@link #sessions()},
 * {@link #logs()} and {@link #feedback()} the rest of the v4 API, and {@link #environments()} an
 * OpenLoop extension. Paged lists come as a {@link Page}, which can iterate over all pages:
 *
 * <pre>{@code
 * String projectId = humanloop.projects().create(CreateProjectRequest.named("assistant")).body().id();
 * for (LogResponse log : humanloop.logs().list(projectId).autoPager()) {
 *     System.out.println(log.output());
 * }
 * }</pre>
 */
public final class Humanloop implements AutoCloseable {
    /** Humanloop's own v4 API. */
    public static final String DEFAULT_BASE_PATH = "https://api.humanloop.com/v4";

    private final Transport transport;
    private final HttpClient ownHttpClient;
    private final ExecutorService ownExecutor;
    private final Chats chats;
    private final Projects projects;
    private final ModelConfigs modelConfigs;
    private final Experiments experiments;
    private final Sessions sessions;
    private final Logs logs;
    private final Feedback feedback;
    private final Environments environments;

    private Humanloop(Transport transport, HttpClient ownHttpClient, ExecutorService ownExecutor, AsyncCalls async) {
        this.transport = transport;
        this.ownHttpClient = ownHttpClient;
        this.ownExecutor = ownExecutor;
        this.chats = new Chats(transport, async);
        this.projects = new Projects(transport);
        this.modelConfigs = new ModelConfigs(transport);
        this.experiments = new Experiments(transport);
        this.sessions = new Sessions(transport);
        this.logs = new Logs(transport);
        this.feedback = new Feedback(transport);
        this.environments = new Environments(transport);
    }

    /**
     * A builder; {@link Builder#apiKey} is the one setting required.
     *
     * @return a builder with the default settings
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client set up from the environment variables: {@code HUMANLOOP_API_KEY} (required),
     * {@code HUMANLOOP_BASE_URL} (e.g. {@code http://127.0.0.1:8080/v4}; Humanloop's own API when
     * unset) and the provider keys under their usual names; see {@link Builder#fromEnv()}.
     *
     * <pre>{@code
     * try (Humanloop humanloop = Humanloop.fromEnv()) {
     *     ...
     * }
     * }</pre>
     *
     * @return the client
     * @throws IllegalStateException when {@code HUMANLOOP_API_KEY} is not set
     */
    public static Humanloop fromEnv() {
        return builder().fromEnv().build();
    }

    /**
     * The chat endpoints.
     *
     * @return the chat endpoints
     */
    public Chats chats() {
        return chats;
    }

    /**
     * Projects, their configs, deployments, feedback types and log export.
     *
     * @return projects, their configs, deployments, feedback types and log export
     */
    public Projects projects() {
        return projects;
    }

    /**
     * Registering and reading model configs.
     *
     * @return registering and reading model configs
     */
    public ModelConfigs modelConfigs() {
        return modelConfigs;
    }

    /**
     * Experiments: A/B tests over a project's configs.
     *
     * @return experiments: A/B tests over a project's configs
     */
    public Experiments experiments() {
        return experiments;
    }

    /**
     * Sessions: logs grouped together.
     *
     * @return sessions: logs grouped together
     */
    public Sessions sessions() {
        return sessions;
    }

    /**
     * Logs: the record of each generation.
     *
     * @return logs: the record of each generation
     */
    public Logs logs() {
        return logs;
    }

    /**
     * Feedback on logs.
     *
     * @return feedback on logs
     */
    public Feedback feedback() {
        return feedback;
    }

    /**
     * Environments: an OpenLoop extension, not part of the v4 API; see {@link Environments}.
     *
     * @return environments: an OpenLoop extension, not part of the v4 API; see {@link Environments}
     */
    public Environments environments() {
        return environments;
    }

    /**
     * {@code POST /feedback} with one piece of feedback; see {@link Feedback#give(FeedbackRequest)}.
     *
     * @param request the request
     * @return the answer
     */
    public ApiResponse<FeedbackResponse> feedback(FeedbackRequest request) {
        return feedback.give(request);
    }

    /**
     * {@link #feedback(FeedbackRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<FeedbackResponse> feedback(FeedbackRequest request, RequestOptions options) {
        return feedback.give(request, options);
    }

    /**
     * {@code POST /feedback} with a list; see {@link Feedback#give(List)}.
     *
     * @param requests the requests, sent in one call
     * @return the answer
     */
    public ApiResponse<List<FeedbackResponse>> feedback(List<FeedbackRequest> requests) {
        return feedback.give(requests);
    }

    /**
     * {@link #feedback(List)} with settings of its own for this call.
     *
     * @param requests the requests, sent in one call
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<List<FeedbackResponse>> feedback(List<FeedbackRequest> requests, RequestOptions options) {
        return feedback.give(requests, options);
    }

    /**
     * {@code POST /logs} with one log; see {@link Logs#log(LogRequest)}.
     *
     * @param request the request
     * @return the answer
     */
    public ApiResponse<CreateLogResponse> log(LogRequest request) {
        return logs.log(request);
    }

    /**
     * {@link #log(LogRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<CreateLogResponse> log(LogRequest request, RequestOptions options) {
        return logs.log(request, options);
    }

    /**
     * {@code POST /logs} with a list; see {@link Logs#log(List)}.
     *
     * @param requests the requests, sent in one call
     * @return the answer
     */
    public ApiResponse<List<CreateLogResponse>> log(List<LogRequest> requests) {
        return logs.log(requests);
    }

    /**
     * {@link #log(List)} with settings of its own for this call.
     *
     * @param requests the requests, sent in one call
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<List<CreateLogResponse>> log(List<LogRequest> requests, RequestOptions options) {
        return logs.log(requests, options);
    }

    /**
     * See {@link Chats#create(ChatParams)}.
     *
     * @param params the call's parameters
     * @return the answer
     */
    public ApiResponse<ChatResponse> chat(ChatParams params) {
        return chats.create(params);
    }

    /**
     * {@link #chat(ChatParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> chat(ChatParams params, RequestOptions options) {
        return chats.create(params, options);
    }

    /**
     * See {@link Chats#createStream(ChatParams)}.
     *
     * @param params the call's parameters
     * @return the stream, to read and then close
     */
    public ChatStream chatStream(ChatParams params) {
        return chats.createStream(params);
    }

    /**
     * {@link #chatStream(ChatParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream chatStream(ChatParams params, RequestOptions options) {
        return chats.createStream(params, options);
    }

    /**
     * See {@link Chats#createAsync(ChatParams)}.
     *
     * @param params the call's parameters
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatAsync(ChatParams params) {
        return chats.createAsync(params);
    }

    /**
     * {@link #chatAsync(ChatParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatAsync(ChatParams params, RequestOptions options) {
        return chats.createAsync(params, options);
    }

    /**
     * See {@link Chats#createStreamAsync(ChatParams)}.
     *
     * @param params the call's parameters
     * @return the publisher of the chunks
     */
    public ChatPublisher chatStreamAsync(ChatParams params) {
        return chats.createStreamAsync(params);
    }

    /**
     * {@link #chatStreamAsync(ChatParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the publisher of the chunks
     */
    public ChatPublisher chatStreamAsync(ChatParams params, RequestOptions options) {
        return chats.createStreamAsync(params, options);
    }

    /**
     * See {@link Chats#createDeployed(ChatDeployedParams)}.
     *
     * @param params the call's parameters
     * @return the answer
     */
    public ApiResponse<ChatResponse> chatDeployed(ChatDeployedParams params) {
        return chats.createDeployed(params);
    }

    /**
     * {@link #chatDeployed(ChatDeployedParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> chatDeployed(ChatDeployedParams params, RequestOptions options) {
        return chats.createDeployed(params, options);
    }

    /**
     * See {@link Chats#createDeployedStream(ChatDeployedParams)}.
     *
     * @param params the call's parameters
     * @return the stream, to read and then close
     */
    public ChatStream chatDeployedStream(ChatDeployedParams params) {
        return chats.createDeployedStream(params);
    }

    /**
     * {@link #chatDeployedStream(ChatDeployedParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream chatDeployedStream(ChatDeployedParams params, RequestOptions options) {
        return chats.createDeployedStream(params, options);
    }

    /**
     * See {@link Chats#createDeployedAsync(ChatDeployedParams)}.
     *
     * @param params the call's parameters
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatDeployedAsync(ChatDeployedParams params) {
        return chats.createDeployedAsync(params);
    }

    /**
     * {@link #chatDeployedAsync(ChatDeployedParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatDeployedAsync(ChatDeployedParams params, RequestOptions options) {
        return chats.createDeployedAsync(params, options);
    }

    /**
     * See {@link Chats#createDeployedStreamAsync(ChatDeployedParams)}.
     *
     * @param params the call's parameters
     * @return the publisher of the chunks
     */
    public ChatPublisher chatDeployedStreamAsync(ChatDeployedParams params) {
        return chats.createDeployedStreamAsync(params);
    }

    /**
     * {@link #chatDeployedStreamAsync(ChatDeployedParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the publisher of the chunks
     */
    public ChatPublisher chatDeployedStreamAsync(ChatDeployedParams params, RequestOptions options) {
        return chats.createDeployedStreamAsync(params, options);
    }

    /**
     * See {@link Chats#createExperiment(ChatExperimentParams)}.
     *
     * @param params the call's parameters
     * @return the answer
     */
    public ApiResponse<ChatResponse> chatExperiment(ChatExperimentParams params) {
        return chats.createExperiment(params);
    }

    /**
     * {@link #chatExperiment(ChatExperimentParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> chatExperiment(ChatExperimentParams params, RequestOptions options) {
        return chats.createExperiment(params, options);
    }

    /**
     * See {@link Chats#createExperimentStream(ChatExperimentParams)}.
     *
     * @param params the call's parameters
     * @return the stream, to read and then close
     */
    public ChatStream chatExperimentStream(ChatExperimentParams params) {
        return chats.createExperimentStream(params);
    }

    /**
     * {@link #chatExperimentStream(ChatExperimentParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream chatExperimentStream(ChatExperimentParams params, RequestOptions options) {
        return chats.createExperimentStream(params, options);
    }

    /**
     * See {@link Chats#createExperimentAsync(ChatExperimentParams)}.
     *
     * @param params the call's parameters
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatExperimentAsync(ChatExperimentParams params) {
        return chats.createExperimentAsync(params);
    }

    /**
     * {@link #chatExperimentAsync(ChatExperimentParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatExperimentAsync(ChatExperimentParams params, RequestOptions options) {
        return chats.createExperimentAsync(params, options);
    }

    /**
     * See {@link Chats#createExperimentStreamAsync(ChatExperimentParams)}.
     *
     * @param params the call's parameters
     * @return the publisher of the chunks
     */
    public ChatPublisher chatExperimentStreamAsync(ChatExperimentParams params) {
        return chats.createExperimentStreamAsync(params);
    }

    /**
     * {@link #chatExperimentStreamAsync(ChatExperimentParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the publisher of the chunks
     */
    public ChatPublisher chatExperimentStreamAsync(ChatExperimentParams params, RequestOptions options) {
        return chats.createExperimentStreamAsync(params, options);
    }

    /**
     * See {@link Chats#createModelConfig(ChatModelConfigParams)}.
     *
     * @param params the call's parameters
     * @return the answer
     */
    public ApiResponse<ChatResponse> chatModelConfiguration(ChatModelConfigParams params) {
        return chats.createModelConfig(params);
    }

    /**
     * {@link #chatModelConfiguration(ChatModelConfigParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> chatModelConfiguration(ChatModelConfigParams params, RequestOptions options) {
        return chats.createModelConfig(params, options);
    }

    /**
     * See {@link Chats#createModelConfigStream(ChatModelConfigParams)}.
     *
     * @param params the call's parameters
     * @return the stream, to read and then close
     */
    public ChatStream chatModelConfigurationStream(ChatModelConfigParams params) {
        return chats.createModelConfigStream(params);
    }

    /**
     * {@link #chatModelConfigurationStream(ChatModelConfigParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream chatModelConfigurationStream(ChatModelConfigParams params, RequestOptions options) {
        return chats.createModelConfigStream(params, options);
    }

    /**
     * See {@link Chats#createModelConfigAsync(ChatModelConfigParams)}.
     *
     * @param params the call's parameters
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatModelConfigurationAsync(ChatModelConfigParams params) {
        return chats.createModelConfigAsync(params);
    }

    /**
     * {@link #chatModelConfigurationAsync(ChatModelConfigParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatModelConfigurationAsync(ChatModelConfigParams params, RequestOptions options) {
        return chats.createModelConfigAsync(params, options);
    }

    /**
     * See {@link Chats#createModelConfigStreamAsync(ChatModelConfigParams)}.
     *
     * @param params the call's parameters
     * @return the publisher of the chunks
     */
    public ChatPublisher chatModelConfigurationStreamAsync(ChatModelConfigParams params) {
        return chats.createModelConfigStreamAsync(params);
    }

    /**
     * {@link #chatModelConfigurationStreamAsync(ChatModelConfigParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the publisher of the chunks
     */
    public ChatPublisher chatModelConfigurationStreamAsync(ChatModelConfigParams params, RequestOptions options) {
        return chats.createModelConfigStreamAsync(params, options);
    }

    /**
     * {@code POST /chat}: a chat answer from the model config given inline; see {@link Chats#create}.
     *
     * @param request the request
     * @return the answer
     */
    public ApiResponse<ChatResponse> chat(ChatRequest request) {
        return chats.create(request);
    }

    /**
     * {@link #chat(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> chat(ChatRequest request, RequestOptions options) {
        return chats.create(request, options);
    }

    /**
     * {@code POST /chat} as a stream of deltas; see {@link Chats#createStream}.
     *
     * @param request the request
     * @return the stream, to read and then close
     */
    public ChatStream chatStream(ChatRequest request) {
        return chats.createStream(request);
    }

    /**
     * {@link #chatStream(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream chatStream(ChatRequest request, RequestOptions options) {
        return chats.createStream(request, options);
    }

    /**
     * {@code POST /chat} as a future; see {@link Chats#createAsync}.
     *
     * @param request the request
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatAsync(ChatRequest request) {
        return chats.createAsync(request);
    }

    /**
     * {@link #chatAsync(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatAsync(ChatRequest request, RequestOptions options) {
        return chats.createAsync(request, options);
    }

    /**
     * {@code POST /chat-deployed}: a chat answer from the project's deployment; see {@link Chats#createDeployed}.
     *
     * @param request the request
     * @return the answer
     */
    public ApiResponse<ChatResponse> chatDeployed(ChatRequest request) {
        return chats.createDeployed(request);
    }

    /**
     * {@link #chatDeployed(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> chatDeployed(ChatRequest request, RequestOptions options) {
        return chats.createDeployed(request, options);
    }

    /**
     * {@code POST /chat-deployed} as a stream of deltas; see {@link Chats#createDeployedStream}.
     *
     * @param request the request
     * @return the stream, to read and then close
     */
    public ChatStream chatDeployedStream(ChatRequest request) {
        return chats.createDeployedStream(request);
    }

    /**
     * {@link #chatDeployedStream(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream chatDeployedStream(ChatRequest request, RequestOptions options) {
        return chats.createDeployedStream(request, options);
    }

    /**
     * {@code POST /chat-deployed} as a future; see {@link Chats#createDeployedAsync}.
     *
     * @param request the request
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatDeployedAsync(ChatRequest request) {
        return chats.createDeployedAsync(request);
    }

    /**
     * {@link #chatDeployedAsync(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatDeployedAsync(ChatRequest request, RequestOptions options) {
        return chats.createDeployedAsync(request, options);
    }

    /**
     * {@code POST /chat-experiment}: a chat answer from an experiment; see {@link Chats#createExperiment}.
     *
     * @param request the request
     * @return the answer
     */
    public ApiResponse<ChatResponse> chatExperiment(ChatRequest request) {
        return chats.createExperiment(request);
    }

    /**
     * {@link #chatExperiment(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> chatExperiment(ChatRequest request, RequestOptions options) {
        return chats.createExperiment(request, options);
    }

    /**
     * {@code POST /chat-experiment} as a stream of deltas; see {@link Chats#createExperimentStream}.
     *
     * @param request the request
     * @return the stream, to read and then close
     */
    public ChatStream chatExperimentStream(ChatRequest request) {
        return chats.createExperimentStream(request);
    }

    /**
     * {@link #chatExperimentStream(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream chatExperimentStream(ChatRequest request, RequestOptions options) {
        return chats.createExperimentStream(request, options);
    }

    /**
     * {@code POST /chat-experiment} as a future; see {@link Chats#createExperimentAsync}.
     *
     * @param request the request
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatExperimentAsync(ChatRequest request) {
        return chats.createExperimentAsync(request);
    }

    /**
     * {@link #chatExperimentAsync(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatExperimentAsync(ChatRequest request, RequestOptions options) {
        return chats.createExperimentAsync(request, options);
    }

    /**
     * {@code POST /chat-model-config}: a chat answer from a registered config; see {@link Chats#createModelConfig}.
     *
     * @param request the request
     * @return the answer
     */
    public ApiResponse<ChatResponse> chatModelConfiguration(ChatRequest request) {
        return chats.createModelConfig(request);
    }

    /**
     * {@link #chatModelConfiguration(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> chatModelConfiguration(ChatRequest request, RequestOptions options) {
        return chats.createModelConfig(request, options);
    }

    /**
     * {@code POST /chat-model-config} as a stream of deltas; see {@link Chats#createModelConfigStream}.
     *
     * @param request the request
     * @return the stream, to read and then close
     */
    public ChatStream chatModelConfigurationStream(ChatRequest request) {
        return chats.createModelConfigStream(request);
    }

    /**
     * {@link #chatModelConfigurationStream(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream chatModelConfigurationStream(ChatRequest request, RequestOptions options) {
        return chats.createModelConfigStream(request, options);
    }

    /**
     * {@code POST /chat-model-config} as a future; see {@link Chats#createModelConfigAsync}.
     *
     * @param request the request
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatModelConfigurationAsync(ChatRequest request) {
        return chats.createModelConfigAsync(request);
    }

    /**
     * {@link #chatModelConfigurationAsync(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> chatModelConfigurationAsync(ChatRequest request, RequestOptions options) {
        return chats.createModelConfigAsync(request, options);
    }

    /**
     * Where the client sends its requests.
     *
     * @return where the client sends its requests
     */
    public String basePath() {
        return transport.options().basePath();
    }

    /**
     * Closes the client and releases what it created itself: its HTTP client and its executor. An
     * {@link HttpClient} or executor given to the builder is left open.
     *
     * <p>Every call made after this throws {@link IllegalStateException} at once, the asynchronous
     * and streaming ones included (the exception comes from the call itself, not in its future),
     * as for any other misuse. A call under way may finish, but is not tried again; a stream that
     * has started can still be read. Closing again does nothing.
     */
    @Override
    public void close() {
        transport.close();
        if (ownHttpClient != null) {
            ownHttpClient.shutdown();
        }
        if (ownExecutor != null) {
            ownExecutor.shutdown();
        }
    }

    @Override
    public String toString() {
        return "Humanloop[" + transport.options() + "]";
    }

    /** Builds a {@link Humanloop} client. */
    public static final class Builder {
        private String apiKey;
        private String basePath = DEFAULT_BASE_PATH;
        private String openaiApiKey;
        private String openaiAzureApiKey;
        private String openaiAzureEndpointApiKey;
        private String ai21ApiKey;
        private String mockApiKey;
        private String anthropicApiKey;
        private String cohereApiKey;
        private String googleApiKey;
        private Duration timeout = Duration.ofMinutes(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxRetries = 2;
        private Duration initialRetryDelay = Duration.ofMillis(500);
        private Duration maxRetryDelay = Duration.ofSeconds(8);
        private HttpClient httpClient;
        private Executor executor;

        private Builder() {
        }

        /**
         * Takes the settings that the environment variables give, leaving the others as they are:
         * <ul>
         *   <li>{@code HUMANLOOP_API_KEY}: {@link #apiKey};</li>
         *   <li>{@code HUMANLOOP_BASE_URL}: {@link #basePath};</li>
         *   <li>{@code OPENAI_API_KEY}, {@code AZURE_OPENAI_API_KEY}, {@code AZURE_OPENAI_ENDPOINT},
         *       {@code AI21_API_KEY}, {@code ANTHROPIC_API_KEY}, {@code COHERE_API_KEY}: the provider
         *       keys, sent with every chat call (a key set on the request wins). Leave them unset
         *       for a server that holds the provider keys itself.</li>
         * </ul>
         * A variable that is unset or blank changes nothing.
         *
         * @return this builder
         */
        public Builder fromEnv() {
            return fromEnv(System::getenv);
        }

        /** {@link #fromEnv()} reading the variables from {@code env}: what tests give it. */
        Builder fromEnv(Function<String, String> env) {
            BiConsumer<String, Consumer<String>> take = (name, setter) -> {
                String value = env.apply(name);
                if (value != null && !value.isBlank()) {
                    setter.accept(value.strip());
                }
            };
            take.accept("HUMANLOOP_API_KEY", this::apiKey);
            take.accept("HUMANLOOP_BASE_URL", this::basePath);
            take.accept("OPENAI_API_KEY", this::openaiApiKey);
            take.accept("AZURE_OPENAI_API_KEY", this::openaiAzureApiKey);
            take.accept("AZURE_OPENAI_ENDPOINT", this::openaiAzureEndpointApiKey);
            take.accept("AI21_API_KEY", this::ai21ApiKey);
            take.accept("ANTHROPIC_API_KEY", this::anthropicApiKey);
            take.accept("COHERE_API_KEY", this::cohereApiKey);
            return this;
        }

        /**
         * The Humanloop (or OpenLoop) API key, sent as {@code X-API-KEY}. Required.
         *
         * @param value its value
         * @return this builder
         */
        public Builder apiKey(String value) {
            apiKey = value;
            return this;
        }

        /**
         * Where the API lives, {@code /v4} included; {@value Humanloop#DEFAULT_BASE_PATH} by
         * default. Point it at an OpenLoop server, e.g. {@code http://127.0.0.1:8080/v4}, and the
         * same code talks to that. A trailing slash is dropped.
         *
         * @param value its value
         * @return this builder
         */
        public Builder basePath(String value) {
            Objects.requireNonNull(value, "basePath");
            String stripped = value.strip();
            while (stripped.endsWith("/")) {
                stripped = stripped.substring(0, stripped.length() - 1);
            }
            URI uri = URI.create(stripped);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("basePath must be an http or https URL, e.g. " + DEFAULT_BASE_PATH);
            }
            basePath = stripped;
            return this;
        }

        /**
         * The OpenAI key, sent as {@code provider_api_keys.openai} on chat calls.
         *
         * @param value its value
         * @return this builder
         */
        public Builder openaiApiKey(String value) {
            openaiApiKey = value;
            return this;
        }

        /**
         * The Azure OpenAI key, sent as {@code provider_api_keys.openai_azure} on chat calls.
         *
         * @param value its value
         * @return this builder
         */
        public Builder openaiAzureApiKey(String value) {
            openaiAzureApiKey = value;
            return this;
        }

        /**
         * The Azure OpenAI endpoint URL, sent as {@code provider_api_keys.openai_azure_endpoint} on chat calls.
         *
         * @param value its value
         * @return this builder
         */
        public Builder openaiAzureEndpointApiKey(String value) {
            openaiAzureEndpointApiKey = value;
            return this;
        }

        /**
         * The AI21 key, sent as {@code provider_api_keys.ai21} on chat calls.
         *
         * @param value its value
         * @return this builder
         */
        public Builder ai21ApiKey(String value) {
            ai21ApiKey = value;
            return this;
        }

        /**
         * The mock provider's key, sent as {@code provider_api_keys.mock} on chat calls.
         *
         * @param value its value
         * @return this builder
         */
        public Builder mockApiKey(String value) {
            mockApiKey = value;
            return this;
        }

        /**
         * The Anthropic key, sent as {@code provider_api_keys.anthropic} on chat calls.
         *
         * @param value its value
         * @return this builder
         */
        public Builder anthropicApiKey(String value) {
            anthropicApiKey = value;
            return this;
        }

        /**
         * The Cohere key, sent as {@code provider_api_keys.cohere} on chat calls.
         *
         * @param value its value
         * @return this builder
         */
        public Builder cohereApiKey(String value) {
            cohereApiKey = value;
            return this;
        }

        /**
         * The Google (Gemini API) key, sent as {@code provider_api_keys.google} on chat calls: an
         * OpenLoop extension of v4's keys. {@link #fromEnv()} does not read it from
         * {@code GOOGLE_API_KEY}, a name other Google services use for keys of their own.
         *
         * @param value its value
         * @return this builder
         */
        public Builder googleApiKey(String value) {
            googleApiKey = value;
            return this;
        }

        /**
         * All provider keys at once; replaces any set before.
         *
         * @param keys the keys
         * @return this builder
         */
        public Builder providerApiKeys(ProviderApiKeys keys) {
            ProviderApiKeys k = keys == null ? ProviderApiKeys.NONE : keys;
            openaiApiKey = k.openai();
            openaiAzureApiKey = k.openaiAzure();
            openaiAzureEndpointApiKey = k.openaiAzureEndpoint();
            ai21ApiKey = k.ai21();
            mockApiKey = k.mock();
            anthropicApiKey = k.anthropic();
            cohereApiKey = k.cohere();
            googleApiKey = k.google();
            return this;
        }

        /**
         * The longest wait for an answer, per attempt: for a whole answer, until its last byte;
         * for a stream, until it starts and then between two events. 10 minutes by default:
         * long generations take time.
         *
         * @param value its value
         * @return this builder
         */
        public Builder timeout(Duration value) {
            timeout = positive(value, "timeout");
            return this;
        }

        /**
         * The longest wait for a connection, for the HTTP client the builder creates; 10 seconds by default.
         *
         * @param value its value
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /**
         * How many times a failed call is tried again; 2 by default, 0 for never. What is tried
         * again:
         * <ul>
         *   <li>an error answer with {@code x-should-retry: true}, and never one with
         *       {@code x-should-retry: false} (OpenLoop sends it on a provider error it has
         *       already retried); without that header, a 408, 429 or 5xx answer;</li>
         *   <li>a connection that could not be made, for every call: the request never left;</li>
         *   <li>a timeout or a connection that broke once made, for GET and DELETE calls only. A
         *       POST or PATCH (a chat, a log, an update) may have been carried out already, and
         *       is not sent again.</li>
         * </ul>
         * The wait is the server's {@code retry-after-ms}, else its {@code Retry-After}, when it
         * sends one (a call asked to wait more than a minute is not retried), else a backoff with
         * jitter from {@link #initialRetryDelay} up to {@link #maxRetryDelay}. A stream is retried
         * only until it starts.
         *
         * @param value its value
         * @return this builder
         */
        public Builder maxRetries(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative");
            }
            maxRetries = value;
            return this;
        }

        /**
         * The first backoff before a retry (before jitter), doubled for each further one; 0.5 seconds by default.
         *
         * @param value its value
         * @return this builder
         */
        public Builder initialRetryDelay(Duration value) {
            initialRetryDelay = notNegative(value, "initialRetryDelay");
            return this;
        }

        /**
         * The longest backoff before a retry; 8 seconds by default.
         *
         * @param value its value
         * @return this builder
         */
        public Builder maxRetryDelay(Duration value) {
            maxRetryDelay = notNegative(value, "maxRetryDelay");
            return this;
        }

        /**
         * The HTTP client to send with, e.g. one with a proxy or an SSL context of yours. The
         * client leaves it open when closed; {@link #connectTimeout} does not apply to it. Without
         * one, the client makes its own: HTTP/2 where the server offers it over https, HTTP/1.1
         * for an {@code http://} base path.
         *
         * @param value its value
         * @return this builder
         */
        public Builder httpClient(HttpClient value) {
            httpClient = Objects.requireNonNull(value, "httpClient");
            return this;
        }

        /**
         * Where the {@code Async} calls run; a new virtual thread per call by default. The client
         * leaves an executor given here open when closed.
         *
         * @param value its value
         * @return this builder
         */
        public Builder executor(Executor value) {
            executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /**
         * The client.
         *
         * @throws IllegalStateException when no API key was given
         * @return the client
         */
        public Humanloop build() {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalStateException("An API key is required: Humanloop.builder().apiKey(...), "
                        + "or HUMANLOOP_API_KEY for Humanloop.fromEnv()");
            }
            ProviderApiKeys keys = new ProviderApiKeys(openaiApiKey, openaiAzureApiKey, openaiAzureEndpointApiKey,
                    ai21ApiKey, mockApiKey, anthropicApiKey, cohereApiKey, googleApiKey);
            ClientOptions options = new ClientOptions(basePath, apiKey.strip(), keys, timeout, maxRetries,
                    initialRetryDelay, maxRetryDelay, "openloop-java/" + Version.VERSION);
            HttpClient ownHttpClient = null;
            HttpClient http = httpClient;
            if (http == null) {
                // Redirects are not followed: the JDK turns a redirected POST into a GET, losing the body.
                HttpClient.Builder ownHttp = HttpClient.newBuilder()
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER);
                if (basePath.startsWith("http://")) {
                    // Else the JDK asks a cleartext server to upgrade to HTTP/2 (Upgrade: h2c) on
                    // each new connection, which servers and proxies often refuse or mishandle.
                    ownHttp.version(HttpClient.Version.HTTP_1_1);
                }
                ownHttpClient = ownHttp.build();
                http = ownHttpClient;
            }
            ExecutorService ownExecutor = null;
            Executor runner = executor;
            if (runner == null) {
                ownExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("openloop-call-", 0).factory());
                runner = ownExecutor;
            }
            Transport transport = new Transport(options, http);
            return new Humanloop(transport, ownHttpClient, ownExecutor, new AsyncCalls(runner, transport));
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static Duration notNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return value;
        }
    }
}
