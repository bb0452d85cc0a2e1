package dev.openloop.server.provider.ai21;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.Usage;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.KeyPool;
import dev.openloop.server.provider.ProviderKeys;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.UsageDetail;
import dev.openloop.server.provider.ProviderSettings;
import dev.openloop.server.provider.Refusals;
import dev.openloop.server.provider.http.HttpProvider;
import dev.openloop.server.provider.openaicompat.ChatCompletionsResponses;
import dev.openloop.server.provider.http.ProviderHttp;
import dev.openloop.server.provider.http.SseProviderStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * AI21's Jamba chat completions API ({@code POST {AI21_BASE_URL}/chat/completions}).
 *
 * <p>The key is the request's {@code provider_api_keys.ai21}, else {@code AI21_API_KEY}; one of them
 * is required. The Jamba API can return several choices ({@code n}), but not while streaming, and
 * at most 16; each sample is therefore a call of its own, which works the same in both modes and
 * gives each sample its exact usage. {@link Ai21Requests} says how v4 parameters map,
 * {@link Ai21Support} which are refused.
 */
public final class Ai21Provider extends HttpProvider {
    static final String ORIGIN = "AI21";

    private final KeyPool serverKeys;
    private final URI completionsUri;

    public Ai21Provider(ProviderHttp http, ProviderSettings settings) {
        super(http, ORIGIN, Ai21Responses::errorMessage);
        this.serverKeys = settings.serverKeys().pool("ai21");
        this.completionsUri = URI.create(settings.ai21BaseUrl().replaceAll("/+$", "") + "/chat/completions");
    }

    @Override
    public ModelProvider id() {
        return ModelProvider.AI21;
    }

    @Override
    public boolean generatesSeveralSamples() {
        return false;
    }

    @Override
    public void checkSupported(ProviderRequest request, List<Object> configLoc, Refusals.Sink problems) {
        Ai21Support.check(request, new Refusals(ORIGIN, request, configLoc, problems));
        // After the refusals, which the planner answers first; before anything is written.
        ProviderKeys.checkRequired(ORIGIN, request.keys().ai21(), "ai21", serverKeys, "AI21_API_KEY");
    }

    @Override
    protected byte[] body(ProviderRequest request, boolean streaming) {
        return Json.bytes(Ai21Requests.body(request, streaming));
    }

    @Override
    protected Target target(ProviderRequest request) {
        String key = key(request);
        return new Target(completionsUri, Map.of("Authorization", "Bearer " + key), key);
    }

    @Override
    protected List<Generation> generations(JsonNode answer) {
        return Ai21Responses.generations(answer);
    }

    @Override
    protected Usage usage(JsonNode answer) {
        return Ai21Responses.usage(answer);
    }

    @Override
    protected UsageDetail usageDetail(JsonNode answer) {
        return ChatCompletionsResponses.usageDetail(answer);
    }

    @Override
    protected SseProviderStream.ChunkReader chunkReader() {
        return Ai21Responses::readChunk;
    }

    /** The key of the call; 400 when there is none, or the request's cannot be sent. */
    private String key(ProviderRequest request) {
        return ProviderKeys.required(ORIGIN, request.keys().ai21(), "ai21", serverKeys, "AI21_API_KEY");
    }

}
