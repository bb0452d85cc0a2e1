package dev.openloop.server.observe;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The node's traces: OpenTelemetry, off unless the standard {@code OTEL_*} variables name an
 * exporter ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or
 * {@code OTEL_TRACES_EXPORTER}); then the SDK's own configuration reads them all (batching,
 * sampling, resource), the protocol being OTLP over HTTP with protobuf. Only traces: metrics are
 * {@code /metrics}'s and logs the node's log, so their exporters are off unless set.
 */
public final class Tracing implements AutoCloseable {
    private static final String SCOPE = "dev.openloop.server";
    private static final List<String> TURNED_ON_BY = List.of("OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_TRACES_EXPORTER");

    /** The SDK, or null when tracing is off. */
    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;
    private final boolean content;

    private Tracing(OpenTelemetrySdk sdk, Tracer tracer, boolean content) {
        this.sdk = sdk;
        this.tracer = tracer;
        this.content = content;
    }

    /** Tracing as {@code settings} say: off, or an SDK configured from their {@code OTEL_*} variables. */
    public static Tracing start(ObserveSettings settings) {
        Map<String, String> otel = settings.otel();
        if (!isOn(otel)) {
            return new Tracing(null, TracerProvider.noop().get(SCOPE), false);
        }
        // The SDK's own default protocol is gRPC, which would need another HTTP stack: OTLP over HTTP is the standard's default.
        Map<String, String> defaults = Map.of("otel.service.name", "openloop", "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none", "otel.exporter.otlp.protocol", "http/protobuf");
        Map<String, String> properties = new HashMap<>();
        otel.forEach((name, value) -> properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value));
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults)
                .addPropertiesSupplier(() -> properties)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        return new Tracing(sdk, sdk.getTracer(SCOPE), settings.traceContent());
    }

    static boolean isOn(Map<String, String> otel) {
        if ("true".equalsIgnoreCase(otel.get("OTEL_SDK_DISABLED"))) {
            return false;
        }
        return TURNED_ON_BY.stream().map(otel::get)
                .anyMatch(value -> value != null && !value.isBlank() && !value.strip().equalsIgnoreCase("none"));
    }

    /** Whether spans are recorded and exported. */
    public boolean on() {
        return sdk != null;
    }

    /** The tracer; a no-op one when tracing is off. */
    public Tracer tracer() {
        return tracer;
    }

    /** Whether spans may hold the messages sent and generated ({@code OPENLOOP_TRACE_CONTENT=true}). */
    public boolean recordsContent() {
        return content;
    }

    /** Exports the spans still buffered and stops. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.close();
        }
    }
}
