package dev.openloop.client;

import dev.openloop.api.chat.ChatDataResponse;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.chat.ChatRole;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.ToolResult;
import dev.openloop.api.chat.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds, from the events of a chat stream, the answer the same request would have had without
 * streaming: per sample its whole text, tool calls, finish reason, log id and usage.
 *
 * <p>What an event of a sample brings: its new text (appended), tool calls (whole calls, kept by
 * id, a later copy replacing an earlier one), and on the sample's last event its
 * {@code finish_reason} and usage.
 *
 * <p>A sample's usage counts the whole prompt and that sample's generated tokens. The usage of the
 * answer sums the generated tokens of all samples and counts the prompt once per config, as a
 * provider that generates several samples in one call counts it; that is what the answer without
 * streaming says for such providers (the mock and OpenAI among them). The answer has no {@code messages}, {@code provider_responses} or {@code provider_request}: stream
 * events do not carry them.
 */
final class ChatAssembler {
    private final int requestedSamples;
    private final Map<Integer, Sample> samples = new TreeMap<>();
    private ChatResponse lastEvent;

    /** @param requestedSamples the {@code num_samples} asked for, used until the server says how many */
    ChatAssembler(int requestedSamples) {
        this.requestedSamples = requestedSamples;
    }

    private static final class Sample {
        String id;
        String modelConfigId;
        Map<String, Object> inputs;
        String finishReason;
        final StringBuilder text = new StringBuilder();
        final Map<String, ToolCall> toolCalls = new LinkedHashMap<>();
        List<ToolResult> toolResults;
        Usage usage;
    }

    void add(ChatResponse event) {
        lastEvent = event;
        if (event.data() == null) {
            return;
        }
        for (ChatDataResponse delta : event.data()) {
            Sample sample = samples.computeIfAbsent(delta.index(), i -> new Sample());
            sample.id = delta.id() != null ? delta.id() : sample.id;
            sample.modelConfigId = delta.modelConfigId() != null ? delta.modelConfigId() : sample.modelConfigId;
            sample.inputs = delta.inputs() != null ? delta.inputs() : sample.inputs;
            if (delta.output() != null) {
                sample.text.append(delta.output());
            }
            List<ToolCall> calls = delta.toolCalls();
            if ((calls == null || calls.isEmpty()) && delta.outputMessage() != null) {
                calls = delta.outputMessage().toolCalls();
            }
            if (calls != null) {
                for (ToolCall call : calls) {
                    sample.toolCalls.put(call.id() != null ? call.id() : "#" + sample.toolCalls.size(), call);
                }
            }
            if (delta.toolResults() != null && !delta.toolResults().isEmpty()) {
                sample.toolResults = delta.toolResults();
            }
            if (delta.finishReason() != null) {
                sample.finishReason = delta.finishReason();
                sample.usage = event.usage() != null ? event.usage() : sample.usage;
            }
        }
    }

    /** How many samples the answer has: as the server says, else as asked. */
    int expectedSamples() {
        return lastEvent != null && lastEvent.numSamples() != null ? lastEvent.numSamples() : requestedSamples;
    }

    /** The samples that have not sent their last event yet. */
    List<Integer> unfinished() {
        List<Integer> unfinished = new ArrayList<>();
        for (int i = 0; i < expectedSamples(); i++) {
            Sample sample = samples.get(i);
            if (sample == null || sample.finishReason == null) {
                unfinished.add(i);
            }
        }
        return unfinished;
    }

    /** The answer so far; the whole answer once every sample finished. */
    ChatResponse result() {
        List<ChatDataResponse> data = new ArrayList<>();
        Map<String, Integer> promptTokensByConfig = new LinkedHashMap<>();
        int generationTokens = 0;
        boolean anyUsage = false;
        for (Map.Entry<Integer, Sample> entry : samples.entrySet()) {
            Sample sample = entry.getValue();
            String raw = sample.text.toString();
            List<ToolCall> calls = List.copyOf(sample.toolCalls.values());
            boolean onlyTools = raw.isEmpty() && !calls.isEmpty();
            ChatMessage outputMessage = new ChatMessage(ChatRole.ASSISTANT, onlyTools ? null : new MessageContent.Text(raw),
                    null, null, calls.isEmpty() ? null : calls, null);
            data.add(new ChatDataResponse(sample.id, entry.getKey(), raw.strip(), raw, sample.modelConfigId,
                    outputMessage, sample.inputs, sample.finishReason, null, calls.isEmpty() ? null : calls,
                    calls.isEmpty() ? null : calls.getFirst().function(), sample.toolResults));
            if (sample.usage != null) {
                anyUsage = true;
                generationTokens += sample.usage.generationTokens();
                promptTokensByConfig.merge(String.valueOf(sample.modelConfigId), sample.usage.promptTokens(), Math::max);
            }
        }
        Usage usage = anyUsage
                ? Usage.of(promptTokensByConfig.values().stream().mapToInt(Integer::intValue).sum(), generationTokens)
                : null;
        ChatResponse last = lastEvent;
        if (last == null) {
            return new ChatResponse(List.copyOf(data), List.of(), null, expectedSamples(), null, null, null, usage, null,
                    null, null, null, null);
        }
        return new ChatResponse(List.copyOf(data), List.of(), last.projectId(), expectedSamples(), null, null,
                last.user(), usage, last.metadata(), null, last.sessionId(), last.toolChoice(), last.toolCall());
    }
}
