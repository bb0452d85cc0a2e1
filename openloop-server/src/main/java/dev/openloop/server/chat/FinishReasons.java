package dev.openloop.server.chat;

import dev.openloop.server.provider.Generation;

/**
 * The finish reason of a sample that completed, streamed or not. A provider that ends a sample
 * without one (an OpenAI-compatible server that leaves it out, a stream that ends at its end
 * marker) still finished it, so the sample is given the reason v4 clients expect: {@code tool_call}
 * when it called tools without writing text, else {@code stop}.
 */
final class FinishReasons {
    private FinishReasons() {
    }

    /** {@code generation}, which completed, with its finish reason. */
    static Generation ofCompleted(Generation generation) {
        if (generation.finishReason() != null) {
            return generation;
        }
        String reason = generation.text().isEmpty() && !generation.toolCalls().isEmpty() ? "tool_call" : "stop";
        return new Generation(generation.index(), generation.text(), generation.toolCalls(), reason);
    }
}
