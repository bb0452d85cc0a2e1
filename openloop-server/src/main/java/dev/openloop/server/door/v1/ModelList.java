package dev.openloop.server.door.v1;

import dev.openloop.server.apikey.KeyScope;
import dev.openloop.server.deployment.DeployedName;
import dev.openloop.server.deployment.DeploymentStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/models}: the deployments a call can address, in OpenAI's list shape. Each
 * deployment is listed as {@code <project>@<environment>}, and a project's deployment to the
 * default environment as {@code <project>} too. Registered configs ({@code config_…}) and
 * providers' models ({@code <provider>/<model>}) are addressable but not listed: the first are
 * versions rather than names a team picks, the second an open set that the providers list.
 */
final class ModelList {
    /** The most deployments listed: OpenAI's list has no pages, and an answer must stay bounded. */
    static final int MAX_LISTED = 10_000;

    private ModelList() {
    }

    /** The deployments of the projects {@code scope} reaches. */
    static Map<String, Object> of(DeploymentStore deployments, KeyScope scope) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (DeployedName deployed : deployments.names(MAX_LISTED)) {
            if (!scope.reaches(deployed.projectId())) {
                continue;
            }
            long created = deployed.createdAt() / 1000;
            if (deployed.defaultEnvironment()) {
                data.add(model(deployed.project(), created));
            }
            data.add(model(deployed.project() + "@" + deployed.environment(), created));
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        return list;
    }

    private static Map<String, Object> model(String id, long created) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", created);
        model.put("owned_by", "openloop");
        return model;
    }
}
