/**
 * For bench/ops.ts: the real server with the staff log on (BENCH_EVENT_LOG), and 2,000 answers
 * to vote on; prints {"port", "answerIds"} on standard output.
 */
import type { AddressInfo } from "node:net";

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
const path = process.env.BENCH_EVENT_LOG ?? "bench/.cache/vote-bench.jsonl";
Object.assign(process.env, {
  KNOWLEDGE_DIR: "knowledge",
  RATE_LIMIT_PER_MINUTE: "0",
  LOG_LEVEL: "silent",
  EVENT_LOG: path,
  WATCH_KNOWLEDGE: "false",
});
const { loadConfig } = await import("../src/config.js");
const { Assistant } = await import("../src/answer/assistant.js");
const { loadKnowledge } = await import("../src/knowledge/knowledge-base.js");
const { createLogger } = await import("../src/logger.js");
const { createServer } = await import("../src/server/create-server.js");
const { EventLog } = await import("../src/staff/event-log.js");
const config = loadConfig();
const kb = await loadKnowledge(config.knowledgeDir, { indexCache: false });
const events = await EventLog.open({ path, retentionDays: 90 });
const assistant = new Assistant({ knowledge: () => kb, rateLimitPerMinute: 0, events });
const answerIds: string[] = [];
for (let i = 0; i < 2000; i++)
  answerIds.push(
    assistant.ask({ text: `date limite promo 3 ? ${i}`, channel: "web", user: `u${i}` }).answer.id,
  );
const server = await createServer({
  assistant,
  config,
  logger: createLogger("silent"),
  durable: () => events.sync(),
});
await server.listen({ port: 0, host: "127.0.0.1" });
process.stdout.write(
  `${JSON.stringify({ port: (server.server.address() as AddressInfo).port, answerIds })}\n`,
);
