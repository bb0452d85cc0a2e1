package dev.openloop.client;

/**
 * The root of every exception the SDK throws, so that one {@code catch} can handle any failed call.
 *
 * <p>The SDK throws only unchecked exceptions:
 * <ul>
 *   <li>{@link ApiException} and its subclasses: the server answered with an error, before or
 *       during a stream;</li>
 *   <li>{@link ApiConnectionException} (and {@link ApiTimeoutException}): no complete answer
 *       arrived, e.g. the server could not be reached, the connection broke, or a stream stopped
 *       before every sample finished;</li>
 *   <li>{@link MalformedResponseException}: an answer arrived but is not what the API sends.</li>
 * </ul>
 * A call interrupted while it waits throws a plain {@code HumanloopException} with the thread's
 * interrupt flag set again. A call the client refuses before sending anything, because of the
 * caller (a request it cannot send, a closed client), throws {@link IllegalArgumentException} or
 * {@link IllegalStateException} instead, as any Java API does for its misuse.
 */
public class HumanloopException extends RuntimeException {

    HumanloopException(String message, Throwable cause) {
        super(message, cause);
    }

    HumanloopException(String message) {
        super(message);
    }
}
