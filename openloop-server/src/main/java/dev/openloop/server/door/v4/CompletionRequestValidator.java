package dev.openloop.server.door.v4;

import static dev.openloop.server.http.RequestBodies.body;

import dev.openloop.api.completion.CompletionRequest;
import dev.openloop.server.web.InputLimits;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.modelconfig.ConfigChecks;

/**
 * The checks of a completion body that its types alone do not make: the one field that belongs
 * to each endpoint, the inline config and its prompt template, ranges, and fields that exclude
 * each other. Types, enums and unknown fields were already checked while binding.
 */
final class CompletionRequestValidator {
    private CompletionRequestValidator() {
    }

    /** The checks of a body of {@code bodyBytes} bytes sent to {@code endpoint}. */
    static RequestBodies.Validation<CompletionRequest> forEndpoint(CompletionEndpoint endpoint, int bodyBytes) {
        return (request, problems) -> {
            check(endpoint, request, problems);
            checkCost(request, bodyBytes, problems);
        };
    }

    private static void check(CompletionEndpoint endpoint, CompletionRequest request, RequestBodies.Problems problems) {
        checkOwnField(endpoint, CompletionEndpoint.COMPLETION, request.modelConfig() != null, problems);
        checkOwnField(endpoint, CompletionEndpoint.MODEL_CONFIG, request.modelConfigId() != null, problems);
        checkOwnField(endpoint, CompletionEndpoint.EXPERIMENT, request.experimentId() != null, problems);
        if (endpoint != CompletionEndpoint.DEPLOYED && request.environment() != null) {
            problems.extra(body("environment"));
        }
        if (endpoint == CompletionEndpoint.COMPLETION && request.modelConfig() != null) {
            ConfigChecks.checkConfig(request.modelConfig().toModelConfig(), body("model_config"), problems);
            if (request.modelConfig().promptTemplate() == null) {
                // The schema leaves it optional, but without it there is nothing to complete.
                problems.add(body("model_config", "prompt_template"), "field required: a completion's prompt is its config's"
                        + " prompt_template, filled from inputs", "value_error.missing");
            }
        }
        if (request.numSamples() != null && request.numSamples() < 1) {
            problems.add(body("num_samples"), "ensure this value is greater than or equal to 1", "value_error.number.not_ge");
        } else if (request.numSamples() != null && request.numSamples() > InputLimits.MAX_SAMPLES) {
            problems.add(body("num_samples"), "ensure this value is less than or equal to " + InputLimits.MAX_SAMPLES,
                    "value_error.number.not_le");
        }
        if (request.logprobs() != null && request.logprobs() < 0) {
            problems.add(body("logprobs"), "ensure this value is greater than or equal to 0", "value_error.number.not_ge");
        }
        if (request.sessionId() != null && request.sessionReferenceId() != null) {
            problems.add(body("session_reference_id"), "give session_id or session_reference_id, not both", "value_error");
        }
        if (request.parentId() != null && request.parentReferenceId() != null) {
            problems.add(body("parent_reference_id"), "give parent_id or parent_reference_id, not both", "value_error");
        }
    }

    /**
     * What the request costs beyond its body, bounded as a chat's is: each sample's log keeps its
     * own copy of the request, so samples times the body's size is bounded; and so are the sizes
     * of metadata and inputs, and the names the request creates.
     */
    private static void checkCost(CompletionRequest request, int bodyBytes, RequestBodies.Problems problems) {
        ConfigChecks.checkMetadataAndInputs(request.metadata(), request.inputs(), body(), problems);
        LimitChecks.name(request.project(), body("project"), problems);
        LimitChecks.name(request.sessionReferenceId(), body("session_reference_id"), problems);
        int samples = request.numSamples() == null ? 1 : request.numSamples();
        long sampled = (long) samples * bodyBytes;
        if (samples > 1 && samples <= InputLimits.MAX_SAMPLES && sampled > problems.limits().maxSampledBytes()) {
            problems.add(body("num_samples"), "ensure num_samples × the body's size is at most "
                    + problems.limits().maxSampledBytes() + " bytes (OPENLOOP_MAX_SAMPLED_BYTES): " + samples + " × "
                    + bodyBytes + " bytes is " + sampled + "; each sample's log keeps a copy of the request",
                    LimitChecks.TOO_LARGE_TYPE);
        }
    }

    private static void checkOwnField(CompletionEndpoint endpoint, CompletionEndpoint owner, boolean present,
            RequestBodies.Problems problems) {
        if (endpoint == owner && !present) {
            problems.missing(body(owner.ownField()));
        } else if (endpoint != owner && present) {
            problems.extra(body(owner.ownField()));
        }
    }
}
