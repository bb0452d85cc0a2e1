package dev.openloop.server.config;

import static dev.openloop.server.config.SettingType.bool;
import static dev.openloop.server.config.SettingType.integer;
import static dev.openloop.server.config.SettingType.millis;
import static dev.openloop.server.config.SettingType.oneOf;
import static dev.openloop.server.config.SettingType.text;

import java.util.List;
import java.util.Optional;

/**
 * Every setting of a node, in the order README's configuration table lists them. A new setting is
 * one line here; {@code ServerConfig} then reads it by its variable as before ({@code EnvReader}),
 * and the config file and the flags know it at once. {@code SettingsTableTest} checks that
 * README's table is this list (when it is not, it writes the table to paste into README to
 * {@code openloop-server/target/README-configuration-table.md}), that {@code ServerConfig} reads
 * no variable missing from it, and that its defaults are the ones {@code ServerConfig} falls back to.
 */
public final class Settings {
    private static final long INT_MAX = Integer.MAX_VALUE;

    public static final List<Setting> ALL = List.of(
            Setting.of("OPENLOOP_HOST", "host", text(), "address to listen on").defaultValue("127.0.0.1"),
            Setting.of("OPENLOOP_PORT", "port", integer(0, 65535), "port to listen on").defaultValue("8080"),
            Setting.of("OPENLOOP_DATA_DIR", "data-dir", text(),
                    "where the embedded SQLite database (`openloop.db`) lives").defaultValue("./data").forDatabase(),
            Setting.of("OPENLOOP_DATABASE_URL", "database.url", text(),
                    "a `jdbc:postgresql:` URL switches to PostgreSQL").defaultDoc("SQLite in the data dir").forDatabase(),
            Setting.of("OPENLOOP_API_KEY", "api-key", text(),
                    "a key accepted in `X-API-KEY` (stored hashed; added to the keys already stored, see above)")
                    .defaultDoc("generated on first start").asSecret(),
            Setting.of("OPENLOOP_API_KEY_CACHE_MS", "api-key-cache-ms", millis(),
                    "how long a node accepts a key it found valid without asking the database again: the longest a"
                            + " revoked key keeps working on a node").defaultValue("30000"),
            Setting.of("OPENLOOP_NODE_ID", "node-id", text(), "this node's name, recorded on the logs it is streaming")
                    .defaultDoc("`host:port`"),
            Setting.of("OPENLOOP_SQLITE_SYNCHRONOUS", "database.sqlite-synchronous", oneOf("full", "normal"),
                    "`full`: a committed log survives a power loss; `normal`: it survives the process being killed, and"
                            + " answers come about 0.3 ms sooner at 1,000 requests/s on a small machine"
                            + " (docs/benchmarks.md)").defaultValue("full").forDatabase(),
            Setting.of("OPENLOOP_DB_POOL_SIZE", "database.pool-size", integer(1, INT_MAX), "database connections")
                    .defaultDoc("8 (SQLite), 16 (PostgreSQL)"),
            Setting.of("OPENLOOP_MAX_BODY_BYTES", "max-body-bytes", integer(1, INT_MAX), "largest request body accepted")
                    .defaultValue("33554432"),
            Setting.of("OPENLOOP_MAX_MESSAGES", "max-messages", integer(1, INT_MAX),
                    "messages in one list (`messages`, a `chat_template`, a log's `messages`)").defaultValue("100000"),
            Setting.of("OPENLOOP_MAX_TOOLS", "max-tools", integer(1, INT_MAX), "tools of one config").defaultValue("512"),
            Setting.of("OPENLOOP_MAX_METADATA_BYTES", "max-metadata-bytes", integer(1, INT_MAX),
                    "a chat's or log's `metadata`, as JSON").defaultValue("262144"),
            Setting.of("OPENLOOP_MAX_INPUTS_BYTES", "max-inputs-bytes", integer(1, INT_MAX),
                    "a chat's or log's `inputs`, as JSON").defaultValue("8388608"),
            Setting.of("OPENLOOP_MAX_OUTPUT_TOKENS", "max-output-tokens", integer(1, INT_MAX),
                    "`num_samples` × `max_tokens` of one chat request").defaultValue("1048576"),
            Setting.of("OPENLOOP_MAX_SAMPLED_BYTES", "max-sampled-bytes", integer(1, INT_MAX),
                    "`num_samples` × the body's size (and × the filled chat template): every sample's log keeps a copy")
                    .defaultValue("8388608"),
            Setting.of("OPENLOOP_MAX_BATCH_ITEMS", "max-batch-items", integer(1, INT_MAX),
                    "items of one `POST /logs` or `POST /feedback` array").defaultValue("1000"),
            Setting.of("OPENLOOP_ALLOWED_ENDPOINT_HOSTS", "allowed-endpoint-hosts", text(),
                    "endpoints a request may name (`provider_api_keys.openai_azure_endpoint`): comma-separated"
                            + " `[http://]host[:port]`, `*.domain`, `host:*` (docs/reliability.md)").defaultDoc("none"),
            Setting.of("OPENLOOP_MAX_CONNECTIONS", "max-connections", integer(1, INT_MAX),
                    "open connections served at once; past it a request is answered 503 with `Retry-After` (lowered to"
                            + " what `ulimit -n` leaves room for)").defaultValue("2000"),
            Setting.of("OPENLOOP_HEADER_TIMEOUT_MS", "header-timeout-ms", millis(),
                    "a new connection that has not sent a complete request head in this time is closed")
                    .defaultValue("10000"),
            Setting.of("OPENLOOP_IDLE_TIMEOUT_MS", "idle-timeout-ms", millis(),
                    "a kept-alive connection idle this long between requests is closed").defaultValue("60000"),
            Setting.of("OPENLOOP_WRITE_TIMEOUT_MS", "write-timeout-ms", millis(),
                    "a client that reads nothing for this long while an answer is being written to it is dropped")
                    .defaultValue("30000"),
            Setting.of("OPENLOOP_DRAIN_DELAY_MS", "drain-delay-ms", millis(),
                    "after SIGTERM, how long the node keeps taking requests while `/readyz` answers 503, before it"
                            + " closes its port (behind a load balancer: a little more than its health-check interval)")
                    .defaultValue("0"),
            Setting.of("OPENLOOP_SHUTDOWN_GRACE_MS", "shutdown-grace-ms", millis(),
                    "how long a stopping server waits for requests in flight").defaultValue("30000"),
            Setting.of("OPENLOOP_STREAM_KEEPALIVE_MS", "stream-keepalive-ms", millis(),
                    "a stream quiet this long gets a `: keep-alive` comment line (0 turns them off)").defaultValue("15000"),
            Setting.of("OPENLOOP_EXPERIMENT_SEED", "experiment-seed", integer(Integer.MIN_VALUE, INT_MAX),
                    "seeds experiment draws, for repeatable runs (tests, demos)").defaultDoc("random"),
            Setting.of("OPENLOOP_LOG_FORMAT", "log.format", oneOf("text", "json"),
                    "the node's log: `text`, a line per event (UTC time, level, logger, request id, message), or"
                            + " `json`, a JSON object per line (docs/operations.md)").defaultValue("text"),
            Setting.of("OPENLOOP_LOG_LEVEL", "log.level", oneOf("trace", "debug", "info", "warn", "error", "off"),
                    "the level of every logger not named in `OPENLOOP_LOG_LEVELS`").defaultValue("info"),
            Setting.of("OPENLOOP_LOG_LEVELS", "log.levels", text(),
                    "a level per logger, e.g. `dev.openloop=debug,io.helidon=warn`; `openloop.access=off` turns the"
                            + " access log off").defaultDoc("none"),
            Setting.of("OPENLOOP_METRICS_PORT", "metrics.port", integer(0, 65535),
                    "serves `/metrics` on a listener of its own, without API key; without it `/metrics` is on the"
                            + " main port and takes the API key").defaultDoc("none"),
            Setting.of("OPENLOOP_METRICS_HOST", "metrics.host", text(),
                    "the address of the metrics listener").defaultDoc("`OPENLOOP_HOST`"),
            Setting.of("OPENLOOP_TRACE_CONTENT", "trace-content", bool(),
                    "traces hold the messages sent and generated (traces are on with the standard `OTEL_*` variables,"
                            + " docs/operations.md)").defaultValue("false"),
            Setting.of("OPENLOOP_PRICES_FILE", "prices-file", text(),
                    "a price file of your own (CSV, as the shipped one): its lines replace the shipped prices of the"
                            + " same provider, model and date and add others (docs/operations.md)").defaultDoc("none"),
            Setting.of("OPENLOOP_REDIS_URL", "redis.url", text(),
                    "a `redis://` URL: the nodes share their rate limits' and budgets' counters there, so that N nodes"
                            + " hold one limit (docs/operations.md)").defaultDoc("counters in each node's memory").asSecret(),
            Setting.of("OPENLOOP_REDIS_TIMEOUT_MS", "redis.timeout-ms", millis(),
                    "how long a Redis command may take before the counters count as unreachable").defaultValue("250"),
            Setting.of("OPENLOOP_LIMITS_WITHOUT_REDIS", "limits.without-redis", oneOf("open", "closed"),
                    "while Redis cannot be reached, calls go on unlimited (`open`) or are refused with 503 (`closed`)")
                    .defaultValue("open"),
            Setting.of("OPENLOOP_LIMITS_CACHE_MS", "limits.cache-ms", millis(),
                    "how long a node uses the limits it read before reading them again: the longest a change made"
                            + " through another node takes").defaultValue("10000"),
            Setting.of("OPENLOOP_PROVIDER_CONNECT_TIMEOUT_MS", "provider.connect-timeout-ms", millis(),
                    "connect timeout of provider calls").defaultValue("10000"),
            Setting.of("OPENLOOP_PROVIDER_READ_TIMEOUT_MS", "provider.read-timeout-ms", millis(),
                    "longest wait for the next bytes of a provider answer").defaultValue("600000"),
            Setting.of("OPENLOOP_PROVIDER_MAX_ATTEMPTS", "provider.max-attempts", integer(1, INT_MAX),
                    "tries per provider call, the first included").defaultValue("3"),
            Setting.of("OPENLOOP_PROVIDER_RETRY_BASE_MS", "provider.retry-base-ms", millis(),
                    "first retry backoff (doubles, with jitter)").defaultValue("500"),
            Setting.of("OPENLOOP_PROVIDER_MAX_RETRY_AFTER_MS", "provider.max-retry-after-ms", millis(),
                    "a longer `Retry-After` is passed to the caller instead of waited for").defaultValue("20000"),
            Setting.of("OPENLOOP_FALLBACK_DEADLINE_MS", "routing.fallback-deadline-ms", millis(),
                    "no fallback is tried once this long has passed since a call's first provider attempt began"
                            + " (docs/operations.md#routing)").defaultValue("60000"),
            Setting.of("OPENLOOP_KEY_COOLDOWN_MS", "routing.key-cooldown-ms", millis(),
                    "how long a server key answered with a rate limit is skipped when the provider sent no `Retry-After`")
                    .defaultValue("30000"),
            Setting.of("OPENLOOP_BREAKER_FAILURES", "routing.breaker-failures", integer(0, INT_MAX),
                    "provider failures in a row (5xx and overloads, timeouts, broken answers, unreachable; not rate limits) after which the node skips"
                            + " the provider for a while; 0: never").defaultValue("5"),
            Setting.of("OPENLOOP_BREAKER_OPEN_MS", "routing.breaker-open-ms", millis(),
                    "how long a provider is first skipped; each failed probe doubles it").defaultValue("5000"),
            Setting.of("OPENLOOP_BREAKER_MAX_OPEN_MS", "routing.breaker-max-open-ms", millis(),
                    "the longest a provider is skipped at a time").defaultValue("120000"),
            Setting.of("OPENAI_API_KEY", "openai.api-key", text(), "OpenAI's key").asSecret(),
            Setting.of("OPENAI_API_KEYS", "openai.api-keys", text(),
                    "more keys for OpenAI, `label:weight:key` separated by commas, calls spread by weight"
                            + " (docs/operations.md#many-keys-per-provider)").asSecret(),
            Setting.of("OPENAI_BASE_URL", "openai.base-url", text(),
                    "OpenAI, or any server speaking its Chat Completions API").defaultValue("https://api.openai.com/v1"),
            Setting.of("OPENAI_MAX_TOKENS_PARAMETER", "openai.max-tokens-parameter",
                    oneOf("max_completion_tokens", "max_tokens"),
                    "the name `max_tokens` is sent to `openai` under (docs/providers.md)")
                    .defaultDoc("`max_completion_tokens` at OpenAI's URL, else `max_tokens`"),
            Setting.of("AZURE_OPENAI_API_KEY", "azure-openai.api-key", text(),
                    "Azure OpenAI's key; it is sent to this endpoint only, never to one a request names").asSecret(),
            Setting.of("AZURE_OPENAI_API_KEYS", "azure-openai.api-keys", text(),
                    "more keys for Azure OpenAI, `label:weight:key[@endpoint]` separated by commas").asSecret(),
            Setting.of("AZURE_OPENAI_ENDPOINT", "azure-openai.endpoint", text(),
                    "Azure OpenAI, e.g. `https://my.openai.azure.com`"),
            Setting.of("AZURE_OPENAI_API_VERSION", "azure-openai.api-version", text(), "Azure OpenAI's API version")
                    .defaultValue("2024-10-21"),
            Setting.of("ANTHROPIC_API_KEY", "anthropic.api-key", text(), "Anthropic's key").asSecret(),
            Setting.of("ANTHROPIC_API_KEYS", "anthropic.api-keys", text(),
                    "more keys for Anthropic, `label:weight:key` separated by commas").asSecret(),
            Setting.of("ANTHROPIC_BASE_URL", "anthropic.base-url", text(), "Anthropic")
                    .defaultValue("https://api.anthropic.com"),
            Setting.of("COHERE_API_KEY", "cohere.api-key", text(), "Cohere's key").asSecret(),
            Setting.of("COHERE_API_KEYS", "cohere.api-keys", text(),
                    "more keys for Cohere, `label:weight:key` separated by commas").asSecret(),
            Setting.of("COHERE_BASE_URL", "cohere.base-url", text(), "Cohere").defaultValue("https://api.cohere.com"),
            Setting.of("AI21_API_KEY", "ai21.api-key", text(), "AI21's key").asSecret(),
            Setting.of("AI21_API_KEYS", "ai21.api-keys", text(),
                    "more keys for AI21, `label:weight:key` separated by commas").asSecret(),
            Setting.of("AI21_BASE_URL", "ai21.base-url", text(), "AI21").defaultValue("https://api.ai21.com/studio/v1"),
            Setting.of("GOOGLE_API_KEY", "google.api-key", text(), "Google's key for its Gemini API").asSecret(),
            Setting.of("GOOGLE_API_KEYS", "google.api-keys", text(),
                    "more keys for Google, `label:weight:key` separated by commas").asSecret(),
            Setting.of("GOOGLE_BASE_URL", "google.base-url", text(), "Google's Gemini API")
                    .defaultValue("https://generativelanguage.googleapis.com"));

    private Settings() {
    }

    /** The setting read from the environment variable {@code env}. */
    public static Optional<Setting> byEnv(String env) {
        return ALL.stream().filter(setting -> setting.env().equals(env)).findFirst();
    }

    /** The setting under the config file's key {@code fileKey}. */
    public static Optional<Setting> byFileKey(String fileKey) {
        return ALL.stream().filter(setting -> setting.fileKey().equals(fileKey)).findFirst();
    }

    /** README's configuration table: a Markdown table of every setting. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("""
                | variable | file key | default | what it does |
                |---|---|---|---|
                """);
        for (Setting setting : ALL) {
            table.append("| `").append(setting.env()).append("` | `").append(setting.fileKey()).append("` | ")
                    .append(defaultShown(setting)).append(" | ").append(setting.doc()).append(" |\n");
        }
        return table.toString();
    }

    private static String defaultShown(Setting setting) {
        if (setting.defaultDoc() != null) {
            return setting.defaultDoc();
        }
        if (setting.defaultValue() == null) {
            return "–";
        }
        return setting.type() instanceof SettingType.Whole ? setting.defaultValue() : "`" + setting.defaultValue() + "`";
    }
}
