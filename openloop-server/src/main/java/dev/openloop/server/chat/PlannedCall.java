package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.server.provider.Provider;
import dev.openloop.server.provider.ProviderRequest;
import java.util.List;

/**
 * One provider call of a chat request and the samples it produces.
 *
 * @param provider who is called
 * @param request what is asked
 * @param config the config of its samples
 * @param samples the sample indexes it produces, in order; generation {@code i} of the call is
 *     sample {@code samples.get(i)}
 * @param logIds the log id of each of those samples
 * @param messages the whole prompt sent (rendered template and request messages)
 * @param fallbacks what is tried, in order, when the call fails in a way a fallback may get
 *     around ({@link FallbackPolicy}); empty when none
 */
record PlannedCall(
        Provider provider,
        ProviderRequest request,
        ResolvedConfig config,
        List<Integer> samples,
        List<String> logIds,
        List<ChatMessage> messages,
        List<Alternative> fallbacks) {

    /** A call without fallbacks. */
    PlannedCall(Provider provider, ProviderRequest request, ResolvedConfig config, List<Integer> samples,
            List<String> logIds, List<ChatMessage> messages) {
        this(provider, request, config, samples, logIds, messages, List.of());
    }

    /** The same samples, made by {@code alternative} instead. */
    PlannedCall by(Alternative alternative) {
        return new PlannedCall(alternative.provider(), alternative.request(), alternative.config(), samples, logIds,
                alternative.messages(), List.of());
    }
}
