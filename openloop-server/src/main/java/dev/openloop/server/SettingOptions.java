package dev.openloop.server;

import dev.openloop.server.config.Setting;
import dev.openloop.server.config.SettingSources;
import dev.openloop.server.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options a command takes for its settings: {@code --config FILE} and a flag for each setting
 * of {@link Settings} it uses (secrets have none). They are made from the table, so a setting added
 * there is a flag at once.
 */
final class SettingOptions {
    private final Predicate<Setting> which;
    private final Map<Setting, OptionSpec> flags = new LinkedHashMap<>();
    private OptionSpec config;

    /** @param which the settings the command takes flags for */
    SettingOptions(Predicate<Setting> which) {
        this.which = which;
    }

    /** Adds {@code --config} and the settings' flags to the command {@code spec}. */
    void addTo(CommandSpec spec) {
        config = OptionSpec.builder("--config")
                .paramLabel("FILE")
                .type(String.class)
                .description("the config file (openloop.yaml); default: the file $" + SettingSources.CONFIG_VARIABLE
                        + " names, else none. A flag beats the environment, which beats the file.")
                .build();
        spec.addOption(config);
        for (Setting setting : Settings.ALL) {
            if (which.test(setting) && !setting.secret()) {
                OptionSpec flag = OptionSpec.builder(setting.flag())
                        .paramLabel(setting.type().label())
                        .type(String.class)
                        .description(description(setting))
                        .build();
                spec.addOption(flag);
                flags.put(setting, flag);
            }
        }
    }

    /** Every setting's value, from the flags given, {@code env}, the config file and the defaults. */
    Map<String, String> resolve(Map<String, String> env) {
        Map<Setting, String> given = new LinkedHashMap<>();
        flags.forEach((setting, flag) -> {
            if (flag.getValue() != null) {
                given.put(setting, flag.getValue());
            }
        });
        String configFlag = config == null ? null : config.getValue();
        return SettingSources.resolve(env, SettingSources.configFile(configFlag, env), given);
    }

    private static String description(Setting setting) {
        String shown = setting.defaultDoc() != null ? setting.defaultDoc()
                : setting.defaultValue() != null ? setting.defaultValue() : "none";
        // picocli formats descriptions: a literal % must be doubled.
        return (setting.doc() + " (" + setting.env() + "; default: " + shown + ")").replace("`", "").replace("%", "%%");
    }
}
