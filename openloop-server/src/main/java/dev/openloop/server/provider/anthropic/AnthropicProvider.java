package dev.openloop.server.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.http.Json;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.provider.Provider;
import dev.openloop.server.provider.ProviderKeys;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.ProviderResult;
import dev.openloop.server.provider.ProviderSettings;
import dev.openloop.server.provider.ProviderStream;
import dev.openloop.server.provider.Refusals;
import dev.openloop.server.provider.http.ProviderHttp;
import dev.openloop.server.provider.http.SseProviderStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Messages API ({@code POST {ANTHROPIC_BASE_URL}/v1/messages}, API version
 * {@value #API_VERSION}).
 *
 * <p>The key is the request's {@code provider_api_keys.anthropic}, else {@code ANTHROPIC_API_KEY};
 * one of them is required. The Messages API makes one generation per call, so each sample is a
 * call of its own. {@link AnthropicRequests} says how v4 parameters map, {@link AnthropicSupport}
 * which are refused, {@link AnthropicOutputLimits} what {@code max_tokens: -1} becomes.
 */
public final class AnthropicProvider implements Provider {
    static final String ORIGIN = "Anthropic";
    /** The version of the Messages API this adapter speaks, sent in {@code anthropic-version}. */
    static final String API_VERSION = "2023-06-01";

    private final ProviderHttp http;
    private final String serverKey;
    private final URI messagesUri;

    public AnthropicProvider(ProviderHttp http, ProviderSettings settings) {
        this.http = http;
        this.serverKey = settings.anthropicApiKey();
        this.messagesUri = URI.create(settings.anthropicBaseUrl().replaceAll("/+$", "") + "/v1/messages");
    }

    @Override
    public ModelProvider id() {
        return ModelProvider.ANTHROPIC;
    }

    @Override
    public boolean generatesSeveralSamples() {
        return false;
    }

    @Override
    public void checkSupported(ProviderRequest request, List<Object> configLoc, RequestBodies.Problems problems) {
        AnthropicSupport.check(request, new Refusals(ORIGIN, request, configLoc, problems));
        // After the refusals, which the planner answers first; before anything is written.
        key(request);
    }

    @Override
    public ProviderResult complete(ProviderRequest request) {
        ObjectNode body = AnthropicRequests.body(request, false);
        ProviderHttp.Reply reply = http.send(call(request, body));
        JsonNode answer = reply.jsonObject(ORIGIN);
        return new ProviderResult(AnthropicResponses.generations(answer), AnthropicResponses.usage(answer.get("usage")),
                answer, body, reply.latency());
    }

    @Override
    public ProviderStream stream(ProviderRequest request) {
        ObjectNode body = AnthropicRequests.body(request, true);
        ProviderHttp.OpenStream open = http.open(call(request, body));
        // The reader keeps state across events (block kinds, usage), so each stream has its own.
        return new SseProviderStream(open, body, new AnthropicStreamEvents()::read, ORIGIN);
    }

    private ProviderHttp.Call call(ProviderRequest request, ObjectNode body) {
        String key = key(request);
        return new ProviderHttp.Call(ORIGIN, messagesUri, Map.of("x-api-key", key, "anthropic-version", API_VERSION),
                Json.bytes(body), key, AnthropicResponses::errorMessage);
    }

    /** The key of the call; 400 when there is none, or the request's cannot be sent. */
    private String key(ProviderRequest request) {
        return ProviderKeys.required(ORIGIN, request.keys().anthropic(), "anthropic", serverKey, "ANTHROPIC_API_KEY");
    }

}
