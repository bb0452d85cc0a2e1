package dev.openloop.server.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each setting's value comes from: a flag beats the environment, the environment beats the
 * config file, the file beats the default. The result is shaped as an environment (variable to
 * value), so that {@code ServerConfig.fromEnvironment} reads it as it reads the real one, and
 * variables not in {@link Settings} yet pass through untouched.
 */
public final class SettingSources {
    /** The variable that names the config file when {@code --config} does not. */
    public static final String CONFIG_VARIABLE = "OPENLOOP_CONFIG";

    private SettingSources() {
    }

    /**
     * Resolves every setting.
     *
     * @param env the process's environment
     * @param configFile the config file, or null for none
     * @param flags the values of the flags given, by setting
     * @throws IllegalArgumentException naming the variable, the flag or the file's key of a value
     *     that is not one the setting takes
     */
    public static Map<String, String> resolve(Map<String, String> env, Path configFile, Map<Setting, String> flags) {
        Map<String, String> file = configFile == null ? Map.of() : ConfigFile.read(configFile);
        Map<String, String> resolved = new HashMap<>(env);
        for (Setting setting : Settings.ALL) {
            String value;
            String fromEnv = env.get(setting.env());
            if (flags.containsKey(setting)) {
                value = setting.fromText(setting.flag(), flags.get(setting).strip());
            } else if (fromEnv != null && !fromEnv.isBlank()) {
                value = setting.fromText(setting.env(), fromEnv.strip());
            } else if (file.containsKey(setting.env())) {
                value = file.get(setting.env());
            } else {
                value = setting.defaultValue();
            }
            if (value == null) {
                resolved.remove(setting.env());
            } else {
                resolved.put(setting.env(), value);
            }
        }
        return Map.copyOf(resolved);
    }

    /** The config file named by {@code --config} ({@code flag}, may be null), else by {@code OPENLOOP_CONFIG}; null for none. */
    public static Path configFile(String flag, Map<String, String> env) {
        if (flag != null && !flag.isBlank()) {
            return Path.of(flag.strip());
        }
        String fromEnv = env.get(CONFIG_VARIABLE);
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv.strip());
    }
}
