package db.postgresql;

import dev.openloop.server.chatlog.SearchBackfill;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Fills {@code log_search} for the logs written before V7 (see {@link SearchBackfill}). */
public class V8__Search_existing_logs extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        SearchBackfill.run(context.getConnection());
    }
}
