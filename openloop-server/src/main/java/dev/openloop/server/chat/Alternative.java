package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.server.provider.Provider;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.provider.ProviderRequest;
import java.util.List;

/**
 * A fallback of a planned call: who is called instead, with what, and the config its samples are
 * then logged (and, when it is an arm of the same experiment, credited) with.
 *
 * @param provider who is called; null when {@code unusable}
 * @param request what is asked; null when {@code unusable}
 * @param config the fallback's config, as its logs record it
 * @param messages the whole prompt sent
 * @param unusable why the fallback cannot serve this call (its provider cannot read the prompt, it
 *     has no key, ...), found when planned; null when it can
 */
record Alternative(Provider provider, ProviderRequest request, ResolvedConfig config, List<ChatMessage> messages,
        ProviderFailure unusable) {
}
