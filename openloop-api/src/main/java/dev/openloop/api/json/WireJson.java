package dev.openloop.api.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON settings of the v4 wire format, in one place for the server and the SDK.
 *
 * <p>Timestamps travel as ISO-8601 strings. Numbers and strings are never coerced into each
 * other, so a request that sends {@code "num_samples": "2"} is told it sent the wrong type instead
 * of being silently reinterpreted.
 *
 * <p>The strict reader is the server's: it reads what callers send. The lenient one is the SDK's:
 * it reads what a server answers, and must keep working when a later server adds fields.
 */
public final class WireJson {
    private WireJson() {
    }

    /**
     * A mapper that reads strictly: unknown fields fail, scalars are not coerced, an enum is read
     * from its name only (never from a number, which Jackson would take as its position), a
     * {@code null} array item fails, and nothing may follow the value.
     *
     * @return A mapper that reads strictly: unknown fields fail, scalars are not coerced, an enum is read from its name only (never from a number, which Jackson would take as its position), a {@code null} array item fails, and nothing may follow the value
     */
    public static ObjectMapper strict() {
        ObjectMapper mapper = configure(JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build());
        mapper.registerModule(StrictScalars.module());
        mapper.registerModule(NullItems.module());
        return mapper;
    }

    /**
     * A mapper that reads leniently: unknown fields are skipped (what a client of a server wants).
     *
     * @return A mapper that reads leniently: unknown fields are skipped (what a client of a server wants)
     */
    public static ObjectMapper lenient() {
        return configure(JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build());
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.registerModule(new JavaTimeModule());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        mapper.setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS));
        return mapper;
    }
}
