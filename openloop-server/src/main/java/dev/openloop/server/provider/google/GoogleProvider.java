package dev.openloop.server.provider.google;

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
import dev.openloop.server.provider.UsageDetail;
import dev.openloop.server.provider.http.HttpProvider;
import dev.openloop.server.provider.http.ProviderHttp;
import dev.openloop.server.provider.http.SseProviderStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Google's Gemini API, the Generative Language API ({@code POST {GOOGLE_BASE_URL}/v1beta/models/
 * {model}:generateContent}, and {@code :streamGenerateContent?alt=sse} for streams).
 *
 * <p>The key is the request's {@code provider_api_keys.google}, else {@code GOOGLE_API_KEY}; one
 * of them is required. It goes in the {@code x-goog-api-key} header, never in the URL, where
 * access logs and error messages would show it. One call makes every sample
 * ({@code candidateCount}). {@link GoogleRequests} says how v4 parameters map,
 * {@link GoogleSupport} which are refused, {@link GoogleResponses} how answers read.
 */
public final class GoogleProvider extends HttpProvider {
    static final String ORIGIN = "Google";
    /** The header Google reads the key from. */
    static final String KEY_HEADER = "x-goog-api-key";

    private final KeyPool serverKeys;
    private final String modelsUri;

    public GoogleProvider(ProviderHttp http, ProviderSettings settings) {
        super(http, ORIGIN, new GoogleErrors());
        this.serverKeys = settings.serverKeys().pool("google");
        this.modelsUri = settings.googleBaseUrl().replaceAll("/+$", "") + "/v1beta/models/";
    }

    @Override
    public ModelProvider id() {
        return ModelProvider.GOOGLE;
    }

    @Override
    public boolean generatesSeveralSamples() {
        return true;
    }

    @Override
    public void checkSupported(ProviderRequest request, List<Object> configLoc, Refusals.Sink problems) {
        GoogleSupport.check(request, new Refusals(ORIGIN, request, configLoc, problems));
        // After the refusals, which the planner answers first; before anything is written.
        ProviderKeys.checkRequired(ORIGIN, request.keys().google(), "google", serverKeys, "GOOGLE_API_KEY");
    }

    @Override
    protected byte[] body(ProviderRequest request, boolean streaming) {
        return Json.bytes(GoogleRequests.body(request));
    }

    @Override
    protected Target target(ProviderRequest request) {
        return target(request, false);
    }

    @Override
    protected Target target(ProviderRequest request, boolean streaming) {
        String key = key(request);
        // The model is a path segment; GoogleSupport refused any name that is not one as it is.
        String method = streaming ? ":streamGenerateContent?alt=sse" : ":generateContent";
        return new Target(URI.create(modelsUri + request.config().model() + method), Map.of(KEY_HEADER, key), key);
    }

    @Override
    protected List<Generation> generations(JsonNode answer) {
        return GoogleResponses.generations(answer);
    }

    @Override
    protected Usage usage(JsonNode answer) {
        return GoogleResponses.usage(answer.get("usageMetadata"));
    }

    @Override
    protected UsageDetail usageDetail(JsonNode answer) {
        return GoogleResponses.usageDetail(answer.get("usageMetadata"));
    }

    @Override
    protected SseProviderStream.ChunkReader chunkReader() {
        // The reader keeps state across chunks (which candidates finished, the last usage).
        return new GoogleStreamEvents();
    }

    /** The key of the call; 400 when there is none, or the request's cannot be sent. */
    private String key(ProviderRequest request) {
        return ProviderKeys.required(ORIGIN, request.keys().google(), "google", serverKeys, "GOOGLE_API_KEY");
    }
}
