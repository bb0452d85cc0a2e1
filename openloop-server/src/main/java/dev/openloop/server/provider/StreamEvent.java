package dev.openloop.server.provider;

import dev.openloop.api.chat.Usage;

/** What a provider stream yields, already in v4 terms. */
public sealed interface StreamEvent {

    /** New text of sample {@code index}. */
    record TextDelta(int index, String text) implements StreamEvent {
    }

    /**
     * A piece of a tool call of sample {@code index}: the first piece of a call carries its id and
     * name, later ones more of its JSON arguments.
     *
     * @param index the sample
     * @param position which of the sample's tool calls
     * @param id the call's id, on its first piece
     * @param name the function's name, on its first piece
     * @param arguments more of the arguments' JSON text
     */
    record ToolCallDelta(int index, int position, String id, String name, String arguments) implements StreamEvent {
    }

    /** Sample {@code index} is complete. */
    record Finished(int index, String finishReason) implements StreamEvent {
    }

    /**
     * Token counts of the whole call, and the parts of them the provider breaks out.
     *
     * @param usage v4's counts
     * @param detail cached, cache-write and reasoning tokens; {@link UsageDetail#NONE} when not reported
     */
    record UsageReport(Usage usage, UsageDetail detail) implements StreamEvent {
        public UsageReport {
            detail = detail == null ? UsageDetail.NONE : detail;
        }

        /** A report without a breakdown. */
        public UsageReport(Usage usage) {
            this(usage, UsageDetail.NONE);
        }
    }
}
