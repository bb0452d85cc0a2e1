package dev.openloop.server.provider.openaicompat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.UsageDetail;
import dev.openloop.server.provider.http.HttpProvider;
import dev.openloop.server.provider.http.ProviderHttp;
import dev.openloop.server.provider.http.SseProviderStream;
import java.util.List;
import java.util.Set;

/**
 * A provider that speaks OpenAI's Chat Completions wire format (OpenAI, Azure OpenAI): the body,
 * the answer, the stream and the errors are the format's; a provider extending it says only where
 * a call goes and with which key ({@link #target}). Text completions for instruct models speak the
 * legacy Completions format instead ({@link #completesText}), whose answers read the same way but
 * for each choice's {@code text}.
 */
public abstract class ChatCompletionsProvider extends HttpProvider {
    private final String origin;
    private final boolean namesModel;
    private final String maxTokensParameter;

    /**
     * @param origin the provider's display name
     * @param namesModel whether the body names the model ({@code false} where the URL names a deployment)
     * @param maxTokensParameter the name the output limit goes under
     */
    protected ChatCompletionsProvider(ProviderHttp http, String origin, boolean namesModel, String maxTokensParameter) {
        super(http, origin, ChatCompletionsResponses::errorMessage);
        this.origin = origin;
        this.namesModel = namesModel;
        this.maxTokensParameter = maxTokensParameter;
    }

    @Override
    public boolean generatesSeveralSamples() {
        return true;
    }

    @Override
    protected final byte[] body(ProviderRequest request, boolean streaming) {
        return completesText(request)
                ? Json.bytes(CompletionsRequests.body(request, streaming, namesModel))
                : Json.bytes(ChatCompletionsRequests.body(request, streaming, namesModel, maxTokensParameter));
    }

    /**
     * Whether {@code request} goes to the legacy Completions API ({@code /completions}) rather
     * than Chat Completions: a text completion, for a model that API serves.
     */
    protected static boolean completesText(ProviderRequest request) {
        return request.isCompletion() && InstructModels.servedByCompletions(request.config().model());
    }

    /** What {@link ChatCompletionsResponses} reads of a whole answer. */
    @Override
    protected final Set<String> fieldsRead() {
        return ChatCompletionsResponses.ANSWER_FIELDS_READ;
    }

    @Override
    protected final List<Generation> generations(JsonNode answer) {
        return ChatCompletionsResponses.generations(answer);
    }

    @Override
    protected final Usage usage(JsonNode answer) {
        return ChatCompletionsResponses.usage(answer);
    }

    @Override
    protected final UsageDetail usageDetail(JsonNode answer) {
        return ChatCompletionsResponses.usageDetail(answer);
    }

    @Override
    protected final SseProviderStream.ChunkReader chunkReader() {
        return event -> ChatCompletionsResponses.readChunk(event, origin);
    }
}
