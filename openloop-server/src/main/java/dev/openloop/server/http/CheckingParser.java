package dev.openloop.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.util.List;

/**
 * Reads a request body for binding and refuses, as they pass, the values no store can keep
 * exactly, wherever they stand (typed fields, metadata, inputs, schemas, keys): text with a NUL
 * character or a lone surrogate ({@link StoredText}), and numbers too large for a double
 * ({@code 1e400}, which would be read as Infinity). Every binding goes through it, so no route
 * needs checks of its own.
 *
 * <p>Jackson's deserializers advance with {@link #nextToken()} (the other {@code next...}
 * methods of {@link JsonParser} call it), so every value bound is seen here; values skipped as
 * unknown fields are not bound, and not checked.
 */
final class CheckingParser extends JsonParserDelegate {
    /** The {@code type} of a refusal of a number out of a double's range. */
    static final String NOT_FINITE_TYPE = "value_error.number.not_finite";

    private final RequestBodies.Problems problems;

    CheckingParser(JsonParser parser, RequestBodies.Problems problems) {
        super(parser);
        this.problems = problems;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = super.nextToken();
        check(token);
        return token;
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = super.nextValue();
        check(token);
        return token;
    }

    private void check(JsonToken token) throws IOException {
        if (token == null) {
            return;
        }
        switch (token) {
            case VALUE_STRING -> {
                StoredText.Refusal refusal = StoredText.check(getTextCharacters(), getTextOffset(), getTextLength());
                if (refusal != null) {
                    problems.add(JsonPaths.of(getParsingContext(), false), refusal.message("text"), refusal.type());
                }
            }
            case FIELD_NAME -> {
                StoredText.Refusal refusal = StoredText.check(currentName());
                if (refusal != null) {
                    // Placed at the object: the key itself is no name to show.
                    List<Object> loc = JsonPaths.of(getParsingContext().getParent(), false);
                    problems.add(loc, refusal.message("a key"), refusal.type());
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                if (Double.isInfinite(getDoubleValue())) {
                    problems.add(JsonPaths.of(getParsingContext(), false),
                            "value is not a finite number: it is beyond a double's range (about 1.8e308)", NOT_FINITE_TYPE);
                }
            }
            default -> {
            }
        }
    }
}
