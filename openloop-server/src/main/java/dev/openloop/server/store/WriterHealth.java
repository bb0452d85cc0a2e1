package dev.openloop.server.store;

/**
 * How a group commit's writers are doing, as its watchdog last saw them: what a readiness check
 * reads.
 *
 * @param state running, stalled or stopped
 * @param detail what is wrong, in a sentence; empty while running
 */
public record WriterHealth(State state, String detail) {
    /** The states a group commit's writers can be in. */
    public enum State {
        /** Every item waiting is being written, or no writer has been silent for long. */
        RUNNING,
        /** A writer has held a transaction, or work has waited untouched, for longer than the stall limit. */
        STALLED,
        /** Closed, or stopped by a fatal error: nothing is written until the node restarts. */
        STOPPED
    }

    static final WriterHealth RUNNING = new WriterHealth(State.RUNNING, "");

    /** Whether writes are being made. */
    public boolean isRunning() {
        return state == State.RUNNING;
    }
}
