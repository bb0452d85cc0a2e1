package dev.openloop.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.time.Duration;

/**
 * A successful answer: the typed body and everything else the server sent.
 *
 * <pre>{@code
 * ApiResponse<ChatResponse> response = humanloop.chat(params);
 * ChatResponse body = response.body();                     // typed
 * JsonNode raw = response.rawBody();                       // every field, as sent
 * String type = response.headers().firstValue("Content-Type").orElse("");
 * }</pre>
 *
 * @param body the body, typed, e.g. a {@link dev.openloop.api.chat.ChatResponse}; {@code null} for
 *     an answer without one (204)
 * @param rawBody the body as JSON, with every field, including those the typed body has no place
 *     for (e.g. fields a newer server added)
 * @param status the HTTP status
 * @param headers the response headers, a map whose names are compared ignoring case
 * @param roundTripTime from sending the request to reading the whole answer; of the last attempt
 *     when the call was retried
 * @param <T> the type of the body
 */
public record ApiResponse<T>(T body, JsonNode rawBody, int status, Headers headers, Duration roundTripTime) {

    /**
     * The response headers as the JDK's type.
     *
     * @return the headers of {@link #headers()} as {@link HttpHeaders}
     */
    public HttpHeaders httpHeaders() {
        return headers.toHttpHeaders();
    }

    /**
     * What came back, as on the wire: {@code 200 {"data":[...],...}}, the body as the JSON it was.
     */
    @Override
    public String toString() {
        return status + " " + (rawBody == null || rawBody.isMissingNode() ? "(no body)" : rawBody.toString());
    }
}
