package dev.openloop.server.chatlog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Gives the logs stored before search looked at values their {@code log_search} row, once, as a
 * migration: the case folding is Java's ({@link SearchText}), which neither database's SQL
 * matches. Logs are read a page at a time in id order, so memory stays bounded however many
 * there are. Logs stored with {@code save: false} hold no text and get no row.
 */
public final class SearchBackfill {
    private static final int PAGE = 500;

    private SearchBackfill() {
    }

    /** Writes the missing rows on {@code connection}, in the migration's transaction. */
    public static void run(Connection connection) throws SQLException {
        String after = "";
        try (PreparedStatement read = connection.prepareStatement("""
                        SELECT id, inputs, metadata, messages, output FROM logs
                        WHERE id > ? AND saved ORDER BY id LIMIT""" + " " + PAGE);
                PreparedStatement write = connection.prepareStatement(
                        "INSERT INTO log_search (log_id, body) VALUES (?, ?)")) {
            while (true) {
                read.setString(1, after);
                int rows = 0;
                try (ResultSet page = read.executeQuery()) {
                    while (page.next()) {
                        rows++;
                        after = page.getString("id");
                        write.setString(1, after);
                        write.setString(2, SearchText.of(page.getString("inputs"), page.getString("metadata"),
                                page.getString("messages"), page.getString("output")));
                        write.addBatch();
                    }
                }
                if (rows == 0) {
                    return;
                }
                write.executeBatch();
            }
        }
    }
}
