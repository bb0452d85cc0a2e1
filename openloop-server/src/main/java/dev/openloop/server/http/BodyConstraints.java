package dev.openloop.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.openloop.server.web.InputLimits;
import java.util.List;

/**
 * The 422 for a body past one of the bounds the parser checks as it reads (nesting, tokens, the
 * length of a string, a number or a key), worded in the body's terms rather than Jackson's.
 */
final class BodyConstraints {
    private BodyConstraints() {
    }

    /** The refusal for {@code e}, placed where {@code parser} stopped. */
    static ApiException refusal(StreamConstraintsException e, JsonParser parser) {
        List<Object> loc = parser == null ? List.of("body") : JsonPaths.of(parser.getParsingContext(), false);
        String jackson = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String msg;
        if (jackson.startsWith("Document nesting depth")) {
            msg = "the body nests objects and arrays more than " + InputLimits.MAX_DEPTH + " levels deep";
        } else if (jackson.startsWith("Token count")) {
            msg = "the body holds more than " + InputLimits.MAX_JSON_TOKENS + " JSON tokens (keys, values and brackets)";
        } else if (jackson.startsWith("String value length")) {
            msg = "a string is longer than " + StreamReadConstraints.defaults().getMaxStringLength() + " characters";
        } else if (jackson.startsWith("Number value length")) {
            msg = "a number has more than " + StreamReadConstraints.defaults().getMaxNumberLength() + " digits";
        } else if (jackson.startsWith("Name length")) {
            msg = "a key is longer than " + StreamReadConstraints.defaults().getMaxNameLength() + " characters";
        } else {
            msg = "the body is larger than this server reads";
        }
        return ApiException.validation(loc, msg, LimitChecks.TOO_LARGE_TYPE);
    }
}
