package dev.openloop.server.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Tags;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * A provider whose calls are measured ({@link ProviderMetrics}) and traced ({@link ProviderSpans});
 * everything else is the provider's own. The call's span is current while the request is sent,
 * so that the provider gets it as the {@code traceparent}.
 */
final class MeteredProvider extends ProviderDecorator {
    private final ProviderMetrics metrics;
    private final ProviderSpans spans;

    MeteredProvider(Provider provider, ProviderMetrics metrics, ProviderSpans spans) {
        super(provider);
        this.metrics = metrics;
        this.spans = spans;
    }

    /** The provider measured. */
    Provider inner() {
        return provider;
    }

    @Override
    public ProviderResult complete(ProviderRequest request) {
        Tags tags = metrics.tags(provider, request);
        Span span = spans.start(provider, request);
        long start = System.nanoTime();
        try (Scope scope = span.makeCurrent()) {
            ProviderResult result = provider.complete(request);
            metrics.called(tags, System.nanoTime() - start, "success");
            metrics.used(tags, result.usage());
            spans.completed(span, result);
            return result;
        } catch (RuntimeException e) {
            String outcome = metrics.failed(tags, e);
            metrics.called(tags, System.nanoTime() - start, outcome);
            spans.failed(span, outcome, e);
            throw e;
        }
    }

    @Override
    public ProviderStream stream(ProviderRequest request) {
        Tags tags = metrics.tags(provider, request);
        Span span = spans.start(provider, request);
        long start = System.nanoTime();
        ProviderStream stream;
        try (Scope scope = span.makeCurrent()) {
            stream = provider.stream(request);
        } catch (RuntimeException e) {
            String outcome = metrics.failed(tags, e);
            metrics.called(tags, System.nanoTime() - start, outcome);
            spans.failed(span, outcome, e);
            throw e;
        }
        metrics.streamOpened();
        return new Metered(stream, tags, span, start);
    }

    /** A stream measured from the call's start to its end: first token, usage, finish reasons, outcome. */
    private final class Metered implements ProviderStream {
        private final ProviderStream stream;
        private final Tags tags;
        private final Span span;
        private final long start;
        private final List<String> finishReasons = new ArrayList<>();
        private boolean sawToken;
        /** The outcome once known; a stream closed before it is {@code cancelled}. */
        private String outcome;
        private boolean closed;

        Metered(ProviderStream stream, Tags tags, Span span, long start) {
            this.stream = stream;
            this.tags = tags;
            this.span = span;
            this.start = start;
        }

        @Override
        public JsonNode providerRequest() {
            return stream.providerRequest();
        }

        @Override
        public StreamEvent next() {
            StreamEvent event;
            try {
                event = stream.next();
            } catch (RuntimeException e) {
                String failed = metrics.failed(tags, e);
                if (outcome == null) {
                    spans.failed(span, failed, e);
                }
                end(failed);
                throw e;
            }
            if (event == null) {
                if (outcome == null) {
                    spans.streamed(span, finishReasons, "success");
                }
                end("success");
            } else if (!sawToken && (event instanceof StreamEvent.TextDelta || event instanceof StreamEvent.ToolCallDelta)) {
                sawToken = true;
                metrics.firstToken(tags, System.nanoTime() - start);
            } else if (event instanceof StreamEvent.Finished finished) {
                finishReasons.add(finished.finishReason());
            } else if (event instanceof StreamEvent.UsageReport report) {
                metrics.used(tags, report.usage());
                spans.used(span, report.usage());
            }
            return event;
        }

        private void end(String how) {
            if (outcome == null) {
                outcome = how;
                metrics.called(tags, System.nanoTime() - start, how);
            }
        }

        @Override
        public List<JsonNode> rawChunks() {
            return stream.rawChunks();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (outcome == null) {
                spans.streamed(span, finishReasons, "cancelled");
            }
            end("cancelled");
            metrics.streamClosed();
            stream.close();
        }
    }
}
