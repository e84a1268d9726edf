/**
 * The bot's server over a knowledge folder that is watched and reloaded in place, for
 * bench/ops.ts: it prints `{"port": N}` on standard output, then, for each `{"edit": "…"}` message
 * (IPC), appends a sentence holding that word to a file in the middle of the folder and answers
 * with how long the edit took to be live (write → swapped in), the reload's mode, and the
 * longest the event loop was held (what a request waited at most) from the write to 300 ms
 * after the swap.
 */
import { appendFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";

const dir = process.env.BENCH_KNOWLEDGE;
const file = process.env.BENCH_EDIT_FILE;
if (!dir || !file || !process.send) {
  process.stderr.write("usage: BENCH_KNOWLEDGE=dir BENCH_EDIT_FILE=file, started with an IPC channel\n");
  process.exit(2);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));

Object.assign(process.env, {
  KNOWLEDGE_DIR: dir,
  RATE_LIMIT_PER_MINUTE: "0",
  LOG_LEVEL: "silent",
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
const { KnowledgeStore } = await import("../src/knowledge/knowledge-store.js");
const { createLogger } = await import("../src/logger.js");
const { createServer } = await import("../src/server/create-server.js");

const config = loadConfig();
const incremental = process.env.BENCH_INCREMENTAL !== "false";
const store = await KnowledgeStore.open(config.knowledgeDir, {
  load: (d) => loadKnowledge(d, { indexCache: false }),
  incremental,
});
await store.watch();
const assistant = new Assistant({ knowledge: () => store.current, rateLimitPerMinute: 0 });
const server = await createServer({ assistant, config, logger: createLogger("silent"), store });
await server.listen({ port: 0, host: "127.0.0.1" });
process.stdout.write(
  `${JSON.stringify({ port: (server.server.address() as AddressInfo).port, passages: store.current.passages.length })}\n`,
);

const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();

process.on("message", async (message: { edit?: string; baseline?: number }) => {
  if (message.baseline) {
    // The same window without an edit: what the load alone makes requests wait (GC, other requests).
    delay.reset();
    await new Promise((r) => setTimeout(r, message.baseline));
    process.send?.({ baselineMaxLoopDelayMs: delay.max / 1e6 });
    return;
  }
  const word = message.edit;
  if (!word) return;
  const live = new Promise<{ mode: string; blockedMs?: number }>((resolve) => {
    const check = (event: {
      knowledge: { passages: { text: string }[] };
      mode: string;
      blockedMs?: number;
    }) => {
      if (!event.knowledge.passages.some((p) => p.text.includes(word))) return;
      store.off("reloaded", check);
      resolve(event);
    };
    store.on("reloaded", check);
  });
  delay.reset();
  const started = performance.now();
  await appendFile(file, `\n\nLe mot de passe du jour est ${word}.\n`);
  const { mode, blockedMs } = await live;
  const liveMs = performance.now() - started;
  await new Promise((r) => setTimeout(r, 300));
  process.send?.({
    word,
    liveMs,
    mode,
    blockedMs,
    maxLoopDelayMs: delay.max / 1e6,
    passages: store.current.passages.length,
  });
});
