package dev.openloop.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.time.Duration;

/**
 * A successful answer: the typed body and everything else the server sent.
 *
 * @param body the body, typed, e.g. a {@link dev.openloop.api.chat.ChatResponse}
 * @param rawBody the body as JSON, with every field, including those the typed body has no place
 *     for (e.g. fields a newer server added)
 * @param status the HTTP status
 * @param headers the response headers
 * @param roundTripTime from sending the request to reading the whole answer; of the last attempt
 *     when the call was retried
 * @param <T> the type of the body
 */
public record ApiResponse<T>(T body, JsonNode rawBody, int status, HttpHeaders headers, Duration roundTripTime) {
}
