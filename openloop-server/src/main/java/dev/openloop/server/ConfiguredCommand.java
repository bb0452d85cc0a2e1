package dev.openloop.server;

/** A command that reads the settings: it takes {@code --config} and the flags of {@link #settings()}. */
interface ConfiguredCommand {
    SettingOptions settings();

    /** The node's configuration from the flags given, the environment, the config file and the defaults. */
    default ServerConfig config(CommandContext context) {
        return ServerConfig.fromEnvironment(settings().resolve(context.env()));
    }
}
