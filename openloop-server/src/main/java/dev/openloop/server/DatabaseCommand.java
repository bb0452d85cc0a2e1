package dev.openloop.server;

import dev.openloop.server.config.Setting;
import dev.openloop.server.store.Database;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A command that works on the configured database and exits: it opens the database (which brings
 * its schema up to date, as a starting node does), runs, and closes it.
 */
abstract class DatabaseCommand extends ConfiguredCommand {

    DatabaseCommand(CommandContext context) {
        super(context, Setting::database);
    }

    /** Does the command's work on the open database; returns the exit status. */
    abstract int run(Database database, ServerConfig config);

    @Override
    public Integer call() {
        ServerConfig config = config();
        // The pool's and the migrations' progress is noise to a one-line answer; problems still show.
        Logger root = Logger.getLogger("");
        Level level = root.getLevel();
        root.setLevel(Level.WARNING);
        try {
            Database database;
            try {
                database = Database.open(config.databaseUrl(), 2, config.sqliteSync());
            } catch (RuntimeException e) {
                context.err().println("openloop: cannot open the database " + Main.describe(config.databaseUrl()) + ": "
                        + Main.messages(e));
                return Cli.FAILED;
            }
            try (database) {
                return run(database, config);
            }
        } finally {
            root.setLevel(level);
        }
    }
}
