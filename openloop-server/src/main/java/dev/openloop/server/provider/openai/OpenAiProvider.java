package dev.openloop.server.provider.openai;

import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.provider.KeyPool;
import dev.openloop.server.provider.ProviderKeys;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.ProviderSettings;
import dev.openloop.server.provider.Refusals;
import dev.openloop.server.provider.http.ProviderHttp;
import dev.openloop.server.provider.openaicompat.ChatCompletionsProvider;
import dev.openloop.server.provider.openaicompat.InstructModels;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's Chat Completions API, or any server speaking it ({@code OPENAI_BASE_URL}); a text
 * completion for an instruct model goes to the legacy Completions API beside it ({@link InstructModels}).
 *
 * <p>The key is the request's {@code provider_api_keys.openai}, else {@code OPENAI_API_KEY}. A
 * server at another base URL may need no key; then the call goes without one. The output limit is
 * sent as {@code OPENAI_MAX_TOKENS_PARAMETER} says (see {@link ProviderSettings}).
 */
public final class OpenAiProvider extends ChatCompletionsProvider {
    static final String ORIGIN = "OpenAI";

    private final KeyPool serverKeys;
    private final URI chatCompletionsUri;
    private final URI completionsUri;
    private final boolean officialEndpoint;

    public OpenAiProvider(ProviderHttp http, ProviderSettings settings) {
        super(http, ORIGIN, true, settings.openaiMaxTokensParameter());
        this.serverKeys = settings.serverKeys().pool("openai");
        String base = settings.openaiBaseUrl().replaceAll("/+$", "");
        this.chatCompletionsUri = URI.create(base + "/chat/completions");
        this.completionsUri = URI.create(base + "/completions");
        this.officialEndpoint = ProviderSettings.isOpenAisOwn(settings.openaiBaseUrl());
    }

    @Override
    public ModelProvider id() {
        return ModelProvider.OPENAI;
    }

    /** Refuses a call without the key it needs, or with a key of the request's that cannot be sent. */
    @Override
    public void checkSupported(ProviderRequest request, List<Object> configLoc, Refusals.Sink problems) {
        if (officialEndpoint) {
            ProviderKeys.checkRequired(ORIGIN, request.keys().openai(), "openai", serverKeys, "OPENAI_API_KEY");
        } else {
            ProviderKeys.optional(ORIGIN, request.keys().openai(), "openai", (String) null);
        }
    }

    @Override
    protected Target target(ProviderRequest request) {
        String key = key(request);
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put("Authorization", "Bearer " + key);
        }
        return new Target(completesText(request) ? completionsUri : chatCompletionsUri, headers, key);
    }

    /**
     * The key of the call; null when it goes without one (a server at another base URL may need
     * none). 400 when OpenAI's own endpoint gets none, or the request's cannot be sent.
     */
    private String key(ProviderRequest request) {
        return officialEndpoint
                ? ProviderKeys.required(ORIGIN, request.keys().openai(), "openai", serverKeys, "OPENAI_API_KEY")
                : ProviderKeys.optional(ORIGIN, request.keys().openai(), "openai", serverKeys);
    }
}
