// Runs OpenAI's official Node library (openai, unmodified) against an OpenLoop server's /v1, with
// the mock provider. Stops at the first failed check and exits 1, naming it.
//
//   OPENLOOP_BASE_URL=http://127.0.0.1:8080/v1 OPENLOOP_API_KEY=my-key node openai-compat.mjs
import assert from "node:assert/strict";
import OpenAI from "openai";

const baseURL = requireEnv("OPENLOOP_BASE_URL");
const apiKey = requireEnv("OPENLOOP_API_KEY");
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
const model = "mock/gpt-mock";
const user = (content) => [{ role: "user", content }];
const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "The weather in a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

let passed = 0;

/** Runs one check; a failure stops the script with the check's name. */
async function check(name, fn) {
  try {
    const value = await fn();
    passed++;
    console.log(`ok   ${name}`);
    return value;
  } catch (error) {
    console.log(`FAIL ${name}: ${describe(error)}`);
    process.exit(1);
  }
}

function describe(error) {
  if (error instanceof OpenAI.APIError) {
    return `${error.constructor.name} ${error.status} ${JSON.stringify(error.error)}`;
  }
  return error?.stack ?? String(error);
}

/** The error a call fails with; a call that succeeds fails the check. */
async function failure(call) {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error("the call succeeded; an error was expected");
}

await check("a plain answer", async () => {
  const answer = await client.chat.completions.create({ model, messages: user("Hello there") });
  assert.equal(answer.object, "chat.completion");
  assert.match(answer.id, /^data_/);
  assert.equal(answer.choices.length, 1);
  assert.equal(answer.choices[0].message.content, "Mock response to: Hello there");
  assert.equal(answer.choices[0].finish_reason, "stop");
  assert.ok(answer.usage.total_tokens > 0);
});

await check("the log ids in the raw answer's header", async () => {
  const { data, response } = await client.chat.completions.create({ model, messages: user("Hi"), n: 2 }).withResponse();
  const ids = response.headers.get("openloop-log-ids").split(",");
  assert.equal(ids.length, 2);
  assert.equal(ids[0], data.id);
});

await check("a stream, with the usage last", async () => {
  const stream = await client.chat.completions.create({
    model,
    messages: user("Stream this please"),
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = "";
  let last;
  for await (const chunk of stream) {
    assert.equal(chunk.object, "chat.completion.chunk");
    text += chunk.choices[0]?.delta?.content ?? "";
    last = chunk;
  }
  assert.equal(text, "Mock response to: Stream this please");
  assert.deepEqual(last.choices, []);
  assert.ok(last.usage.total_tokens > 0);
});

await check("the stream helper gathers the final answer", async () => {
  const runner = client.chat.completions.stream({ model, messages: user("Gather") });
  const final = await runner.finalChatCompletion();
  assert.equal(final.choices[0].message.content, "Mock response to: Gather");
});

await check("tool calls, and their answers sent back", async () => {
  const ask = { model, messages: user("What is the weather in Paris?"), tools: [weatherTool], tool_choice: "required" };
  const answer = await client.chat.completions.create(ask);
  const choice = answer.choices[0];
  assert.equal(choice.finish_reason, "tool_calls");
  const call = choice.message.tool_calls[0];
  assert.equal(call.function.name, "get_weather");
  assert.equal(typeof JSON.parse(call.function.arguments).city, "string");
  const followUp = await client.chat.completions.create({
    ...ask,
    tool_choice: "auto",
    messages: [...ask.messages, choice.message, { role: "tool", tool_call_id: call.id, content: "Sunny" }],
  });
  assert.equal(followUp.choices[0].finish_reason, "stop");
});

await check("streamed tool calls", async () => {
  const runner = client.chat.completions.stream({
    model, messages: user("Weather in Rome?"), tools: [weatherTool], tool_choice: "required",
  });
  const final = await runner.finalChatCompletion();
  assert.equal(final.choices[0].message.tool_calls[0].function.name, "get_weather");
});

await check("n > 1", async () => {
  const answer = await client.chat.completions.create({ model, messages: user("Three"), n: 3 });
  assert.deepEqual(answer.choices.map((choice) => choice.index), [0, 1, 2]);
});

await check("a json_schema answer", async () => {
  const answer = await client.chat.completions.create({
    model,
    messages: user("Name a city"),
    response_format: {
      type: "json_schema",
      json_schema: {
        name: "city",
        schema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
      },
    },
  });
  assert.equal(typeof JSON.parse(answer.choices[0].message.content).name, "string");
});

await check("a wrong key is a 401", async () => {
  const wrong = new OpenAI({ baseURL, apiKey: "not-a-key", maxRetries: 0 });
  const error = await failure(() => wrong.chat.completions.create({ model, messages: user("Hi") }));
  assert.ok(error instanceof OpenAI.AuthenticationError, describe(error));
});

await check("an unknown model is a 404 model_not_found", async () => {
  const error = await failure(() => client.chat.completions.create({ model: "nobody@production", messages: user("Hi") }));
  assert.ok(error instanceof OpenAI.NotFoundError, describe(error));
  assert.equal(error.code, "model_not_found");
  assert.equal(error.param, "model");
});

await check("an invalid parameter is a 400 naming it", async () => {
  const error = await failure(() => client.chat.completions.create({ model, messages: user("Hi"), temperature: "hot" }));
  assert.ok(error instanceof OpenAI.BadRequestError, describe(error));
  assert.equal(error.param, "temperature");
});

await check("the models list", async () => {
  const models = await client.models.list();
  assert.ok(Array.isArray(models.data));
});

console.log(`${passed} checks passed`);

function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}
