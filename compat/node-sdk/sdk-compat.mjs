// Runs the official Humanloop Node SDK (humanloop@0.5.36, unmodified) against an OpenLoop server,
// with the mock provider. Stops at the first failed check and exits 1, naming the call.
//
//   OPENLOOP_BASE_URL=http://127.0.0.1:8080/v4 OPENLOOP_API_KEY=my-key node sdk-compat.mjs
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Humanloop, HumanloopError } from "humanloop";

const basePath = requireEnv("OPENLOOP_BASE_URL");
const apiKey = requireEnv("OPENLOOP_API_KEY");
const hl = new Humanloop({ basePath, apiKey });

const tag = `${Date.now().toString(36)}-${process.pid}`;
const mock = (extra = {}) => ({ provider: "mock", model: "mock-1", ...extra });
const user = (content) => [{ role: "user", content }];
const weatherTool = {
  name: "get_weather",
  description: "The weather in a city",
  parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
};

let passed = 0;

/** Runs one check; a failure stops the script with the call's name. */
async function check(name, fn) {
  try {
    const value = await fn();
    passed++;
    console.log(`ok   ${name}`);
    return value;
  } catch (error) {
    throw new CheckFailed(name, error);
  }
}

class CheckFailed extends Error {
  constructor(name, cause) {
    super(`${name}: ${describe(cause)}`);
  }
}

function describe(error) {
  if (error instanceof HumanloopError) {
    const answer = error.status === undefined
      ? `no answer (${error.code ?? error.message})`
      : `${error.status} ${JSON.stringify(error.responseBody)}`;
    return `HumanloopError from ${error.method} ${error.url}: ${answer}`;
  }
  if (error instanceof assert.AssertionError) {
    return error.message;
  }
  return error && error.stack ? error.stack : String(error);
}

function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`sdk-compat: set ${name}`);
    process.exit(2);
  }
  return value;
}

/** Asserts the shape every non-stream chat answer has. */
function assertChat(body, samples) {
  assert.equal(body.data.length, samples, "number of samples");
  assert.ok(Array.isArray(body.provider_responses), "provider_responses is a list");
  body.data.forEach((d, i) => {
    assert.equal(d.index, i, `data[${i}].index`);
    assert.match(d.id, /^data_/, `data[${i}].id`);
    assert.equal(typeof d.output, "string", `data[${i}].output`);
    assert.equal(typeof d.model_config_id, "string", `data[${i}].model_config_id`);
    assert.equal(d.output_message.role, "assistant", `data[${i}].output_message.role`);
  });
  assert.equal(new Set(body.data.map((d) => d.id)).size, samples, "each sample has its own log id");
}

/** Reads a stream helper's answer to its end: one parsed chunk per read. */
async function readStream(response) {
  const reader = response.data.getReader();
  const decoder = new TextDecoder();
  const chunks = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(JSON.parse(decoder.decode(value)));
  }
}

/** Asserts each sample's chunks carry one log id and a finish_reason on the last chunk only; returns them by index. */
function assertStream(chunks, samples) {
  const byIndex = new Map();
  for (const c of chunks) {
    assert.equal(typeof c.output, "string", "chunk output is a string");
    if (!byIndex.has(c.index)) byIndex.set(c.index, []);
    byIndex.get(c.index).push(c);
  }
  assert.deepEqual([...byIndex.keys()].sort(), [...Array(samples).keys()], "chunk indexes");
  for (const [index, list] of byIndex) {
    assert.equal(new Set(list.map((c) => c.id)).size, 1, `sample ${index}: one log id`);
    assert.match(list[0].id, /^data_/, `sample ${index}: log id`);
    list.slice(0, -1).forEach((c, n) => assert.equal(c.finish_reason, null, `sample ${index}, chunk ${n}: finish_reason before the end`));
    assert.ok(list.at(-1).finish_reason, `sample ${index}: finish_reason on the last chunk`);
  }
  return byIndex;
}

// The v4.0.1 schemas of a completion answer (descriptions removed), to check answers against.
const schemas = JSON.parse(readFileSync(new URL("./completion-response.schema.json", import.meta.url), "utf8")).components.schemas;

/**
 * Asserts that value fits the v4.0.1 schema `name`: types, required keys (present and not null),
 * properties, items, $ref and allOf; an optional key may be null.
 */
function assertSchema(value, name, at = name) {
  check(value, schemas[name], at);
  function check(v, schema, path) {
    if (schema.$ref) return check(v, schemas[schema.$ref.split("/").at(-1)], path);
    for (const part of schema.allOf ?? []) check(v, part, path);
    const types = { object: (x) => x !== null && typeof x === "object" && !Array.isArray(x), array: Array.isArray,
      string: (x) => typeof x === "string", integer: Number.isInteger, number: (x) => typeof x === "number",
      boolean: (x) => typeof x === "boolean" };
    if (schema.type && !types[schema.type](v)) assert.fail(`${path}: expected ${schema.type}, got ${JSON.stringify(v)}`);
    if (schema.type === "object") {
      for (const key of schema.required ?? []) assert.ok(v[key] !== undefined && v[key] !== null, `${path}.${key} is required`);
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        if (v[key] !== undefined && v[key] !== null) check(v[key], sub, `${path}.${key}`);
      }
    }
    if (schema.type === "array" && schema.items) v.forEach((item, i) => check(item, schema.items, `${path}[${i}]`));
  }
}

/** Asserts the shape of a non-stream completion answer: the v4.0.1 CompletionResponse, one log per sample. */
function assertCompletion(body, samples) {
  assertSchema(body, "CompletionResponse");
  assert.equal(body.data.length, samples, "number of samples");
  body.data.forEach((d, i) => {
    assert.equal(d.index, i, `data[${i}].index`);
    assert.match(d.id, /^data_/, `data[${i}].id`);
    assert.ok(d.output.length > 0, `data[${i}].output is not empty`);
  });
  assert.equal(new Set(body.data.map((d) => d.id)).size, samples, "each sample has its own log id");
}

async function assertHumanloopError(promise, status) {
  let thrown;
  await assert.rejects(promise, (error) => {
    thrown = error;
    return error instanceof HumanloopError;
  }, "throws a HumanloopError");
  assert.equal(thrown.status, status, `HumanloopError status (body ${JSON.stringify(thrown.responseBody)})`);
  return thrown;
}

async function main() {
  console.log(`humanloop Node SDK against ${basePath}`);

  // ---- projects
  const name = `node-sdk-${tag}`;
  const project = await check("projects.create", async () => {
    const r = await hl.projects.create({ name });
    assert.equal(r.status, 201);
    assert.match(r.data.id, /^pr_/);
    assert.equal(r.data.name, name);
    return r.data;
  });
  const projectId = project.id;

  await check("projects.list", async () => {
    const page = await hl.projects.list({ page: 0, size: 10, filter: name });
    assert.ok(Array.isArray(page.data.records), "Page .data.records");
    assert.deepEqual(page.data.records.map((p) => p.id), [projectId]);
    assert.equal(page.data.total, 1);
  });

  await check("projects.get", async () => {
    const r = await hl.projects.get({ id: projectId });
    assert.equal(r.status, 200);
    assert.equal(r.data.id, projectId);
    assert.equal(r.data.name, name);
  });

  await check("projects.update", async () => {
    const r = await hl.projects.update({ id: projectId, name: `${name}-renamed` });
    assert.equal(r.status, 200);
    assert.equal(r.data.name, `${name}-renamed`);
    assert.equal((await hl.projects.get({ id: projectId })).data.name, `${name}-renamed`);
  });

  // ---- chat
  await check("chat (num_samples 2)", async () => {
    const r = await hl.chat({ project_id: projectId, model_config: mock(), messages: user("Hello there"), num_samples: 2 });
    assert.equal(r.status, 200);
    assertChat(r.data, 2);
    assert.equal(r.data.project_id, projectId);
    assert.ok(r.data.data.every((d) => d.output.length > 0), "non-empty outputs");
  });

  await check("chat (tools, forced tool_choice)", async () => {
    const r = await hl.chat({
      project_id: projectId,
      model_config: mock({ tools: [weatherTool] }),
      messages: user("What is the weather in Paris?"),
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    assertChat(r.data, 1);
    const d = r.data.data[0];
    assert.equal(d.finish_reason, "tool_call");
    const calls = d.output_message.tool_calls;
    assert.equal(calls.length, 1, "one tool call");
    assert.equal(calls[0].type, "function");
    assert.equal(calls[0].function.name, "get_weather");
    assert.equal(typeof JSON.parse(calls[0].function.arguments), "object", "arguments are a JSON object");
  });

  await check("chatStream (num_samples 2)", async () => {
    const r = await hl.chatStream({ project_id: projectId, model_config: mock(), messages: user("Stream this"), num_samples: 2 });
    const byIndex = assertStream(await readStream(r), 2);
    const logs = (await hl.logs.list({ projectId, size: 100 })).data.records;
    for (const [index, list] of byIndex) {
      const log = logs.find((l) => l.id === list[0].id);
      assert.ok(log, `sample ${index}: its log ${list[0].id} is listed`);
      assert.equal(list.map((c) => c.output).join(""), log.output, `sample ${index}: deltas join to the logged output`);
    }
  });

  // ---- registered configs
  const configA = await check("modelConfigs.register (endpoint chat)", async () => {
    const r = await hl.modelConfigs.register({
      project_id: projectId, provider: "mock", model: "mock-1", endpoint: "chat", name: "config-a", temperature: 0.2,
      chat_template: [{ role: "system", content: "Be brief." }],
    });
    assert.equal(r.status, 200);
    assert.equal(r.data.config.type, "model");
    assert.equal(r.data.config.endpoint, "chat");
    assert.equal(typeof r.data.config.id, "string");
    return r.data.config.id;
  });

  await check("chatDeployed", async () => {
    const r = await hl.chatDeployed({ project_id: projectId, environment: "production", messages: user("Deployed") });
    assertChat(r.data, 1);
    assert.equal(r.data.data[0].model_config_id, configA, "the first registered config is the active one");
  });

  await check("chatDeployedStream", async () => {
    const r = await hl.chatDeployedStream({ project_id: projectId, messages: user("Deployed, streamed") });
    const chunks = await readStream(r);
    assertStream(chunks, 1);
    assert.ok(chunks.every((c) => c.model_config_id === configA), "chunks name the deployed config");
  });

  await check("chatModelConfiguration", async () => {
    const r = await hl.chatModelConfiguration({ project_id: projectId, model_config_id: configA, messages: user("By id") });
    assertChat(r.data, 1);
    assert.equal(r.data.data[0].model_config_id, configA);
  });

  // ---- experiments and feedback
  const configB = await check("modelConfigs.register (second config)", async () => {
    const r = await hl.modelConfigs.register({ project_id: projectId, provider: "mock", model: "mock-2", endpoint: "chat", name: "config-b" });
    assert.notEqual(r.data.config.id, configA);
    return r.data.config.id;
  });

  const experiment = await check("experiments.create", async () => {
    const r = await hl.experiments.create({
      projectId, name: `experiment-${tag}`, config_ids: [configA, configB], positive_labels: [{ type: "rating", value: "good" }],
    });
    assert.equal(r.status, 200);
    assert.match(r.data.id, /^exp_/);
    assert.deepEqual(r.data.configs.map((c) => c.id).sort(), [configA, configB].sort());
    return r.data;
  });

  const experimentLogId = await check("chatExperiment", async () => {
    const r = await hl.chatExperiment({ experiment_id: experiment.id, messages: user("Experiment"), num_samples: 2 });
    assertChat(r.data, 2);
    for (const d of r.data.data) assert.ok([configA, configB].includes(d.model_config_id), `config ${d.model_config_id} is one of the experiment's`);
    return r.data.data[0].id;
  });

  await check("feedback", async () => {
    const r = await hl.feedback({ type: "rating", value: "good", data_id: experimentLogId });
    assert.equal(r.status, 200);
    assert.match(r.data.id, /^ann_/);
    const listed = (await hl.experiments.list({ projectId })).data.find((e) => e.id === experiment.id);
    const trials = listed.configs.reduce((sum, c) => sum + c.trials_count, 0);
    assert.equal(trials, 1, "the rated log counts as one trial of the experiment");
  });

  // ---- completions, in a project of their own
  const completionProject = await check("projects.create (completions)", async () =>
    (await hl.projects.create({ name: `node-sdk-completions-${tag}` })).data.id);
  const prompt = "Write a haiku about {{topic}}.";

  await check("complete", async () => {
    const r = await hl.complete({
      project_id: completionProject, model_config: { ...mock(), prompt_template: prompt }, inputs: { topic: "rain" }, num_samples: 2,
    });
    assert.equal(r.status, 200);
    assertCompletion(r.data, 2);
    assert.equal(r.data.project_id, completionProject);
    assert.ok(r.data.data.every((d) => d.output.includes("Write a haiku about rain.")), "the prompt is the filled template");
  });

  await check("completeStream", async () => {
    const r = await hl.completeStream({ project_id: completionProject, model_config: { ...mock(), prompt_template: prompt }, inputs: { topic: "snow" } });
    const byIndex = assertStream(await readStream(r), 1);
    const [list] = byIndex.values();
    const log = (await hl.logs.list({ projectId: completionProject, size: 100 })).data.records.find((l) => l.id === list[0].id);
    assert.ok(log, `its log ${list[0].id} is listed`);
    assert.equal(list.map((c) => c.output).join("").trim(), log.output, "deltas join to the logged output");
  });

  const [completionA, completionB] = await check("modelConfigs.register (two completion configs)", async () => {
    const ids = [];
    for (const model of ["mock-complete-a", "mock-complete-b"]) {
      const r = await hl.modelConfigs.register({ project_id: completionProject, provider: "mock", model, prompt_template: prompt });
      assert.equal(r.data.config.endpoint, "complete", "endpoint defaults to complete");
      ids.push(r.data.config.id);
    }
    return ids;
  });

  await check("completeDeployed", async () => {
    const r = await hl.completeDeployed({ project_id: completionProject, environment: "production", inputs: { topic: "fog" } });
    assertCompletion(r.data, 1);
    assert.equal(r.data.data[0].model_config_id, completionA, "the first registered config is the active one");
  });

  await check("completeDeployedStream", async () => {
    const r = await hl.completeDeployedStream({ project_id: completionProject, inputs: { topic: "hail" } });
    const chunks = await readStream(r);
    assertStream(chunks, 1);
    assert.ok(chunks.every((c) => c.model_config_id === completionA), "chunks name the deployed config");
  });

  await check("completeModelConfiguration", async () => {
    const r = await hl.completeModelConfiguration({ project_id: completionProject, model_config_id: completionB, inputs: { topic: "wind" } });
    assertCompletion(r.data, 1);
    assert.equal(r.data.data[0].model_config_id, completionB);
  });

  await check("completeModelConfigurationStream", async () => {
    const r = await hl.completeModelConfigurationStream({ project_id: completionProject, model_config_id: completionB, inputs: { topic: "dew" } });
    const chunks = await readStream(r);
    assertStream(chunks, 1);
    assert.ok(chunks.every((c) => c.model_config_id === completionB), "chunks name the config");
  });

  const completionExperiment = await check("experiments.create (completion configs)", async () => (await hl.experiments.create({
    projectId: completionProject, name: `completion-experiment-${tag}`, config_ids: [completionA, completionB],
    positive_labels: [{ type: "rating", value: "good" }],
  })).data);

  await check("completeExperiment + feedback", async () => {
    const r = await hl.completeExperiment({ experiment_id: completionExperiment.id, inputs: { topic: "sun" }, num_samples: 3 });
    assertCompletion(r.data, 3);
    for (const d of r.data.data) assert.ok([completionA, completionB].includes(d.model_config_id), `config ${d.model_config_id} is one of the experiment's`);
    const f = await hl.feedback(r.data.data.map((d) => ({ type: "rating", value: "good", data_id: d.id })));
    assert.equal(f.status, 200);
    const listed = (await hl.experiments.list({ projectId: completionProject })).data.find((e) => e.id === completionExperiment.id);
    assert.equal(listed.configs.reduce((sum, c) => sum + c.trials_count, 0), 3, "each rated completion is a trial");
  });

  await check("completeExperimentStream", async () => {
    const r = await hl.completeExperimentStream({ experiment_id: completionExperiment.id, inputs: { topic: "mist" }, num_samples: 2 });
    const chunks = await readStream(r);
    assertStream(chunks, 2);
    assert.ok(chunks.every((c) => [completionA, completionB].includes(c.model_config_id)), "chunks name the experiment's configs");
  });

  await check("complete without a prompt_template -> 422", async () => {
    const error = await assertHumanloopError(hl.complete({ project_id: completionProject, model_config: mock() }), 422);
    assert.deepEqual(error.responseBody.detail[0].loc, ["body", "model_config", "prompt_template"]);
  });

  await check("an unserved v4 endpoint -> 501", async () => {
    const r = await fetch(`${basePath}/evaluators`, { headers: { "X-API-KEY": apiKey } });
    assert.equal(r.status, 501);
    assert.match((await r.json()).detail, /docs\/api\.md/);
  });

  // ---- sessions
  const session = await check("sessions.create", async () => {
    const r = await hl.sessions.create();
    assert.equal(r.status, 201);
    assert.match(r.data.id, /^sesh_/);
    return r.data;
  });

  await check("chat in a session", async () => {
    const r = await hl.chat({ project_id: projectId, model_config: mock(), messages: user("In a session"), session_id: session.id });
    assertChat(r.data, 1);
    assert.equal(r.data.session_id, session.id);
    assert.equal((await hl.sessions.get({ id: session.id })).data.datapoints_count, 1);
  });

  // ---- logs
  const firstPage = await check("logs.list", async () => {
    const page = await hl.logs.list({ projectId, page: 0, size: 3 });
    assert.equal(page.data.records.length, 3, "Page .data.records");
    assert.ok(page.data.total > 3, `total ${page.data.total}`);
    assert.equal(page.hasNext(), true, "hasNext()");
    const next = await page.next();
    assert.ok(next.data.records.length > 0, "next page has records");
    assert.ok(next.data.records.every((l) => !page.data.records.some((m) => m.id === l.id)), "pages do not overlap");
    return page.data;
  });

  await check("logs.delete (several ids)", async () => {
    const ids = firstPage.records.map((l) => l.id);
    const r = await hl.logs.delete({ id: ids });
    assert.equal(r.status, 204);
    const after = await hl.logs.list({ projectId, size: 100 });
    assert.equal(after.data.total, firstPage.total - ids.length, "total after the delete");
    assert.ok(!after.data.records.some((l) => ids.includes(l.id)), "deleted logs are gone");
  });

  // ---- deployment
  await check("projects.deployConfig", async () => {
    const r = await hl.projects.deployConfig({ projectId, config_id: configB });
    assert.equal(r.status, 200);
    assert.ok(r.data.some((row) => row.model_config_id === configB), `deployments ${JSON.stringify(r.data)}`);
  });

  await check("projects.getActiveConfig", async () => {
    const r = await hl.projects.getActiveConfig({ id: projectId, environment: "production" });
    assert.equal(r.status, 200);
    assert.equal(r.data.config.id, configB);
    assert.equal((await hl.projects.getActiveConfig({ id: projectId })).data.config.id, configB, "default environment");
  });

  // ---- errors
  await check("chat without messages -> 422", async () => {
    const error = await assertHumanloopError(hl.chat({ project_id: projectId, model_config: mock() }), 422);
    assert.deepEqual(error.responseBody.detail[0].loc, ["body", "messages"]);
    assert.equal(typeof error.responseBody.detail[0].msg, "string");
  });

  await check("bad API key -> 401", async () => {
    const stranger = new Humanloop({ basePath, apiKey: "not-a-key" });
    await assertHumanloopError(stranger.projects.get({ id: projectId }), 401);
  });

  console.log(`${passed} passed, 0 failed`);
}

try {
  await main();
} catch (error) {
  console.error(`FAIL ${error instanceof CheckFailed ? error.message : describe(error)}`);
  console.log(`${passed} passed, 1 failed`);
  process.exitCode = 1;
}
