package dev.openloop.server;

import dev.openloop.server.store.Database;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;

/**
 * {@code openloop migrate}: brings the database's schema up to date and exits, so that a rollout
 * can migrate once, before it starts nodes of the new version.
 */
@Command(name = "migrate", description = {
    "Brings the configured database's schema up to date, then exits.",
    "Nodes do this too when they start; run it first to migrate once, before a rollout."
})
final class MigrateCommand extends DatabaseCommand {

    MigrateCommand(CommandContext context) {
        super(context);
    }

    @Override
    int run(Database database, ServerConfig config) {
        MigrateResult migration = database.migration();
        String version = migration.targetSchemaVersion != null ? migration.targetSchemaVersion : migration.initialSchemaVersion;
        String where = Main.describe(config.databaseUrl());
        if (migration.migrationsExecuted == 0) {
            context.out().println("The schema of " + where + " is up to date, at version " + version + ".");
        } else {
            context.out().println("Applied " + migration.migrationsExecuted + " migration" + (migration.migrationsExecuted == 1 ? "" : "s")
                    + " to " + where + "; its schema is at version " + version + ".");
        }
        return Cli.OK;
    }
}
