package dev.openloop.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Statements prepared once per database connection and reused by every transaction that runs on
 * it. SQLite compiles a statement each time it is prepared, and neither its driver nor the pool
 * keeps one: for the log writer's 44-column insert that cost more CPU than writing the row when
 * a batch holds one row (docs/benchmarks.md, "Log writes"). The statements belong to the pool's
 * physical connection, not to the wrapper a transaction borrows (which closes its statements when
 * handed back); those of a connection the pool has closed are forgotten when the next new one comes.
 */
public final class PreparedStatements {
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new IdentityHashMap<>();

    /**
     * {@code sql} prepared on {@code connection}'s physical connection, with no parameters or
     * batch left from its last use. Only the thread holding {@code connection} may use it, until it
     * hands the connection back.
     */
    public PreparedStatement on(Connection connection, String sql) throws SQLException {
        Connection physical = connection.unwrap(Connection.class);
        Map<String, PreparedStatement> statements = statementsOf(physical);
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

    private synchronized Map<String, PreparedStatement> statementsOf(Connection physical) throws SQLException {
        Map<String, PreparedStatement> statements = byConnection.get(physical);
        if (statements == null) {
            // A connection new to the pool: the ones it replaced may be closed by now.
            for (var known = byConnection.keySet().iterator(); known.hasNext(); ) {
                if (known.next().isClosed()) {
                    known.remove();
                }
            }
            statements = new HashMap<>();
            byConnection.put(physical, statements);
        }
        return statements;
    }
}
