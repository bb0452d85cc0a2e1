-- /chat-model-config without a project logs to the project that uses the config, found by the
-- config: without this index that lookup would read every project's links on every such request.
CREATE INDEX project_configs_config ON project_configs (config_id, created_at, project_id);
