package dev.openloop.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** This build's version, as Maven wrote it into {@code version.properties}, and the Java it runs on. */
final class OpenLoopVersion implements IVersionProvider {

    /** The version, e.g. {@code 0.1.0}. */
    static String version() {
        try (InputStream in = OpenLoopVersion.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "OpenLoop " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch")
        };
    }
}
