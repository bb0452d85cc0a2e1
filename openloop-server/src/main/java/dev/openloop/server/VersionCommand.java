package dev.openloop.server;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code openloop version}: which OpenLoop this is, and on which Java. */
@Command(name = "version", description = "Prints OpenLoop's version and the Java it runs on.")
final class VersionCommand implements Callable<Integer> {
    private final CommandContext context;

    VersionCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        for (String line : new OpenLoopVersion().getVersion()) {
            context.out().println(line);
        }
        return Cli.OK;
    }
}
