package dev.openloop.client;

import java.io.Serializable;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an {@link ApiException} reports, in a form that survives serialization: the body as the
 * text it came as (the JSON is read from it again when asked for), the headers as a map.
 *
 * @param status the HTTP status, or a stream error's {@code detail.code}
 * @param bodyText the body as it came
 * @param headers the response headers, names compared ignoring case
 * @param roundTripTime from sending the request to reading the error
 * @param duringStream whether the error ended a stream that had started
 */
record ErrorAnswer(int status, String bodyText, Map<String, List<String>> headers, Duration roundTripTime,
        boolean duringStream) implements Serializable {

    ErrorAnswer {
        headers = HeaderMaps.copyOf(headers);
    }

    ErrorAnswer(int status, String bodyText, HttpHeaders headers, Duration roundTripTime, boolean duringStream) {
        this(status, bodyText, headers.map(), roundTripTime, duringStream);
    }
}
