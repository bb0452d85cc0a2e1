package dev.openloop.server.chatlog;

import dev.openloop.server.store.Dialect;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The condition {@code GET /logs?search=} adds to a listing: the log's searched text
 * ({@link SearchText}) holds the case-folded term as a substring. It comes in two forms with the
 * same answer. {@link #ofEachLog} checks the text of each log a listing reaches, which is quick
 * when the listing reaches few logs: the newest of a project, for a common term. {@link #condition}
 * finds every log holding the term through each store's index, which is quick when few hold it:
 * <ul>
 *   <li>SQLite: a phrase query on the FTS5 trigram index; a phrase of trigrams matches where the
 *       term's trigrams stand one after the other, which is where the term stands. A term of one or
 *       two characters has no trigram, and is looked for in the text itself.</li>
 *   <li>PostgreSQL: {@code LIKE}, which the pg_trgm GIN index serves for terms of three
 *       characters or more.</li>
 * </ul>
 */
final class LogSearch {
    private final Dialect dialect;

    LogSearch(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The condition on {@code logs.id}, with its parameter {@code :search}. */
    String condition(String term) {
        if (dialect == Dialect.POSTGRESQL) {
            return "id IN (SELECT log_id FROM log_search WHERE body LIKE :search ESCAPE '!')";
        }
        if (hasTrigram(term)) {
            return "id IN (SELECT s.log_id FROM log_search s WHERE s.id IN "
                    + "(SELECT rowid FROM log_search_index WHERE log_search_index MATCH :search))";
        }
        return "id IN (SELECT log_id FROM log_search WHERE instr(body, :search) > 0)";
    }

    /**
     * The tables a count of the logs holding the term reads, matches first: joined from the index
     * to the log, rather than {@link #condition}'s set of ids, so that a count told to stop early
     * stops after reading that many matches, not after collecting them all. With
     * {@link #joinedCondition} and its parameter {@code :search} ({@link #bind}).
     */
    String joined(String term) {
        if (dialect == Dialect.SQLITE && hasTrigram(term)) {
            return "log_search_index JOIN log_search s ON s.id = log_search_index.rowid JOIN logs ON logs.id = s.log_id";
        }
        return "log_search s JOIN logs ON logs.id = s.log_id";
    }

    /** The condition on {@link #joined}'s tables that the log holds the term. */
    String joinedCondition(String term) {
        if (dialect == Dialect.POSTGRESQL) {
            return "s.body LIKE :search ESCAPE '!'";
        }
        return hasTrigram(term) ? "log_search_index MATCH :search" : "instr(s.body, :search) > 0";
    }

    /**
     * The condition that the log {@code logs.id} holds the term, checked in its own searched text,
     * with its parameter {@code :searchText}: no index, so cheap only for the few logs a listing
     * looks at.
     */
    String ofEachLog() {
        String holds = dialect == Dialect.POSTGRESQL ? "strpos(s.body, :searchText) > 0" : "instr(s.body, :searchText) > 0";
        return "EXISTS (SELECT 1 FROM log_search s WHERE s.log_id = logs.id AND " + holds + ")";
    }

    /** Binds {@code :searchText} for {@link #ofEachLog}. */
    void bindOfEachLog(SqlStatement<?> statement, String term) {
        statement.bind("searchText", SearchText.fold(term));
    }

    /** Binds {@code :search} for {@link #condition}. */
    void bind(SqlStatement<?> statement, String term) {
        String folded = SearchText.fold(term);
        if (dialect == Dialect.POSTGRESQL) {
            statement.bind("search", "%" + folded.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        } else if (hasTrigram(term)) {
            statement.bind("search", "\"" + folded.replace("\"", "\"\"") + "\"");
        } else {
            statement.bind("search", folded);
        }
    }

    private static boolean hasTrigram(String term) {
        String folded = SearchText.fold(term);
        return folded.codePointCount(0, folded.length()) >= 3;
    }
}
