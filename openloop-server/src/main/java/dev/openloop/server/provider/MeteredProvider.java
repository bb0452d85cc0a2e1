package dev.openloop.server.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.http.RequestBodies;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/** A provider whose calls are measured ({@link ProviderMetrics}); everything else is the provider's own. */
final class MeteredProvider implements Provider {
    private final Provider provider;
    private final ProviderMetrics metrics;

    MeteredProvider(Provider provider, ProviderMetrics metrics) {
        this.provider = provider;
        this.metrics = metrics;
    }

    @Override
    public ModelProvider id() {
        return provider.id();
    }

    @Override
    public boolean generatesSeveralSamples() {
        return provider.generatesSeveralSamples();
    }

    @Override
    public void checkSupported(ProviderRequest request, List<Object> configLoc, RequestBodies.Problems problems) {
        provider.checkSupported(request, configLoc, problems);
    }

    @Override
    public ProviderResult complete(ProviderRequest request) {
        Tags tags = metrics.tags(provider, request);
        long start = System.nanoTime();
        try {
            ProviderResult result = provider.complete(request);
            metrics.called(tags, System.nanoTime() - start, "success");
            metrics.used(tags, result.usage());
            return result;
        } catch (RuntimeException e) {
            metrics.called(tags, System.nanoTime() - start, metrics.failed(tags, e));
            throw e;
        }
    }

    @Override
    public ProviderStream stream(ProviderRequest request) {
        Tags tags = metrics.tags(provider, request);
        long start = System.nanoTime();
        ProviderStream stream;
        try {
            stream = provider.stream(request);
        } catch (RuntimeException e) {
            metrics.called(tags, System.nanoTime() - start, metrics.failed(tags, e));
            throw e;
        }
        metrics.streamOpened();
        return new Metered(stream, tags, start);
    }

    /** A stream measured from the call's start to its end: first token, usage, outcome. */
    private final class Metered implements ProviderStream {
        private final ProviderStream stream;
        private final Tags tags;
        private final long start;
        private boolean sawToken;
        /** The outcome once known; a stream closed before it is {@code cancelled}. */
        private String outcome;
        private boolean closed;

        Metered(ProviderStream stream, Tags tags, long start) {
            this.stream = stream;
            this.tags = tags;
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
                end(metrics.failed(tags, e));
                throw e;
            }
            if (event == null) {
                end("success");
            } else if (!sawToken && (event instanceof StreamEvent.TextDelta || event instanceof StreamEvent.ToolCallDelta)) {
                sawToken = true;
                metrics.firstToken(tags, System.nanoTime() - start);
            } else if (event instanceof StreamEvent.UsageReport report) {
                metrics.used(tags, report.usage());
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
            end("cancelled");
            metrics.streamClosed();
            stream.close();
        }
    }
}
