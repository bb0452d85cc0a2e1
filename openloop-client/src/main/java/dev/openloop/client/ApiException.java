package dev.openloop.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.error.ProviderErrorDetail;
import dev.openloop.api.error.ValidationError;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The server answered with an error status, or ended a stream with an error event.
 *
 * <p>Catch a subclass to handle one kind of failure: {@link BadRequestException} (400),
 * {@link UnauthorizedException} (401), {@link PermissionDeniedException} (403),
 * {@link NotFoundException} (404), {@link ConflictException} (409),
 * {@link UnprocessableEntityException} (422), {@link RateLimitException} (429) and
 * {@link ServerException} (5xx). Other statuses are thrown as a plain {@code ApiException}.
 *
 * <p>What the server said is in {@link #body()}; its {@code detail} is typed by
 * {@link #validationErrors()} (a 422 for an invalid request) and {@link #providerError()} (a
 * failed provider call, whatever its status).
 */
public class ApiException extends HumanloopException {
    private final transient ErrorAnswer answer;

    ApiException(ErrorAnswer answer) {
        super(ApiErrors.message(answer));
        this.answer = answer;
    }

    /**
     * The HTTP status. For an error that ended a stream (see {@link #duringStream()}) it is the
     * status the server gives that error, {@code detail.code}; the response itself was a 200.
     */
    public int status() {
        return answer.status();
    }

    /** The standard reason phrase of {@link #status()}, e.g. {@code Unprocessable Entity}. */
    public String reason() {
        return HttpStatusReasons.of(answer.status());
    }

    /**
     * The body as JSON, e.g. {@code {"detail": [...]}}. A {@code MissingNode} when the body was
     * empty or not JSON; {@link #bodyText()} has it as it came.
     */
    public JsonNode body() {
        return answer.body();
    }

    /** The body as it came, decoded as UTF-8. */
    public String bodyText() {
        return answer.bodyText();
    }

    /** The body's {@code detail}: a list of problems, an error object or a message; a {@code MissingNode} when absent. */
    public JsonNode detail() {
        return answer.body().path("detail");
    }

    /**
     * The problems of an invalid request: the {@code detail} list of a 422, each with where
     * ({@code loc}), what ({@code msg}) and its kind ({@code type}). Empty for any other error.
     */
    public List<ValidationError> validationErrors() {
        return ApiErrors.validationErrors(answer.body());
    }

    /**
     * The detail of a failed provider call, {@code {type, message, code, origin}}, when the error
     * is one.
     */
    public Optional<ProviderErrorDetail> providerError() {
        return ApiErrors.providerError(answer.body());
    }

    /** The response headers. */
    public HttpHeaders headers() {
        return answer.headers();
    }

    /** How long to wait before trying again, when the server said so ({@code retry-after-ms}, else {@code Retry-After}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(RetryPolicy.retryAfter(answer.headers()));
    }

    /** From sending the request to reading the error: of the last attempt, when the call was retried. */
    public Duration roundTripTime() {
        return answer.roundTripTime();
    }

    /** Whether the error arrived as the end of a stream that had started, rather than instead of an answer. */
    public boolean duringStream() {
        return answer.duringStream();
    }
}
