package dev.openloop.server.chatlog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.openloop.server.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Keeps each large text of a log once. The same prompt and the same generated text would
 * otherwise sit in {@code messages}, {@code provider_request}, {@code output}, {@code raw_output},
 * {@code output_message} and {@code provider_response}. The texts are kept whole in
 * {@code messages} and {@code output}; in the other columns a string of {@link #MIN_CHARS} or more
 * characters equal to one of them is stored empty, and a reference in {@code request_refs} (for
 * {@code provider_request}) or {@code output_refs} (for the rest) names where it is. Reading puts
 * every string back where it was, so a log reads exactly as it was written. A row without
 * references (null) is read as stored: logs written before the references were, and logs with
 * nothing worth referring to.
 *
 * <p>{@code raw_output} is {@code output} with the whitespace {@code output} was trimmed of: when
 * it is, it is stored as null and {@code output_refs} keeps that whitespace.
 *
 * <p>References are JSON. {@code request_refs}: a list of {@code [pointer, source]}, where pointer
 * is a JSON pointer into {@code provider_request} and source is {@code "output"},
 * {@code "raw_output"} or {@code "messages"} followed by a JSON pointer into the messages.
 * {@code output_refs}: an object with {@code raw_output} ({@code {"before": …, "after": …}})
 * and lists as above for {@code output_message} and {@code provider_response}.
 */
public final class StoredTexts {
    /** The shortest string worth a reference: a reference costs some 40 characters. */
    public static final int MIN_CHARS = 128;

    private static final String OUTPUT = "output";
    private static final String RAW_OUTPUT = "raw_output";
    private static final String MESSAGES = "messages";

    private StoredTexts() {
    }

    /** The provider request as stored, and its references (null when it has none). */
    public record PackedRequest(String providerRequest, String refs) {
    }

    /** The output columns as stored, and their references (null when they have none). */
    public record PackedOutput(String rawOutput, String outputMessage, String providerResponse, String refs) {
    }

    /** {@code providerRequest} with the texts it shares with {@code messages} referred to. */
    public static PackedRequest packRequest(String messages, String providerRequest) {
        Sources sources = new Sources(messages, null, null);
        if (sources.isEmpty() || providerRequest == null) {
            return new PackedRequest(providerRequest, null);
        }
        Replaced replaced = replace(providerRequest, sources);
        return replaced.refs().isEmpty() ? new PackedRequest(providerRequest, null)
                : new PackedRequest(replaced.json(), Json.text(replaced.refs()));
    }

    /**
     * The output columns with the texts they share with {@code messages} (null when not at hand,
     * as when a stream ends), {@code output} and {@code rawOutput} referred to.
     */
    public static PackedOutput packOutput(String messages, String output, String rawOutput, String outputMessage,
            String providerResponse) {
        Sources sources = new Sources(messages, output, rawOutput);
        Map<String, Object> refs = new LinkedHashMap<>();
        String storedRaw = rawOutput;
        if (output != null && rawOutput != null && rawOutput.length() >= MIN_CHARS && rawOutput.strip().equals(output)) {
            int start = rawOutput.indexOf(output);
            refs.put(RAW_OUTPUT, Map.of("before", rawOutput.substring(0, start),
                    "after", rawOutput.substring(start + output.length())));
            storedRaw = null;
        }
        String storedMessage = outputMessage;
        String storedResponse = providerResponse;
        if (!sources.isEmpty()) {
            if (outputMessage != null) {
                Replaced replaced = replace(outputMessage, sources);
                if (!replaced.refs().isEmpty()) {
                    refs.put("output_message", replaced.refs());
                    storedMessage = replaced.json();
                }
            }
            if (providerResponse != null) {
                Replaced replaced = replace(providerResponse, sources);
                if (!replaced.refs().isEmpty()) {
                    refs.put("provider_response", replaced.refs());
                    storedResponse = replaced.json();
                }
            }
        }
        return new PackedOutput(storedRaw, storedMessage, storedResponse, refs.isEmpty() ? null : Json.text(refs));
    }

    /** {@code whole} with its texts as {@code request} and {@code output} store them. */
    public static LogRecord stored(LogRecord whole, PackedRequest request, PackedOutput output) {
        return with(whole, output.rawOutput(), output.outputMessage(), request.providerRequest(), output.providerResponse());
    }

    private static LogRecord with(LogRecord row, String rawOutput, String outputMessage, String providerRequest,
            String providerResponse) {
        return row.toBuilder()
                .rawOutput(rawOutput)
                .outputMessage(outputMessage)
                .providerRequest(providerRequest)
                .providerResponse(providerResponse)
                .build();
    }

    /** {@code row} as it was written, from its stored form and references. */
    public static LogRecord unpack(LogRecord row, String requestRefs, String outputRefs) {
        return unpack(row, requestRefs, outputRefs, UnaryOperator.identity());
    }

    /**
     * {@code row} from its stored form and references, with {@code view} of each text put where a
     * reference stands: the text itself, or a preview of it, which a listing takes without ever
     * copying the whole text into the columns that refer to it.
     */
    public static LogRecord unpack(LogRecord row, String requestRefs, String outputRefs, UnaryOperator<String> view) {
        if (requestRefs == null && outputRefs == null) {
            return row;
        }
        JsonNode messages = Json.tree(row.messages());
        String rawOutput = row.rawOutput();
        JsonNode output = outputRefs == null ? null : Json.tree(outputRefs);
        if (output != null && output.has(RAW_OUTPUT)) {
            JsonNode raw = output.get(RAW_OUTPUT);
            rawOutput = raw.get("before").textValue() + row.output() + raw.get("after").textValue();
        }
        Map<String, String> texts = new HashMap<>();
        texts.put(OUTPUT, row.output());
        texts.put(RAW_OUTPUT, rawOutput);
        String providerRequest = requestRefs == null ? row.providerRequest()
                : restore(row.providerRequest(), Json.tree(requestRefs), messages, texts, view);
        String outputMessage = output == null || !output.has("output_message") ? row.outputMessage()
                : restore(row.outputMessage(), output.get("output_message"), messages, texts, view);
        String providerResponse = output == null || !output.has("provider_response") ? row.providerResponse()
                : restore(row.providerResponse(), output.get("provider_response"), messages, texts, view);
        return with(row, rawOutput, outputMessage, providerRequest, providerResponse);
    }

    private static String restore(String stored, JsonNode refs, JsonNode messages, Map<String, String> texts,
            UnaryOperator<String> view) {
        JsonNode tree = Json.tree(stored);
        for (JsonNode ref : refs) {
            String source = ref.get(1).textValue();
            String text = source.startsWith(MESSAGES) ? messages.at(source.substring(MESSAGES.length())).textValue()
                    : texts.get(source);
            set(tree, ref.get(0).textValue(), view.apply(text));
        }
        return Json.text(tree);
    }

    /** Sets the string at {@code pointer} in {@code tree}, where a stored empty string stands. */
    private static void set(JsonNode tree, String pointer, String text) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = tree.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), TextNode.valueOf(text));
        } else if (parent instanceof ObjectNode object) {
            object.set(last, TextNode.valueOf(text));
        } else {
            throw new IllegalStateException("stored reference " + pointer + " points at nothing");
        }
    }

    /** A JSON text with its long known strings emptied, and the references to them. */
    private record Replaced(String json, List<List<String>> refs) {
    }

    /**
     * Copies {@code json} token by token, writing an empty string where a long known text stands:
     * no tree of it is built. References come in the order of the document, each with the JSON
     * pointer of the string it replaced.
     */
    private static Replaced replace(String json, Sources sources) {
        List<List<String>> refs = new ArrayList<>();
        StringWriter out = new StringWriter(json.length());
        try (JsonParser parser = Json.MAPPER.createParser(json);
                JsonGenerator generator = Json.MAPPER.createGenerator(out)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                // A string inside the document, never the document itself.
                String source = token == JsonToken.VALUE_STRING && parser.getTextLength() >= MIN_CHARS
                        && !parser.getParsingContext().inRoot() ? sources.of(parser.getText()) : null;
                if (source == null) {
                    generator.copyCurrentEvent(parser);
                } else {
                    refs.add(List.of(parser.getParsingContext().pathAsPointer().toString(), source));
                    generator.writeString("");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON does not parse", e);
        }
        return new Replaced(refs.isEmpty() ? json : out.toString(), refs);
    }

    /** The texts a reference can name, by their text: the long strings of the messages, the output, the raw output. */
    private static final class Sources {
        private final Map<String, String> byText = new HashMap<>();

        Sources(String messages, String output, String rawOutput) {
            if (messages != null) {
                collect(messages, byText);
            }
            if (output != null && output.length() >= MIN_CHARS) {
                byText.putIfAbsent(output, OUTPUT);
            }
            if (rawOutput != null && rawOutput.length() >= MIN_CHARS) {
                byText.putIfAbsent(rawOutput, RAW_OUTPUT);
            }
        }

        /** Each long string of {@code messages}, by the JSON pointer of its first place, read token by token. */
        private static void collect(String messages, Map<String, String> byText) {
            try (JsonParser parser = Json.MAPPER.createParser(messages)) {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    if (token == JsonToken.VALUE_STRING && parser.getTextLength() >= MIN_CHARS) {
                        byText.putIfAbsent(parser.getText(), MESSAGES + parser.getParsingContext().pathAsPointer());
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("stored JSON does not parse", e);
            }
        }

        boolean isEmpty() {
            return byText.isEmpty();
        }

        /** The source of {@code text}, or null when it is no long known text. */
        String of(String text) {
            return text.length() >= MIN_CHARS ? byText.get(text) : null;
        }
    }
}
