package dev.openloop.server.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.Usage;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.KeyPool;
import dev.openloop.server.provider.ProviderKeys;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.ProviderSettings;
import dev.openloop.server.provider.Refusals;
import dev.openloop.server.provider.http.HttpProvider;
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
public final class CohereProvider extends HttpProvider {
    static final String ORIGIN = "Cohere";

    private final KeyPool serverKeys;
    private final URI chatUri;

    public CohereProvider(ProviderHttp http, ProviderSettings settings) {
        super(http, ORIGIN, CohereResponses::errorMessage);
        this.serverKeys = settings.serverKeys().pool("cohere");
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
    public void checkSupported(ProviderRequest request, List<Object> configLoc, Refusals.Sink problems) {
        CohereSupport.check(request, new Refusals(ORIGIN, request, configLoc, problems));
        // After the refusals, which the planner answers first; before anything is written.
        ProviderKeys.checkRequired(ORIGIN, request.keys().cohere(), "cohere", serverKeys, "COHERE_API_KEY");
    }

    @Override
    protected byte[] body(ProviderRequest request, boolean streaming) {
        return Json.bytes(CohereRequests.body(request, streaming));
    }

    @Override
    protected Target target(ProviderRequest request) {
        String key = key(request);
        return new Target(chatUri, Map.of("Authorization", "Bearer " + key), key);
    }

    @Override
    protected List<Generation> generations(JsonNode answer) {
        return CohereResponses.generations(answer);
    }

    @Override
    protected Usage usage(JsonNode answer) {
        return CohereResponses.usage(answer.get("usage"));
    }

    @Override
    protected SseProviderStream.ChunkReader chunkReader() {
        return CohereStreamEvents::read;
    }

    /** The key of the call; 400 when there is none, or the request's cannot be sent. */
    private String key(ProviderRequest request) {
        return ProviderKeys.required(ORIGIN, request.keys().cohere(), "cohere", serverKeys, "COHERE_API_KEY");
    }

}
