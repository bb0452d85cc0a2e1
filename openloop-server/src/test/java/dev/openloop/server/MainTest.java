package dev.openloop.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the server prints of its database URL at start leaves credentials out. */
class MainTest {

    @Test
    void theDatabaseUrlIsPrintedWithoutItsParametersWhichMayHoldAPassword() {
        assertThat(Main.describe("jdbc:postgresql://db.internal:5432/openloop?user=openloop&password=s3cret&sslmode=require"))
                .isEqualTo("jdbc:postgresql://db.internal:5432/openloop?…");
    }

    @Test
    void userInfoIsHiddenToo() {
        assertThat(Main.describe("jdbc:postgresql://openloop:s3cret@db.internal/openloop"))
                .isEqualTo("jdbc:postgresql://…@db.internal/openloop");
    }

    @Test
    void aSqliteFileIsPrintedWhole() {
        assertThat(Main.describe("jdbc:sqlite:/var/lib/openloop/openloop.db")).isEqualTo("jdbc:sqlite:/var/lib/openloop/openloop.db");
    }
}
