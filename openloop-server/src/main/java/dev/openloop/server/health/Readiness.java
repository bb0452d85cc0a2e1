package dev.openloop.server.health;

import dev.openloop.server.transport.ListenerWatchdog;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /healthz} (liveness: the process answers) and {@code GET /readyz} (readiness: send
 * it traffic). The node is ready when it is not draining, its listener accepts, and its database
 * answers a query within {@link #DATABASE_WAIT}; otherwise {@code /readyz} is a 503 whose body
 * says what is not ready. A node at its connection cap answers {@code /readyz} with the cap's own
 * 503 (see {@code ConnectionGuard}).
 */
public final class Readiness {
    static final Duration DATABASE_WAIT = Duration.ofSeconds(2);

    private final Jdbi jdbi;
    private volatile BooleanSupplier listenerLost = () -> false;
    private volatile boolean draining;
    private volatile BooleanSupplier limitCountersReachable = () -> true;
    private volatile boolean limitsFailOpen = true;
    private volatile Supplier<List<String>> keysOut = List::of;
    /** The database check in flight, shared by the {@code /readyz} calls that arrive meanwhile. */
    private CompletableFuture<Void> databaseCheck;

    public Readiness(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** From now on the node is not ready once {@code watchdog} finds its listener gone. */
    public void watchListener(ListenerWatchdog watchdog) {
        listenerLost = watchdog::lost;
    }

    /**
     * From now on {@code /readyz} says when the limits' shared counters cannot be reached: a node
     * that fails closed is not ready then (it refuses every limited call); one that fails open
     * stays ready and says that its calls go on unlimited.
     */
    public void watchLimits(BooleanSupplier countersReachable, boolean failOpen) {
        this.limitsFailOpen = failOpen;
        this.limitCountersReachable = countersReachable;
    }

    /**
     * From now on a ready node's {@code /readyz} lists the server keys a provider refused
     * ({@code keys_out}, each by provider and label): the node still serves, with its other keys
     * or fallbacks, but its operator must replace them.
     */
    public void reportKeysOut(Supplier<List<String>> keysOut) {
        this.keysOut = keysOut;
    }

    /** From now on {@code /readyz} says the node is draining. */
    public void drain() {
        draining = true;
    }

    /** Registers both routes. */
    public void register(HttpRules rules) {
        rules.get("/healthz", (req, res) -> JsonAnswers.send(res, 200, Map.of("status", "ok")));
        rules.get("/readyz", (req, res) -> {
            boolean countersReachable = limitCountersReachable.getAsBoolean();
            List<String> notReady = notReady();
            List<String> out = keysOut.get();
            if (!countersReachable && !limitsFailOpen) {
                notReady.add("the limits' Redis cannot be reached: calls with limits are refused (OPENLOOP_LIMITS_WITHOUT_REDIS=closed)");
            }
            if (notReady.isEmpty()) {
                Map<String, Object> ready = new LinkedHashMap<>();
                ready.put("status", "ready");
                if (!out.isEmpty()) {
                    ready.put("keys_out", out);
                }
                if (!countersReachable) {
                    ready.put("limits", "the limits' Redis cannot be reached: calls go on unlimited (OPENLOOP_LIMITS_WITHOUT_REDIS=open)");
                }
                JsonAnswers.send(res, 200, ready);
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "not ready");
            body.put("detail", String.join("; ", notReady));
            if (!out.isEmpty()) {
                body.put("keys_out", out);
            }
            res.header("Retry-After", "5");
            JsonAnswers.send(res, 503, body);
        });
    }

    private List<String> notReady() {
        List<String> reasons = new ArrayList<>();
        if (draining) {
            reasons.add("the node is stopping: send new requests to another node");
        }
        if (listenerLost.getAsBoolean()) {
            reasons.add("the listener no longer accepts connections");
        }
        String database = database();
        if (database != null) {
            reasons.add(database);
        }
        return reasons;
    }

    /** Why the database is not ready, or null when it answered. */
    private String database() {
        try {
            check().get(DATABASE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            return "the database did not answer within " + DATABASE_WAIT.toMillis() + " ms";
        } catch (ExecutionException e) {
            return "the database cannot be reached";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the database check was interrupted";
        }
    }

    private synchronized CompletableFuture<Void> check() {
        if (databaseCheck == null || databaseCheck.isDone()) {
            CompletableFuture<Void> check = new CompletableFuture<>();
            Thread.ofVirtual().name("openloop-readiness").start(() -> {
                try {
                    jdbi.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
                    check.complete(null);
                } catch (RuntimeException e) {
                    check.completeExceptionally(e);
                }
            });
            databaseCheck = check;
        }
        return databaseCheck;
    }
}
