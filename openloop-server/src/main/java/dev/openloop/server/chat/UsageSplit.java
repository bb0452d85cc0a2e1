package dev.openloop.server.chat;

import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.provider.Generation;
import java.util.ArrayList;
import java.util.List;

/**
 * Shares one provider call's usage among the samples it produced. Providers report the tokens of
 * a call with several samples ({@code n}) only as a whole, so each sample is given the whole
 * prompt and a share of the generated tokens in proportion to the length of its output; the
 * shares add up exactly to what the provider reported.
 */
final class UsageSplit {
    private UsageSplit() {
    }

    static List<Usage> split(Usage total, List<Generation> generations) {
        List<Usage> shares = new ArrayList<>(generations.size());
        if (total == null) {
            generations.forEach(g -> shares.add(null));
            return shares;
        }
        if (generations.size() == 1) {
            shares.add(total);
            return shares;
        }
        long totalLength = 0;
        for (Generation generation : generations) {
            totalLength += lengthOf(generation);
        }
        int given = 0;
        for (int i = 0; i < generations.size(); i++) {
            int share;
            if (i == generations.size() - 1) {
                share = total.generationTokens() - given;
            } else if (totalLength == 0) {
                share = total.generationTokens() / generations.size();
            } else {
                share = (int) (total.generationTokens() * lengthOf(generations.get(i)) / totalLength);
            }
            given += share;
            shares.add(Usage.of(total.promptTokens(), share));
        }
        return shares;
    }

    private static long lengthOf(Generation generation) {
        long length = generation.text().length();
        for (ToolCall call : generation.toolCalls()) {
            length += call.function().name().length();
            length += call.function().arguments() == null ? 0 : call.function().arguments().length();
        }
        return length;
    }
}
