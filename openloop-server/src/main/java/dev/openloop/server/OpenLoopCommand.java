package dev.openloop.server;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** {@code openloop}: the commands; without one it serves, as {@code openloop serve} does. */
@Command(name = "openloop",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = OpenLoopVersion.class,
        description = {
            "OpenLoop: a self-hosted LLM chat gateway speaking Humanloop's v4 API.",
            "Without a command it serves, as 'serve' does. 'COMMAND --help' tells more."
        })
final class OpenLoopCommand implements Callable<Integer> {
    private final ServeCommand serve;

    OpenLoopCommand(CommandContext context) {
        this.serve = new ServeCommand(context);
    }

    @Override
    public Integer call() throws InterruptedException {
        return serve.call();
    }
}
