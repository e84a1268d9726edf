/**
 * Holds the knowledge base that answers right now, and keeps it fresh: `watch()` follows the
 * knowledge folder (a file is read once its writes have settled), and after a burst of edits
 * builds a new KnowledgeBase from the files that changed only (knowledge-update.ts; a full build
 * when that cannot be done) and swaps it in at once, so a question never sees half a reload. A reload that would make
 * things worse (a file that loaded before now fails, or no document at all) is rejected: the last
 * good knowledge keeps answering and the reason is logged with the file's path.
 *
 * Events, so tests and the server can await them instead of sleeping:
 *   - `reloaded` ({knowledge, previous, changes, durationMs}): the new knowledge is in place;
 *   - `rejected` ({problems, changes, at}): the edit was refused, `current` did not change.
 */
import { EventEmitter } from "node:events";
import { basename, extname, resolve } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import type { Logger } from "../logger.js";
import { loadKnowledge } from "./knowledge-base.js";
import { folderState, prepareUpdate, stateOf, type UpdateState } from "./knowledge-update.js";
import type { KnowledgeBase, LoadProblem } from "./types.js";

export interface KnowledgeStoreOptions {
  /** Quiet time after the last file event before rebuilding, in milliseconds. Default: 100. */
  debounceMs?: number;
  /** Where reloads and rejections are reported. Default: nowhere. */
  logger?: Logger;
  /** Builds a whole knowledge base from a folder. Default: `loadKnowledge`; tests may count calls. */
  load?: (dir: string) => Promise<KnowledgeBase>;
  /** Reload by re-reading only the changed files (knowledge-update.ts). Default: true. */
  incremental?: boolean;
  /**
   * A file is read once its size has not changed for this long (chokidar's awaitWriteFinish),
   * so a file still being written or copied is not read half-way. Milliseconds; 0 turns it off.
   * Default: 100.
   */
  writeSettleMs?: number;
}

export interface ReloadedEvent {
  knowledge: KnowledgeBase;
  previous: KnowledgeBase;
  /** Paths the watcher saw change since the last rebuild (empty for a manual reload). */
  changes: string[];
  durationMs: number;
  /** "update": only the changed files were read; "full": the whole folder was. */
  mode: "update" | "full";
  /**
   * The longest synchronous step of an in-place update (assembling the new base, or updating
   * the index and swapping), in ms: the most a question waited for this reload. Absent for a
   * full build.
   */
  blockedMs?: number;
}

export interface RejectedEvent {
  /** Why: the new error-severity problems (file, line, reason), or one line for "no documents". */
  problems: LoadProblem[];
  changes: string[];
  at: Date;
}

/** The last refused reload, for /healthz: staff can see why their edit does not show. */
export interface Rejection {
  at: Date;
  problems: LoadProblem[];
}

interface StoreEvents {
  reloaded: [ReloadedEvent];
  rejected: [RejectedEvent];
}

const MARKDOWN = new Set([".md", ".markdown", ".mdown", ".mkd"]);
const DEFAULT_DEBOUNCE_MS = 100;
const DEFAULT_WRITE_SETTLE_MS = 100;

/** Editors' swap and backup files (".x.swp", "x~", "#x#") never trigger a rebuild. */
function isNoise(path: string): boolean {
  const name = basename(path);
  return name.startsWith(".") || name.endsWith("~") || name.startsWith("#");
}

/**
 * Decides whether `next` may replace `current`. Errors already present in `current` do not
 * count (a folder that started with a broken file must still reload when another file changes);
 * a file that loaded before and fails now does.
 */
export function reloadProblems(current: KnowledgeBase, next: KnowledgeBase): LoadProblem[] {
  const brokenBefore = new Set(current.problems.filter((p) => p.severity === "error").map((p) => p.file));
  const fresh = next.problems.filter((p) => p.severity === "error" && !brokenBefore.has(p.file));
  if (fresh.length > 0) return fresh;
  if (next.documents.length === 0 && current.documents.length > 0) {
    return [
      {
        file: next.dir,
        reason: "no document could be loaded from the knowledge folder",
        severity: "error",
      },
    ];
  }
  return [];
}

export class KnowledgeStore extends EventEmitter<StoreEvents> {
  private knowledge: KnowledgeBase;
  private lastRejection: Rejection | undefined;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pending: string[] = [];
  /** The rebuild in progress; edits arriving meanwhile schedule one more after it. */
  private running: Promise<void> | undefined;
  private rerun = false;
  private closed = false;
  private readonly debounceMs: number;
  private readonly logger: Logger | undefined;
  private readonly load: (dir: string) => Promise<KnowledgeBase>;
  private readonly writeSettleMs: number;
  /** What the in-place update compares with; undefined when reloads are full builds. */
  private state: UpdateState | undefined;
  /** MiniSearch's clean-up after the last in-place update. */
  private vacuum: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    initial: KnowledgeBase,
    options: KnowledgeStoreOptions,
  ) {
    super();
    this.knowledge = initial;
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.writeSettleMs = options.writeSettleMs ?? DEFAULT_WRITE_SETTLE_MS;
    this.logger = options.logger;
    this.load = options.load ?? ((d) => loadKnowledge(d));
  }

  /** Loads the folder once. Problems are logged, not thrown: a bot with some knowledge beats none. */
  static async open(dir: string, options: KnowledgeStoreOptions = {}): Promise<KnowledgeStore> {
    const load = options.load ?? ((d: string) => loadKnowledge(d));
    const incremental = options.incremental ?? true;
    // Taken before reading: a file that changes while it is read differs at the next reload.
    const files = incremental ? await folderState(resolve(dir)).catch(() => undefined) : undefined;
    const initial = await load(dir);
    const store = new KnowledgeStore(initial.dir, initial, { ...options, load });
    if (files) store.state = stateOf(initial, files);
    for (const p of initial.problems) {
      const fields = { file: p.file, line: p.line, reason: p.reason };
      if (p.severity === "error") options.logger?.warn(fields, "knowledge problem: left out");
      else options.logger?.info(fields, "knowledge problem: loaded with a fallback");
    }
    return store;
  }

  /** The knowledge answering right now. Read it on every question: it changes on reload. */
  get current(): KnowledgeBase {
    return this.knowledge;
  }

  /** The last reload that was refused since the last accepted one, if any. */
  get rejection(): Rejection | undefined {
    return this.lastRejection;
  }

  get watching(): boolean {
    return this.watcher !== undefined;
  }

  /** Resolves once the search index's clean-up after the last in-place reload is done. */
  settled(): Promise<void> {
    return this.vacuum;
  }

  /** Starts following the folder; resolves once the watcher has read it and sees every edit. */
  async watch(): Promise<void> {
    if (this.watcher || this.closed) return;
    const watcher = watch(this.dir, {
      ignoreInitial: true,
      // Atomic saves (write a temp file, rename it over) arrive as one change, not unlink + add.
      atomic: true,
      // A file still being written (a copy, a slow editor) is read once its size holds still.
      ...(this.writeSettleMs > 0
        ? {
            awaitWriteFinish: {
              stabilityThreshold: this.writeSettleMs,
              pollInterval: this.writeSettleMs,
            },
          }
        : {}),
      ignored: (path, stats) => isNoise(path) || (stats?.isFile() === true && !MARKDOWN.has(extname(path))),
    });
    this.watcher = watcher;
    watcher.on("all", (event, path) => {
      // A deleted folder takes its files with it; other folder events change no document.
      if (event === "addDir") return;
      if (event !== "unlinkDir" && !MARKDOWN.has(extname(path))) return;
      this.schedule(path);
    });
    watcher.on("error", (error) => {
      this.logger?.error({ err: error, dir: this.dir }, "knowledge watcher error");
    });
    await new Promise<void>((resolve) => watcher.once("ready", resolve));
  }

  /**
   * Rebuilds now (the watcher calls this after its debounce) and swaps the result in unless it
   * is rejected. Resolves when done; concurrent calls share one rebuild and queue at most one more.
   */
  async reload(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    const run = async () => {
      do {
        this.rerun = false;
        const changes = [...new Set(this.pending)];
        this.pending = [];
        await this.rebuild(changes);
      } while (this.rerun && !this.closed);
    };
    this.running = run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops watching and waits for a rebuild in progress; `current` stays readable. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
    await this.running;
    await this.vacuum;
  }

  private schedule(path: string): void {
    if (this.closed) return;
    this.pending.push(path);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, this.debounceMs);
  }

  private async rebuild(changes: string[]): Promise<void> {
    const started = performance.now();
    let next: KnowledgeBase;
    let state: UpdateState | undefined;
    let apply: (() => Promise<void>) | undefined;
    let preparedMs = 0;
    try {
      const update = this.state
        ? await prepareUpdate(this.knowledge, this.state, { changed: changes })
        : undefined;
      if (update && !("full" in update)) {
        ({ next, state, apply } = update);
        preparedMs = update.blockedMs;
      } else {
        if (update) this.logger?.info({ reason: update.full }, "knowledge reload: reading the whole folder");
        const files = this.state ? await folderState(this.dir) : undefined;
        next = await this.load(this.dir);
        state = files ? stateOf(next, files) : undefined;
      }
    } catch (error) {
      // The loader reports broken files itself; a throw means the folder itself is unreadable.
      this.reject([{ file: this.dir, reason: (error as Error).message, severity: "error" }], changes);
      return;
    }
    if (this.closed) return;
    const problems = reloadProblems(this.knowledge, next);
    if (problems.length > 0) {
      this.reject(problems, changes);
      return;
    }
    // The index update and the swap in one synchronous step: no question sees one without the other.
    const previous = this.knowledge;
    const swapStart = performance.now();
    if (apply) {
      const vacuum = apply();
      this.vacuum = vacuum.catch((error: unknown) => {
        this.logger?.warn({ err: error }, "search index clean-up after a reload failed");
      });
    }
    this.knowledge = next;
    this.state = state;
    this.lastRejection = undefined;
    const blockedMs = apply ? Math.max(preparedMs, performance.now() - swapStart) : undefined;
    const durationMs = Math.round(performance.now() - started);
    const mode = apply ? "update" : "full";
    this.logger?.info(
      {
        documents: next.documents.length,
        passages: next.passages.length,
        problems: next.problems.length,
        durationMs,
        mode,
        changes,
      },
      "knowledge reloaded",
    );
    this.emit("reloaded", { knowledge: next, previous, changes, durationMs, mode, blockedMs });
  }

  private reject(problems: LoadProblem[], changes: string[]): void {
    // Read again at the next reload, as a full build would: the refusal stands until they are fixed.
    this.pending.push(...changes);
    const at = new Date();
    this.lastRejection = { at, problems };
    for (const p of problems) {
      this.logger?.warn(
        { file: p.file, line: p.line, reason: p.reason },
        "knowledge reload rejected: the last good knowledge keeps answering",
      );
    }
    this.emit("rejected", { problems, changes, at });
  }
}
