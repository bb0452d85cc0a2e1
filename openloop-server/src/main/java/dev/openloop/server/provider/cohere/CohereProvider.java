package dev.openloop.server.provider.cohere;

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
 * Cohere's v2 Chat API ({@code POST {COHERE_BASE_URL}/v2/chat}).
 *
 * <p>The key is the request's {@code provider_api_keys.cohere}, else {@code COHERE_API_KEY}; one of
 * them is required. Cohere makes one generation per call, so each sample is a call of its own.
 * {@link CohereRequests} says how v4 parameters map, {@link CohereSupport} which are refused.
 */
public final class CohereProvider implements Provider {
    static final String ORIGIN = "Cohere";

    private final ProviderHttp http;
    private final String serverKey;
    private final URI chatUri;

    public CohereProvider(ProviderHttp http, ProviderSettings settings) {
        this.http = http;
        this.serverKey = settings.cohereApiKey();
        this.chatUri = URI.create(settings.cohereBaseUrl().replaceAll("/+$", "") + "/v2/chat");
    }

    @Override
    public ModelProvider id() {
        return ModelProvider.COHERE;
    }

    @Override
    public boolean generatesSeveralSamples() {
        return false;
    }

    @Override
    public void checkSupported(ProviderRequest request, List<Object> configLoc, RequestBodies.Problems problems) {
        CohereSupport.check(request, new Refusals(ORIGIN, request, configLoc, problems));
        // After the refusals, which the planner answers first; before anything is written.
        key(request);
    }

    @Override
    public ProviderResult complete(ProviderRequest request) {
        ObjectNode body = CohereRequests.body(request, false);
        ProviderHttp.Reply reply = http.send(call(request, body));
        JsonNode answer = reply.jsonObject(ORIGIN);
        return new ProviderResult(CohereResponses.generations(answer), CohereResponses.usage(answer.get("usage")), answer,
                body, reply.latency());
    }

    @Override
    public ProviderStream stream(ProviderRequest request) {
        ObjectNode body = CohereRequests.body(request, true);
        ProviderHttp.OpenStream open = http.open(call(request, body));
        return new SseProviderStream(open, body, CohereStreamEvents::read, ORIGIN);
    }

    private ProviderHttp.Call call(ProviderRequest request, ObjectNode body) {
        String key = key(request);
        return new ProviderHttp.Call(ORIGIN, chatUri, Map.of("Authorization", "Bearer " + key), Json.bytes(body), key,
                CohereResponses::errorMessage);
    }

    /** The key of the call; 400 when there is none, or the request's cannot be sent. */
    private String key(ProviderRequest request) {
        return ProviderKeys.required(ORIGIN, request.keys().cohere(), "cohere", serverKey, "COHERE_API_KEY");
    }

}
