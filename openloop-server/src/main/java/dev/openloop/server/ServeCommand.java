package dev.openloop.server;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** {@code openloop serve}: starts a node and runs it until SIGTERM or Ctrl-C. */
@Command(name = "serve", description = {
    "Starts a node and runs it until SIGTERM or Ctrl-C.",
    "Each setting comes from its flag, else its environment variable, else the config file, else its default."
})
final class ServeCommand implements Callable<Integer>, ConfiguredCommand {
    private final CommandContext context;
    private final SettingOptions settings = new SettingOptions(setting -> true);

    ServeCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public SettingOptions settings() {
        return settings;
    }

    @Override
    public Integer call() throws InterruptedException {
        Main.serve(config(context));
        // The node runs on threads of its own and the process ends on a signal (through the
        // shutdown hook) or a failure (Main exits), never by this command returning.
        new CountDownLatch(1).await();
        return Cli.OK;
    }
}
