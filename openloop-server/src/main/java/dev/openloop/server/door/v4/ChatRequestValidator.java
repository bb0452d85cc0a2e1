package dev.openloop.server.door.v4;

import static dev.openloop.server.http.RequestBodies.body;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.modelconfig.ConfigChecks;
import dev.openloop.server.web.InputLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of a chat body that its types alone do not make: required fields, the one field that
 * belongs to each endpoint, ranges, and fields that exclude each other. Types, enums and unknown
 * fields were already checked while binding.
 */
public final class ChatRequestValidator {
    /** The most samples one request may ask for. */
    static final int MAX_SAMPLES = InputLimits.MAX_SAMPLES;

    private ChatRequestValidator() {
    }

    /** The checks of a body of {@code bodyBytes} bytes sent to {@code endpoint}. */
    public static RequestBodies.Validation<ChatRequest> forEndpoint(ChatEndpoint endpoint, int bodyBytes) {
        return (request, problems) -> {
            check(endpoint, request, problems);
            checkCost(request, bodyBytes, problems);
        };
    }

    /**
     * What the request costs beyond its body: each sample's log keeps its own copy of the request
     * (its messages, inputs, metadata, the provider's request), so samples times the body's size is
     * bounded; and so are the sizes of metadata and inputs, and the names the request creates.
     */
    private static void checkCost(ChatRequest request, int bodyBytes, RequestBodies.Problems problems) {
        ConfigChecks.checkMetadataAndInputs(request.metadata(), request.inputs(), body(), problems);
        LimitChecks.name(request.project(), body("project"), problems);
        LimitChecks.name(request.sessionReferenceId(), body("session_reference_id"), problems);
        int samples = request.numSamples() == null ? 1 : request.numSamples();
        long sampled = (long) samples * bodyBytes;
        if (samples > 1 && samples <= MAX_SAMPLES && sampled > problems.limits().maxSampledBytes()) {
            problems.add(body("num_samples"), "ensure num_samples × the body's size is at most "
                    + problems.limits().maxSampledBytes() + " bytes (OPENLOOP_MAX_SAMPLED_BYTES): " + samples + " × "
                    + bodyBytes + " bytes is " + sampled + "; each sample's log keeps a copy of the request",
                    LimitChecks.TOO_LARGE_TYPE);
        }
    }

    private static void check(ChatEndpoint endpoint, ChatRequest request, RequestBodies.Problems problems) {
        if (request.messages() == null) {
            problems.missing(body("messages"));
        } else {
            ConfigChecks.checkMessages(request.messages(), body("messages"), problems);
        }
        checkOwnField(endpoint, ChatEndpoint.CHAT, request.modelConfig() != null, problems);
        checkOwnField(endpoint, ChatEndpoint.MODEL_CONFIG, request.modelConfigId() != null, problems);
        checkOwnField(endpoint, ChatEndpoint.EXPERIMENT, request.experimentId() != null, problems);
        if (endpoint != ChatEndpoint.DEPLOYED && request.environment() != null) {
            problems.extra(body("environment"));
        }
        if (endpoint == ChatEndpoint.CHAT && request.modelConfig() != null) {
            ConfigChecks.checkConfig(request.modelConfig(), body("model_config"), problems);
            if (request.modelConfig().promptTemplate() != null) {
                // A completion template: the chat schema has no such field.
                problems.extra(body("model_config", "prompt_template"));
            }
        }
        if (request.numSamples() != null && request.numSamples() < 1) {
            problems.add(body("num_samples"), "ensure this value is greater than or equal to 1", "value_error.number.not_ge");
        } else if (request.numSamples() != null && request.numSamples() > MAX_SAMPLES) {
            problems.add(body("num_samples"), "ensure this value is less than or equal to " + MAX_SAMPLES,
                    "value_error.number.not_le");
        }
        if (request.sessionId() != null && request.sessionReferenceId() != null) {
            problems.add(body("session_reference_id"), "give session_id or session_reference_id, not both", "value_error");
        }
        if (request.parentId() != null && request.parentReferenceId() != null) {
            problems.add(body("parent_reference_id"), "give parent_id or parent_reference_id, not both", "value_error");
        }
        if (request.toolChoice() != null && request.toolCall() != null) {
            problems.add(body("tool_call"), "give tool_choice or the deprecated tool_call, not both", "value_error");
        }
    }

    private static void checkOwnField(ChatEndpoint endpoint, ChatEndpoint owner, boolean present, RequestBodies.Problems problems) {
        if (endpoint == owner && !present) {
            problems.missing(body(owner.ownField()));
        } else if (endpoint != owner && present) {
            problems.extra(body(owner.ownField()));
        }
    }

    static List<Object> at(List<Object> loc, Object... more) {
        List<Object> result = new ArrayList<>(loc);
        result.addAll(List.of(more));
        return result;
    }
}
