package dev.openloop.server.modelconfig;

import dev.openloop.api.config.Fallback;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelConfigResponse;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.api.config.ToolResponse;
import java.util.List;

/** Stored config versions as v4 answers them. */
public final class ModelConfigResponses {
    private ModelConfigResponses() {
    }

    /** {@code stored} as a {@code ModelConfigResponse}, with the fallbacks stored with it. */
    public static ModelConfigResponse of(StoredConfig stored, ModelConfigStore configs) {
        return of(stored, configs.fallbacks(stored.id()));
    }

    /**
     * {@code stored} as a {@code ModelConfigResponse} whose {@code fallbacks} are not looked up
     * ({@code null}): for answers that embed a config in each of many items, such as logs.
     */
    public static ModelConfigResponse withoutFallbacks(StoredConfig stored) {
        return of(stored, (List<Fallback>) null);
    }

    /** {@code stored} as a {@code ModelConfigResponse}, with {@code fallbacks}. */
    public static ModelConfigResponse of(StoredConfig stored, List<Fallback> fallbacks) {
        ModelConfigRequest config = stored.config();
        List<ToolResponse> tools = config.tools() == null ? null : config.tools().stream().map(ModelConfigResponses::tool).toList();
        return new ModelConfigResponse(
                stored.id(),
                "model",
                config.model(),
                config.name(),
                config.description(),
                config.provider(),
                config.maxTokens(),
                config.temperature(),
                config.topP(),
                config.stop(),
                config.presencePenalty(),
                config.frequencyPenalty(),
                config.other(),
                config.seed(),
                config.responseFormat(),
                config.endpoint(),
                config.promptTemplate(),
                config.chatTemplate(),
                List.of(),
                tools,
                fallbacks);
    }

    private static ToolResponse tool(ToolDefinition tool) {
        // Inline tools have no id of their own; their name is unique within the config.
        String id = tool.id() != null ? tool.id() : "tool_" + tool.name();
        return new ToolResponse(id, tool.name(), tool.description(), tool.parameters(),
                tool.source() == null ? "inline" : tool.source().wire());
    }
}
