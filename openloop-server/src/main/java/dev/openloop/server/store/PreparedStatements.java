package dev.openloop.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Statements prepared once per database connection and reused by every transaction that runs on
 * it. SQLite compiles a statement each time it is prepared, and neither its driver nor the pool
 * keeps one: for the log writer's 44-column insert that cost as much CPU as writing the row when
 * a batch holds one row (docs/benchmarks.md, "Log writes"). The statements belong to the pool's
 * physical connection, not to the wrapper a transaction borrows (which closes its statements when
 * handed back), and go with it when the pool retires it.
 */
public final class PreparedStatements {
    private final Map<Connection, Map<String, PreparedStatement>> byConnection =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * {@code sql} prepared on {@code connection}'s physical connection, with no parameters or
     * batch left from its last use. Only the thread holding {@code connection} may use it, until it
     * hands the connection back.
     */
    public PreparedStatement on(Connection connection, String sql) throws SQLException {
        Connection physical = connection.unwrap(Connection.class);
        Map<String, PreparedStatement> statements = byConnection.computeIfAbsent(physical, c -> new HashMap<>());
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = physical.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearBatch();
            statement.clearParameters();
        }
        return statement;
    }
}
