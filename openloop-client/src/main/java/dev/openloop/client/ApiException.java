package dev.openloop.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.error.ProviderErrorDetail;
import dev.openloop.api.error.ValidationError;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server answered with an error status, or ended a stream with an error event.
 *
 * <p>Catch a subclass to handle one kind of failure: {@link BadRequestException} (400),
 * {@link UnauthorizedException} (401), {@link PermissionDeniedException} (403),
 * {@link NotFoundException} (404), {@link ConflictException} (409),
 * {@link UnprocessableEntityException} (422), {@link RateLimitException} (429) and
 * {@link ServerException} (5xx). Any other status (e.g. 405, 410 or 413) is thrown as a plain
 * {@code ApiException}, which is also the one type to catch for every error answer: catch it after
 * the subclasses you handle, and read {@link #status()}.
 *
 * <p>What the server said is in {@link #body()}; its {@code detail} is typed by
 * {@link #validationErrors()} (a 422 for an invalid request) and {@link #providerError()} (a
 * failed provider call, whatever its status).
 *
 * <p>The exception survives Java serialization whole, e.g. on its way to another JVM: the body is
 * kept as its text and read again as JSON when asked for, the headers as a plain map. For tests of
 * code that handles errors, {@link #of} makes the exception the client would have thrown.
 */
public class ApiException extends HumanloopException {
    /** What the server answered: status, body text, headers, round trip, whether during a stream. */
    private final ErrorAnswer answer;
    /** Read from the body's text when first asked for, and again after deserialization. */
    private transient volatile JsonNode body;

    ApiException(ErrorAnswer answer) {
        super(ApiErrors.message(answer));
        this.answer = answer;
    }

    /**
     * The exception the client throws for an error answer of {@code status} with these headers and
     * body: of the subclass of the status (e.g. {@link RateLimitException} for 429), with the
     * message the client would give it. Meant for tests of code that handles errors; its
     * {@link #roundTripTime()} is zero.
     *
     * <pre>{@code
     * ApiException limited = ApiException.of(429, Map.of("Retry-After", List.of("3")),
     *         "{\"detail\": \"Too many requests\"}");
     * }</pre>
     *
     * @param status an error status, 400 to 599
     * @param headers the response headers; {@code null} for none
     * @param body the body as the server would send it, usually JSON; {@code null} for none
     * @throws IllegalArgumentException when the status is not an error status
     * @return the exception the client throws for an error answer of {@code status} with these headers and body: of the subclass of the status (e.g. {@link RateLimitException} for 429), with the message the client would give it
     */
    public static ApiException of(int status, Map<String, List<String>> headers, String body) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("An error status is 400 to 599, not " + status);
        }
        return ApiErrors.of(new ErrorAnswer(status, body == null ? "" : body, headers, Duration.ZERO, false));
    }

    /**
     * The HTTP status. For an error that ended a stream (see {@link #duringStream()}) it is the
     * status the server gives that error, {@code detail.code}; the response itself was a 200.
     *
     * @return the HTTP status
     */
    public int status() {
        return answer.status();
    }

    /**
     * The standard reason phrase of {@link #status()}, e.g. {@code Unprocessable Entity}.
     *
     * @return the standard reason phrase of {@link #status()}, e.g. {@code Unprocessable Entity}
     */
    public String reason() {
        return HttpStatusReasons.of(answer.status());
    }

    /**
     * The body as JSON, e.g. {@code {"detail": [...]}}. A {@code MissingNode} when the body was
     * empty or not JSON; {@link #bodyText()} has it as it came.
     *
     * @return the body as JSON, e.g. {@code {"detail": [...]}}
     */
    public JsonNode body() {
        JsonNode read = body;
        if (read == null) {
            read = ApiErrors.parse(answer.bodyText());
            body = read;
        }
        return read;
    }

    /**
     * The body as it came, decoded as UTF-8.
     *
     * @return the body as it came, decoded as UTF-8
     */
    public String bodyText() {
        return answer.bodyText();
    }

    /**
     * The body's {@code detail}: a list of problems, an error object or a message; a {@code MissingNode} when absent.
     *
     * @return the body's {@code detail}: a list of problems, an error object or a message; a {@code MissingNode} when absent
     */
    public JsonNode detail() {
        return body().path("detail");
    }

    /**
     * The problems of an invalid request: the {@code detail} list of a 422, each with where
     * ({@code loc}), what ({@code msg}) and its kind ({@code type}). Empty for any other error.
     *
     * @return the problems of an invalid request: the {@code detail} list of a 422, each with where ({@code loc}), what ({@code msg}) and its kind ({@code type})
     */
    public List<ValidationError> validationErrors() {
        return ApiErrors.validationErrors(body());
    }

    /**
     * The detail of a failed provider call, {@code {type, message, code, origin}}, when the error
     * is one.
     *
     * @return the detail of a failed provider call, {@code {type, message, code, origin}}, when the error is one
     */
    public Optional<ProviderErrorDetail> providerError() {
        return ApiErrors.providerError(body());
    }

    /**
     * The response headers.
     *
     * @return a map whose names are compared ignoring case
     */
    public Headers headers() {
        return Headers.of(answer.headers());
    }

    /**
     * The response headers as the JDK's type.
     *
     * @return the headers of {@link #headers()} as {@link HttpHeaders}
     */
    public HttpHeaders httpHeaders() {
        return headers().toHttpHeaders();
    }

    /**
     * How long to wait before trying again, when the server said so ({@code retry-after-ms}, else {@code Retry-After}).
     *
     * @return how long to wait before trying again, when the server said so ({@code retry-after-ms}, else {@code Retry-After})
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(RetryPolicy.retryAfter(httpHeaders()));
    }

    /**
     * From sending the request to reading the error: of the last attempt, when the call was retried.
     *
     * @return from sending the request to reading the error: of the last attempt, when the call was retried
     */
    public Duration roundTripTime() {
        return answer.roundTripTime();
    }

    /**
     * Whether the error arrived as the end of a stream that had started, rather than instead of an answer.
     *
     * @return whether the error arrived as the end of a stream that had started, rather than instead of an answer
     */
    public boolean duringStream() {
        return answer.duringStream();
    }
}
