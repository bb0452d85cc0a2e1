package dev.openloop.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.util.TokenBufferReadContext;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.error.ValidationError;
import dev.openloop.api.json.ClosedSchema;
import dev.openloop.api.json.NestedProblem;
import dev.openloop.server.json.Json;
import dev.openloop.server.transport.SizedBodies;
import dev.openloop.server.web.InputLimits;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads request bodies into wire records, answering 422 in FastAPI's shape for everything that is
 * wrong with them: unparseable JSON, wrong types, unknown enum values, {@code null} list items,
 * extra fields where v4 closes the schema.
 *
 * <p>Jackson stops at the first problem by default; here a problem handler notes each one, skips
 * the offending value and lets binding go on, so the caller learns of every problem at once.
 *
 * <p>The body is read as JSON whatever its {@code Content-Type} says: the v4 SDKs always send
 * {@code application/json}, and a caller who forgot the header (curl's {@code -d} sends a form
 * type) is better served by an answer than by a 422 about a header.
 */
public final class RequestBodies {
    private RequestBodies() {
    }

    /**
     * What to do with fields a schema does not have. v4 closes a few schemas
     * ({@code additionalProperties: false}, marked {@link ClosedSchema} here); every other schema,
     * the objects nested in the closed ones included, allows extra keys, and they are ignored.
     */
    public enum Extras {
        /** Refuse them in closed schemas: 422 {@code value_error.extra}; ignore them elsewhere. */
        REFUSE,
        /**
         * As {@link #REFUSE}, except the keys v4 SDKs are known to add to every body: the camelCase
         * copies of path parameters and {@code provider_api_keys} (spec §1, §2.2).
         */
        REFUSE_EXCEPT_SDK_COPIES,
        /** Ignore them everywhere, closed schemas included. */
        IGNORE
    }

    /**
     * The mapper request bodies are read with: the server's, with the bounds on nesting and on
     * the number of tokens of {@link InputLimits}, checked by the parser as it reads.
     */
    private static final ObjectMapper REQUESTS = withConstraints(Json.MAPPER.copy());

    private static ObjectMapper withConstraints(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(InputLimits.MAX_DEPTH)
                .maxTokenCount(InputLimits.MAX_JSON_TOKENS)
                .build());
        return mapper;
    }

    /** Keys the official SDKs add to bodies that never declared them. */
    private static final java.util.Set<String> SDK_COPIES = java.util.Set.of("provider_api_keys", "projectId",
            "experimentId", "id");

    /** Reads the request's body as {@code type}, refusing extra fields of closed schemas; 422 when it is missing or invalid. */
    public static <T> T read(ServerRequest req, Class<T> type) {
        return read(bytesOf(req), type, Extras.REFUSE, (value, problems) -> { }, InputLimits.of(req));
    }

    /** Reads the request's body as {@code type} and checks it with {@code check}; 422 with every problem found. */
    public static <T> T read(ServerRequest req, Class<T> type, Validation<T> check) {
        return read(bytesOf(req), type, Extras.REFUSE, check, InputLimits.of(req));
    }

    /** Reads the request's body as {@code type}, treating extra fields as {@code extras} says. */
    public static <T> T read(ServerRequest req, Class<T> type, Extras extras, Validation<T> check) {
        return read(bytesOf(req), type, extras, check, InputLimits.of(req));
    }

    /** The request's body; empty when it has none. */
    public static byte[] bytesOf(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            // The server has refused a declared length past its limit before this is read.
            return SizedBodies.readAll(in, req.headers().contentLength().orElse(-1), Integer.MAX_VALUE - 8);
        } catch (IOException e) {
            throw ApiException.validation(List.of("body"), "the request body could not be read", "value_error");
        } catch (NumberFormatException e) {
            // Helidon's reading of a chunked body fails this way on a chunk size that is not a
            // hex number (or on chunk extensions, which it does not parse).
            throw ApiException.unframedBody("The request body's chunked transfer coding is malformed");
        }
    }

    /** Reads {@code body} as {@code type}, refusing extra fields of closed schemas; 422 when it is empty or invalid. */
    public static <T> T read(byte[] body, Class<T> type) {
        return read(body, type, Extras.REFUSE, (value, problems) -> { }, InputLimits.DEFAULTS);
    }

    /**
     * Reads {@code body} as {@code type} and adds the problems {@code check} finds in the result;
     * 422 with all problems when there are any.
     */
    public static <T> T read(byte[] body, Class<T> type, Extras extras, Validation<T> check) {
        return read(body, type, extras, check, InputLimits.DEFAULTS);
    }

    /**
     * Reads {@code body} as {@code type} under {@code limits}, and adds the problems {@code check}
     * finds in the result; 422 with all problems when there are any.
     */
    public static <T> T read(byte[] body, Class<T> type, Extras extras, Validation<T> check, InputLimits limits) {
        if (body == null || isBlank(body)) {
            throw ApiException.validation(List.of("body"), "field required", "value_error.missing");
        }
        Collector collector = new Collector(extras, limits);
        // Trailing data is looked for here rather than by Jackson, to answer it as the JSON
        // decode error it is, with its place.
        ObjectReader reader = REQUESTS.readerFor(type).withHandler(collector)
                .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        T value;
        JsonParser parser = null;
        try {
            parser = new CheckingParser(reader.createParser(body), collector.problems);
            value = reader.readValue(parser);
            if (parser.nextToken() != null) {
                throw jsonDecodeError(body, parser.currentTokenLocation(), "Extra data");
            }
        } catch (StreamConstraintsException e) {
            throw BodyConstraints.refusal(e, parser);
        } catch (StreamReadException e) {
            throw jsonDecodeError(body, e.getLocation(), withoutSource(e.getOriginalMessage()));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamConstraintsException tooLarge) {
                throw BodyConstraints.refusal(tooLarge, parser);
            }
            if (e.getCause() instanceof StreamReadException syntax) {
                throw jsonDecodeError(body, syntax.getLocation(), withoutSource(syntax.getOriginalMessage()));
            }
            collector.problems.add(locOf(e), messageOf(e), "value_error");
            value = null;
        } catch (IOException e) {
            throw ApiException.validation(List.of("body"), "the request body could not be read", "value_error");
        } finally {
            closeQuietly(parser);
        }
        Problems problems = collector.problems;
        if (value != null) {
            check.check(value, problems);
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems.list());
        }
        if (value == null) {
            throw ApiException.validation(List.of("body"), "field required", "value_error.missing");
        }
        return value;
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser == null) {
            return;
        }
        try {
            parser.close();
        } catch (IOException ignored) {
            // A parser over a byte array holds nothing to release.
        }
    }

    /**
     * A body that may be one object or an array of them (v4's logs and feedback); the answer takes
     * the same shape.
     *
     * @param items the objects, one when the body was an object
     * @param array whether the body was an array
     */
    public record OneOrMany<T>(List<T> items, boolean array) {
    }

    /** A check of one item of a {@link OneOrMany} body, given where the item is. */
    @FunctionalInterface
    public interface ItemValidation<T> {
        /** Adds each problem of {@code item}, found at {@code loc}, to {@code problems}. */
        void check(T item, List<Object> loc, Problems problems);
    }

    /** Reads a body that is one {@code type} object or an array of them, checking each. */
    @SuppressWarnings("unchecked")
    public static <T> OneOrMany<T> readOneOrMany(ServerRequest req, Class<T> type, Extras extras, ItemValidation<T> check) {
        byte[] body = bytesOf(req);
        boolean array = false;
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                array = b == '[';
                break;
            }
        }
        InputLimits limits = InputLimits.of(req);
        if (!array) {
            T item = read(body, type, extras, (value, problems) -> check.check(value, List.of("body"), problems), limits);
            return new OneOrMany<>(List.of(item), false);
        }
        Class<T[]> arrayType = (Class<T[]>) java.lang.reflect.Array.newInstance(type, 0).getClass();
        T[] items = read(body, arrayType, extras, (values, problems) -> {
            if (values.length > limits.maxBatchItems()) {
                problems.add(List.of("body"), "ensure this list has at most " + limits.maxBatchItems()
                        + " items (OPENLOOP_MAX_BATCH_ITEMS)", LimitChecks.MAX_ITEMS_TYPE);
                return;
            }
            for (int i = 0; i < values.length; i++) {
                // A null item was refused while binding.
                if (values[i] != null) {
                    check.check(values[i], List.of("body", i), problems);
                }
            }
        }, limits);
        return new OneOrMany<>(List.of(items), true);
    }

    /** A check of a bound body, adding its problems to the list. */
    @FunctionalInterface
    public interface Validation<T> {
        /** Adds each problem of {@code value} to {@code problems}. */
        void check(T value, Problems problems);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * 422 for a body that is not one JSON value, placed as FastAPI does: by character offset, line
     * and column. Jackson counts bytes when it reads bytes, so the place is counted again here in
     * characters.
     */
    private static ApiException jsonDecodeError(byte[] body, JsonLocation location, String problem) {
        long byteOffset = location == null ? -1 : location.getByteOffset();
        if (byteOffset < 0) {
            return ApiException.validation(List.of("body", 0), "Invalid JSON: " + problem, "value_error.jsondecode");
        }
        String before = new String(body, 0, (int) Math.min(body.length, byteOffset), StandardCharsets.UTF_8);
        int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
        int column = before.length() - before.lastIndexOf('\n');
        return ApiException.validation(List.of("body", before.length()),
                "Invalid JSON: " + problem + " (line " + line + " column " + column + ")", "value_error.jsondecode");
    }

    /** Jackson's message without its description of the input (which names no source here). */
    private static String withoutSource(String message) {
        int cut = message.length();
        for (String marker : new String[] {" (for ", "\n at [Source", " at [Source"}) {
            int at = message.indexOf(marker);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return message.substring(0, cut);
    }

    private static List<Object> locOf(JsonMappingException e) {
        List<Object> loc = new ArrayList<>();
        loc.add("body");
        for (JsonMappingException.Reference ref : e.getPath()) {
            loc.add(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
        }
        return loc;
    }

    private static String messageOf(JsonMappingException e) {
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Collects problems while Jackson binds, and tells Jackson to carry on. */
    private static final class Collector extends DeserializationProblemHandler {
        private final Problems problems;
        private final Extras extras;

        Collector(Extras extras, InputLimits limits) {
            this.extras = extras;
            this.problems = new Problems(limits);
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) throws IOException {
            Class<?> owner = beanOrClass instanceof Class<?> type ? type : beanOrClass.getClass();
            boolean ignored = extras == Extras.IGNORE
                    || !owner.isAnnotationPresent(ClosedSchema.class)
                    || extras == Extras.REFUSE_EXCEPT_SDK_COPIES && SDK_COPIES.contains(propertyName);
            if (ignored) {
                p.skipChildren();
                return true;
            }
            List<Object> loc = JsonPaths.of(holderOf(p.getParsingContext(), propertyName), false);
            loc.add(propertyName);
            problems.add(loc, "extra fields not permitted", "value_error.extra");
            p.skipChildren();
            return true;
        }

        /**
         * The context of the object that holds {@code propertyName}. The parser may stand inside
         * the key's value (a list or an object), and read it from a buffer whose outermost
         * context repeats the key's: neither is part of the key's place.
         */
        private static JsonStreamContext holderOf(JsonStreamContext context, String propertyName) {
            JsonStreamContext key = context;
            while (key != null && !(key.inObject() && propertyName.equals(key.getCurrentName()))) {
                key = key.getParent();
            }
            if (key == null) {
                return context.getParent();
            }
            while (key instanceof TokenBufferReadContext && key.getParent() != null && key.getParent().inObject()
                    && propertyName.equals(key.getParent().getCurrentName())) {
                key = key.getParent();
            }
            return key.getParent();
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                String failureMsg) throws IOException {
            boolean container = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
            List<Object> loc = JsonPaths.of(p.getParsingContext(), container);
            if (t == JsonToken.VALUE_NULL) {
                problems.add(loc, "none is not an allowed value", "type_error.none.not_allowed");
            } else {
                addTypeError(loc, targetType.getRawClass());
            }
            if (container) {
                p.skipChildren();
            }
            return null;
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                ValueInstantiator valueInsta, JsonParser p, String msg) throws IOException {
            // An object was expected and a scalar came (e.g. "model_config": "gpt-4").
            JsonToken t = p.currentToken();
            boolean container = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
            addTypeError(JsonPaths.of(p.getParsingContext(), container), instClass);
            if (container) {
                p.skipChildren();
            }
            return null;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                String failureMsg) {
            addTypeError(JsonPaths.of(ctxt.getParser().getParsingContext(), false), targetType, failureMsg);
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                String failureMsg) {
            addTypeError(JsonPaths.of(ctxt.getParser().getParsingContext(), false), targetType, failureMsg);
            return null;
        }

        @Override
        public Object handleWeirdNativeValue(DeserializationContext ctxt, JavaType targetType, Object valueToConvert,
                JsonParser p) {
            // The parser stands on the value's last token; once past a closing brace or bracket,
            // the parser's context is already the enclosing one, so the value's location is the
            // parser's.
            List<Object> loc = JsonPaths.of(p.getParsingContext(), false);
            if (valueToConvert instanceof NestedProblem problem) {
                loc.addAll(problem.loc());
                problems.add(loc, problem.msg(), problem.type());
            } else {
                addTypeError(loc, targetType.getRawClass(), null);
            }
            return null;
        }

        private void addTypeError(List<Object> loc, Class<?> type) {
            addTypeError(loc, type, null);
        }

        private void addTypeError(List<Object> loc, Class<?> type, String failureMsg) {
            if (type.isEnum()) {
                String permitted = Arrays.stream(type.getEnumConstants())
                        .map(constant -> "'" + wireName((Enum<?>) constant) + "'")
                        .collect(Collectors.joining(", "));
                problems.add(loc, "value is not a valid enumeration member; permitted: " + permitted, "type_error.enum");
            } else if (type == String.class) {
                problems.add(loc, "str type expected", "type_error.str");
            } else if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
                problems.add(loc, "value is not a valid integer", "type_error.integer");
            } else if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
                problems.add(loc, "value is not a valid float", "type_error.float");
            } else if (type == Boolean.class || type == boolean.class) {
                problems.add(loc, "value could not be parsed to a boolean", "type_error.bool");
            } else if (Collection.class.isAssignableFrom(type)) {
                problems.add(loc, "value is not a valid list", "type_error.list");
            } else if (type == MessageContent.class) {
                problems.add(loc, "str type expected, or a list of content parts", "type_error");
            } else if (failureMsg != null && failureMsg.startsWith("value is not a valid enumeration member")) {
                problems.add(loc, failureMsg, "type_error.enum");
            } else if (Map.class.isAssignableFrom(type) || type.isRecord() || type == Object.class) {
                problems.add(loc, "value is not a valid dict", "type_error.dict");
            } else {
                problems.add(loc, "value is not valid here", "type_error");
            }
        }

        private static String wireName(Enum<?> constant) {
            return Json.MAPPER.convertValue(constant, String.class);
        }
    }

    /** The problems found in one body; a location is reported once. */
    public static final class Problems {
        private final List<ValidationError> list = new ArrayList<>();
        private final InputLimits limits;

        /** Problems checked against the default limits. */
        public Problems() {
            this(InputLimits.DEFAULTS);
        }

        /** Problems checked against {@code limits}, the node's. */
        public Problems(InputLimits limits) {
            this.limits = limits;
        }

        /** The limits of the node reading the body, for the checks that bound what it asks. */
        public InputLimits limits() {
            return limits;
        }

        /** Notes a problem unless its location (or one enclosing it) already has one. */
        public void add(List<Object> loc, String msg, String type) {
            for (ValidationError existing : list) {
                if (startsWith(loc, existing.loc())) {
                    return;
                }
            }
            list.add(new ValidationError(List.copyOf(loc), msg, type));
        }

        /** Notes that a required field is missing. */
        public void missing(List<Object> loc) {
            add(loc, "field required", "value_error.missing");
        }

        /** Notes a field given where this endpoint takes none. */
        public void extra(List<Object> loc) {
            add(loc, "extra fields not permitted", "value_error.extra");
        }

        /** Whether nothing was found. */
        public boolean isEmpty() {
            return list.isEmpty();
        }

        /** The problems, in the order found. */
        public List<ValidationError> list() {
            return List.copyOf(list);
        }

        private static boolean startsWith(List<Object> loc, List<Object> prefix) {
            return loc.size() >= prefix.size() && loc.subList(0, prefix.size()).equals(prefix);
        }
    }

    /** A location: {@code "body"} followed by the given parts. */
    public static List<Object> body(Object... parts) {
        List<Object> loc = new ArrayList<>(parts.length + 1);
        loc.add("body");
        loc.addAll(Arrays.asList(parts));
        return loc;
    }
}
