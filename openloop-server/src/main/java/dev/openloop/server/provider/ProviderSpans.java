package dev.openloop.server.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openloop.api.chat.Usage;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.json.WireJson;
import dev.openloop.server.observe.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.List;

/**
 * A span per provider call (kind client), a child of the request's, with the OpenTelemetry GenAI
 * semantic conventions' attributes: the provider, the model and parameters asked for, the finish
 * reasons and the tokens used. The messages sent and generated are recorded only when
 * {@code OPENLOOP_TRACE_CONTENT=true}: they are the callers' data.
 */
public final class ProviderSpans {
    private static final ObjectMapper JSON = WireJson.strict();
    private static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");

    private final Tracing tracing;

    public ProviderSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    /** A started span of a call of {@code provider} for {@code request}. */
    Span start(Provider provider, ProviderRequest request) {
        if (!tracing.on()) {
            return Span.getInvalid();
        }
        ModelConfigRequest config = request.config();
        SpanBuilder span = tracing.tracer().spanBuilder(request.operationName() + " " + config.model())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("gen_ai.operation.name", request.operationName())
                .setAttribute("gen_ai.system", provider.id().wire())
                .setAttribute("gen_ai.provider.name", provider.id().wire())
                .setAttribute("gen_ai.request.model", config.model());
        if (config.maxTokens() != null) {
            span.setAttribute("gen_ai.request.max_tokens", config.maxTokens());
        }
        if (config.temperature() != null) {
            span.setAttribute("gen_ai.request.temperature", config.temperature());
        }
        if (config.topP() != null) {
            span.setAttribute("gen_ai.request.top_p", config.topP());
        }
        if (request.samples() > 1) {
            span.setAttribute("gen_ai.request.choice.count", request.samples());
        }
        if (tracing.recordsContent()) {
            span.setAttribute("gen_ai.input.messages", json(request.messages()));
        }
        return span.startSpan();
    }

    /** Ends {@code span} of a call that answered {@code result}. */
    void completed(Span span, ProviderResult result) {
        if (!span.getSpanContext().isValid()) {
            return;
        }
        span.setAttribute(FINISH_REASONS, result.generations().stream().map(Generation::finishReason).toList());
        if (tracing.recordsContent()) {
            span.setAttribute("gen_ai.output.messages", json(result.generations().stream().map(Generation::text).toList()));
        }
        used(span, result.usage());
        span.end();
    }

    /** Notes on {@code span} the tokens a call used. */
    void used(Span span, Usage usage) {
        if (usage != null && span.getSpanContext().isValid()) {
            span.setAttribute("gen_ai.usage.input_tokens", usage.promptTokens());
            span.setAttribute("gen_ai.usage.output_tokens", usage.generationTokens());
        }
    }

    /** Ends {@code span} of a stream, with the finish reasons it gave. */
    void streamed(Span span, List<String> finishReasons, String outcome) {
        if (!span.getSpanContext().isValid()) {
            return;
        }
        if (!finishReasons.isEmpty()) {
            span.setAttribute(FINISH_REASONS, finishReasons);
        }
        if (!outcome.equals("success")) {
            span.setAttribute("error.type", outcome);
        }
        span.end();
    }

    /** Ends {@code span} of a call that failed with {@code outcome}. */
    void failed(Span span, String outcome, RuntimeException failure) {
        if (!span.getSpanContext().isValid()) {
            return;
        }
        span.setStatus(StatusCode.ERROR, outcome);
        span.setAttribute("error.type", outcome);
        span.end();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return "";
        }
    }
}
