package dev.openloop.server;

import dev.openloop.server.config.Setting;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** A command that reads the settings: it takes {@code --config} and the flags of the settings it uses. */
abstract class ConfiguredCommand implements Callable<Integer> {
    final CommandContext context;
    private final SettingOptions settings;

    /** @param uses the settings the command takes flags for */
    ConfiguredCommand(CommandContext context, Predicate<Setting> uses) {
        this.context = context;
        this.settings = new SettingOptions(uses);
    }

    final SettingOptions settings() {
        return settings;
    }

    /** The node's configuration from the flags given, the environment, the config file and the defaults. */
    final ServerConfig config() {
        return ServerConfig.fromEnvironment(settings.resolve(context.env()));
    }
}
