package dev.openloop.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.openloop.api.feedback.FeedbackRequest;
import dev.openloop.api.feedback.FeedbackResponse;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /feedback}: feedback on logs, e.g. a user's rating of an answer, given by the log's
 * id (a chat answer's {@code data[i].id}). Feedback on a log drawn from an experiment counts
 * toward that experiment's statistics when its label is one of the experiment's positive labels.
 */
public final class Feedback {
    private static final JavaType ONE = Types.of(FeedbackResponse.class);
    private static final JavaType MANY = Types.listOf(FeedbackResponse.class);

    private final Transport transport;

    Feedback(Transport transport) {
        this.transport = transport;
    }

    /**
     * {@code POST /feedback} with one piece of feedback.
     *
     * @throws NotFoundException when its log is unknown
     * @param request the request
     * @return the answer
     */
    public ApiResponse<FeedbackResponse> give(FeedbackRequest request) {
        return give(request, RequestOptions.none());
    }

    /**
     * {@link #give(FeedbackRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<FeedbackResponse> give(FeedbackRequest request, RequestOptions options) {
        return transport.send(ApiRequest.post("/feedback", Objects.requireNonNull(request, "request")), ONE, options);
    }

    /**
     * {@code POST /feedback} with a list: all of it is stored, or none (when one names an unknown
     * log); the answer lists it in the same order.
     *
     * @param requests the requests, sent in one call
     * @return the answer
     */
    public ApiResponse<List<FeedbackResponse>> give(List<FeedbackRequest> requests) {
        return give(requests, RequestOptions.none());
    }

    /**
     * {@link #give(List)} with settings of its own for this call.
     *
     * @param requests the requests, sent in one call
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<List<FeedbackResponse>> give(List<FeedbackRequest> requests, RequestOptions options) {
        return transport.send(ApiRequest.post("/feedback", List.copyOf(Objects.requireNonNull(requests, "requests"))),
                MANY, options);
    }
}
