package dev.openloop.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an HTTP body whole, into one array of its declared length when it has one: read in growing
 * chunks and joined, a body costs about twice its size in garbage, which for a gateway is a large
 * share of what a call allocates. Request bodies and providers' answers are read this way.
 */
public final class SizedBodies {
    private SizedBodies() {
    }

    /**
     * The bytes of {@code in}, to its end. When {@code declaredLength} is between 0 and
     * {@code largestPresized} they are read into an array of that length first; a body that turns
     * out longer or shorter (a decoded {@code Content-Encoding}, a wrong header) is still read whole.
     */
    public static byte[] readAll(InputStream in, long declaredLength, int largestPresized) throws IOException {
        if (declaredLength < 0 || declaredLength > largestPresized) {
            return in.readAllBytes();
        }
        byte[] body = new byte[(int) declaredLength];
        int read = in.readNBytes(body, 0, body.length);
        if (read < body.length) {
            return Arrays.copyOf(body, read);
        }
        int next = in.read();
        if (next < 0) {
            return body;
        }
        byte[] rest = in.readAllBytes();
        byte[] whole = Arrays.copyOf(body, body.length + 1 + rest.length);
        whole[body.length] = (byte) next;
        System.arraycopy(rest, 0, whole, body.length + 1, rest.length);
        return whole;
    }
}
