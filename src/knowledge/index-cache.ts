/**
 * The persisted index: what `loadKnowledge` builds from a knowledge folder (documents, passages,
 * load problems, facts and the MiniSearch index), saved to a cache folder and read back at the next
 * start instead of parsing and indexing every file again.
 *
 * A cache file is used only when its key matches. The key is a hash of:
 *   - every Markdown file the loader would read: its path, size, modification and change times
 *     (to the nanosecond) and inode, as git's index does: an edit, an added, removed, renamed or
 *     replaced file, or a broken link changes it (the change time cannot be set back by a tool
 *     that restores the modification time). Touching a file also invalidates: a rebuild too
 *     many, never a stale answer. Reading every file to hash it took longer than reading the
 *     cache itself at 50,000 passages;
 *   - the load options (the folder, the working directory paths are shown from, the size limit);
 *   - the code version: the source of knowledge-base.ts and every module it imports (the code
 *     that turns files into passages, facts and index), the lock file, and Node's and V8's
 *     versions (the serialisation format).
 * A missing, stale, truncated or otherwise unreadable cache file is never an error: the
 * knowledge is built from the files as without a cache (a warning says why when the file was
 * unreadable), and the cache file is written again.
 *
 * One file per knowledge folder (named by a hash of the folder), replaced atomically, so edits
 * do not pile up old files. The payload is V8's structured serialisation (it keeps `undefined`
 * fields and dates as they were) holding the index as MiniSearch JSON, checked by a SHA-256 in
 * the header.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import MiniSearch from "minisearch";
import { indexOptions } from "../search/index.js";
import type { Facts } from "./facts.js";
import type { LoadOptions } from "./loader.js";
import type { KnowledgeDocument, LoadProblem, Passage } from "./types.js";
import { type WalkEntry, walkKnowledgeFolder } from "./walk.js";

export interface IndexCacheOptions {
  /** Folder holding the cache files (created when missing). */
  dir: string;
  /** Told when a cache file is unreadable or cannot be written. Default: `process.emitWarning`. */
  warn?: (message: string) => void;
  /** Told what the cache did, for logs and measurements. */
  onEvent?: (event: IndexCacheEvent) => void;
}

export type IndexCacheEvent =
  | { type: "hit"; file: string; ms: number }
  | { type: "miss"; file: string; reason: "absent" | "stale" | "unreadable" }
  | { type: "written"; file: string; ms: number; bytes: number }
  | { type: "not-written"; file: string; reason: string };

/** What is saved: everything `loadKnowledge` builds from the files. */
export interface KnowledgeSnapshot {
  documents: KnowledgeDocument[];
  passages: Passage[];
  problems: LoadProblem[];
  skipped: string[];
  facts: Facts;
  index: MiniSearch<Passage>;
}

/** Bump when the payload's shape changes. */
const FORMAT = "eig-bot index cache 1";

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

let codeVersionPromise: Promise<string> | undefined;

/** Relative imports of a module's source: `from "./x.js"`, `import "../y.js"`, `import("./z.js")`. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g;

/**
 * Hash of the code that turns files into a snapshot, computed once per process: the source of
 * knowledge-base.ts and of every module it imports, transitively (the loader, Markdown and front
 * matter parsing, promotions, facts, the analyzer and index), the lock file (parser and
 * MiniSearch versions), and V8's and Node's versions (the serialisation format). Other modules
 * can change without invalidating the cache.
 */
export function codeVersion(): Promise<string> {
  codeVersionPromise ??= (async () => {
    const hash = createHash("sha256").update(FORMAT).update("\0");
    const here = fileURLToPath(import.meta.url);
    const src = resolve(dirname(here), "..");
    const seen = new Set<string>();
    const queue = [join(dirname(here), `knowledge-base${extname(here)}`), here];
    while (queue.length > 0) {
      const file = queue.shift() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch {
        hash.update(`missing ${relative(src, file)}\0`);
        continue;
      }
      hash.update(`${relative(src, file)}\0${text}\0`);
      for (const match of text.matchAll(RELATIVE_IMPORT)) {
        const target = resolve(dirname(file), match[1] as string);
        // Sources import "./x.js" and are run from "./x.ts" (tsx), or built to ".js".
        const ts = target.replace(/\.js$/, ".ts");
        queue.push(ts !== target && (await exists(ts)) ? ts : target);
      }
    }
    const lock = await readFile(resolve(src, "..", "package-lock.json")).catch(() => undefined);
    hash.update(`lock ${lock ? sha256(lock) : "none"}\0minisearch ${await minisearchVersion()}\0`);
    hash.update(`v8 ${process.versions.v8}\0node ${process.version}`);
    return hash.digest("hex");
  })();
  return codeVersionPromise;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** MiniSearch's version, read from its package.json (which its `exports` do not expose). */
async function minisearchVersion(): Promise<string> {
  try {
    let folder = dirname(createRequire(import.meta.url).resolve("minisearch"));
    for (let i = 0; i < 5; i++, folder = dirname(folder)) {
      const manifest = JSON.parse(await readFile(join(folder, "package.json"), "utf8").catch(() => "{}")) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === "minisearch" && manifest.version) return manifest.version;
    }
  } catch {
    // Unknown: the key still holds everything else.
  }
  return "unknown";
}

/**
 * The files' part of the key: the Markdown files under `dir` as the loader walks them (hidden
 * names and node_modules left out, symbolic links followed once), each with the hash of its
 * bytes, and any entry that cannot be read with its error.
 */
async function filesFingerprint(dir: string): Promise<string> {
  // Entries in walk order (the loader's walk); files are looked at afterwards, several at a time.
  const entries: { line: string; file?: string }[] = [];
  const lineOf = (entry: WalkEntry): { line: string; file?: string } => {
    const rel = relative(dir, entry.path);
    switch (entry.type) {
      case "file":
        return { line: `file ${rel}`, file: entry.path };
      case "dir":
        return { line: `dir ${rel}` };
      case "loop":
        return { line: `loop ${rel}` };
      case "folder-error":
        return { line: `folder-error ${rel} ${entry.error.code}` };
      case "link-error":
        return { line: `link-error ${rel} ${entry.error.code}` };
    }
  };
  const visit = async (folder: string) => {
    for (const entry of await walkKnowledgeFolder(folder)) entries.push(lineOf(entry));
  };
  const hash = createHash("sha256");
  try {
    const info = await stat(dir);
    hash.update(`root ${info.isDirectory() ? "dir" : "other"}\0`);
    if (info.isDirectory()) await visit(dir);
  } catch (error) {
    hash.update(`root-error ${(error as NodeJS.ErrnoException).code}\0`);
  }
  const digests: string[] = new Array(entries.length).fill("");
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < entries.length; i = next++) {
      const file = entries[i]?.file;
      if (!file) continue;
      try {
        const info = await stat(file, { bigint: true });
        digests[i] = `${info.size} ${info.mtimeNs} ${info.ctimeNs} ${info.ino}`;
      } catch (error) {
        digests[i] = `error ${(error as NodeJS.ErrnoException).code}`;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  entries.forEach((entry, i) => {
    hash.update(`${entry.line} ${digests[i]}\0`);
  });
  return hash.digest("hex");
}

/** The cache key of a knowledge folder as it is now, loaded with these options. */
export async function knowledgeKey(dir: string, options: LoadOptions = {}): Promise<string> {
  const absolute = resolve(dir);
  const parts = [
    await codeVersion(),
    absolute,
    resolve(options.cwd ?? process.cwd()),
    String(options.maxFileBytes ?? "default"),
    await filesFingerprint(absolute),
  ];
  return sha256(parts.join("\0"));
}

/** The cache file of a knowledge folder (one per folder and working directory). */
export function cacheFile(cache: IndexCacheOptions, dir: string, options: LoadOptions = {}): string {
  const name = sha256(`${resolve(dir)}\0${resolve(options.cwd ?? process.cwd())}`).slice(0, 32);
  return join(resolve(cache.dir), `${name}.bin`);
}

interface Payload {
  documents: KnowledgeDocument[];
  passages: Passage[];
  problems: LoadProblem[];
  skipped: string[];
  facts: Facts;
  /** MiniSearch's `toJSON()` as JSON text: JSON.parse reads it twice as fast as V8 deserialises it. */
  index: string;
}

function warnWith(cache: IndexCacheOptions): (message: string) => void {
  return cache.warn ?? ((message) => process.emitWarning(message, "IndexCacheWarning"));
}

function isPayload(value: unknown): value is Payload {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    Array.isArray(v.documents) &&
    Array.isArray(v.passages) &&
    Array.isArray(v.problems) &&
    Array.isArray(v.skipped) &&
    typeof v.facts === "object" &&
    v.facts !== null &&
    typeof v.index === "string"
  );
}

/**
 * The snapshot saved for this folder under `key`, or undefined (absent, stale or unreadable:
 * the caller builds it). Never throws.
 */
export async function readIndexCache(
  cache: IndexCacheOptions,
  dir: string,
  key: string,
  options: LoadOptions = {},
): Promise<KnowledgeSnapshot | undefined> {
  const file = cacheFile(cache, dir, options);
  const started = performance.now();
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT")
      warnWith(cache)(`index cache ${file} cannot be read (${code}); building the index`);
    cache.onEvent?.({ type: "miss", file, reason: code === "ENOENT" ? "absent" : "unreadable" });
    return undefined;
  }
  const unreadable = (why: string): undefined => {
    warnWith(cache)(`index cache ${file} is unreadable (${why}); ignoring it and building the index`);
    cache.onEvent?.({ type: "miss", file, reason: "unreadable" });
    return undefined;
  };
  // Header: "<format>\n<key>\n<sha256 of payload>\n", then the payload.
  const headerEnd = nthNewline(bytes, 3);
  if (headerEnd < 0) return unreadable("no header");
  const [format, fileKey, checksum] = bytes.subarray(0, headerEnd).toString("utf8").split("\n");
  if (format !== FORMAT) return unreadable(`unknown format "${format?.slice(0, 40)}"`);
  if (fileKey !== key) {
    cache.onEvent?.({ type: "miss", file, reason: "stale" });
    return undefined;
  }
  const payloadBytes = bytes.subarray(headerEnd + 1);
  if (sha256(payloadBytes) !== checksum) return unreadable("checksum mismatch: the file is damaged");
  try {
    const payload: unknown = deserialize(payloadBytes);
    if (!isPayload(payload)) return unreadable("unexpected content");
    const byId = new Map(payload.documents.map((d) => [d.id, d]));
    const index = MiniSearch.loadJSON<Passage>(payload.index, indexOptions(byId));
    if (index.documentCount !== payload.passages.length) return unreadable("index and passages disagree");
    cache.onEvent?.({ type: "hit", file, ms: performance.now() - started });
    return { ...payload, index };
  } catch (error) {
    return unreadable((error as Error).message);
  }
}

function nthNewline(bytes: Buffer, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = bytes.indexOf(10, at + 1);
    if (at < 0 || at > 4096) return -1;
  }
  return at;
}

/**
 * MiniSearch's `toJSON()` as text, its terms in reverse order. MiniSearch walks its term tree's
 * children last-inserted first, so `loadJSON` on the terms as listed would rebuild the tree
 * with every node's children reversed: prefix and fuzzy matches would come in another order and
 * scores summed in another order could differ in their last bit. Loading the reversed list
 * inserts each node's children in their original order: the very same tree.
 */
function indexJson(index: MiniSearch<Passage>): string {
  const js = index.toJSON();
  js.index.reverse();
  return JSON.stringify(js);
}

/**
 * The passages with one `headings` array per section instead of one per passage (copies; the
 * passages given are left alone). V8 serialises an object met twice once, so the file is smaller
 * and the passages read back share their arrays (a fifth less memory at 50,000 passages).
 * Nothing modifies a passage's headings, so sharing them changes nothing else.
 */
function sharingHeadings(passages: Passage[]): Passage[] {
  const shared = new Map<string, string[]>();
  return passages.map((passage) => {
    const key = JSON.stringify(passage.headings);
    let headings = shared.get(key);
    if (!headings) {
      headings = passage.headings;
      shared.set(key, headings);
    }
    return headings === passage.headings ? passage : { ...passage, headings };
  });
}

/** Saves a snapshot under `key`, atomically. A failure is warned about, never thrown. */
export async function writeIndexCache(
  cache: IndexCacheOptions,
  dir: string,
  key: string,
  snapshot: KnowledgeSnapshot,
  options: LoadOptions = {},
): Promise<void> {
  const file = cacheFile(cache, dir, options);
  const started = performance.now();
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const payload: Payload = {
      documents: snapshot.documents,
      passages: sharingHeadings(snapshot.passages),
      problems: snapshot.problems,
      skipped: snapshot.skipped,
      facts: snapshot.facts,
      index: indexJson(snapshot.index),
    };
    const body = serialize(payload);
    const header = Buffer.from(`${FORMAT}\n${key}\n${sha256(body)}\n`, "utf8");
    await mkdir(resolve(cache.dir), { recursive: true });
    await writeFile(temp, Buffer.concat([header, body]));
    await rename(temp, file);
    cache.onEvent?.({
      type: "written",
      file,
      ms: performance.now() - started,
      bytes: header.length + body.length,
    });
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    warnWith(cache)(`index cache ${file} cannot be written: ${(error as Error).message}`);
    cache.onEvent?.({ type: "not-written", file, reason: (error as Error).message });
  }
}
