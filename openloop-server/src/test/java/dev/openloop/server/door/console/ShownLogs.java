package dev.openloop.server.door.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The logs a console page links to, in the order it shows them, read from its HTML. */
final class ShownLogs {
    private static final Pattern LOG_LINK = Pattern.compile("href=\"/logs/(data_[A-Za-z0-9]+)\"");

    private ShownLogs() {
    }

    /** The ids of the logs linked from the page at {@code path}, read signed in with {@code cookie}. */
    static List<String> on(TestServer server, String path, String cookie) {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri(path)).header("Cookie", cookie).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        Set<String> ids = new LinkedHashSet<>();
        Matcher link = LOG_LINK.matcher(response.body());
        while (link.find()) {
            ids.add(link.group(1));
        }
        return List.copyOf(ids);
    }
}
