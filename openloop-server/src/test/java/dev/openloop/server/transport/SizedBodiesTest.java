package dev.openloop.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A body is read whole whatever its declared length says: exact, missing, too large to presize, or wrong once decoded. */
class SizedBodiesTest {
    private static final int LARGEST = 1024;
    private static final byte[] BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aBodyOfItsDeclaredLengthIsReadWhole() throws IOException {
        assertThat(SizedBodies.readAll(new ByteArrayInputStream(BODY), BODY.length, LARGEST)).isEqualTo(BODY);
    }

    @Test
    void aBodyWithoutALengthIsReadWhole() throws IOException {
        assertThat(SizedBodies.readAll(new ByteArrayInputStream(BODY), -1, LARGEST)).isEqualTo(BODY);
    }

    @Test
    void aDecodedBodyLongerThanDeclaredIsReadWhole() throws IOException {
        assertThat(SizedBodies.readAll(new ByteArrayInputStream(BODY), 10, LARGEST)).isEqualTo(BODY);
        assertThat(SizedBodies.readAll(new ByteArrayInputStream(BODY), BODY.length - 1, LARGEST)).isEqualTo(BODY);
    }

    @Test
    void aDecodedBodyShorterThanDeclaredIsReadWhole() throws IOException {
        assertThat(SizedBodies.readAll(new ByteArrayInputStream(BODY), BODY.length + 100, LARGEST)).isEqualTo(BODY);
    }

    @Test
    void aBodyDeclaredLargerThanIsPresizedIsReadAsItComes() throws IOException {
        assertThat(SizedBodies.readAll(new ByteArrayInputStream(BODY), BODY.length, BODY.length - 1)).isEqualTo(BODY);
        assertThat(SizedBodies.readAll(new ByteArrayInputStream(BODY), LARGEST + 1L, LARGEST)).isEqualTo(BODY);
    }

    @Test
    void anEmptyBodyIsEmpty() throws IOException {
        assertThat(SizedBodies.readAll(new ByteArrayInputStream(new byte[0]), 0, LARGEST)).isEmpty();
    }
}
