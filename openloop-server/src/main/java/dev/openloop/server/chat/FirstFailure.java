package dev.openloop.server.chat;

import dev.openloop.server.provider.ProviderStream;
import java.util.List;

/**
 * The first failure among the provider calls of one streamed request. It ends the whole stream:
 * the calls still running are aborted at once (their logs keep what they generated), and the
 * stream's final event carries this failure. Later failures, often caused by the abort itself,
 * are not it.
 */
final class FirstFailure {
    private final List<ProviderStream> streams;
    private RuntimeException failure;

    FirstFailure(List<ProviderStream> streams) {
        this.streams = List.copyOf(streams);
    }

    /** Records {@code e} (a {@link dev.openloop.server.provider.ProviderFailure} or a {@link dev.openloop.server.failure.Refusal}) and aborts every call, unless a failure came first; whether {@code e} is the first. */
    boolean record(RuntimeException e) {
        synchronized (this) {
            if (failure != null) {
                return false;
            }
            failure = e;
        }
        streams.forEach(ProviderStream::close);
        return true;
    }

    /** Whether a call has failed. */
    synchronized boolean happened() {
        return failure != null;
    }

    /** The first failure, or null. */
    synchronized RuntimeException get() {
        return failure;
    }
}
