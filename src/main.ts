/**
 * `npm start`: one process, one HTTP server. Reads the configuration (.env, then the
 * environment), loads the knowledge and keeps it live, builds the assistant, and serves the web
 * chat, /healthz and whichever Slack and Mattermost channels the configuration enables.
 *
 * What a person needs to read goes to standard error as plain lines (which channels are on, the
 * URL to open); operational logs go there too, as JSON lines. Standard output stays empty.
 * SIGINT/SIGTERM stop gracefully, and no client can hold the stop up (src/server/connections.ts):
 * new connections are refused, idle and stalled ones closed at once, requests in flight answered
 * (with `Connection: close`) for up to STOP_GRACE_SECONDS, then channels, the staff log and the
 * knowledge watcher close, exit 0. `npm start` execs this very process (package.json), so a
 * signal to the process npm started reaches it; a service manager runs node directly
 * (docs/operations.md).
 */
import type { AddressInfo } from "node:net";
import { isAbsolute, relative } from "node:path";
import dotenv from "dotenv";
import type { Channel } from "./adapters/channel.js";
import { Assistant } from "./answer/assistant.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { loadKnowledge } from "./knowledge/knowledge-base.js";
import { KnowledgeStore } from "./knowledge/knowledge-store.js";
import { createLogger, type Logger } from "./logger.js";
import { configuredChannels } from "./server/channels.js";
import { stopServer } from "./server/connections.js";
import { createServer, DEFAULT_HTTP_LIMITS } from "./server/create-server.js";
import { openConfiguredEventLog } from "./staff/event-log.js";

/**
 * Beyond the grace period for requests, how long the rest of the stop (channels' connections,
 * the staff log's last write, the watcher) may take before the process exits anyway, with 1.
 */
const STOP_CLEANUP_MS = 3_000;

function say(line: string): void {
  process.stderr.write(`eig-bot: ${line}\n`);
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      say("the configuration has problems (see .env.example):");
      for (const problem of error.problems) process.stderr.write(`  - ${problem}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const WILDCARDS = ["0.0.0.0", "::", ""];

function localUrl(config: Config, address: AddressInfo): string {
  const wildcard = WILDCARDS.includes(config.host);
  const host = wildcard
    ? "localhost"
    : address.address.includes(":")
      ? `[${address.address}]`
      : address.address;
  return `http://${host}:${address.port}/`;
}

/** Who can reach the server, said on the start line: HOST is the one switch between the two. */
function reach(config: Config): string {
  if (WILDCARDS.includes(config.host)) return `HOST=${config.host || "0.0.0.0"}: open to the network`;
  if (["127.0.0.1", "::1", "localhost"].includes(config.host))
    return `HOST=${config.host}: this machine only; HOST=0.0.0.0 serves other machines`;
  return `HOST=${config.host}`;
}

/** "knowledge" rather than /home/…/knowledge when the folder is under the working directory. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

function flush(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const config = readConfig();
  const logger = createLogger(config.logLevel);

  // Stop signals are caught from the very start: one that comes while the bot is starting is
  // acted on once it has started (a signal with no handler would kill the process outright,
  // skipping the staff log's last write).
  let onStop: ((signal: NodeJS.Signals) => void) | undefined;
  let early: NodeJS.Signals | undefined;
  const signalled = (signal: NodeJS.Signals) => {
    if (onStop) onStop(signal);
    else if (early) {
      say(`${signal} again while starting: exiting without waiting`);
      process.exit(1);
    } else early = signal;
  };
  process.on("SIGINT", signalled);
  process.on("SIGTERM", signalled);

  // A bug in one message's handling must not take the bot down for everyone.
  process.on("unhandledRejection", (reason) => {
    logger.error({ err: reason }, "unhandled promise rejection; the bot keeps running");
  });

  // The persisted index makes a start (and a reload) read one file instead of parsing every one.
  const indexCache = config.indexCacheDir
    ? {
        dir: config.indexCacheDir,
        warn: (message: string) => logger.warn({ dir: config.indexCacheDir }, message),
      }
    : false;
  const store = await KnowledgeStore.open(config.knowledgeDir, {
    logger,
    load: (dir) => loadKnowledge(dir, { indexCache }),
  });
  const today = config.today;
  // The staff's log of questions and votes (EVENT_LOG); never blocks or breaks answering.
  const staffLog = await openConfiguredEventLog(config, logger, shownPath);
  if (staffLog) say(staffLog.line);
  const assistant = new Assistant({
    knowledge: () => store.current,
    today: today ? () => today : undefined,
    maxQuestionLength: config.maxQuestionLength,
    rateLimitPerMinute: config.rateLimitPerMinute,
    userHashSalt: staffLog?.userHashSalt ?? config.userHashSalt,
    events: staffLog?.events,
  });

  const context = { assistant, config, logger };
  let channels: Channel[];
  try {
    channels = await configuredChannels(context);
  } catch (error) {
    say((error as Error).message);
    process.exit(1);
  }

  const failed = new Set<Channel>();
  const report = (channel: Channel, error: unknown) => {
    // The other channels still serve; the line says which one is down and why.
    failed.add(channel);
    logger.error({ err: error, channel: channel.name }, "channel failed to start");
    say(`${channel.name} could not start: ${(error as Error).message}`);
  };
  const server = await createServer({
    assistant,
    config,
    logger,
    channels,
    store,
    onChannelError: report,
    // A vote answered "recorded" is on disk first.
    durable: staffLog ? () => staffLog.events.sync() : undefined,
  });
  try {
    await server.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      say(`port ${config.port} is already in use: stop the other program or set PORT (PORT=3001 npm start)`);
    } else if (code === "EACCES") {
      say(`no permission to listen on port ${config.port}: choose a port above 1023 with PORT`);
    } else {
      say(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
    }
    await store.close();
    process.exit(1);
  }

  if (config.watchKnowledge) await store.watch();

  const started: string[] = ["web chat"];
  for (const channel of channels) {
    if (failed.has(channel)) continue;
    try {
      await channel.start?.();
      started.push(channel.name);
    } catch (error) {
      report(channel, error);
    }
  }

  const kb = store.current;
  const problems = kb.problems.length;
  say(
    `knowledge: ${kb.documents.length} documents, ${kb.passages.length} passages from ${shownPath(config.knowledgeDir)}` +
      (problems ? ` (${problems} problem${problems > 1 ? "s" : ""}, logged above)` : "") +
      (config.watchKnowledge ? "; edits are picked up live" : ""),
  );
  if (kb.documents.length === 0) {
    say(
      `no document could be loaded from ${shownPath(config.knowledgeDir)}: every answer will be "I don't know". ` +
        "Check KNOWLEDGE_DIR and the problems logged above.",
    );
  }
  say(`channels on: ${started.join(", ")}`);
  if (!config.slack && !config.mattermost) {
    say(
      'no Slack or Mattermost token is set, so only the web chat is on. To add Slack, see the README section "Slack"; ' +
        'for Mattermost, "Mattermost"; the variables are listed in .env.example.',
    );
  }
  // Last, so the line to act on is the one left on screen (and tests can wait for it).
  const url = localUrl(config, server.server.address() as AddressInfo);
  say(`listening on ${url} (${reach(config)}) — open it to chat; health at ${url}healthz`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      say(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    const graceMs = (config.http ?? DEFAULT_HTTP_LIMITS).stopGraceMs;
    say(`${signal}: stopping — finishing requests in progress (at most ${graceMs / 1000} s)`);
    const limit = graceMs + STOP_CLEANUP_MS;
    const deadline = setTimeout(() => {
      say(`could not stop within ${limit / 1000} s: exiting anyway`);
      process.exit(1);
    }, limit);
    deadline.unref();

    // Closing the server first refuses new connections at once, closes idle and stalled ones,
    // and lets requests in flight finish; meanwhile the long-lived channel connections close.
    const closing = stopServer(server, graceMs).then((summary) => {
      if (summary.forced > 0) {
        logger.warn(
          { connections: summary.forced, graceMs },
          "requests still in progress when the stop's grace period ran out: their connections were closed",
        );
      }
    });
    const results = await Promise.allSettled(
      channels.map((channel) => (failed.has(channel) ? undefined : channel.stop?.())),
    );
    results.forEach((result, i) => {
      if (result.status === "rejected") {
        logger.error({ err: result.reason, channel: channels[i]?.name }, "channel failed to stop cleanly");
      }
    });
    await closing;
    await staffLog?.events.close();
    await store.close();
    clearTimeout(deadline);
    say("stopped");
    await flush(logger);
    process.exit(0);
  };
  onStop = (signal) => void stop(signal);
  if (early) onStop(early);
}

main().catch((error: unknown) => {
  say(`could not start: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
