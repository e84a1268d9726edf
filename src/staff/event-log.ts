/**
 * The staff's event log: one JSON line per question and per vote, appended to a file (EVENT_LOG,
 * `data/events.jsonl` by default) that `npm run report` reads.
 *
 * - Answering never waits for the disk: `record()` serialises the event and queues the line; one
 *   writer appends what is queued in one write, in order, as soon as the event loop turns (so a
 *   `kill -9` loses only the lines of that moment). A vote is synced to the disk (fdatasync)
 *   before it is acknowledged: `sync()` resolves once everything recorded before it is on disk,
 *   and the web chat's "recorded: true" waits for it. Questions are synced at least once a second.
 *   It never throws: a write error is logged once (pino), the events that could not be written
 *   are counted, and writing is tried again at the next event a minute later.
 * - Only known fields are written, built one by one from the event: a field added to an event
 *   later does not reach the file by accident. `user` is written only when it is already a hex
 *   hash (the Assistant hashes ids with a salt); anything else is left out. Tokens pasted in a
 *   question (Slack `xox…-`/`xapp-`, `Bearer …`, and the configured secrets) are replaced by
 *   `[secret]`. The question text itself IS logged (see README, "For the programme's staff").
 * - Retention: at start, and then once a day while the bot runs, events older than
 *   `retentionDays` are removed, by rewriting the kept lines to a temporary file in the same
 *   folder and renaming it over the log (atomic); events recorded meanwhile wait in memory. A line
 *   that cannot be read (no JSON, no date) is kept, unless an event written after it is itself
 *   old enough to go: the log is append-only, so such a line is older still. How many lines were
 *   removed and how many unreadable lines were kept is returned and said at start.
 * - The file is created with mode 0600 (questions may hold personal data).
 * - `close()` flushes what is buffered; call it on graceful stop, after the channels stopped.
 *
 * One process writes one log: pruning replaces the file (a rename), and another process appending
 * to it would go on writing to the replaced one, whose events would be lost. The same goes for an
 * outside log rotation: retention here makes it unneeded.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, type Stats } from "node:fs";
import { type FileHandle, mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import type { BotEvent, EventSink } from "../answer/events.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";

const DAY_MS = 86_400_000;
/** After a write error, the next event at least this long after it tries to open the file again. */
const RETRY_AFTER_MS = 60_000;
/**
 * Questions written since the last fdatasync are synced at least this often: a power cut loses
 * at most this long of questions (a `kill -9` loses none that reached the operating system).
 * Votes are synced before they are acknowledged.
 */
const SYNC_EVERY_MS = 1_000;
/** Lines waiting for the disk beyond this are dropped (and counted) rather than held in memory. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** While the file is being pruned, events wait in memory, up to this many. */
const MAX_HELD_LINES = 10_000;
const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;
/** A user field is written only when it looks like the Assistant's salted hash. */
const USER_HASH = /^[0-9a-f]{8,128}$/;

export interface EventLogOptions {
  /** The JSON-lines file; its folder is created when missing. */
  path: string;
  /** Events older than this many days are removed at open. */
  retentionDays: number;
  /** Where a write error is reported (once). Default: nowhere. */
  logger?: Logger;
  /** Exact strings never to write (tokens from the configuration); shorter than 8 characters are ignored. */
  secrets?: ReadonlyArray<string | undefined>;
  /** Retention is applied again this often while the bot runs (ms; 0: only at open). Default: a day. */
  pruneEveryMs?: number;
  /** The clock, for tests. */
  now?: () => Date;
}

export interface PruneSummary {
  /** Lines kept in the log. */
  kept: number;
  /** Lines removed because their event (or, for an unreadable line, a later event) was too old. */
  removed: number;
  /** Unreadable lines kept because nothing dates them as too old. */
  unreadableKept: number;
}

export interface EventLogStats {
  /** Events handed to the operating system. */
  written: number;
  /** Events lost: a write error, a closed log, or a disk too slow for the buffer. */
  dropped: number;
}

// ---------------------------------------------------------------------------------------------
// Serialising: known fields only, hashes only, no secrets.

const BUILTIN_SECRETS: RegExp[] = [
  /\bxox[a-z]-[A-Za-z0-9-]{8,}/g,
  /\bxapp-[A-Za-z0-9-]{8,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{16,}/gi,
];

/** Replaces token-like text and the given exact secrets by "[secret]". */
export function redactSecrets(text: string, secrets: ReadonlyArray<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join("[secret]");
  }
  for (const pattern of BUILTIN_SECRETS) out = out.replace(pattern, "[secret]");
  return out;
}

function labels(value: unknown, clean: (s: string) => string): string[] | undefined {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === "string").map(clean)
    : undefined;
}

/**
 * The JSON line written for `event` (with its newline). Fields are copied one by one; a `user`
 * that is not a hex hash is left out, and `question` goes through `redactSecrets`.
 */
export function toLogLine(event: BotEvent, secrets: ReadonlyArray<string> = []): string {
  const clean = (s: string) => redactSecrets(s, secrets);
  const user = typeof event.user === "string" && USER_HASH.test(event.user) ? event.user : undefined;
  const base = { type: event.type, at: event.at, answerId: event.answerId, channel: event.channel, user };
  const line =
    event.type === "question"
      ? {
          ...base,
          question: clean(event.question),
          truncated: event.truncated,
          rateLimited: event.rateLimited,
          answered: event.answered,
          kind: event.kind,
          promotion: event.promotion,
          confidence: event.confidence,
          sources: labels(event.sources, clean) ?? [],
          latencyMs: event.latencyMs,
        }
      : {
          ...base,
          vote: event.vote,
          question: event.question === undefined ? undefined : clean(event.question),
          kind: event.kind,
          sources: labels(event.sources, clean),
        };
  return `${JSON.stringify(line)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Retention.

/** The time of a log line, or undefined when the line is not a JSON object with a valid `at`. */
export function lineTime(line: string): number | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== "object" || value === null) return undefined;
    const at = (value as { at?: unknown }).at;
    if (typeof at !== "string") return undefined;
    const time = Date.parse(at);
    return Number.isNaN(time) ? undefined : time;
  } catch {
    return undefined;
  }
}

/**
 * Reads `path` line by line and calls `keep` with each line to keep, in order. Unreadable lines
 * wait for the next dated line: they go with it when it is older than `cutoff`, else they stay.
 */
async function scan(
  path: string,
  cutoff: number,
  keep?: (line: string) => Promise<void>,
): Promise<PruneSummary> {
  const summary: PruneSummary = { kept: 0, removed: 0, unreadableKept: 0 };
  let pending: string[] = [];
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const time = lineTime(line);
    if (time === undefined) {
      pending.push(line);
      continue;
    }
    if (time < cutoff) {
      summary.removed += 1 + pending.length;
    } else {
      for (const p of pending) await keep?.(p);
      summary.kept += 1 + pending.length;
      summary.unreadableKept += pending.length;
      await keep?.(line);
    }
    pending = [];
  }
  for (const p of pending) await keep?.(p);
  summary.kept += pending.length;
  summary.unreadableKept += pending.length;
  return summary;
}

async function endsWithNewline(path: string, size: number): Promise<boolean> {
  if (size === 0) return true;
  const handle = await open(path, "r");
  try {
    const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/**
 * Removes events older than `retentionDays` from the log at `path`, atomically (temporary file in
 * the same folder, then rename). The file is rewritten only when a line goes; a last line cut
 * short by a crash is ended with a newline so the next event does not stick to it. A missing
 * file, or a path that is not a regular file, is left alone.
 */
export async function pruneEventLog(
  path: string,
  retentionDays: number,
  now = new Date(),
): Promise<PruneSummary> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kept: 0, removed: 0, unreadableKept: 0 };
    throw error;
  }
  if (!info.isFile()) return { kept: 0, removed: 0, unreadableKept: 0 };
  const cutoff = now.getTime() - retentionDays * DAY_MS;

  const counted = await scan(path, cutoff);
  if (counted.removed === 0) {
    if (!(await endsWithNewline(path, info.size))) await writeFile(path, "\n", { flag: "a" });
    return counted;
  }

  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  let handle: FileHandle | undefined;
  try {
    handle = await open(tmp, "wx", info.mode & 0o777);
    let chunk = "";
    const file = handle;
    const summary = await scan(path, cutoff, async (line) => {
      chunk += `${line}\n`;
      if (chunk.length >= 64 * 1024) {
        await file.write(chunk);
        chunk = "";
      }
    });
    if (chunk) await file.write(chunk);
    await file.sync();
    await file.close();
    handle = undefined;
    await rename(tmp, path);
    return summary;
  } catch (error) {
    await handle?.close().catch(() => {});
    await rm(tmp, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// A stable salt for user hashes.

/**
 * The salt for user hashes when USER_HASH_SALT is not set: read from `<log>.salt`, or created
 * there (32 random bytes, hex, mode 0600) on first start, so that a user's hash stays the same
 * across restarts. Returns undefined, after a warning, when the file can be neither read nor
 * written (the Assistant then draws a random salt per process).
 */
export async function persistentSalt(logPath: string, logger?: Logger): Promise<string | undefined> {
  const file = `${logPath}.salt`;
  const read = async () => (await readFile(file, "utf8")).trim();
  try {
    const salt = await read();
    if (salt.length >= 16) return salt;
    logger?.warn({ file }, "the salt file is too short to use: user hashes will change at each restart");
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      logger?.warn(
        { err: error, file },
        "cannot read the salt file: user hashes will change at each restart",
      );
      return undefined;
    }
  }
  const salt = randomBytes(32).toString("hex");
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${salt}\n`, { mode: 0o600, flag: "wx" });
    return salt;
  } catch (error) {
    // Another process may have just written it.
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      return (await read().catch(() => "")) || undefined;
    logger?.warn({ err: error, file }, "cannot write the salt file: user hashes will change at each restart");
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The sink.

export class EventLog implements EventSink {
  /** What retention did at open. */
  pruned: PruneSummary = { kept: 0, removed: 0, unreadableKept: 0 };
  /** Set when the log could not be opened or written: the reason, for the start-up line. */
  problem?: string;

  private handle?: FileHandle;
  /** The file being opened (at open, after pruning, or on a retry). */
  private opening?: Promise<void>;
  private failedAt?: number;
  private errorLogged = false;
  private closed = false;
  /** Lines recorded and not yet handed to the operating system, in order. */
  private queue: string[] = [];
  private queuedBytes = 0;
  /** Callers of `sync()` waiting for the lines recorded before them to be on disk. */
  private waiters: ((ok: boolean) => void)[] = [];
  /** A vote is queued: the batch that writes it is synced before anyone hears "recorded". */
  private syncNeeded = false;
  /** Lines written since the last fdatasync (questions, synced at least every SYNC_EVERY_MS). */
  private unsynced = false;
  private pumping?: Promise<void>;
  /** Lines recorded while the file is being pruned; written right after. */
  private held?: string[];
  private pruning?: Promise<PruneSummary | undefined>;
  private timer?: NodeJS.Timeout;
  private syncTimer?: NodeJS.Timeout;
  private readonly stats: EventLogStats = { written: 0, dropped: 0 };
  private readonly secrets: string[];
  private readonly now: () => Date;

  private constructor(private readonly options: EventLogOptions) {
    this.secrets = (options.secrets ?? []).filter((s): s is string => typeof s === "string" && s.length >= 8);
    this.now = options.now ?? (() => new Date());
  }

  get path(): string {
    return this.options.path;
  }

  /**
   * Creates the folder, applies retention and opens the file for appending. Never throws: a
   * problem is logged and kept in `problem`, and the log then drops events (answering goes on).
   * Retention is applied again every `pruneEveryMs` (a day) while the log is open.
   */
  static async open(options: EventLogOptions): Promise<EventLog> {
    const log = new EventLog(options);
    try {
      await mkdir(dirname(options.path), { recursive: true });
    } catch (error) {
      log.fail(error);
      return log;
    }
    log.pruned = (await log.applyRetention()) ?? log.pruned;
    await log.openFile();
    const every = options.pruneEveryMs ?? PRUNE_EVERY_MS;
    if (every > 0) {
      log.timer = setInterval(() => void log.prune(), every);
      log.timer.unref();
    }
    log.syncTimer = setInterval(() => {
      if (!log.unsynced) return;
      log.syncNeeded = true;
      log.kick();
    }, SYNC_EVERY_MS);
    log.syncTimer.unref();
    return log;
  }

  /**
   * Queues one line; returns at once and never throws. The line reaches the operating system
   * within the same turn of the event loop or the next (so a `kill -9` loses at most the lines of
   * that moment); a vote's line is also synced to the disk, and `sync()` says when.
   */
  record(event: BotEvent): void {
    try {
      if (this.closed) {
        this.stats.dropped++;
        return;
      }
      const line = toLogLine(event, this.secrets);
      if (this.held) {
        if (this.held.length < MAX_HELD_LINES) this.held.push(line);
        else this.stats.dropped++;
        if (event.type === "feedback") this.syncNeeded = true;
        return;
      }
      this.enqueue(line, event.type === "feedback");
    } catch (error) {
      this.stats.dropped++;
      this.logError(error);
    }
  }

  /**
   * Resolves true once every line recorded before the call is written and synced to the disk
   * (fdatasync), false when some could not be (the log is failing or closed). The web chat's
   * vote is acknowledged only after it (src/server/create-server.ts).
   */
  sync(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.syncNeeded = true;
      this.kick();
    });
  }

  /**
   * Applies retention now, while the bot runs: the file is closed, pruned and reopened; events
   * recorded meanwhile wait in memory and are written after, in order.
   */
  prune(): Promise<PruneSummary | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    this.pruning ??= (async () => {
      this.held = [];
      try {
        await this.pumping;
        await this.closeFile();
        const summary = await this.applyRetention();
        if (summary?.removed) {
          this.options.logger?.info(
            { path: this.options.path, ...summary },
            "old events removed from the event log",
          );
        }
        await this.openFile();
        return summary;
      } finally {
        const held = this.held ?? [];
        this.held = undefined;
        this.pruning = undefined;
        for (const line of held) this.enqueue(line, false);
        this.kick();
      }
    })();
    return this.pruning;
  }

  /** Writes and syncs what is queued, then closes the file; later events are dropped. Safe to call twice. */
  async close(): Promise<EventLogStats> {
    if (!this.closed) {
      clearInterval(this.timer);
      clearInterval(this.syncTimer);
      await this.pruning?.catch(() => undefined);
      this.syncNeeded = true;
      this.kick();
      await this.pumping;
      this.closed = true;
      await this.closeFile();
      for (const resolve of this.waiters.splice(0)) resolve(false);
      if (this.stats.dropped > 0) {
        this.options.logger?.warn(
          { path: this.options.path, ...this.stats },
          "some events could not be written to the event log",
        );
      }
    }
    return { ...this.stats };
  }

  /** Events written and dropped so far. */
  get counts(): EventLogStats {
    return { ...this.stats };
  }

  private enqueue(line: string, durable: boolean): void {
    if (this.failedAt !== undefined) {
      if (Date.now() - this.failedAt < RETRY_AFTER_MS) {
        this.stats.dropped++;
        return;
      }
      void this.openFile();
    }
    if (!this.handle && !this.opening) {
      this.stats.dropped++;
      return;
    }
    if (this.queuedBytes > MAX_BUFFERED_BYTES) {
      this.stats.dropped++;
      this.logError(new Error("the disk is not keeping up: events are being dropped"));
      return;
    }
    this.queue.push(line);
    this.queuedBytes += line.length;
    if (durable) this.syncNeeded = true;
    this.kick();
  }

  /** Starts the writer unless it runs: it takes what is queued, writes it in one call, syncs when asked. */
  private kick(): void {
    if (this.pumping || this.held) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      if (this.queue.length > 0 || this.waiters.length > 0) this.kick();
    });
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0 || this.waiters.length > 0 || this.syncNeeded) {
      if (this.held) return;
      await this.opening;
      const batch = this.queue.splice(0);
      this.queuedBytes = 0;
      const waiters = this.waiters.splice(0);
      const sync = this.syncNeeded || waiters.length > 0;
      this.syncNeeded = false;
      const handle = this.handle;
      let ok = handle !== undefined && this.failedAt === undefined;
      if (!ok) this.stats.dropped += batch.length;
      else if (handle) {
        let wrote = batch.length === 0;
        try {
          if (batch.length > 0) {
            await handle.write(batch.join(""));
            wrote = true;
            this.stats.written += batch.length;
            this.unsynced = true;
          }
          if (sync && this.unsynced) {
            await handle.datasync();
            this.unsynced = false;
          }
        } catch (error) {
          ok = false;
          if (!wrote) this.stats.dropped += batch.length;
          this.unsynced = false;
          this.fail(error);
          await this.closeFile();
        }
      }
      for (const resolve of waiters) resolve(ok);
    }
  }

  private async applyRetention(): Promise<PruneSummary | undefined> {
    try {
      return await pruneEventLog(this.options.path, this.options.retentionDays, this.now());
    } catch (error) {
      this.options.logger?.warn(
        { err: error, path: this.options.path },
        "could not prune the event log; it is kept whole",
      );
      return undefined;
    }
  }

  private async closeFile(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) return;
    try {
      if (this.unsynced) await handle.datasync();
    } catch {
      // Closing anyway; the error was or will be reported by the write that met it.
    }
    this.unsynced = false;
    await handle.close().catch(() => undefined);
  }

  private openFile(): Promise<void> {
    this.failedAt = undefined;
    let opening: Promise<void> | undefined;
    opening = (async () => {
      try {
        const handle = await open(this.options.path, "a", 0o600);
        const info = await handle.stat();
        if (info.isDirectory()) {
          await handle.close();
          throw Object.assign(
            new Error(`EISDIR: illegal operation on a directory, open '${this.options.path}'`),
            {
              code: "EISDIR",
            },
          );
        }
        this.handle = handle;
        if (this.problem !== undefined && this.errorLogged) {
          this.options.logger?.info(
            { path: this.options.path, dropped: this.stats.dropped },
            "the event log is writable again",
          );
        }
        this.problem = undefined;
      } catch (error) {
        this.fail(error);
      } finally {
        if (this.opening === opening) this.opening = undefined;
      }
    })();
    this.opening = opening;
    return opening;
  }

  private fail(error: unknown): void {
    this.failedAt = Date.now();
    this.problem = (error as Error).message ?? String(error);
    this.logError(error);
  }

  private logError(error: unknown): void {
    if (this.errorLogged) return;
    this.errorLogged = true;
    this.options.logger?.error(
      { err: error, path: this.options.path },
      "cannot write the event log: questions are answered but not logged (this error is logged once)",
    );
  }
}

/** Every secret in the configuration, so that none is ever written to the log. */
export function configSecrets(config: Config): string[] {
  return [
    config.slack?.botToken,
    config.slack?.appToken,
    config.slack?.signingSecret,
    config.mattermost?.botToken,
    config.mattermost?.commandToken,
    config.mattermost?.webhookToken,
    config.userHashSalt,
  ].filter((s): s is string => typeof s === "string" && s.length > 0);
}

/**
 * Opens the log described by the configuration (main.ts): the salt for user hashes (from
 * USER_HASH_SALT, else `<log>.salt`), the sink, and the line to say at start. Undefined when
 * EVENT_LOG is empty.
 */
export async function openConfiguredEventLog(
  config: Config,
  logger: Logger,
  shown: (path: string) => string = (p) => p,
): Promise<{ events: EventLog; userHashSalt?: string; line: string } | undefined> {
  if (!config.eventLog) return undefined;
  const userHashSalt = config.userHashSalt ?? (await persistentSalt(config.eventLog, logger));
  const events = await EventLog.open({
    path: config.eventLog,
    retentionDays: config.eventLogRetentionDays,
    logger,
    secrets: configSecrets(config),
  });
  const days = config.eventLogRetentionDays;
  const notes = [`${days} day${days > 1 ? "s" : ""} kept`];
  const { removed, unreadableKept } = events.pruned;
  if (removed) notes.push(`${removed} older line${removed > 1 ? "s" : ""} removed`);
  if (unreadableKept) notes.push(`${unreadableKept} unreadable line${unreadableKept > 1 ? "s" : ""} kept`);
  if (!userHashSalt) notes.push("user hashes change at each restart: set USER_HASH_SALT");
  const line = events.problem
    ? `staff log: cannot write ${shown(events.path)} (${events.problem}): questions are not logged`
    : `staff log: ${shown(events.path)} (${notes.join("; ")})`;
  return { events, userHashSalt, line };
}
