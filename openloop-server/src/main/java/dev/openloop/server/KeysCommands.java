package dev.openloop.server;

import dev.openloop.server.apikey.ApiKeyStore;
import dev.openloop.server.apikey.KeysCommand;
import dev.openloop.server.catalog.Catalog;
import dev.openloop.server.project.ProjectStore;
import java.util.List;
import dev.openloop.server.store.Database;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code openloop keys list|create|revoke}: the command line of {@link KeysCommand}. */
final class KeysCommands {
    private KeysCommands() {
    }

    @Command(name = "keys",
            synopsisSubcommandLabel = "(list | create | revoke)",
            description = {
                "Lists, creates and revokes the API keys of the configured database.",
                "Every node on that database sees the change."
            })
    static final class Keys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "a keys command is needed: list, create or revoke");
        }
    }

    @Command(name = "list", description = "Lists the keys by id, with when they were created, whether they are revoked,"
            + " their roles, projects and names.")
    static final class ListKeys extends DatabaseCommand {
        ListKeys(CommandContext context) {
            super(context);
        }

        @Override
        int run(Database database, ServerConfig config) {
            return keys(database, context).list();
        }
    }

    @Command(name = "create", description = {"Makes a random key, prints it once and stores only its hash.",
        "A key is an admin key reaching every project unless --role or --project says otherwise."})
    static final class CreateKey extends DatabaseCommand {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", paramLabel = "NAME", description = "what the key is for, shown by 'keys list'")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", description = "admin (everything, the default), write (chat, logs, "
                + "feedback, configs, deployments, experiments, sessions) or read (reads only)")
        String role;

        @Option(names = "--project", paramLabel = "PROJECT", description = "a project's id or name the key is limited to;"
                + " repeat for several; none: every project")
        List<String> projects = List.of();

        CreateKey(CommandContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            if (name != null && name.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--name must not be blank");
            }
            return super.call();
        }

        @Override
        int run(Database database, ServerConfig config) {
            return keys(database, context).create(name, role, projects);
        }
    }

    @Command(name = "revoke", description = "Stops a key working on every node (within each node's OPENLOOP_API_KEY_CACHE_MS).")
    static final class RevokeKey extends DatabaseCommand {
        @Parameters(paramLabel = "KEY_ID", description = "an id from 'keys list', or its start when that names one key")
        String id;

        RevokeKey(CommandContext context) {
            super(context);
        }

        @Override
        int run(Database database, ServerConfig config) {
            return keys(database, context).revoke(id);
        }
    }

    private static KeysCommand keys(Database database, CommandContext context) {
        // The keys command only reads projects, by their ids and names, never from copies: it changes no catalog.
        ProjectStore projects = new ProjectStore(database.jdbi(), database.dialect(), Catalog.local());
        return new KeysCommand(new ApiKeyStore(database.jdbi()), projects::idOf, context.out(),
                context.err());
    }
}
