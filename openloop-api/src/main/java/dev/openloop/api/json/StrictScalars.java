package dev.openloop.api.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Scalar readers that take only their own JSON type: a string for a string, an integer for an
 * integer, a number for a floating-point value, {@code true}/{@code false} for a boolean.
 *
 * <p>Anything else goes to {@link DeserializationContext#handleUnexpectedToken}, which fails, or,
 * when a problem handler is installed, lets it note the problem and carry on. Jackson's own
 * coercion switches fail at once instead, which would hide every later problem of a request.
 */
final class StrictScalars {
    private StrictScalars() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("openloop-strict-scalars");
        module.addDeserializer(String.class, new JsonDeserializer<>() {
            @Override
            public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
        });
        module.addDeserializer(Integer.class, new JsonDeserializer<>() {
            @Override
            public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                    return p.getIntValue();
                }
                return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
            }
        });
        module.addDeserializer(Long.class, new JsonDeserializer<>() {
            @Override
            public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonParser.NumberType type = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getNumberType() : null;
                if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                    return p.getLongValue();
                }
                return (Long) ctxt.handleUnexpectedToken(Long.class, p);
            }
        });
        module.addDeserializer(Double.class, new JsonDeserializer<>() {
            @Override
            public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                    double value = p.getDoubleValue();
                    if (Double.isInfinite(value)) {
                        // 1e400, or an integer of 310 digits: no double holds it, and Infinity is no JSON.
                        return (Double) new NestedProblem(java.util.List.of(),
                                "value is not a finite number: it is beyond a double's range (about 1.8e308)",
                                "value_error.number.not_finite").report(ctxt, p, Double.class);
                    }
                    return value;
                }
                return (Double) ctxt.handleUnexpectedToken(Double.class, p);
            }
        });
        module.addDeserializer(Boolean.class, new JsonDeserializer<>() {
            @Override
            public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_TRUE || p.currentToken() == JsonToken.VALUE_FALSE) {
                    return p.getBooleanValue();
                }
                return (Boolean) ctxt.handleUnexpectedToken(Boolean.class, p);
            }
        });
        return module;
    }
}
