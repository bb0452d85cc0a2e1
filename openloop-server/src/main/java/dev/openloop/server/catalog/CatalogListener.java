package dev.openloop.server.catalog;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How nodes sharing one PostgreSQL database keep each other's catalog copies honest, with a
 * connection of its own that {@code LISTEN}s on {@value #CHANNEL}.
 *
 * <ul>
 *   <li>A change is announced with {@code pg_notify} in its own transaction, so the notice goes
 *       out exactly when the change commits.</li>
 *   <li>The listener confirms every {@link #PERIOD} with a round trip. PostgreSQL hands a session
 *       the notices committed before it reads a command ahead of that command's answer, so a
 *       confirmation sent after a change committed brings its notice first: the generation moves
 *       on, then the lease is renewed from the confirmation's sending time. The node trusts its
 *       copies only while the lease ({@link #LEASE}) holds, and only once its connection has
 *       lived {@link #SEEN} (long enough for every other node's listener to have seen it).</li>
 *   <li>A node that made a change acknowledges it only once no other node can trust a copy from
 *       before it: at once when its listener, confirming without a gap, has seen no other
 *       listener for longer than a lease and that age; else after waiting out the lease and a
 *       margin. A listener that loses its connection stops trusting at once, and retires every
 *       copy when it listens again.</li>
 * </ul>
 *
 * <p>The wait falls on catalog changes only (a rename, a deployment, a fallback list), which are
 * rare next to chats, and not on a node alone on its database.
 */
public final class CatalogListener implements AutoCloseable, MeterBinder {
    private static final System.Logger LOG = System.getLogger(CatalogListener.class.getName());
    /** The channel changes are announced on. */
    static final String CHANNEL = "openloop_catalog";
    /** The listeners' name in {@code pg_stat_activity}, by which nodes see each other. */
    public static final String APPLICATION_NAME = "openloop-catalog";
    /** How often the listener confirms. */
    static final Duration PERIOD = Duration.ofMillis(50);
    /** The longest a confirmation may take, counted from the one before it, for confirmations to count as without a gap. */
    static final Duration GAP = PERIOD.multipliedBy(2);
    /** How long a listener's connection has confirmed before its node trusts copies: longer than a gap. */
    static final Duration SEEN = PERIOD.multipliedBy(3);
    /** How long after a confirmation was sent the node trusts its copies. */
    static final Duration LEASE = Duration.ofMillis(250);
    /** Added to the lease by a writer, for two nodes' clocks running at slightly different rates. */
    static final Duration MARGIN = Duration.ofMillis(50);
    private static final Duration RECONNECT = Duration.ofSeconds(1);
    private static final long NEVER = Long.MIN_VALUE;

    private final PGSimpleDataSource source;
    private final CatalogGeneration generation;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition confirmed = lock.newCondition();
    private volatile boolean closed;
    /** How long each change waited before it was acknowledged; null until bound to a registry. */
    private volatile Timer acknowledgements;
    /**
     * When the last answered confirmation was sent, on {@link System#nanoTime}; {@link #NEVER}
     * while copies are not trusted (no connection, or one too young).
     */
    private volatile long confirmedAt = NEVER;
    /** When the connection's first confirmation was sent; listener thread only. */
    private long firstSent = NEVER;
    /** When the last answered confirmation was sent; guarded by {@link #lock}. */
    private long lastSent = NEVER;
    /**
     * Since when (a sending time) the confirmations have come without a gap and found no other
     * listener; {@link #NEVER} when the last one found some. Guarded by {@link #lock}.
     */
    private long aloneSince = NEVER;
    private Connection connection;

    private CatalogListener(String jdbcUrl) {
        this.source = new PGSimpleDataSource();
        source.setURL(jdbcUrl);
        source.setApplicationName(APPLICATION_NAME);
        source.setConnectTimeout(10);
        source.setSocketTimeout(10);
        source.setTcpKeepAlive(true);
        this.generation = CatalogGeneration.leased(this::holds);
        this.thread = Thread.ofPlatform().name("openloop-catalog-listener").daemon(true).unstarted(this::run);
    }

    /** Starts listening on the database at {@code jdbcUrl}; copies are trusted once the connection has confirmed for {@link #SEEN}. */
    public static CatalogListener start(String jdbcUrl) {
        CatalogListener listener = new CatalogListener(jdbcUrl);
        listener.thread.start();
        return listener;
    }

    /** The generation this listener moves on and leases. */
    public CatalogGeneration generation() {
        return generation;
    }

    /** The changes of this node, announced to the others. */
    public CatalogChanges changes() {
        return CatalogChanges.shared(generation, this);
    }

    private boolean holds() {
        long at = confirmedAt;
        return at != NEVER && System.nanoTime() - at < LEASE.toNanos();
    }

    /** Announces a change in {@code handle}'s transaction (or at once outside one). */
    static void announce(Handle handle) {
        handle.createQuery("SELECT pg_notify('" + CHANNEL + "', '')").mapTo(String.class).one();
    }

    /**
     * Called after a change committed, once its handle is closed: returns when no other node can
     * still trust a copy from before it. The first confirmation sent from now on says whether this
     * node has been alone for long enough; if not, or if none comes in time, this waits out the
     * others' leases.
     */
    void awaitOthers() {
        long committedAt = System.nanoTime();
        try {
            awaitOthersFrom(committedAt);
        } finally {
            Timer timer = acknowledgements;
            if (timer != null) {
                timer.record(System.nanoTime() - committedAt, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void awaitOthersFrom(long committedAt) {
        long deadline = committedAt + LEASE.toNanos() + MARGIN.toNanos();
        long aloneLongEnough = committedAt - (LEASE.toNanos() + SEEN.toNanos() + MARGIN.toNanos());
        lock.lock();
        try {
            while (lastSent == NEVER || lastSent - committedAt < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    break;
                }
                confirmed.awaitNanos(left);
            }
            if (lastSent != NEVER && lastSent - committedAt >= 0 && aloneSince != NEVER && aloneSince - aloneLongEnough <= 0) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            lock.unlock();
        }
        sleepUntil(deadline);
    }

    /**
     * {@code openloop.catalog.acknowledgement}: how long the node's catalog changes waited for the
     * other nodes before they were acknowledged, one a handle that wrote any.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        acknowledgements = Timer.builder("openloop.catalog.acknowledgement")
                .description("How long a catalog change waited for the other nodes' copies before it was acknowledged")
                .register(registry);
    }

    private static void sleepUntil(long deadline) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (!closed) {
            try {
                listen();
                while (!closed) {
                    confirm();
                    Thread.sleep(PERIOD.toMillis());
                }
            } catch (SQLException | RuntimeException e) {
                untrust();
                if (!closed) {
                    LOG.log(Level.WARNING, "the catalog listener lost its connection; lookups read the database until it"
                            + " listens again: " + e.getMessage());
                    pause();
                }
            } catch (InterruptedException e) {
                break;
            }
        }
        untrust();
    }

    private void listen() throws SQLException {
        connection = source.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
        firstSent = NEVER;
        // Whatever changed while nothing listened is unknown: every copy from before goes.
        generation.advance();
    }

    private void confirm() throws SQLException {
        long sent = System.nanoTime();
        int others;
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("""
                        SELECT COUNT(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND application_name = '%s' AND pid <> pg_backend_pid()"""
                        .formatted(APPLICATION_NAME))) {
            row.next();
            others = row.getInt(1);
        }
        long answered = System.nanoTime();
        PGNotification[] notices = connection.unwrap(PGConnection.class).getNotifications();
        if (notices != null && notices.length > 0) {
            generation.advance();
        }
        if (firstSent == NEVER) {
            firstSent = sent;
        }
        if (sent - firstSent >= SEEN.toNanos()) {
            confirmedAt = sent;
        }
        lock.lock();
        try {
            boolean withoutGap = lastSent != NEVER && answered - lastSent <= GAP.toNanos();
            if (others > 0) {
                aloneSince = NEVER;
            } else if (aloneSince == NEVER || !withoutGap) {
                aloneSince = sent;
            }
            lastSent = sent;
            confirmed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void untrust() {
        confirmedAt = NEVER;
        generation.advance();
        lock.lock();
        try {
            lastSent = NEVER;
            aloneSince = NEVER;
        } finally {
            lock.unlock();
        }
        Connection lost = connection;
        connection = null;
        if (lost != null) {
            try {
                lost.close();
            } catch (SQLException ignored) {
                // Already broken: nothing more to release.
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT.toMillis());
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            confirmed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
