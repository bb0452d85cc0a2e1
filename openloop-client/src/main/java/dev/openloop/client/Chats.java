package dev.openloop.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.chat.ProviderApiKeys;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The four chat endpoints, each in three forms: a whole answer, a {@link ChatStream}, and a
 * future of the whole answer. {@link Humanloop} offers the same calls under the names of the
 * Python client ({@code humanloop.chat(...)}); this group is what they call.
 *
 * <p>Every call sends the request as built, with two additions:
 * <ul>
 *   <li>{@code provider_api_keys}: the client's provider keys, merged under the request's own (a
 *       key set on the request wins); sent as {@code {}} when there are none, as the other
 *       Humanloop SDKs do;</li>
 *   <li>{@code "stream": true} for the streaming forms. The other forms refuse a request with
 *       {@code stream} set to true, which would answer with events instead of a body.</li>
 * </ul>
 * The server checks everything else: a field missing or wrong is a {@link UnprocessableEntityException}
 * listing each problem. Each call also takes {@link RequestOptions} for settings of its own, e.g. a
 * longer timeout for a long generation.
 */
public final class Chats {
    private static final JavaType CHAT_RESPONSE = Json.MAPPER.constructType(ChatResponse.class);

    private final Transport transport;
    private final AsyncCalls async;

    Chats(Transport transport, AsyncCalls async) {
        this.transport = transport;
        this.async = async;
    }

    /**
     * {@code POST /chat}: a chat answer from the model config given inline in
     * {@link ChatRequest#modelConfig()}.
     */
    public ApiResponse<ChatResponse> create(ChatRequest request) {
        return create(request, RequestOptions.none());
    }

    /** {@link #create(ChatRequest)} with settings of its own for this call. */
    public ApiResponse<ChatResponse> create(ChatRequest request, RequestOptions options) {
        return send("/chat", request, options);
    }

    /** {@code POST /chat} with {@code "stream": true}: see {@link #create}. */
    public ChatStream createStream(ChatRequest request) {
        return createStream(request, RequestOptions.none());
    }

    /** {@link #createStream(ChatRequest)} with settings of its own for this call. */
    public ChatStream createStream(ChatRequest request, RequestOptions options) {
        return stream("/chat", request, options);
    }

    /** {@link #create} on the client's executor. */
    public CompletableFuture<ApiResponse<ChatResponse>> createAsync(ChatRequest request) {
        return createAsync(request, RequestOptions.none());
    }

    /** {@link #createAsync(ChatRequest)} with settings of its own for this call. */
    public CompletableFuture<ApiResponse<ChatResponse>> createAsync(ChatRequest request, RequestOptions options) {
        return sendAsync("/chat", request, options);
    }

    /**
     * {@code POST /chat-deployed}: a chat answer from what the project has deployed to
     * {@link ChatRequest#environment()}, or to its default environment. When that is an
     * experiment, each sample draws a config from it.
     */
    public ApiResponse<ChatResponse> createDeployed(ChatRequest request) {
        return createDeployed(request, RequestOptions.none());
    }

    /** {@link #createDeployed(ChatRequest)} with settings of its own for this call. */
    public ApiResponse<ChatResponse> createDeployed(ChatRequest request, RequestOptions options) {
        return send("/chat-deployed", request, options);
    }

    /** {@code POST /chat-deployed} with {@code "stream": true}: see {@link #createDeployed}. */
    public ChatStream createDeployedStream(ChatRequest request) {
        return createDeployedStream(request, RequestOptions.none());
    }

    /** {@link #createDeployedStream(ChatRequest)} with settings of its own for this call. */
    public ChatStream createDeployedStream(ChatRequest request, RequestOptions options) {
        return stream("/chat-deployed", request, options);
    }

    /** {@link #createDeployed} on the client's executor. */
    public CompletableFuture<ApiResponse<ChatResponse>> createDeployedAsync(ChatRequest request) {
        return createDeployedAsync(request, RequestOptions.none());
    }

    /** {@link #createDeployedAsync(ChatRequest)} with settings of its own for this call. */
    public CompletableFuture<ApiResponse<ChatResponse>> createDeployedAsync(ChatRequest request, RequestOptions options) {
        return sendAsync("/chat-deployed", request, options);
    }

    /**
     * {@code POST /chat-experiment}: a chat answer from the experiment
     * {@link ChatRequest#experimentId()}; each sample draws one of its configs.
     */
    public ApiResponse<ChatResponse> createExperiment(ChatRequest request) {
        return createExperiment(request, RequestOptions.none());
    }

    /** {@link #createExperiment(ChatRequest)} with settings of its own for this call. */
    public ApiResponse<ChatResponse> createExperiment(ChatRequest request, RequestOptions options) {
        return send("/chat-experiment", request, options);
    }

    /** {@code POST /chat-experiment} with {@code "stream": true}: see {@link #createExperiment}. */
    public ChatStream createExperimentStream(ChatRequest request) {
        return createExperimentStream(request, RequestOptions.none());
    }

    /** {@link #createExperimentStream(ChatRequest)} with settings of its own for this call. */
    public ChatStream createExperimentStream(ChatRequest request, RequestOptions options) {
        return stream("/chat-experiment", request, options);
    }

    /** {@link #createExperiment} on the client's executor. */
    public CompletableFuture<ApiResponse<ChatResponse>> createExperimentAsync(ChatRequest request) {
        return createExperimentAsync(request, RequestOptions.none());
    }

    /** {@link #createExperimentAsync(ChatRequest)} with settings of its own for this call. */
    public CompletableFuture<ApiResponse<ChatResponse>> createExperimentAsync(ChatRequest request, RequestOptions options) {
        return sendAsync("/chat-experiment", request, options);
    }

    /**
     * {@code POST /chat-model-config}: a chat answer from the registered config
     * {@link ChatRequest#modelConfigId()}.
     */
    public ApiResponse<ChatResponse> createModelConfig(ChatRequest request) {
        return createModelConfig(request, RequestOptions.none());
    }

    /** {@link #createModelConfig(ChatRequest)} with settings of its own for this call. */
    public ApiResponse<ChatResponse> createModelConfig(ChatRequest request, RequestOptions options) {
        return send("/chat-model-config", request, options);
    }

    /** {@code POST /chat-model-config} with {@code "stream": true}: see {@link #createModelConfig}. */
    public ChatStream createModelConfigStream(ChatRequest request) {
        return createModelConfigStream(request, RequestOptions.none());
    }

    /** {@link #createModelConfigStream(ChatRequest)} with settings of its own for this call. */
    public ChatStream createModelConfigStream(ChatRequest request, RequestOptions options) {
        return stream("/chat-model-config", request, options);
    }

    /** {@link #createModelConfig} on the client's executor. */
    public CompletableFuture<ApiResponse<ChatResponse>> createModelConfigAsync(ChatRequest request) {
        return createModelConfigAsync(request, RequestOptions.none());
    }

    /** {@link #createModelConfigAsync(ChatRequest)} with settings of its own for this call. */
    public CompletableFuture<ApiResponse<ChatResponse>> createModelConfigAsync(ChatRequest request, RequestOptions options) {
        return sendAsync("/chat-model-config", request, options);
    }

    private ApiResponse<ChatResponse> send(String path, ChatRequest request, RequestOptions options) {
        return transport.send(ApiRequest.post(path, prepare(request, false)), CHAT_RESPONSE, checked(options));
    }

    /** Prepares the body at once, so a request refused by the client fails here, and sends it on the executor. */
    private CompletableFuture<ApiResponse<ChatResponse>> sendAsync(String path, ChatRequest request,
            RequestOptions options) {
        ChatRequest body = prepare(request, false);
        RequestOptions call = checked(options);
        return async.submit(() -> transport.send(ApiRequest.post(path, body), CHAT_RESPONSE, call));
    }

    private ChatStream stream(String path, ChatRequest request, RequestOptions options) {
        ChatRequest body = prepare(request, true);
        RequestOptions call = checked(options);
        ApiRequest apiRequest = ApiRequest.post(path, body);
        Transport.Exchange<InputStream> exchange = transport.openEventStream(apiRequest, call);
        int samples = body.numSamples() == null ? 1 : body.numSamples();
        return new ChatStream(apiRequest, exchange, transport.timeout(call), samples);
    }

    private static RequestOptions checked(RequestOptions options) {
        return Objects.requireNonNull(options, "options");
    }

    /** The body to send: the request with the client's provider keys merged in, and the stream flag. */
    private ChatRequest prepare(ChatRequest request, boolean stream) {
        Objects.requireNonNull(request, "request");
        if (!stream && Boolean.TRUE.equals(request.stream())) {
            throw new IllegalArgumentException("The request asks for a stream (stream=true): use the Stream form of "
                    + "the call, which returns a ChatStream");
        }
        ProviderApiKeys clientKeys = transport.options().providerApiKeys();
        ProviderApiKeys keys = request.providerApiKeys() == null ? clientKeys : request.providerApiKeys().orElse(clientKeys);
        ChatRequest.Builder body = request.toBuilder().providerApiKeys(keys);
        if (stream) {
            body.stream(true);
        }
        return body.build();
    }
}
