package dev.openloop.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.time.Duration;

/**
 * What an {@link ApiException} reports.
 *
 * @param status the HTTP status, or a stream error's {@code detail.code}
 * @param body the body as JSON; a {@code MissingNode} when it is not JSON
 * @param bodyText the body as it came
 * @param headers the response headers
 * @param roundTripTime from sending the request to reading the error
 * @param duringStream whether the error ended a stream that had started
 */
record ErrorAnswer(int status, JsonNode body, String bodyText, HttpHeaders headers, Duration roundTripTime,
        boolean duringStream) {
}
