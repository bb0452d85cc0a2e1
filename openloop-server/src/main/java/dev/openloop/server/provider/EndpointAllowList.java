package dev.openloop.server.provider;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The endpoints a request may name for the server to connect to ({@code OPENLOOP_ALLOWED_ENDPOINT_HOSTS}):
 * none by default, since a caller who could name any would have the server post to its own
 * network (an admin port, a metadata service) and read the answer back, or scan its ports.
 *
 * <p>The setting is a comma-separated list of patterns {@code [http://]host[:port]}: {@code host}
 * is a name or an address, or {@code *.domain} for any name under {@code domain}; without a
 * scheme only {@code https} is allowed, {@code http://} allows plain HTTP too; without a port only
 * the scheme's own (443, 80), {@code :*} any port. {@code *} alone allows every https endpoint.
 * Names are compared as written, without resolving them.
 */
public final class EndpointAllowList {
    /** Allows nothing. */
    public static final EndpointAllowList NONE = new EndpointAllowList(List.of(), "");

    private final List<Pattern> patterns;
    private final String setting;

    private EndpointAllowList(List<Pattern> patterns, String setting) {
        this.patterns = patterns;
        this.setting = setting;
    }

    private record Pattern(boolean plainHttp, String host, int port) {
        static final int ANY_PORT = -2;
        static final int SCHEME_PORT = -1;

        boolean allows(URI uri) {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !(plainHttp && scheme.equals("http"))) {
                return false;
            }
            int uriPort = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
            int allowedPort = port == SCHEME_PORT ? (scheme.equals("https") ? 443 : 80) : port;
            if (port != ANY_PORT && uriPort != allowedPort) {
                return false;
            }
            String uriHost = uri.getHost().toLowerCase(Locale.ROOT);
            if (uriHost.startsWith("[") && uriHost.endsWith("]")) {
                uriHost = uriHost.substring(1, uriHost.length() - 1);
            }
            if (host.equals("*")) {
                return true;
            }
            if (host.startsWith("*.")) {
                return uriHost.endsWith(host.substring(1)) && uriHost.length() > host.length() - 1;
            }
            return uriHost.equals(host);
        }
    }

    /**
     * The list a setting names; {@link #NONE} when it is blank.
     *
     * @throws IllegalArgumentException when a pattern is malformed, naming it
     */
    public static EndpointAllowList parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return NONE;
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String raw : setting.split(",")) {
            String pattern = raw.strip().toLowerCase(Locale.ROOT);
            if (pattern.isEmpty()) {
                continue;
            }
            boolean plainHttp = pattern.startsWith("http://");
            String rest = plainHttp ? pattern.substring("http://".length())
                    : pattern.startsWith("https://") ? pattern.substring("https://".length()) : pattern;
            int port = Pattern.SCHEME_PORT;
            int colon = rest.lastIndexOf(':');
            if (colon > rest.lastIndexOf(']') && rest.indexOf(':') == colon) {
                String portText = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
                port = portText.equals("*") ? Pattern.ANY_PORT : parsePort(portText, raw);
            }
            if (rest.startsWith("[") && rest.endsWith("]")) {
                rest = rest.substring(1, rest.length() - 1);
            }
            if (rest.isEmpty() || rest.contains("/") || rest.indexOf('*', rest.startsWith("*.") ? 1 : rest.equals("*") ? 1 : 0) >= 0) {
                throw new IllegalArgumentException("OPENLOOP_ALLOWED_ENDPOINT_HOSTS: '" + raw.strip()
                        + "' is not a host pattern such as my-resource.openai.azure.com, *.openai.azure.com,"
                        + " http://10.0.0.5:8080 or gateway.internal:*");
            }
            patterns.add(new Pattern(plainHttp, rest, port));
        }
        return new EndpointAllowList(List.copyOf(patterns), setting.strip());
    }

    private static int parsePort(String text, String raw) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("OPENLOOP_ALLOWED_ENDPOINT_HOSTS: '" + raw.strip() + "' has no port 1-65535 or *");
    }

    /** Whether a request may make the server connect to {@code uri}, an absolute http(s) URL. */
    public boolean allows(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        for (Pattern pattern : patterns) {
            if (pattern.allows(uri)) {
                return true;
            }
        }
        return false;
    }

    /** Whether it allows anything at all. */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    @Override
    public String toString() {
        return setting.isEmpty() ? "none" : setting;
    }
}
