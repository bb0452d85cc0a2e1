package dev.openloop.server.provider.azure;

import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.provider.Refusals;
import dev.openloop.server.provider.EndpointAllowList;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.KeyPool;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.provider.ProviderKeys;
import dev.openloop.server.provider.ServerKey;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.ProviderSettings;
import dev.openloop.server.provider.http.ProviderHttp;
import dev.openloop.server.provider.openaicompat.ChatCompletionsProvider;
import dev.openloop.server.provider.openaicompat.InstructModels;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Azure OpenAI: the Chat Completions wire format, served per deployment at
 * {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version={version}}, with
 * the key in an {@code api-key} header; a text completion for a deployment named after an instruct
 * model goes to its {@code /completions} instead ({@link InstructModels}). The deployment is the config's {@code model}, so the body
 * names no model. Requests, answers and streams are the shared Chat Completions code's ({@code openaicompat}).
 *
 * <p>The endpoint is the request's {@code provider_api_keys.openai_azure_endpoint}, else
 * {@code AZURE_OPENAI_ENDPOINT}; the API version {@code AZURE_OPENAI_API_VERSION}. The key goes
 * with the endpoint: a request that names its own endpoint must bring its own key
 * ({@code provider_api_keys.openai_azure}), since the server's {@code AZURE_OPENAI_API_KEY} is
 * sent to the server's own endpoint only, never to one a caller names. A request without an
 * endpoint uses the server's, with its own key when it has one, else the server's.
 *
 * <p>The output limit is sent as {@code max_completion_tokens}, the name Azure's reasoning models
 * require, from the API version that brought them (2024-09-01-preview) on; older versions know
 * only {@code max_tokens}, and no reasoning model is served under them.
 */
public final class AzureOpenAiProvider extends ChatCompletionsProvider {
    static final String ORIGIN = "Azure OpenAI";
    private static final List<Object> ENDPOINT_LOC = Refusals.field("keys", "openai_azure_endpoint");
    /** The {@code type} of the refusal of an endpoint the operator does not allow. */
    static final String NOT_ALLOWED_TYPE = "value_error.url.not_allowed";
    /** The first API version that takes {@code max_completion_tokens}. */
    private static final String FIRST_VERSION_WITH_MAX_COMPLETION_TOKENS = "2024-09-01";

    private final KeyPool serverKeys;
    private final AzureEndpoint serverEndpoint;
    private final String apiVersion;
    private final EndpointAllowList requestEndpoints;

    /**
     * @throws IllegalArgumentException when {@code AZURE_OPENAI_ENDPOINT} is set but is not an
     *     http(s) URL, so a misconfigured server says so when it starts rather than on each call
     */
    public AzureOpenAiProvider(ProviderHttp http, ProviderSettings settings) {
        super(http, ORIGIN, false, maxTokensParameter(settings.azureApiVersion()));
        this.serverKeys = settings.serverKeys().pool("openai_azure");
        for (ServerKey key : serverKeys.keys()) {
            if (key.endpoint() != null && AzureEndpoint.parse(key.endpoint()).isEmpty()) {
                throw new IllegalArgumentException("AZURE_OPENAI_API_KEYS: the endpoint of key '" + key.label()
                        + "' must be an http(s) URL such as https://my-resource.openai.azure.com");
            }
        }
        this.apiVersion = settings.azureApiVersion();
        this.requestEndpoints = settings.requestEndpoints();
        if (settings.azureEndpoint() == null) {
            this.serverEndpoint = null;
        } else {
            this.serverEndpoint = AzureEndpoint.parse(settings.azureEndpoint()).orElseThrow(() -> new IllegalArgumentException(
                    "AZURE_OPENAI_ENDPOINT must be an http(s) URL such as https://my-resource.openai.azure.com, not '"
                            + settings.azureEndpoint() + "'"));
        }
    }

    /**
     * The name of the output limit in {@code apiVersion}. Versions are dates, e.g. {@code 2024-10-21}
     * or {@code 2025-01-01-preview}, which compare as text; one that is no date (Azure's
     * {@code preview} and {@code latest} of its v1 API) is newer than all of them.
     */
    static String maxTokensParameter(String apiVersion) {
        boolean dated = apiVersion.matches("\\d{4}-\\d{2}-\\d{2}.*");
        return !dated || apiVersion.substring(0, 10).compareTo(FIRST_VERSION_WITH_MAX_COMPLETION_TOKENS) >= 0
                ? ProviderSettings.MAX_COMPLETION_TOKENS
                : ProviderSettings.MAX_TOKENS;
    }

    @Override
    public ModelProvider id() {
        return ModelProvider.OPENAI_AZURE;
    }

    /**
     * Refuses, before any call, what the caller got wrong: an endpoint of its own that is not an
     * http(s) URL, and a deployment name that cannot be one segment of the URL's path; and a call
     * that cannot be made, without an endpoint or a key for it (see {@link #destination}).
     */
    @Override
    public void checkSupported(ProviderRequest request, List<Object> configLoc, Refusals.Sink problems) {
        String endpoint = request.keys().openaiAzureEndpoint();
        boolean ownEndpointRefused = false;
        if (ProviderKeys.isPresent(endpoint)) {
            Optional<AzureEndpoint> parsed = AzureEndpoint.parse(endpoint);
            if (parsed.isEmpty()) {
                ownEndpointRefused = true;
                problems.add(ENDPOINT_LOC, "invalid or missing URL scheme: the Azure OpenAI endpoint must be an http(s) URL"
                        + " such as https://my-resource.openai.azure.com", "value_error.url.scheme");
            } else if (!requestEndpoints.allows(parsed.get().uri())) {
                ownEndpointRefused = true;
                problems.add(ENDPOINT_LOC, notAllowed(), NOT_ALLOWED_TYPE);
            }
        }
        if (!AzureEndpoint.isDeploymentName(request.config().model())) {
            List<Object> loc = new ArrayList<>(configLoc);
            loc.add("model");
            problems.add(loc, "an Azure OpenAI deployment name cannot contain '/' or '\\', nor be '.' or '..'",
                    "value_error.deployment");
        }
        if (!ownEndpointRefused) {
            // After the refusals, which the planner answers first; before anything is written.
            // No key is drawn: one cooling down now may be back when the call is made.
            destination(request, false);
        }
    }

    @Override
    protected Target target(ProviderRequest request) {
        Destination destination = destination(request, true);
        URI uri = completesText(request)
                ? destination.endpoint().completions(request.config().model(), apiVersion)
                : destination.endpoint().chatCompletions(request.config().model(), apiVersion);
        return new Target(uri, Map.of("api-key", destination.key()), destination.key());
    }

    /** Why a request's endpoint is refused, in words that say how the operator allows it. */
    private String notAllowed() {
        return requestEndpoints.isEmpty()
                ? "this server takes no endpoint from requests: its operator allows them with OPENLOOP_ALLOWED_ENDPOINT_HOSTS"
                : "this endpoint is not one this server allows requests to name (OPENLOOP_ALLOWED_ENDPOINT_HOSTS:"
                        + " https on the scheme's port unless a pattern says otherwise)";
    }

    /** Where a call goes, and the key it carries there. */
    private record Destination(AzureEndpoint endpoint, String key) {
    }

    /**
     * Where the call goes and its key. 400 when there is no endpoint, when the request names an
     * endpoint without a key of its own, when there is no key at all, or the request's cannot be
     * sent.
     */
    private Destination destination(ProviderRequest request, boolean draw) {
        String requestEndpoint = request.keys().openaiAzureEndpoint();
        if (ProviderKeys.isPresent(requestEndpoint)) {
            String key = ProviderKeys.optional(ORIGIN, request.keys().openaiAzure(), "openai_azure", (String) null);
            if (key == null) {
                throw ProviderErrors.missingOwnKey(ORIGIN, "openai_azure", "openai_azure_endpoint", "AZURE_OPENAI_API_KEY");
            }
            // checkSupported refused it already when it is not a URL, or not an allowed one.
            AzureEndpoint endpoint = AzureEndpoint.parse(requestEndpoint).orElseThrow();
            if (!requestEndpoints.allows(endpoint.uri())) {
                throw new IllegalStateException("checkSupported refuses an endpoint that is not allowed");
            }
            return new Destination(endpoint, key);
        }
        boolean ownKey = ProviderKeys.isPresent(request.keys().openaiAzure());
        boolean keysWithEndpoints = !ownKey && !serverKeys.isEmpty()
                && serverKeys.keys().stream().allMatch(key -> key.endpoint() != null);
        if (serverEndpoint == null && !keysWithEndpoints) {
            throw noEndpoint();
        }
        if (ownKey || !draw) {
            ProviderKeys.checkRequired(ORIGIN, request.keys().openaiAzure(), "openai_azure", serverKeys, "AZURE_OPENAI_API_KEY");
            return draw ? new Destination(serverEndpoint, request.keys().openaiAzure()) : null;
        }
        // A pooled key goes to its own endpoint when it names one, else to the server's.
        ServerKey key = serverKeys.pick(ORIGIN);
        if (key == null) {
            throw ProviderErrors.missingKey(ORIGIN, "openai_azure", "AZURE_OPENAI_API_KEY");
        }
        AzureEndpoint endpoint = key.endpoint() != null ? AzureEndpoint.parse(key.endpoint()).orElseThrow() : serverEndpoint;
        if (endpoint == null) {
            throw noEndpoint();
        }
        return new Destination(endpoint, key.secret());
    }

    private static ProviderFailure noEndpoint() {
        return ProviderErrors.missingSetting(ORIGIN, "No endpoint for " + ORIGIN
                + ": pass provider_api_keys.openai_azure_endpoint or set AZURE_OPENAI_ENDPOINT on the server");
    }
}
