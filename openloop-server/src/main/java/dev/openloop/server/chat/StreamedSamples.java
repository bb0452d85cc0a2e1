package dev.openloop.server.chat;

import dev.openloop.api.chat.Usage;
import dev.openloop.server.provider.UsageDetail;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.StreamEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What one provider call's stream has produced so far, sample by sample: text, tool calls and
 * finish reasons, and the call's usage once the provider reports it. Events of a sample beyond
 * those asked for are ignored: a provider fault not worth failing for.
 */
final class StreamedSamples {
    private final StringBuilder[] texts;
    private final ToolCallAssembler[] tools;
    private final String[] finishReasons;
    private Usage usage;
    private UsageDetail detail = UsageDetail.NONE;

    StreamedSamples(int size) {
        texts = new StringBuilder[size];
        tools = new ToolCallAssembler[size];
        finishReasons = new String[size];
        for (int i = 0; i < size; i++) {
            texts[i] = new StringBuilder();
            tools[i] = new ToolCallAssembler();
        }
    }

    /** Takes in {@code event}; returns it when it is new text to relay, else null. */
    StreamEvent.TextDelta add(StreamEvent event) {
        switch (event) {
            case StreamEvent.TextDelta delta when delta.index() < texts.length -> {
                texts[delta.index()].append(delta.text());
                return delta;
            }
            case StreamEvent.ToolCallDelta delta when delta.index() < tools.length -> tools[delta.index()].add(delta);
            case StreamEvent.Finished finished when finished.index() < finishReasons.length ->
                    finishReasons[finished.index()] = finished.finishReason();
            case StreamEvent.UsageReport report -> {
                usage = report.usage();
                detail = report.detail();
            }
            default -> {
                // a sample that was not asked for
            }
        }
        return null;
    }

    /**
     * Each sample as generated. When the call completed, every sample has a finish reason: the
     * provider's, or the one {@link FinishReasons} gives it.
     */
    List<Generation> generations(boolean completed) {
        List<Generation> generations = new ArrayList<>(texts.length);
        for (int i = 0; i < texts.length; i++) {
            Generation generated = new Generation(i, texts[i].toString(), tools[i].calls(), finishReasons[i]);
            generations.add(completed ? FinishReasons.ofCompleted(generated) : generated);
        }
        return generations;
    }

    /** The usage of the whole call as the provider reported it; null when it did not. */
    Usage reportedUsage() {
        return usage;
    }

    /** The parts of the reported usage the provider broke out. */
    UsageDetail reportedDetail() {
        return detail;
    }
}
