package dev.openloop.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void lineBreaksAndOtherControlCharactersCannotForgeALine() {
        assertThat(LogText.escape("GET /v4/x\n2026-01-01T00:00:00.000Z ERROR forged\r"))
                .isEqualTo("GET /v4/x\\n2026-01-01T00:00:00.000Z ERROR forged\\r");
        assertThat(LogText.escape("a\u0000b\u001b[31mc\u007f\u0085\u2028\t")).isEqualTo("a\\u0000b\\u001b[31mc\\u007f\\u0085\\u2028\\t");
    }

    @Test
    void anEscapeInTheTextCannotPassForOneOfOurs() {
        assertThat(LogText.escape("a\\nb")).isEqualTo("a\\\\nb");
    }

    @Test
    void plainTextIsKeptAsItIs() {
        assertThat(LogText.escape("GET /v4/logs?project_id=pr_1 – ünïcode ✓")).isEqualTo("GET /v4/logs?project_id=pr_1 – ünïcode ✓");
        assertThat(LogText.escape(null)).isNull();
    }
}
