/**
 * The persisted index: what `loadKnowledge` builds from a knowledge folder (documents, passages,
 * load problems and the MiniSearch index), saved to a cache folder and read back at the next
 * start instead of parsing and indexing every file again.
 *
 * A cache file is used only when its key matches. The key is a hash of:
 *   - every Markdown file the loader would read: its path and the hash of its bytes (so an
 *     edit, an added, removed or renamed file, or a broken link changes it; touching a file
 *     without changing it does not);
 *   - the load options (the folder, the working directory paths are shown from, the size limit);
 *   - the code version: the source of src/knowledge and src/search (the code that turns files
 *     into passages and index), MiniSearch's version and V8's serialisation format.
 * A missing, stale, truncated or otherwise unreadable cache file is never an error: the
 * knowledge is built from the files as without a cache (a warning says why when the file was
 * unreadable), and the cache file is written again.
 *
 * One file per knowledge folder (named by a hash of the folder), replaced atomically, so edits
 * do not pile up old files. The payload is V8's structured serialisation (it keeps `undefined`
 * fields and dates as they were), checked by a SHA-256 in the header.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import MiniSearch from "minisearch";
import { indexOptions } from "../search/index.js";
import type { LoadOptions } from "./loader.js";
import type { KnowledgeDocument, LoadProblem, Passage } from "./types.js";

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

/** What is saved: everything `loadKnowledge` builds from the files, facts aside (cheap to redo). */
export interface KnowledgeSnapshot {
  documents: KnowledgeDocument[];
  passages: Passage[];
  problems: LoadProblem[];
  skipped: string[];
  index: MiniSearch<Passage>;
}

/** Bump when the payload's shape changes. */
const FORMAT = "eig-bot index cache 1";
const MARKDOWN_EXTENSIONS = new Set([".md", ".markdown", ".mdown", ".mkd"]);

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

let codeVersionPromise: Promise<string> | undefined;

/** Hash of the code that turns files into a snapshot; computed once per process. */
export function codeVersion(): Promise<string> {
  codeVersionPromise ??= (async () => {
    const hash = createHash("sha256").update(FORMAT).update("\0");
    const src = fileURLToPath(new URL("../", import.meta.url));
    for (const folder of ["knowledge", "search"]) {
      let names: string[] = [];
      try {
        names = (await readdir(join(src, folder))).sort();
      } catch {
        // A bundled build has no sources next to it: the package version below still counts.
      }
      for (const name of names) {
        if (!/\.[cm]?[jt]s$/.test(name)) continue;
        hash
          .update(`${folder}/${name}\0`)
          .update(await readFile(join(src, folder, name)))
          .update("\0");
      }
    }
    hash.update(
      `minisearch ${await minisearchVersion()}\0v8 ${process.versions.v8}\0node ${process.version}`,
    );
    return hash.digest("hex");
  })();
  return codeVersionPromise;
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

async function hashFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * The files' part of the key: the Markdown files under `dir` as the loader walks them (hidden
 * names and node_modules left out, symbolic links followed once), each with the hash of its
 * bytes, and any entry that cannot be read with its error.
 */
async function filesFingerprint(dir: string): Promise<string> {
  const hash = createHash("sha256");
  const seen = new Set<string>();
  async function visit(folder: string): Promise<void> {
    let real: string;
    try {
      real = await realpath(folder);
    } catch (error) {
      hash.update(`folder-error ${relative(dir, folder)} ${(error as NodeJS.ErrnoException).code}\0`);
      return;
    }
    if (seen.has(real)) {
      hash.update(`loop ${relative(dir, folder)}\0`);
      return;
    }
    seen.add(real);
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(folder, entry.name);
      const markdown = MARKDOWN_EXTENSIONS.has(extname(entry.name).toLowerCase());
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(path);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          hash.update(`link-error ${relative(dir, path)} ${(error as NodeJS.ErrnoException).code}\0`);
          continue;
        }
      }
      if (isDir) {
        hash.update(`dir ${relative(dir, path)}\0`);
        await visit(path);
      } else if (isFile && markdown) {
        try {
          hash.update(`file ${relative(dir, path)} ${await hashFile(path)}\0`);
        } catch (error) {
          hash.update(`file-error ${relative(dir, path)} ${(error as NodeJS.ErrnoException).code}\0`);
        }
      }
    }
  }
  try {
    const info = await stat(dir);
    hash.update(`root ${info.isDirectory() ? "dir" : "other"}\0`);
    if (info.isDirectory()) await visit(dir);
  } catch (error) {
    hash.update(`root-error ${(error as NodeJS.ErrnoException).code}\0`);
  }
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
  /** MiniSearch's `toJSON()`, as JSON text (JSON.parse reads it faster than V8 deserialises it). */
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
      passages: snapshot.passages,
      problems: snapshot.problems,
      skipped: snapshot.skipped,
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
