package dev.openloop.server.chat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.BenchNode;
import dev.openloop.server.chatlog.LogRecord;
import dev.openloop.server.chatlog.LogStatus;
import dev.openloop.server.cost.Cost;
import dev.openloop.server.door.v4.V4Steps;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.UsageDetail;
import dev.openloop.server.provider.http.ProviderSteps;
import dev.openloop.server.provider.openaicompat.ChatCompletionsRequests;
import dev.openloop.server.provider.openaicompat.ChatCompletionsResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One benchmark per step of a proxied chat ({@code POST /v4/chat}, provider {@code openai}), each
 * the set-up below plus one call, on the same chat the end-to-end harness sends: parse (body to
 * request), plan (project, config and prompt resolved, from the node's copies once read), render (a prompt
 * template filled), provider request (OpenAI's body built and encoded), provider answer (OpenAI's
 * answer parsed into generations and usage), log row (the log's record with its JSON columns) and
 * answer (v4's answer serialized). Run with {@code -prof gc} for bytes per operation beside the time.
 *
 * <p>In the server's {@code chat} package because the planner, the renderer and the log rows are
 * package-private; when a step's signature changes, its one line here changes with it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChatStepsBenchmark {
    /** The chat of {@code bench/}'s harness ({@code Target.viaOpenLoop}), about 400 bytes. */
    static final String BODY = """
            {"project":"bench","messages":[\
            {"role":"system","content":"You are a concise assistant for a museum of maritime history."},\
            {"role":"user","content":"In two sentences: how does a lighthouse lens make its beam visible so far out at sea?"}],\
            "model_config":{"provider":"openai","model":"gpt-4o-mini","temperature":0.7,"max_tokens":256}}""";

    private BenchNode node;
    private ChatPlanner planner;
    private byte[] body;
    private ChatRequest request;
    private ChatCall call;
    private ChatPlan plan;
    private PlannedCall planned;
    private ProviderRequest providerRequest;
    private byte[] upstreamAnswer;
    private SampleResult sample;
    private ChatResult result;
    private List<ChatMessage> template;
    private Map<String, Object> inputs;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        node = BenchNode.open();
        ChatPlanner.ConfigSources sources = new ChatPlanner.ConfigSources(
                new InlineConfigSource(node.configs()),
                new RegisteredConfigSource(node.configs()),
                new ExperimentConfigSource(node.experiments(), node.projects()),
                new DeployedConfigSource(node.environments(), node.deployments(), node.configs(), node.experiments()));
        FallbackPlanner fallbacks = new FallbackPlanner(node.configs(), node.providers(), experimentId -> java.util.Set.of());
        planner = new ChatPlanner(node.placement(), node.configs(), node.providers(), sources, node.config().limits(),
                fallbacks, node.gate());
        body = BODY.getBytes(StandardCharsets.UTF_8);
        request = V4Steps.parse(body);
        call = V4Steps.call(request);
        plan = planner.plan(call); // the first plan creates the project and the config; the rest find them
        planned = plan.calls().getFirst();
        providerRequest = planned.request();
        upstreamAnswer = resource("chat_completion.json");
        ObjectNode sent = ChatCompletionsRequests.body(providerRequest, false, true, "max_tokens");
        JsonNode answer = Json.MAPPER.readTree(upstreamAnswer);
        Usage usage = ChatCompletionsResponses.usage(answer);
        String text = ChatCompletionsResponses.generations(answer).getFirst().text();
        sample = new SampleResult(text, List.of(), "stop", usage, Duration.ofMillis(420), null, sent, answer,
                UsageDetail.NONE, Cost.UNKNOWN);
        result = new ChatResult(plan, List.of(new SampleAnswer(planned.logIds().getFirst(), 0,
                planned.config().stored().id(), text, List.of(), "stop")), List.of(answer), usage, sent);
        template = Json.MAPPER.readValue("""
                [{"role":"system","content":"You are a concise assistant for a museum of {{ topic }}."},\
                {"role":"user","content":"In two sentences: how does {{thing}} make its beam visible so far out at sea?"}]""",
                new TypeReference<List<ChatMessage>>() { });
        inputs = Map.of("topic", "maritime history", "thing", "a lighthouse lens");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        node.close();
    }

    @Benchmark
    public ChatRequest parse() {
        return V4Steps.parse(body);
    }

    @Benchmark
    public ChatPlan plan() {
        return planner.plan(call);
    }

    @Benchmark
    public Object render() {
        return TemplateRenderer.render(template, inputs, 1_000_000);
    }

    @Benchmark
    public byte[] providerRequest() {
        return Json.bytes(ChatCompletionsRequests.body(providerRequest, false, true, "max_tokens"));
    }

    @Benchmark
    public void providerAnswer(Blackhole sink) {
        JsonNode answer = ProviderSteps.answer(upstreamAnswer, ChatCompletionsResponses.ANSWER_FIELDS_READ, "OpenAI");
        sink.consume(ChatCompletionsResponses.generations(answer));
        sink.consume(ChatCompletionsResponses.usage(answer));
        sink.consume(ChatCompletionsResponses.usageDetail(answer));
    }

    @Benchmark
    public LogRecord logRow() {
        return ChatLogs.record(plan, planned, 0, LogStatus.COMPLETE, null, sample);
    }

    @Benchmark
    public byte[] answer() {
        return V4Steps.answer(request, result);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ChatStepsBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing resource " + name));
            }
            return in.readAllBytes();
        }
    }
}
