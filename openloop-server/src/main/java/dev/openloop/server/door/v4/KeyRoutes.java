package dev.openloop.server.door.v4;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.openloop.api.json.ClosedSchema;
import dev.openloop.server.apikey.ApiKeys;
import dev.openloop.server.apikey.KeyIssuer;
import dev.openloop.server.apikey.StoredKey;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenLoop's extension for managing API keys, admin keys only (see {@link V4Access}): list,
 * create (the key is in the answer this once; only its hash is stored) and revoke.
 */
public final class KeyRoutes implements HttpService {
    /** Where the keys are, below {@code /v4}. */
    static final String PATH = "/openloop/keys";

    /** What a new key is asked with; each field may be left out, and no other is taken. */
    @ClosedSchema
    record CreateKeyRequest(@JsonProperty("name") String name, @JsonProperty("role") String role,
            @JsonProperty("projects") List<String> projects) {
    }

    private final KeyIssuer issuer;
    private final ApiKeys apiKeys;

    public KeyRoutes(KeyIssuer issuer, ApiKeys apiKeys) {
        this.issuer = issuer;
        this.apiKeys = apiKeys;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, (req, res) -> JsonAnswers.send(res, 200, issuer.all().stream().map(KeyRoutes::listed).toList()))
                .post(PATH, this::create)
                .delete(PATH + "/{id}", this::revoke);
    }

    private void create(ServerRequest req, ServerResponse res) {
        CreateKeyRequest request = RequestBodies.read(req, CreateKeyRequest.class, RequestBodies.Extras.REFUSE, (body, problems) -> { });
        KeyIssuer.Issued issued = issuer.create(request.name(), request.role(), request.projects());
        Map<String, Object> answer = listed(issued.stored());
        answer.put("key", issued.key());
        JsonAnswers.send(res, 201, answer);
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        StoredKey revoked = issuer.revoke(req.path().pathParameters().get("id"));
        // This node refuses it from its next request; the others within their cache time.
        apiKeys.forget(revoked.hash());
        JsonAnswers.send(res, 200, listed(revoked));
    }

    /** A key as the list shows it: never the key, nor its hash beyond the id. */
    private static Map<String, Object> listed(StoredKey key) {
        Map<String, Object> listed = new LinkedHashMap<>();
        listed.put("id", key.id());
        listed.put("name", key.name());
        listed.put("role", key.scope().role().wireName());
        listed.put("projects", key.scope().everyProject() ? null : List.copyOf(key.scope().sortedProjectIds()));
        listed.put("created_at", key.createdAt());
        listed.put("revoked_at", key.revokedAt());
        return listed;
    }
}
