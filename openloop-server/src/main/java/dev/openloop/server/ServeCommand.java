package dev.openloop.server;

import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** {@code openloop serve}: starts a node and runs it until SIGTERM or Ctrl-C. */
@Command(name = "serve", description = {
    "Starts a node and runs it until SIGTERM or Ctrl-C.",
    "Each setting comes from its flag, else its environment variable, else the config file, else its default."
})
final class ServeCommand extends ConfiguredCommand {

    ServeCommand(CommandContext context) {
        super(context, setting -> true);
    }

    @Override
    public Integer call() throws InterruptedException {
        Main.serve(config());
        // The node runs on threads of its own and the process ends on a signal (through the
        // shutdown hook) or a failure (Main exits), never by this command returning.
        new CountDownLatch(1).await();
        return Cli.OK;
    }
}
