package dev.openloop.server.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.http.Json;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.provider.Provider;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.ProviderResult;
import dev.openloop.server.provider.ProviderSettings;
import dev.openloop.server.provider.ProviderStream;
import dev.openloop.server.provider.http.ProviderHttp;
import dev.openloop.server.provider.http.SseProviderStream;
import dev.openloop.server.provider.openai.OpenAiProvider;
import dev.openloop.server.provider.openai.OpenAiRequests;
import dev.openloop.server.provider.openai.OpenAiResponses;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Azure OpenAI: the Chat Completions wire format, served per deployment at
 * {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version={version}}, with
 * the key in an {@code api-key} header. The deployment is the config's {@code model}, so the body
 * names no model. Requests, answers and streams are translated by the OpenAI adapter's classes.
 *
 * <p>The key is the request's {@code provider_api_keys.openai_azure}, else
 * {@code AZURE_OPENAI_API_KEY}; the endpoint the request's {@code provider_api_keys.openai_azure_endpoint},
 * else {@code AZURE_OPENAI_ENDPOINT}; the API version {@code AZURE_OPENAI_API_VERSION}.
 */
public final class AzureOpenAiProvider implements Provider {
    static final String ORIGIN = "Azure OpenAI";
    private static final List<Object> ENDPOINT_LOC = RequestBodies.body("provider_api_keys", "openai_azure_endpoint");

    private final ProviderHttp http;
    private final String serverKey;
    private final AzureEndpoint serverEndpoint;
    private final String apiVersion;

    /**
     * @throws IllegalArgumentException when {@code AZURE_OPENAI_ENDPOINT} is set but is not an
     *     http(s) URL, so a misconfigured server says so when it starts rather than on each call
     */
    public AzureOpenAiProvider(ProviderHttp http, ProviderSettings settings) {
        this.http = http;
        this.serverKey = settings.azureApiKey();
        this.apiVersion = settings.azureApiVersion();
        if (settings.azureEndpoint() == null) {
            this.serverEndpoint = null;
        } else {
            this.serverEndpoint = AzureEndpoint.parse(settings.azureEndpoint()).orElseThrow(() -> new IllegalArgumentException(
                    "AZURE_OPENAI_ENDPOINT must be an http(s) URL such as https://my-resource.openai.azure.com, not '"
                            + settings.azureEndpoint() + "'"));
        }
    }

    @Override
    public ModelProvider id() {
        return ModelProvider.OPENAI_AZURE;
    }

    @Override
    public boolean generatesSeveralSamples() {
        return true;
    }

    /**
     * Refuses, before any call, what the caller got wrong: an endpoint of its own that is not an
     * http(s) URL, and a deployment name that cannot be one segment of the URL's path.
     */
    @Override
    public void checkSupported(ProviderRequest request, List<Object> configLoc, RequestBodies.Problems problems) {
        String endpoint = request.keys().openaiAzureEndpoint();
        if (endpoint != null && AzureEndpoint.parse(endpoint).isEmpty()) {
            problems.add(ENDPOINT_LOC, "invalid or missing URL scheme: the Azure OpenAI endpoint must be an http(s) URL"
                    + " such as https://my-resource.openai.azure.com", "value_error.url.scheme");
        }
        if (!AzureEndpoint.isDeploymentName(request.config().model())) {
            List<Object> loc = new ArrayList<>(configLoc);
            loc.add("model");
            problems.add(loc, "an Azure OpenAI deployment name cannot contain '/' or '\\', nor be '.' or '..'",
                    "value_error.deployment");
        }
    }

    @Override
    public ProviderResult complete(ProviderRequest request) {
        ObjectNode body = OpenAiRequests.body(request, false, false);
        ProviderHttp.Reply reply = http.send(call(request, body));
        JsonNode completion = reply.jsonObject(ORIGIN);
        return new ProviderResult(OpenAiResponses.generations(completion), OpenAiResponses.usage(completion), completion,
                body, reply.latency());
    }

    @Override
    public ProviderStream stream(ProviderRequest request) {
        ObjectNode body = OpenAiRequests.body(request, true, false);
        ProviderHttp.OpenStream open = http.open(call(request, body));
        return new SseProviderStream(open, body, event -> OpenAiProvider.readChunk(event, ORIGIN), ORIGIN);
    }

    private ProviderHttp.Call call(ProviderRequest request, ObjectNode body) {
        String key = request.keys().openaiAzure() != null ? request.keys().openaiAzure() : serverKey;
        if (key == null) {
            throw ProviderErrors.missingKey(ORIGIN, "openai_azure", "AZURE_OPENAI_API_KEY");
        }
        AzureEndpoint endpoint = endpoint(request);
        URI uri = endpoint.chatCompletions(request.config().model(), apiVersion);
        return new ProviderHttp.Call(ORIGIN, uri, Map.of("api-key", key), Json.bytes(body), key,
                OpenAiResponses::errorMessage);
    }

    private AzureEndpoint endpoint(ProviderRequest request) {
        String fromRequest = request.keys().openaiAzureEndpoint();
        if (fromRequest != null) {
            // checkSupported refused it already when it is not a URL.
            return AzureEndpoint.parse(fromRequest).orElseThrow();
        }
        if (serverEndpoint == null) {
            throw ProviderErrors.missingSetting(ORIGIN, "No endpoint for " + ORIGIN
                    + ": pass provider_api_keys.openai_azure_endpoint or set AZURE_OPENAI_ENDPOINT on the server");
        }
        return serverEndpoint;
    }

}
