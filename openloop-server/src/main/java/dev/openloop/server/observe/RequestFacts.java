package dev.openloop.server.observe;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import io.opentelemetry.context.Context;
import org.slf4j.MDC;

/**
 * What is known of the request a thread works on, kept in the logging MDC so that every log
 * line of the request carries it (as fields of the JSON format) and the access log reads it at
 * the end: the request id, and where the chat flow knows them, the project, the logs written and
 * the provider and model called. Work a request hands to other threads takes it along through
 * {@link #carried}, with the trace context.
 */
public final class RequestFacts {
    public static final String REQUEST_ID = "request_id";
    public static final String PROJECT_ID = "project_id";
    public static final String LOG_IDS = "log_ids";
    public static final String PROVIDER = "provider";
    public static final String MODEL = "model";
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";
    /** Bounds what an access log line and a metric label take of a caller's model name. */
    static final int MAX_MODEL_LENGTH = 100;

    private RequestFacts() {
    }

    /** Starts the facts of a new request on this thread, forgetting those of the one before. */
    static void begin(String requestId) {
        MDC.clear();
        MDC.put(REQUEST_ID, requestId);
    }

    /** Notes what a chat request is about, once planned: its project (or null), its logs, and the calls' provider and model. */
    public static void chat(String projectId, List<String> logIds, String provider, String model) {
        if (projectId != null) {
            MDC.put(PROJECT_ID, projectId);
        }
        if (!logIds.isEmpty()) {
            MDC.put(LOG_IDS, String.join(",", logIds));
        }
        MDC.put(PROVIDER, provider);
        MDC.put(MODEL, capped(model));
    }

    /** The fact {@code key} of this thread's request, or null. */
    public static String get(String key) {
        return MDC.get(key);
    }

    /** {@code work} to run on another thread with this thread's request facts. */
    public static <T> Callable<T> carried(Callable<T> work) {
        Map<String, String> facts = MDC.getCopyOfContextMap();
        Context trace = Context.current();
        return trace.wrap(() -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            setAll(facts);
            try {
                return work.call();
            } finally {
                setAll(before);
            }
        });
    }

    private static void setAll(Map<String, String> facts) {
        if (facts == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(facts);
        }
    }

    /** A caller's model name, bounded. */
    static String capped(String model) {
        if (model == null) {
            return "";
        }
        return model.length() <= MAX_MODEL_LENGTH ? model : model.substring(0, MAX_MODEL_LENGTH) + "…";
    }
}
