package dev.openloop.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A body is read whole whatever its declared length says: exact, missing, or wrong once decoded. */
class RequestBodiesReadAllTest {
    private static final byte[] BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aBodyOfItsDeclaredLengthIsReadWhole() throws IOException {
        assertThat(RequestBodies.readAll(new ByteArrayInputStream(BODY), BODY.length)).isEqualTo(BODY);
    }

    @Test
    void aBodyWithoutALengthIsReadWhole() throws IOException {
        assertThat(RequestBodies.readAll(new ByteArrayInputStream(BODY), -1)).isEqualTo(BODY);
    }

    @Test
    void aDecodedBodyLongerThanDeclaredIsReadWhole() throws IOException {
        assertThat(RequestBodies.readAll(new ByteArrayInputStream(BODY), 10)).isEqualTo(BODY);
        assertThat(RequestBodies.readAll(new ByteArrayInputStream(BODY), BODY.length - 1)).isEqualTo(BODY);
    }

    @Test
    void aDecodedBodyShorterThanDeclaredIsReadWhole() throws IOException {
        assertThat(RequestBodies.readAll(new ByteArrayInputStream(BODY), BODY.length + 100)).isEqualTo(BODY);
    }

    @Test
    void anEmptyBodyIsEmpty() throws IOException {
        assertThat(RequestBodies.readAll(new ByteArrayInputStream(new byte[0]), 0)).isEmpty();
    }
}
