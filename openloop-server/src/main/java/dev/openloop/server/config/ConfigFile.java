package dev.openloop.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional config file ({@code openloop.yaml}): the settings of {@link Settings} under their
 * file keys, a dotted key written either as sections ({@code database:} then {@code url:}) or as
 * it is ({@code database.url:}). Every problem is an {@link IllegalArgumentException} naming the
 * file and the key: a key no setting has, a value of the wrong type or out of range, a key given
 * twice, YAML that does not parse.
 */
public final class ConfigFile {
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build();

    private ConfigFile() {
    }

    /**
     * Reads {@code file}.
     *
     * @return each setting's value as an environment variable would hold it, by variable
     */
    public static Map<String, String> read(Path file) {
        String name = file.toString();
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(name + ": no such config file");
        } catch (JacksonException e) {
            throw new IllegalArgumentException(name + ": not valid YAML" + where(e.getLocation()) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": cannot be read: " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(name + ": must hold settings as 'key: value' lines, not a single value or a list");
        }
        read(name, "", root, values);
        return values;
    }

    private static void read(String file, String prefix, JsonNode section, Map<String, String> values) {
        for (Map.Entry<String, JsonNode> entry : section.properties()) {
            String key = prefix + entry.getKey();
            JsonNode value = entry.getValue();
            var setting = Settings.byFileKey(key);
            if (setting.isPresent()) {
                if (value.isNull() || value.isTextual() && value.textValue().isBlank()) {
                    continue; // a key without a value is unset, as an empty variable is
                }
                String previous = values.put(setting.get().env(), setting.get().fromFile(file, value));
                if (previous != null) {
                    throw new IllegalArgumentException(file + ": " + key + " is given twice");
                }
            } else if (!keysUnder(key).isEmpty()) {
                if (!value.isObject()) {
                    throw new IllegalArgumentException(file + ": " + key + " is a section (of " + String.join(", ", keysUnder(key))
                            + "), not a value");
                }
                read(file, key + ".", value, values);
            } else {
                throw new IllegalArgumentException(file + ": unknown key " + key + " (the keys" + knownNear(prefix) + ": "
                        + String.join(", ", keysUnder(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1)))
                        + ")");
            }
        }
    }

    /** The file keys inside the section {@code section}, or every key for the top. */
    private static List<String> keysUnder(String section) {
        return Settings.ALL.stream().map(Setting::fileKey)
                .filter(key -> section.isEmpty() || key.startsWith(section + "."))
                .toList();
    }

    private static String knownNear(String prefix) {
        return prefix.isEmpty() ? "" : " under " + prefix.substring(0, prefix.length() - 1);
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
