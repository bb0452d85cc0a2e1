package dev.openloop.server;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * OpenLoop's command line: {@code serve}, {@code keys}, {@code migrate}, {@code version} and
 * {@code healthcheck}, each with {@code --help}.
 *
 * <p>Exit statuses: 0 done, 1 failed for a reason printed (a database that cannot be opened, a
 * key id that names no key), 2 a command line or a configuration that must change (an unknown
 * option, a setting with a value it does not take).
 */
final class Cli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private Cli() {
    }

    /** Runs the command line {@code args}; returns the exit status ({@code serve} returns only when the process ends). */
    static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return commandLine(new CommandContext(env, out, err)).execute(args);
    }

    static CommandLine commandLine(CommandContext context) {
        CommandLine root = new CommandLine(new OpenLoopCommand(context));
        root.addSubcommand(configured(new ServeCommand(context)));
        CommandLine keys = new CommandLine(new KeysCommands.Keys());
        keys.addSubcommand(configured(new KeysCommands.ListKeys(context)));
        keys.addSubcommand(configured(new KeysCommands.CreateKey(context)));
        keys.addSubcommand(configured(new KeysCommands.RevokeKey(context)));
        root.addSubcommand(keys);
        root.addSubcommand(configured(new MigrateCommand(context)));
        root.addSubcommand(new CommandLine(new VersionCommand(context)));
        root.addSubcommand(configured(new HealthcheckCommand(context)));

        // Plain text: help read in a pipe or a log file has no terminal codes.
        root.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        root.setOut(new PrintWriter(context.out(), true));
        root.setErr(new PrintWriter(context.err(), true));
        root.setParameterExceptionHandler((problem, args) -> usageError(problem, context.err()));
        root.setExecutionExceptionHandler((failure, command, parsed) -> {
            if (failure instanceof IllegalArgumentException) {
                context.err().println("openloop: " + failure.getMessage());
                return USAGE;
            }
            throw failure;
        });
        return root;
    }

    private static CommandLine configured(ConfiguredCommand command) {
        CommandLine line = new CommandLine(command);
        command.settings().addTo(line.getCommandSpec());
        return line;
    }

    private static int usageError(ParameterException problem, PrintStream err) {
        err.println("openloop: " + problem.getMessage());
        PrintWriter writer = new PrintWriter(err, true);
        UnmatchedArgumentException.printSuggestions(problem, writer);
        problem.getCommandLine().usage(writer, Help.Ansi.OFF);
        return USAGE;
    }
}
