package dev.openloop.server.chatlog;

import dev.openloop.server.store.Dialect;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The condition {@code GET /logs?search=} adds to a listing: the log's searched text
 * ({@link SearchText}) holds the case-folded term as a substring. The same answer on both
 * stores, found through each one's index:
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
