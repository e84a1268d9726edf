/**
 * An HTTP server for bench/run.ts to load with autocannon, in its own process so that the load
 * generator and the server do not share one JavaScript thread:
 *
 *   --kind real   the bot's own server (createServer: Fastify, helmet, the web API, the
 *                 Assistant) on the shipped knowledge, rate limit off, logs silent;
 *   --kind bare   a bare `node:http` handler that reads the body and returns a fixed JSON.
 *
 * Listens on 127.0.0.1, port 0, and prints `{"port": N}` on standard output.
 */
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";

const kind = process.argv[process.argv.indexOf("--kind") + 1];

// Exit cleanly on a stop signal, so that `--cpu-prof` can write its profile.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));

if (kind === "bare") {
  const body = JSON.stringify({
    answered: true,
    text: "Les candidatures sont ouvertes jusqu'au 15 octobre 2018.",
    sources: [],
  });
  const server = createHttpServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(body),
      });
      response.end(body);
    });
  });
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
} else if (kind === "real") {
  // Every variable the server reads, fixed here: no .env, no Slack or Mattermost, no event log.
  Object.assign(process.env, {
    KNOWLEDGE_DIR: process.env.BENCH_KNOWLEDGE ?? "knowledge",
    RATE_LIMIT_PER_MINUTE: "0",
    LOG_LEVEL: "silent",
    WATCH_KNOWLEDGE: "false",
    EVENT_LOG: "",
    SLACK_BOT_TOKEN: "",
    SLACK_APP_TOKEN: "",
    SLACK_SIGNING_SECRET: "",
    MATTERMOST_URL: "",
    MATTERMOST_BOT_TOKEN: "",
    MATTERMOST_COMMAND_TOKEN: "",
    MATTERMOST_WEBHOOK_TOKEN: "",
  });
  const { loadConfig } = await import("../src/config.js");
  const { Assistant } = await import("../src/answer/assistant.js");
  const { loadKnowledge } = await import("../src/knowledge/knowledge-base.js");
  const { createLogger } = await import("../src/logger.js");
  const { createServer } = await import("../src/server/create-server.js");
  const config = loadConfig();
  const kb = await loadKnowledge(config.knowledgeDir, { indexCache: false });
  const assistant = new Assistant({ knowledge: () => kb, rateLimitPerMinute: 0 });
  const server = await createServer({ assistant, config, logger: createLogger("silent") });
  await server.listen({ port: 0, host: "127.0.0.1" });
  process.stdout.write(`${JSON.stringify({ port: (server.server.address() as AddressInfo).port })}\n`);
} else {
  process.stderr.write("usage: http-target.ts --kind real|bare\n");
  process.exit(2);
}
