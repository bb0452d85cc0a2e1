package dev.openloop.server.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.json.RawJson;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.Provider;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.ProviderResult;
import dev.openloop.server.provider.ProviderStream;
import dev.openloop.server.provider.UsageDetail;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provider called over HTTP with JSON bodies and SSE streams. This class holds the call (through
 * {@link ProviderHttp}: retries, timeouts, error mapping); an adapter extending it writes only its
 * translation: the body it sends, where it goes with which headers, how the answer, a stream's
 * events and an error body read.
 */
public abstract class HttpProvider implements Provider {
    private final ProviderHttp http;
    private final String origin;
    private final ProviderHttp.ErrorReader errors;

    /**
     * @param origin the provider's display name, as failures name it
     * @param errors how the provider's error bodies read
     */
    protected HttpProvider(ProviderHttp http, String origin, ProviderHttp.ErrorReader errors) {
        this.http = http;
        this.origin = origin;
        this.errors = errors;
    }

    /** Where a call goes, with which headers, and the key among them that no message may show. */
    public record Target(URI uri, Map<String, String> headers, String secret) {
    }

    /** The provider's body for {@code request}, as JSON bytes in the form {@code Json.bytes} writes. */
    protected abstract byte[] body(ProviderRequest request, boolean streaming);

    /**
     * Where {@code request} goes.
     *
     * @throws dev.openloop.server.provider.ProviderFailure when the call cannot be made (no key, no endpoint)
     */
    protected abstract Target target(ProviderRequest request);

    /**
     * Where {@code request} goes as a stream or as a whole answer: {@link #target(ProviderRequest)}
     * for both, unless the provider streams at an address of its own.
     */
    protected Target target(ProviderRequest request, boolean streaming) {
        return target(request);
    }

    /**
     * The top-level fields of a whole answer that {@link #generations}, {@link #usage} and
     * {@link #usageDetail} read: they are given an object holding only those, and the rest of the
     * answer is copied for the log without a tree. {@code null} (the default) gives them the whole
     * answer as a tree.
     */
    protected Set<String> fieldsRead() {
        return null;
    }

    /** The generations of a whole answer, by index. */
    protected abstract List<Generation> generations(JsonNode answer);

    /** The usage of a whole answer; {@code null} when it has none. */
    protected abstract Usage usage(JsonNode answer);

    /**
     * The parts of a whole answer's usage the provider breaks out; none unless an adapter reads them.
     */
    protected UsageDetail usageDetail(JsonNode answer) {
        return UsageDetail.NONE;
    }

    /** A reader for the events of one stream (a reader may keep state across a stream's events). */
    protected abstract SseProviderStream.ChunkReader chunkReader();

    @Override
    public final ProviderResult complete(ProviderRequest request) {
        byte[] body = body(request, false);
        ProviderHttp.Reply reply = http.send(call(request, body, false));
        JsonAnswer answer = JsonAnswer.read(reply, fieldsRead(), origin);
        JsonNode read = answer.read();
        return new ProviderResult(generations(read), usage(read), answer.raw(), RawJson.of(body), reply.latency(),
                usageDetail(read));
    }

    @Override
    public final ProviderStream stream(ProviderRequest request) {
        byte[] body = body(request, true);
        ProviderHttp.OpenStream open = http.open(call(request, body, true));
        return new SseProviderStream(open, RawJson.of(body), chunkReader(), origin);
    }

    private ProviderHttp.Call call(ProviderRequest request, byte[] body, boolean streaming) {
        Target target = target(request, streaming);
        return new ProviderHttp.Call(origin, target.uri(), target.headers(), body, target.secret(), errors);
    }
}
