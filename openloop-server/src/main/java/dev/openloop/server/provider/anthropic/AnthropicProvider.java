package dev.openloop.server.provider.anthropic;

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
import dev.openloop.server.provider.http.ProviderHttp;
import dev.openloop.server.provider.http.SseProviderStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Anthropic's Messages API ({@code POST {ANTHROPIC_BASE_URL}/v1/messages}, API version
 * {@value #API_VERSION}).
 *
 * <p>The key is the request's {@code provider_api_keys.anthropic}, else {@code ANTHROPIC_API_KEY};
 * one of them is required. The Messages API makes one generation per call, so each sample is a
 * call of its own. {@link AnthropicRequests} says how v4 parameters map, {@link AnthropicSupport}
 * which are refused, {@link AnthropicOutputLimits} what {@code max_tokens: -1} becomes.
 */
public final class AnthropicProvider extends HttpProvider {
    static final String ORIGIN = "Anthropic";
    /** The version of the Messages API this adapter speaks, sent in {@code anthropic-version}. */
    static final String API_VERSION = "2023-06-01";

    private final KeyPool serverKeys;
    private final URI messagesUri;

    public AnthropicProvider(ProviderHttp http, ProviderSettings settings) {
        super(http, ORIGIN, AnthropicResponses::errorMessage);
        this.serverKeys = settings.serverKeys().pool("anthropic");
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
    public void checkSupported(ProviderRequest request, List<Object> configLoc, Refusals.Sink problems) {
        AnthropicSupport.check(request, new Refusals(ORIGIN, request, configLoc, problems));
        // After the refusals, which the planner answers first; before anything is written.
        ProviderKeys.checkRequired(ORIGIN, request.keys().anthropic(), "anthropic", serverKeys, "ANTHROPIC_API_KEY");
    }

    @Override
    protected byte[] body(ProviderRequest request, boolean streaming) {
        return Json.bytes(AnthropicRequests.body(request, streaming));
    }

    @Override
    protected Target target(ProviderRequest request) {
        String key = key(request);
        return new Target(messagesUri, Map.of("x-api-key", key, "anthropic-version", API_VERSION), key);
    }

    /** What {@link AnthropicResponses} reads of a whole answer. */
    @Override
    protected Set<String> fieldsRead() {
        return AnthropicResponses.ANSWER_FIELDS_READ;
    }

    @Override
    protected List<Generation> generations(JsonNode answer) {
        return AnthropicResponses.generations(answer);
    }

    @Override
    protected Usage usage(JsonNode answer) {
        return AnthropicResponses.usage(answer.get("usage"));
    }

    @Override
    protected UsageDetail usageDetail(JsonNode answer) {
        return AnthropicResponses.usageDetail(answer.get("usage"));
    }

    @Override
    protected SseProviderStream.ChunkReader chunkReader() {
        // The reader keeps state across events (block kinds, usage), so each stream has its own.
        return new AnthropicStreamEvents()::read;
    }

    /** The key of the call; 400 when there is none, or the request's cannot be sent. */
    private String key(ProviderRequest request) {
        return ProviderKeys.required(ORIGIN, request.keys().anthropic(), "anthropic", serverKeys, "ANTHROPIC_API_KEY");
    }

}
