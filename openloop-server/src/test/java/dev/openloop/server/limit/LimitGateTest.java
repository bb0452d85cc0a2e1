package dev.openloop.server.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.server.failure.Refusal;
import dev.openloop.server.store.Database;
import dev.openloop.server.testing.LogCapture;
import dev.openloop.server.testing.RefusedPort;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call meets its key's and its project's limits, stored in a real database: refused with the
 * limit it reached and when to retry, counted once it is over, and what happens when the shared
 * counters are gone.
 *
 * <p>Mutants left alive, equivalent: {@code MemoryCounters} adding an admission of 0 ({@code > 0}
 * made {@code >= 0}) leaves every count as it was.
 */
class LimitGateTest {
    private static final LimitGate.Subjects CALLER = new LimitGate.Subjects("key_abc", "pr_one");

    private TestDatabase testDatabase;
    private Database database;
    private LimitRules rules;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T12:00:50Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void open() {
        testDatabase = TestDatabase.create(TestStore.SQLITE);
        database = Database.open(testDatabase.jdbcUrl(), 2, Database.SqliteSync.FULL);
        rules = new LimitRules(database.jdbi());
    }

    @AfterEach
    void close() {
        database.close();
        testDatabase.close();
    }

    private LimitGate gate(LimitCounters counters, boolean failOpen) {
        return new LimitGate(rules, counters, failOpen, clock, Duration.ofMinutes(10));
    }

    @Test
    void aCallerWithoutLimitsIsAdmittedWithoutCounting() {
        MemoryCounters counters = new MemoryCounters();
        gate(counters, true).admit(CALLER);
        assertThat(counters.current("key:key_abc:requests", LimitWindow.MINUTE, now.get())).isZero();
    }

    @Test
    void theKeysRequestLimitRefusesTheNextCallNamingItAndTheSecondsToTheNextMinute() {
        LimitGate gate = gate(new MemoryCounters(), true);
        gate.set("key:key_abc", new Limits(2L, null, null, null));
        gate.admit(CALLER);
        gate.admit(CALLER);
        assertThatThrownBy(() -> gate.admit(CALLER)).isInstanceOfSatisfying(Refusal.class, refusal -> {
            assertThat(refusal.kind()).isEqualTo(Refusal.Kind.LIMITED);
            assertThat(refusal.getMessage()).isEqualTo("The key key_abc's limit of 2 requests per minute is reached");
            assertThat(refusal.retryAfterSeconds()).isEqualTo(10);
        });
        now.set(Instant.parse("2026-12-07T12:01:00Z"));
        gate.admit(CALLER);
    }

    @Test
    void theProjectsLimitHoldsForEveryKeyOfIt() {
        LimitGate gate = gate(new MemoryCounters(), true);
        gate.set("project:pr_one", new Limits(1L, null, null, null));
        gate.admit(new LimitGate.Subjects("key_abc", "pr_one"));
        assertThatThrownBy(() -> gate.admit(new LimitGate.Subjects("key_other", "pr_one")))
                .hasMessage("The project pr_one's limit of 1 requests per minute is reached");
        gate.admit(new LimitGate.Subjects("key_other", "pr_two"));
    }

    @Test
    void tokensAndSpendCountOnceACallIsOverAndRefuseTheNextCall() {
        LimitGate gate = gate(new MemoryCounters(), true);
        gate.set("project:pr_one", new Limits(null, 100L, 2_500_000L, null));
        gate.admit(CALLER);
        gate.settle(CALLER, 60, 1_000_000_000_000L);
        gate.admit(CALLER);
        gate.settle(CALLER, 60, 1_000_000_000_000L);
        assertThatThrownBy(() -> gate.admit(CALLER)).hasMessage("The project pr_one's limit of 100 tokens per minute is reached");

        now.set(Instant.parse("2026-12-07T12:01:00Z"));
        gate.admit(CALLER);
        gate.settle(CALLER, 10, 600_000_000_000L);
        assertThatThrownBy(() -> gate.admit(CALLER)).isInstanceOfSatisfying(Refusal.class, refusal -> {
            assertThat(refusal.getMessage()).isEqualTo("The project pr_one's budget of 2.5 USD per day is reached");
            assertThat(refusal.retryAfterSeconds()).as("until midnight UTC").isEqualTo(Duration.ofHours(12).minusMinutes(1).toSeconds());
        });
    }

    @Test
    void aMonthsBudgetCountsEveryDayOfTheMonth() {
        LimitGate gate = gate(new MemoryCounters(), true);
        gate.set("key:key_abc", new Limits(null, null, null, 3_000_000L));
        gate.settle(CALLER, 0, 2_000_000_000_000L);
        now.set(Instant.parse("2026-12-30T08:00:00Z"));
        gate.admit(CALLER);
        gate.settle(CALLER, 0, 1_000_000_000_000L);
        assertThatThrownBy(() -> gate.admit(CALLER)).isInstanceOfSatisfying(Refusal.class, refusal -> {
            assertThat(refusal.getMessage()).isEqualTo("The key key_abc's budget of 3 USD per month is reached");
            assertThat(refusal.retryAfterSeconds()).as("until 1 January, midnight UTC").isEqualTo(Duration.ofHours(40).toSeconds());
        });
        now.set(Instant.parse("2027-01-01T00:00:00Z"));
        gate.admit(CALLER);
    }

    @Test
    void aLimitIsAtLeastOneAndDollarsBecomeExactMicroDollars() {
        assertThatThrownBy(() -> new Limits(0L, null, null, null)).hasMessageContaining("requests_per_minute");
        assertThatThrownBy(() -> new Limits(null, 0L, null, null)).hasMessageContaining("tokens_per_minute");
        assertThatThrownBy(() -> new Limits(null, null, -1L, null)).hasMessageContaining("spend_per_day");
        assertThatThrownBy(() -> new Limits(null, null, null, 0L)).hasMessageContaining("spend_per_month");
        assertThat(Usd.micros(new java.math.BigDecimal("2.5"))).isEqualTo(2_500_000L);
        assertThat(Usd.micros(new java.math.BigDecimal("0.000001"))).isEqualTo(1L);
        assertThatThrownBy(() -> Usd.micros(new java.math.BigDecimal("0.0000001"))).isInstanceOf(ArithmeticException.class);
        assertThat(Usd.of(1_250_000L)).isEqualTo("1.25");
        assertThat(Usd.picos(2_500_000L)).isEqualTo(2_500_000_000_000L);
        assertThat(Usd.picos(Long.MAX_VALUE / 10)).as("past what a count holds").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aCostNotKnownCountsNothingTowardsABudget() {
        LimitGate gate = gate(new MemoryCounters(), true);
        gate.set("key:key_abc", new Limits(null, null, null, 1L));
        gate.settle(CALLER, 10, null);
        gate.admit(CALLER);
    }

    @Test
    void aChangedLimitAppliesFromTheNextCallOfThisNode() {
        LimitGate gate = gate(new MemoryCounters(), true);
        gate.set("key:key_abc", new Limits(1L, null, null, null));
        gate.admit(CALLER);
        gate.set("key:key_abc", new Limits(5L, null, null, null));
        gate.admit(CALLER);
        gate.set("key:key_abc", Limits.NONE);
        assertThat(rules.all()).isEmpty();
    }

    @Test
    void withoutItsCountersTheNodeFailsOpenOrClosedAsSetAndSaysSo() throws IOException {
        int deadPort = RefusedPort.port();
        assertThat(gate(new MemoryCounters(), true).countersReachable()).isTrue();
        try (RedisCounters gone = new RedisCounters("redis://127.0.0.1:" + deadPort, Duration.ofSeconds(1));
                LogCapture log = LogCapture.of(LimitGate.class)) {
            rules.set("key:key_abc", new Limits(1L, 5L, null, null));
            assertThat(gate(gone, true).countersReachable()).isFalse();
            gate(gone, true).admit(CALLER);
            gate(gone, true).settle(CALLER, 10, 10_000_000L);
            assertThat(log.messages(java.util.logging.Level.WARNING))
                    .anySatisfy(line -> assertThat(line).contains("a call went on without its limits checked"))
                    .anySatisfy(line -> assertThat(line).contains("what a call used was not counted"));
            assertThatThrownBy(() -> gate(gone, false).admit(CALLER)).isInstanceOfSatisfying(Refusal.class,
                    refusal -> assertThat(refusal.kind()).isEqualTo(Refusal.Kind.UNAVAILABLE));
        }
    }
}
