package dev.openloop.server.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One setting of a node, under each of its names: an environment variable, a key of the config
 * file and, unless it is a secret, a command-line flag. {@link Settings#ALL} lists them all, and
 * README's configuration table is made from that list.
 *
 * @param env the environment variable, e.g. {@code OPENLOOP_PORT}
 * @param fileKey the config file's key, dotted for a key inside a section, e.g. {@code database.url}
 * @param type the values it takes
 * @param defaultValue the value when none is given, as an environment variable would hold it; null
 *     when there is none or the server works it out (then {@code defaultDoc} says how)
 * @param defaultDoc the default as README shows it, when the value alone does not say it
 * @param doc what it does, in a phrase (Markdown)
 * @param database whether the commands that only open the database ({@code keys}, {@code migrate})
 *     take it too
 * @param secret whether it is a credential: it gets no flag (a command line is visible to every
 *     user of the machine), and its value is never repeated in an error
 */
public record Setting(
        String env,
        String fileKey,
        SettingType type,
        String defaultValue,
        String defaultDoc,
        String doc,
        boolean database,
        boolean secret) {

    /** A setting of the server alone, without a default. */
    public static Setting of(String env, String fileKey, SettingType type, String doc) {
        return new Setting(env, fileKey, type, null, null, doc, false, false);
    }

    /** This setting with a default value. */
    public Setting defaultValue(String value) {
        return new Setting(env, fileKey, type, type.fromText(value), defaultDoc, doc, database, secret);
    }

    /** This setting with its default described for README, where the value alone does not say it. */
    public Setting defaultDoc(String text) {
        return new Setting(env, fileKey, type, defaultValue, text, doc, database, secret);
    }

    /** This setting, taken by the commands that only open the database too. */
    public Setting forDatabase() {
        return new Setting(env, fileKey, type, defaultValue, defaultDoc, doc, true, secret);
    }

    /** This setting as a credential. */
    public Setting asSecret() {
        return new Setting(env, fileKey, type, defaultValue, defaultDoc, doc, database, true);
    }

    /** The command-line flag, e.g. {@code --database-url}; null for a secret. */
    public String flag() {
        return secret ? null : "--" + fileKey.replace('.', '-');
    }

    /**
     * Checks a value given as text under {@code name} (the variable or the flag).
     *
     * @return the value as an environment variable holds it
     * @throws IllegalArgumentException naming {@code name} and saying what is expected
     */
    public String fromText(String name, String text) {
        try {
            return type.fromText(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " " + problem(e));
        }
    }

    /**
     * Checks the config file's value.
     *
     * @param file the file's name, for the error
     * @throws IllegalArgumentException naming the file and the key and saying what is expected
     */
    public String fromFile(String file, JsonNode node) {
        try {
            return type.fromFile(node);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + fileKey + " " + problem(e));
        }
    }

    private String problem(IllegalArgumentException e) {
        return secret ? "must be " + type.expected() : e.getMessage();
    }
}
