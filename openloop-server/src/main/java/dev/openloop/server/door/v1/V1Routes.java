package dev.openloop.server.door.v1;

import dev.openloop.server.chat.ChatCall;
import dev.openloop.server.chat.ChatCore;
import dev.openloop.server.chat.ChatResult;
import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.web.InputLimits;
import dev.openloop.server.web.JsonAnswers;
import dev.openloop.server.http.DoorErrors;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.web.SseWriter;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code /v1} door, OpenAI's protocol: {@code POST /v1/chat/completions}, whole and streamed,
 * through the same chat core as v4, and {@code GET /v1/models}. Every failure is answered in
 * OpenAI's shape ({@link V1Errors}); a path it does not serve is a 404 in that shape too.
 */
public final class V1Routes implements HttpService {
    private static final String COMPLETIONS = "/chat/completions";
    private static final String MODELS = "/models";

    private static final HeaderName PARENT_HEADER = HeaderNames.create(ParamNames.PARENT_HEADER);

    private final ChatCore core;
    private final DeploymentStore deployments;

    public V1Routes(ChatCore core, DeploymentStore deployments) {
        this.core = core;
        this.deployments = deployments;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(COMPLETIONS, answering(this::completions))
                .get(MODELS, answering((req, res) -> JsonAnswers.send(res, 200, ModelList.of(deployments))))
                .any(answering(V1Routes::unserved));
    }

    private void completions(ServerRequest req, ServerResponse res) {
        byte[] body = RequestBodies.bytesOf(req);
        InputLimits limits = InputLimits.of(req);
        CompletionRequest request = CompletionBinding.bind(body, limits);
        CallHeaders headers = CallHeaders.of(req);
        ChatCall call = CompletionCalls.of(request, ModelAddress.parse(request.model()), headers, limits, body.length);
        long created = Instant.now().getEpochSecond();
        if (request.stream()) {
            core.stream(call, plan -> {
                List<String> logIds = plan.logIds();
                res.header(Completions.LOG_IDS_HEADER, String.join(",", logIds));
                return new CompletionChunks(SseWriter.start(res), logIds.getFirst(), request.model(), created,
                        request.includeUsage());
            });
        } else {
            ChatResult result = core.chat(call);
            res.header(Completions.LOG_IDS_HEADER, String.join(",",
                    result.samples().stream().map(sample -> sample.logId()).toList()));
            JsonAnswers.stream(res, 200, Completions.of(result, request.model(), created));
        }
    }

    /**
     * How the node answers in OpenAI's shape the errors no route of the door answers: a body over
     * {@code OPENLOOP_MAX_BODY_BYTES}, a malformed header, a query the binding refuses, a fault
     * of the server, the database gone while the key is checked.
     */
    public static DoorErrors errors() {
        return V1Errors.DOOR;
    }

    /** A path or method the door does not serve: 405 on its own paths, 404 elsewhere, as OpenAI answers. */
    private static void unserved(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        String method = req.prologue().method().text();
        boolean known = path.endsWith(COMPLETIONS) || path.endsWith(MODELS);
        String message = known
                ? method + " is not allowed on " + path + "; use " + (path.endsWith(MODELS) ? "GET" : "POST")
                : "Unknown request URL: " + method + " " + path;
        if (known) {
            res.header("Allow", path.endsWith(MODELS) ? "GET" : "POST");
        }
        throw new V1Exception(known ? 405 : 404, message, V1Exception.INVALID_REQUEST, null,
                known ? "method_not_allowed" : "unknown_url", Map.of());
    }

    /** {@code handler} with its failures answered in OpenAI's shape, once nothing of the answer has been sent. */
    private static Handler answering(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (RuntimeException e) {
                // What is no answer of the door's (a fault, the database) V1Errors throws on, to the node's error handling.
                V1Exception answer = V1Errors.of(e, req.headers().contains(PARENT_HEADER));
                if (res.isSent()) {
                    throw e;
                }
                V1Errors.write(res, answer);
            }
        };
    }
}
