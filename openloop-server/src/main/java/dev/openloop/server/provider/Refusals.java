package dev.openloop.server.provider;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRole;
import java.util.ArrayList;
import java.util.List;

/**
 * Notes what a provider cannot honour, each at the place in the call where it was asked for, so
 * that {@link Provider#checkSupported} refuses the call naming the parameter and the provider
 * instead of dropping the parameter silently. Every message reads
 * "{@code <provider> cannot honour <what>: <why>}".
 *
 * <p>A {@link ProviderRequest} merges the config with the call; this class knows where each merged
 * value came from: the config's own fields sit under the config's location, the call's
 * {@code seed}, {@code response_format} and {@code tool_choice} at its top, and the prompt's
 * messages in the config's {@code chat_template} first, then in {@code messages}. A location is
 * in the core's terms (e.g. {@code ["messages", 1, "content"]}); the door words it as its own
 * request spells it.
 */
public final class Refusals {
    /** The {@code type} of every refusal. */
    public static final String TYPE = "value_error.unsupported_by_provider";

    private final String provider;
    private final ProviderRequest request;
    private final List<Object> configLoc;
    private final Sink problems;

    /**
     * @param provider the provider's display name, as the messages name it
     * @param request the call being checked
     * @param configLoc where the config is in the call
     * @param problems where the refusals go
     */
    public Refusals(String provider, ProviderRequest request, List<Object> configLoc, Sink problems) {
        this.provider = provider;
        this.request = request;
        this.configLoc = configLoc;
        this.problems = problems;
    }

    /** Refuses the config's {@code parameter}, e.g. {@code presence_penalty}; {@code why} says what the provider can do instead. */
    public void config(String parameter, String why) {
        add(at(configLoc, parameter), parameter, why);
    }

    /** Refuses the seed, found in the config or else in the call. */
    public void seed(String why) {
        add(request.config().seed() != null ? at(configLoc, "seed") : field("seed"), "seed", why);
    }

    /**
     * Refuses JSON mode, at the config's {@code response_format} when the config has one (both can
     * only ask the same thing), else at the call's.
     */
    public void responseFormat(String why) {
        boolean fromConfig = request.config().responseFormat() != null;
        add(fromConfig ? at(configLoc, "response_format") : field("response_format"), "response_format", why);
    }

    /** Refuses the tool choice, at {@code tool_choice} (a door words it as its request spelled it). */
    public void toolChoice(String why) {
        add(field("tool_choice"), "tool_choice", why);
    }

    /**
     * Refuses something in the prompt's message {@code index}, described by {@code what}; {@code path}
     * leads from the message to it, e.g. {@code "content", 1} for its second content part.
     */
    public void message(int index, String what, String why, Object... path) {
        List<Object> loc = messageLoc(index);
        for (Object part : path) {
            loc.add(part);
        }
        add(loc, what, why);
    }

    /**
     * Whether {@code message} has a {@code name} a provider without author names would drop. A
     * tool message's name is not one of them: it names the function whose result the message is,
     * which every provider learns from the message's {@code tool_call_id}.
     */
    public static boolean namesItsAuthor(ChatMessage message) {
        return message.name() != null && !message.name().isBlank() && message.role() != ChatRole.TOOL;
    }

    private List<Object> messageLoc(int index) {
        int templateSize = request.config().chatTemplate() == null ? 0 : request.config().chatTemplate().size();
        return index < templateSize
                ? at(configLoc, "chat_template", index)
                : field("messages", index - templateSize);
    }

    private void add(List<Object> loc, String what, String why) {
        problems.add(loc, provider + " cannot honour " + what + (why == null || why.isEmpty() ? "" : ": " + why), TYPE);
    }

    /** The location of a field of the call, e.g. {@code ["seed"]}, in the core's terms. */
    public static List<Object> field(Object... parts) {
        return new ArrayList<>(List.of(parts));
    }

    /**
     * Where refusals go: each is a location in the call, a message and a {@code type}
     * (e.g. {@value #TYPE}); the door answers them in its own error shape.
     */
    @FunctionalInterface
    public interface Sink {
        void add(List<Object> loc, String message, String type);
    }

    private static List<Object> at(List<Object> base, Object... parts) {
        List<Object> loc = new ArrayList<>(base);
        for (Object part : parts) {
            loc.add(part);
        }
        return loc;
    }
}
