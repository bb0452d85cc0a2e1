package dev.openloop.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.chat.ProviderApiKeys;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The four chat endpoints, each in four forms: a whole answer, a {@link ChatStream}, a future of
 * the whole answer, and a {@link ChatPublisher}. Each endpoint takes its own typed parameters
 * ({@link ChatParams}, {@link ChatDeployedParams}, {@link ChatExperimentParams},
 * {@link ChatModelConfigParams}), which offer its fields and check the required ones; the wire
 * model's {@link ChatRequest}, one record for the four, is taken too. {@link Humanloop} offers the same calls under the names of the
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
 * The typed parameters check the required fields when built; the server checks everything
 * else, a wrong field being a {@link UnprocessableEntityException} listing each problem. Each call also takes {@link RequestOptions} for settings of its own, e.g. a
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
     *
     * @param request the request
     * @return the answer
     */
    public ApiResponse<ChatResponse> create(ChatRequest request) {
        return create(request, RequestOptions.none());
    }

    /**
     * {@link #create(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> create(ChatRequest request, RequestOptions options) {
        return send("/chat", request, options);
    }

    /**
     * {@code POST /chat} with {@code "stream": true}: see {@link #create}.
     *
     * @param request the request
     * @return the stream, to read and then close
     */
    public ChatStream createStream(ChatRequest request) {
        return createStream(request, RequestOptions.none());
    }

    /**
     * {@link #createStream(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream createStream(ChatRequest request, RequestOptions options) {
        return stream("/chat", request, options);
    }

    /**
     * {@link #create} on the client's executor.
     *
     * @param request the request
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createAsync(ChatRequest request) {
        return createAsync(request, RequestOptions.none());
    }

    /**
     * {@link #createAsync(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createAsync(ChatRequest request, RequestOptions options) {
        return sendAsync("/chat", request, options);
    }

    /**
     * {@code POST /chat-deployed}: a chat answer from what the project has deployed to
     * {@link ChatRequest#environment()}, or to its default environment. When that is an
     * experiment, each sample draws a config from it.
     *
     * @param request the request
     * @return the answer
     */
    public ApiResponse<ChatResponse> createDeployed(ChatRequest request) {
        return createDeployed(request, RequestOptions.none());
    }

    /**
     * {@link #createDeployed(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> createDeployed(ChatRequest request, RequestOptions options) {
        return send("/chat-deployed", request, options);
    }

    /**
     * {@code POST /chat-deployed} with {@code "stream": true}: see {@link #createDeployed}.
     *
     * @param request the request
     * @return the stream, to read and then close
     */
    public ChatStream createDeployedStream(ChatRequest request) {
        return createDeployedStream(request, RequestOptions.none());
    }

    /**
     * {@link #createDeployedStream(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream createDeployedStream(ChatRequest request, RequestOptions options) {
        return stream("/chat-deployed", request, options);
    }

    /**
     * {@link #createDeployed} on the client's executor.
     *
     * @param request the request
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createDeployedAsync(ChatRequest request) {
        return createDeployedAsync(request, RequestOptions.none());
    }

    /**
     * {@link #createDeployedAsync(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createDeployedAsync(ChatRequest request, RequestOptions options) {
        return sendAsync("/chat-deployed", request, options);
    }

    /**
     * {@code POST /chat-experiment}: a chat answer from the experiment
     * {@link ChatRequest#experimentId()}; each sample draws one of its configs.
     *
     * @param request the request
     * @return the answer
     */
    public ApiResponse<ChatResponse> createExperiment(ChatRequest request) {
        return createExperiment(request, RequestOptions.none());
    }

    /**
     * {@link #createExperiment(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> createExperiment(ChatRequest request, RequestOptions options) {
        return send("/chat-experiment", request, options);
    }

    /**
     * {@code POST /chat-experiment} with {@code "stream": true}: see {@link #createExperiment}.
     *
     * @param request the request
     * @return the stream, to read and then close
     */
    public ChatStream createExperimentStream(ChatRequest request) {
        return createExperimentStream(request, RequestOptions.none());
    }

    /**
     * {@link #createExperimentStream(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream createExperimentStream(ChatRequest request, RequestOptions options) {
        return stream("/chat-experiment", request, options);
    }

    /**
     * {@link #createExperiment} on the client's executor.
     *
     * @param request the request
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createExperimentAsync(ChatRequest request) {
        return createExperimentAsync(request, RequestOptions.none());
    }

    /**
     * {@link #createExperimentAsync(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createExperimentAsync(ChatRequest request, RequestOptions options) {
        return sendAsync("/chat-experiment", request, options);
    }

    /**
     * {@code POST /chat-model-config}: a chat answer from the registered config
     * {@link ChatRequest#modelConfigId()}.
     *
     * @param request the request
     * @return the answer
     */
    public ApiResponse<ChatResponse> createModelConfig(ChatRequest request) {
        return createModelConfig(request, RequestOptions.none());
    }

    /**
     * {@link #createModelConfig(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> createModelConfig(ChatRequest request, RequestOptions options) {
        return send("/chat-model-config", request, options);
    }

    /**
     * {@code POST /chat-model-config} with {@code "stream": true}: see {@link #createModelConfig}.
     *
     * @param request the request
     * @return the stream, to read and then close
     */
    public ChatStream createModelConfigStream(ChatRequest request) {
        return createModelConfigStream(request, RequestOptions.none());
    }

    /**
     * {@link #createModelConfigStream(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream createModelConfigStream(ChatRequest request, RequestOptions options) {
        return stream("/chat-model-config", request, options);
    }

    /**
     * {@link #createModelConfig} on the client's executor.
     *
     * @param request the request
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createModelConfigAsync(ChatRequest request) {
        return createModelConfigAsync(request, RequestOptions.none());
    }

    /**
     * {@link #createModelConfigAsync(ChatRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the future answer
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createModelConfigAsync(ChatRequest request, RequestOptions options) {
        return sendAsync("/chat-model-config", request, options);
    }

    /**
     * {@code POST /chat}: a chat answer from the model config given in the params.
     *
     * @param params the call's parameters
     * @return the answer
     * @throws ApiException when the server answers with an error, e.g. {@link UnprocessableEntityException}
     * @throws ApiConnectionException when no complete answer arrives
     */
    public ApiResponse<ChatResponse> create(ChatParams params) {
        return send(params, RequestOptions.none());
    }

    /**
     * {@link #create(ChatParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> create(ChatParams params, RequestOptions options) {
        return send(params, options);
    }

    /**
     * {@code POST /chat} with {@code "stream": true}: the answer as it is generated.
     *
     * @param params the call's parameters
     * @return the stream, to read and then close
     */
    public ChatStream createStream(ChatParams params) {
        return stream(params, RequestOptions.none());
    }

    /**
     * {@link #createStream(ChatParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream createStream(ChatParams params, RequestOptions options) {
        return stream(params, options);
    }

    /**
     * {@link #create(ChatParams)} on the client's executor.
     *
     * @param params the call's parameters
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createAsync(ChatParams params) {
        return sendAsync(params, RequestOptions.none());
    }

    /**
     * {@link #createAsync(ChatParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createAsync(ChatParams params, RequestOptions options) {
        return sendAsync(params, options);
    }

    /**
     * {@link #createStream(ChatParams)} delivered asynchronously: nothing is sent until the
     * publisher's first subscription.
     *
     * @param params the call's parameters
     * @return the publisher of the chunks
     */
    public ChatPublisher createStreamAsync(ChatParams params) {
        return streamAsync(params, RequestOptions.none());
    }

    /**
     * {@link #createStreamAsync(ChatParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the publisher of the chunks
     */
    public ChatPublisher createStreamAsync(ChatParams params, RequestOptions options) {
        return streamAsync(params, options);
    }

    /**
     * {@code POST /chat-deployed}: a chat answer from what the project has deployed to the environment named, or to its default one.
     *
     * @param params the call's parameters
     * @return the answer
     * @throws ApiException when the server answers with an error, e.g. {@link UnprocessableEntityException}
     * @throws ApiConnectionException when no complete answer arrives
     */
    public ApiResponse<ChatResponse> createDeployed(ChatDeployedParams params) {
        return send(params, RequestOptions.none());
    }

    /**
     * {@link #createDeployed(ChatDeployedParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> createDeployed(ChatDeployedParams params, RequestOptions options) {
        return send(params, options);
    }

    /**
     * {@code POST /chat-deployed} with {@code "stream": true}: the answer as it is generated.
     *
     * @param params the call's parameters
     * @return the stream, to read and then close
     */
    public ChatStream createDeployedStream(ChatDeployedParams params) {
        return stream(params, RequestOptions.none());
    }

    /**
     * {@link #createDeployedStream(ChatDeployedParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream createDeployedStream(ChatDeployedParams params, RequestOptions options) {
        return stream(params, options);
    }

    /**
     * {@link #createDeployed(ChatDeployedParams)} on the client's executor.
     *
     * @param params the call's parameters
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createDeployedAsync(ChatDeployedParams params) {
        return sendAsync(params, RequestOptions.none());
    }

    /**
     * {@link #createDeployedAsync(ChatDeployedParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createDeployedAsync(ChatDeployedParams params, RequestOptions options) {
        return sendAsync(params, options);
    }

    /**
     * {@link #createDeployedStream(ChatDeployedParams)} delivered asynchronously: nothing is sent until the
     * publisher's first subscription.
     *
     * @param params the call's parameters
     * @return the publisher of the chunks
     */
    public ChatPublisher createDeployedStreamAsync(ChatDeployedParams params) {
        return streamAsync(params, RequestOptions.none());
    }

    /**
     * {@link #createDeployedStreamAsync(ChatDeployedParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the publisher of the chunks
     */
    public ChatPublisher createDeployedStreamAsync(ChatDeployedParams params, RequestOptions options) {
        return streamAsync(params, options);
    }

    /**
     * {@code POST /chat-experiment}: a chat answer from the experiment named; each sample draws one of its configs.
     *
     * @param params the call's parameters
     * @return the answer
     * @throws ApiException when the server answers with an error, e.g. {@link UnprocessableEntityException}
     * @throws ApiConnectionException when no complete answer arrives
     */
    public ApiResponse<ChatResponse> createExperiment(ChatExperimentParams params) {
        return send(params, RequestOptions.none());
    }

    /**
     * {@link #createExperiment(ChatExperimentParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> createExperiment(ChatExperimentParams params, RequestOptions options) {
        return send(params, options);
    }

    /**
     * {@code POST /chat-experiment} with {@code "stream": true}: the answer as it is generated.
     *
     * @param params the call's parameters
     * @return the stream, to read and then close
     */
    public ChatStream createExperimentStream(ChatExperimentParams params) {
        return stream(params, RequestOptions.none());
    }

    /**
     * {@link #createExperimentStream(ChatExperimentParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream createExperimentStream(ChatExperimentParams params, RequestOptions options) {
        return stream(params, options);
    }

    /**
     * {@link #createExperiment(ChatExperimentParams)} on the client's executor.
     *
     * @param params the call's parameters
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createExperimentAsync(ChatExperimentParams params) {
        return sendAsync(params, RequestOptions.none());
    }

    /**
     * {@link #createExperimentAsync(ChatExperimentParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createExperimentAsync(ChatExperimentParams params, RequestOptions options) {
        return sendAsync(params, options);
    }

    /**
     * {@link #createExperimentStream(ChatExperimentParams)} delivered asynchronously: nothing is sent until the
     * publisher's first subscription.
     *
     * @param params the call's parameters
     * @return the publisher of the chunks
     */
    public ChatPublisher createExperimentStreamAsync(ChatExperimentParams params) {
        return streamAsync(params, RequestOptions.none());
    }

    /**
     * {@link #createExperimentStreamAsync(ChatExperimentParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the publisher of the chunks
     */
    public ChatPublisher createExperimentStreamAsync(ChatExperimentParams params, RequestOptions options) {
        return streamAsync(params, options);
    }

    /**
     * {@code POST /chat-model-config}: a chat answer from the registered config named.
     *
     * @param params the call's parameters
     * @return the answer
     * @throws ApiException when the server answers with an error, e.g. {@link UnprocessableEntityException}
     * @throws ApiConnectionException when no complete answer arrives
     */
    public ApiResponse<ChatResponse> createModelConfig(ChatModelConfigParams params) {
        return send(params, RequestOptions.none());
    }

    /**
     * {@link #createModelConfig(ChatModelConfigParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<ChatResponse> createModelConfig(ChatModelConfigParams params, RequestOptions options) {
        return send(params, options);
    }

    /**
     * {@code POST /chat-model-config} with {@code "stream": true}: the answer as it is generated.
     *
     * @param params the call's parameters
     * @return the stream, to read and then close
     */
    public ChatStream createModelConfigStream(ChatModelConfigParams params) {
        return stream(params, RequestOptions.none());
    }

    /**
     * {@link #createModelConfigStream(ChatModelConfigParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the stream, to read and then close
     */
    public ChatStream createModelConfigStream(ChatModelConfigParams params, RequestOptions options) {
        return stream(params, options);
    }

    /**
     * {@link #createModelConfig(ChatModelConfigParams)} on the client's executor.
     *
     * @param params the call's parameters
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createModelConfigAsync(ChatModelConfigParams params) {
        return sendAsync(params, RequestOptions.none());
    }

    /**
     * {@link #createModelConfigAsync(ChatModelConfigParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the future answer; it fails with the SDK's exception itself
     */
    public CompletableFuture<ApiResponse<ChatResponse>> createModelConfigAsync(ChatModelConfigParams params, RequestOptions options) {
        return sendAsync(params, options);
    }

    /**
     * {@link #createModelConfigStream(ChatModelConfigParams)} delivered asynchronously: nothing is sent until the
     * publisher's first subscription.
     *
     * @param params the call's parameters
     * @return the publisher of the chunks
     */
    public ChatPublisher createModelConfigStreamAsync(ChatModelConfigParams params) {
        return streamAsync(params, RequestOptions.none());
    }

    /**
     * {@link #createModelConfigStreamAsync(ChatModelConfigParams)} with settings of its own for this call.
     *
     * @param params the call's parameters
     * @param options timeout, retries and headers of this call
     * @return the publisher of the chunks
     */
    public ChatPublisher createModelConfigStreamAsync(ChatModelConfigParams params, RequestOptions options) {
        return streamAsync(params, options);
    }

    private ApiResponse<ChatResponse> send(ChatCallParams params, RequestOptions options) {
        return transport.send(ApiRequest.post(params.path(), json(params, false)), CHAT_RESPONSE, checked(options));
    }

    /** Prepares the body at once, so that a request refused by the client fails here, and sends it on the executor. */
    private CompletableFuture<ApiResponse<ChatResponse>> sendAsync(ChatCallParams params, RequestOptions options) {
        ObjectNode body = json(params, false);
        RequestOptions call = checked(options);
        return async.submit(() -> transport.send(ApiRequest.post(params.path(), body), CHAT_RESPONSE, call));
    }

    private ChatStream stream(ChatCallParams params, RequestOptions options) {
        return open(ApiRequest.post(params.path(), json(params, true)), checked(options));
    }

    private ChatPublisher streamAsync(ChatCallParams params, RequestOptions options) {
        ApiRequest request = ApiRequest.post(params.path(), json(params, true));
        RequestOptions call = checked(options);
        return async.publish(() -> open(request, call));
    }

    /** Opens the stream of a request whose body is ready to send. */
    private ChatStream open(ApiRequest apiRequest, RequestOptions call) {
        Transport.Exchange<InputStream> exchange = transport.openEventStream(apiRequest, call);
        int samples = ((ObjectNode) apiRequest.body()).path("num_samples").asInt(1);
        return new ChatStream(apiRequest, exchange, transport.timeout(call), samples);
    }

    /** The body of {@code params} as sent: with the client's provider keys and the stream flag, then the caller's own properties. */
    private ObjectNode json(ChatCallParams params, boolean stream) {
        Objects.requireNonNull(params, "params");
        return params.toJson(prepare(params.body(), stream));
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
