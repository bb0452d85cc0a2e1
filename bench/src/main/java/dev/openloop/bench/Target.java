package dev.openloop.bench;

import io.helidon.http.Header;
import io.helidon.http.HeaderValues;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One request the load generator sends again and again: where, with which headers and body.
 *
 * @param name how the reports call it, e.g. {@code direct} or {@code openloop}
 * @param uri where it goes
 * @param headers its headers, Content-Type included
 * @param body its JSON body
 * @param expectedInAnswer text a correct answer contains, checked once before the load starts
 */
record Target(String name, URI uri, List<Header> headers, byte[] body, String expectedInAnswer) {

    /** The OpenAI request a client would send to the upstream itself. */
    static Target direct(URI upstream, String upstreamKey) {
        String body = """
                {"model":"gpt-4o-mini","messages":[%s],"temperature":0.7,"max_tokens":256}"""
                .formatted(MESSAGES);
        return new Target("direct", upstream,
                List.of(HeaderValues.CONTENT_TYPE_JSON, HeaderValues.create("Authorization", "Bearer " + upstreamKey)),
                body.getBytes(StandardCharsets.UTF_8), "Fresnel lens");
    }

    /** The same chat sent through OpenLoop's {@code POST /v4/chat} to its OpenAI provider. */
    static Target viaOpenLoop(URI openLoopChat, String apiKey) {
        String body = """
                {"project":"bench","messages":[%s],"model_config":{"provider":"openai","model":"gpt-4o-mini",\
                "temperature":0.7,"max_tokens":256}}""".formatted(MESSAGES);
        return new Target("openloop", openLoopChat,
                List.of(HeaderValues.CONTENT_TYPE_JSON, HeaderValues.create("X-API-KEY", apiKey)),
                body.getBytes(StandardCharsets.UTF_8), "Fresnel lens");
    }

    /** A chat answered by OpenLoop's mock provider: OpenLoop's own cost, with no upstream at all. */
    static Target mock(URI openLoopChat, String apiKey) {
        String body = """
                {"project":"bench","messages":[%s],"model_config":{"provider":"mock","model":"mock-1",\
                "temperature":0.7,"max_tokens":256}}""".formatted(MESSAGES);
        return new Target("openloop-mock", openLoopChat,
                List.of(HeaderValues.CONTENT_TYPE_JSON, HeaderValues.create("X-API-KEY", apiKey)),
                body.getBytes(StandardCharsets.UTF_8), "Mock response to");
    }

    // A short, typical exchange: a system prompt and one question (about 300 bytes on the wire).
    private static final String MESSAGES = """
            {"role":"system","content":"You are a concise assistant for a museum of maritime history."},\
            {"role":"user","content":"In two sentences: how does a lighthouse lens make its beam visible so far out at sea?"}""";
}
