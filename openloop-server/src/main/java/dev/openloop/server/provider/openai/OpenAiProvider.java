package dev.openloop.server.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.server.http.Json;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.ProviderKeys;
import dev.openloop.server.provider.Provider;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.ProviderResult;
import dev.openloop.server.provider.ProviderSettings;
import dev.openloop.server.provider.ProviderStream;
import dev.openloop.server.provider.http.ProviderHttp;
import dev.openloop.server.provider.http.SseProviderStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's Chat Completions API, or any server speaking it ({@code OPENAI_BASE_URL}).
 *
 * <p>The key is the request's {@code provider_api_keys.openai}, else {@code OPENAI_API_KEY}. A
 * server at another base URL may need no key; then the call goes without one. The output limit is
 * sent as {@code OPENAI_MAX_TOKENS_PARAMETER} says (see {@link ProviderSettings}).
 */
public final class OpenAiProvider implements Provider {
    static final String ORIGIN = "OpenAI";

    private final ProviderHttp http;
    private final String serverKey;
    private final URI completionsUri;
    private final boolean officialEndpoint;
    private final String maxTokensParameter;

    public OpenAiProvider(ProviderHttp http, ProviderSettings settings) {
        this.http = http;
        this.serverKey = settings.openaiApiKey();
        this.completionsUri = URI.create(settings.openaiBaseUrl().replaceAll("/+$", "") + "/chat/completions");
        this.officialEndpoint = ProviderSettings.isOpenAisOwn(settings.openaiBaseUrl());
        this.maxTokensParameter = settings.openaiMaxTokensParameter();
    }

    @Override
    public ModelProvider id() {
        return ModelProvider.OPENAI;
    }

    @Override
    public boolean generatesSeveralSamples() {
        return true;
    }

    /** Refuses a call without the key it needs, or with a key of the request's that cannot be sent. */
    @Override
    public void checkSupported(ProviderRequest request, List<Object> configLoc, RequestBodies.Problems problems) {
        key(request);
    }

    @Override
    public ProviderResult complete(ProviderRequest request) {
        ObjectNode body = OpenAiRequests.body(request, false, true, maxTokensParameter);
        ProviderHttp.Reply reply = http.send(call(request, body));
        JsonNode completion = reply.jsonObject(ORIGIN);
        return new ProviderResult(OpenAiResponses.generations(completion), OpenAiResponses.usage(completion), completion,
                body, reply.latency());
    }

    @Override
    public ProviderStream stream(ProviderRequest request) {
        ObjectNode body = OpenAiRequests.body(request, true, true, maxTokensParameter);
        ProviderHttp.OpenStream open = http.open(call(request, body));
        return new SseProviderStream(open, body, OpenAiProvider::readChunk, ORIGIN);
    }

    /** Reads one event of a Chat Completions stream. */
    public static SseProviderStream.Chunk readChunk(SseEvent event) {
        return readChunk(event, ORIGIN);
    }

    /**
     * Reads one event of a Chat Completions stream, naming {@code origin} in the error an error
     * event becomes; shared with the servers that speak this format under another name (Azure).
     */
    public static SseProviderStream.Chunk readChunk(SseEvent event, String origin) {
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            return SseProviderStream.Chunk.END;
        }
        if (data.isEmpty()) {
            return SseProviderStream.Chunk.NOTHING;
        }
        JsonNode chunk = Json.tree(data);
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            String message = error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
            int code = error.path("code").isInt() ? error.path("code").asInt() : 502;
            throw ProviderErrors.fromUpstream(origin, code >= 400 && code <= 599 ? code : 502, message, null);
        }
        return new SseProviderStream.Chunk(OpenAiResponses.events(chunk), chunk, false);
    }

    private ProviderHttp.Call call(ProviderRequest request, ObjectNode body) {
        String key = key(request);
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put("Authorization", "Bearer " + key);
        }
        return new ProviderHttp.Call(ORIGIN, completionsUri, headers, Json.bytes(body), key, OpenAiResponses::errorMessage);
    }

    /**
     * The key of the call; null when it goes without one (a server at another base URL may need
     * none). 400 when OpenAI's own endpoint gets none, or the request's cannot be sent.
     */
    private String key(ProviderRequest request) {
        return officialEndpoint
                ? ProviderKeys.required(ORIGIN, request.keys().openai(), "openai", serverKey, "OPENAI_API_KEY")
                : ProviderKeys.optional(ORIGIN, request.keys().openai(), "openai", serverKey);
    }

}
