package dev.openloop.server.web;

import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Where a JSON answer is written: held, then sent whole once written ({@link #send}), or, once it
 * grows past {@link #MAX_HELD} bytes, passed on to the response's output stream as it comes.
 *
 * <p>Most answers are a few kilobytes, which the JSON generator hands over in one write when it is
 * closed; sending them whole costs one copy, where the response's output stream would add a
 * buffer of its own and chunked framing. A long answer (a page of logs) is still never held whole.
 */
final class HeldAnswer extends OutputStream {
    /** The longest answer held whole. */
    static final int MAX_HELD = 64 * 1024;

    private final ServerResponse res;
    private byte[] held = new byte[0];
    private OutputStream spilled;
    private boolean sent;

    HeldAnswer(ServerResponse res) {
        this.res = res;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (spilled != null) {
            spilled.write(bytes, offset, length);
            return;
        }
        if (held.length + length > MAX_HELD) {
            spilled = res.outputStream();
            spilled.write(held);
            held = null;
            spilled.write(bytes, offset, length);
            return;
        }
        int start = held.length;
        held = held.length == 0 ? Arrays.copyOfRange(bytes, offset, offset + length) : Arrays.copyOf(held, start + length);
        if (start > 0) {
            System.arraycopy(bytes, offset, held, start, length);
        }
    }

    /** Flushes only an answer already passed on: one held is sent whole when closed. */
    @Override
    public void flush() throws IOException {
        if (spilled != null) {
            spilled.flush();
        }
    }

    /** Ends an answer passed on; one held waits for {@link #send}, so that a failed write sends nothing. */
    @Override
    public void close() throws IOException {
        if (spilled != null) {
            spilled.close();
        }
    }

    /** Sends the answer held whole; one passed on was ended when closed. */
    void send() {
        if (spilled == null && !sent) {
            sent = true;
            res.send(held);
        }
    }
}
