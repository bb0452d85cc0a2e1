package dev.openloop.server.provider.azure;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An Azure OpenAI resource's endpoint, e.g. {@code https://my-resource.openai.azure.com}: an
 * absolute http(s) URL with a host, possibly with a path (a gateway in front of Azure), without a
 * query or fragment, since the deployment's path and the API version are appended to it.
 */
final class AzureEndpoint {
    private final String base;

    private AzureEndpoint(String base) {
        this.base = base;
    }

    /** The endpoint {@code text} names, or empty when it is not an http(s) URL. */
    static Optional<AzureEndpoint> parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme();
        boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        if (!http || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        return Optional.of(new AzureEndpoint(uri.toString().replaceAll("/+$", "")));
    }

    /** The endpoint as a URI, for checking where it leads. */
    URI uri() {
        return URI.create(base);
    }

    /**
     * Whether {@code deployment} can be sent as one segment of the path. Other characters are
     * percent-encoded; these are not enough, since the HTTP client decodes the path before sending
     * it, which would turn an encoded slash back into a path separator.
     */
    static boolean isDeploymentName(String deployment) {
        return !deployment.isEmpty() && deployment.indexOf('/') < 0 && deployment.indexOf('\\') < 0
                && !deployment.equals(".") && !deployment.equals("..");
    }

    /** Where {@code deployment}'s Chat Completions are served in API version {@code apiVersion}. */
    URI chatCompletions(String deployment, String apiVersion) {
        return URI.create(base + "/openai/deployments/" + encode(deployment) + "/chat/completions?api-version="
                + encode(apiVersion));
    }

    /** Where a deployment's legacy Completions API (instruct models) is, for {@code apiVersion}. */
    URI completions(String deployment, String apiVersion) {
        return URI.create(base + "/openai/deployments/" + encode(deployment) + "/completions?api-version="
                + encode(apiVersion));
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters, so a name can never start the query. */
    private static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return encoded.toString();
    }

    @Override
    public String toString() {
        return base;
    }
}
