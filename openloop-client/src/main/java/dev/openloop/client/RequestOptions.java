package dev.openloop.client;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Settings for one call, in place of the client's: its timeout, its number of retries, and
 * headers to send with it. What is not set here is the client's.
 *
 * <p>Every operation takes them as the last argument of its fullest form, e.g.
 * {@code chat(request, options)}, {@code logs().list(params, options)} or
 * {@code projects().getActiveConfig(projectId, environment, options)}; the next pages of a
 * {@link Page} are fetched with the options of the first.
 *
 * <pre>{@code
 * RequestOptions slow = RequestOptions.builder()
 *         .timeout(Duration.ofMinutes(30))      // a long generation
 *         .maxRetries(0)
 *         .header("X-Trace-Id", traceId)
 *         .build();
 * ApiResponse<ChatResponse> response = humanloop.chat(request, slow);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RequestOptions {
    private static final RequestOptions NONE = new RequestOptions(null, null, Map.of());

    private final Duration timeout;
    private final Integer maxRetries;
    private final Map<String, String> headers;

    private RequestOptions(Duration timeout, Integer maxRetries, Map<String, String> headers) {
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.headers = headers;
    }

    /**
     * Nothing set: the client's settings.
     *
     * @return nothing set: the client's settings
     */
    public static RequestOptions none() {
        return NONE;
    }

    /**
     * A builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The timeout of this call, when set; see {@link Humanloop.Builder#timeout}.
     *
     * @return the timeout of this call, when set; see {@link Humanloop.Builder#timeout}
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * How many times this call may be tried again, when set; see {@link Humanloop.Builder#maxRetries}.
     *
     * @return how many times this call may be tried again, when set; see {@link Humanloop.Builder#maxRetries}
     */
    public OptionalInt maxRetries() {
        return maxRetries == null ? OptionalInt.empty() : OptionalInt.of(maxRetries);
    }

    /**
     * The headers sent with this call, in the order set; each replaces the client's own of that name.
     *
     * @return the headers sent with this call, in the order set; each replaces the client's own of that name
     */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RequestOptions that && Objects.equals(timeout, that.timeout)
                && Objects.equals(maxRetries, that.maxRetries) && headers.equals(that.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeout, maxRetries, headers);
    }

    @Override
    public String toString() {
        // Header names only: a value may be a key.
        return "RequestOptions[timeout=" + timeout + ", maxRetries=" + maxRetries + ", headers=" + headers.keySet() + "]";
    }

    /** Builds {@link RequestOptions}. */
    public static final class Builder {
        private Duration timeout;
        private Integer maxRetries;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The longest wait of this call, per attempt, as {@link Humanloop.Builder#timeout} has it for every call.
         *
         * @param value its value
         * @return this builder
         */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            timeout = value;
            return this;
        }

        /**
         * How many times this call may be tried again; 0 for never. What is retried is as for every call.
         *
         * @param value its value
         * @return this builder
         */
        public Builder maxRetries(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative");
            }
            maxRetries = value;
            return this;
        }

        /**
         * A header to send with this call, replacing one of that name set before, and the client's
         * own (e.g. {@code X-API-KEY} for a call on another account's behalf).
         *
         * @throws IllegalArgumentException when the JDK's HTTP client would refuse it: a name or
         *     value that is not valid HTTP, or a header it sets itself ({@code Host},
         *     {@code Content-Length}, {@code Connection}...)
         * @param name the name
         * @param value its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            // Checked now, by the JDK's own rules, rather than when a call (maybe on another thread) sends it.
            HttpRequest.newBuilder().header(name, value);
            headers.keySet().removeIf(name::equalsIgnoreCase);
            headers.put(name, value);
            return this;
        }

        /**
         * The options.
         *
         * @return the options
         */
        public RequestOptions build() {
            return new RequestOptions(timeout, maxRetries, Collections.unmodifiableMap(new LinkedHashMap<>(headers)));
        }
    }
}
