/**
 * Reads every Markdown file under a knowledge folder into documents and passages. A file that
 * cannot be read (bad YAML, not UTF-8, binary, empty, too big, a symlink loop…) is reported with
 * its path and reason and skipped; every other file still loads.
 */
import { lstat, readFile, stat } from "node:fs/promises";
import { basename, extname, isAbsolute, relative, sep } from "node:path";
import {
  CONTENT_KEYS,
  dayFromFileName,
  type FrontMatter,
  FrontMatterError,
  isoDay,
  parseFrontMatter,
} from "./front-matter.js";
import { type Block, markdownToBlocks } from "./markdown.js";
import { findPromotions } from "./promotion.js";
import type { KnowledgeDocument, LoadProblem, Passage } from "./types.js";
import { type WalkEntry, walkKnowledgeFolder } from "./walk.js";

export interface LoadOptions {
  /** Files bigger than this are skipped and reported. Default: 2 MiB. */
  maxFileBytes?: number;
  /** Paths are shown relative to this folder when inside it. Default: `process.cwd()`. */
  cwd?: string;
  /**
   * Reads only these files (absolute paths found by the walk); the folder is still walked, so its
   * problems (loops, broken links) are all reported. For the live reload, which re-reads only the
   * files that changed (knowledge-update.ts). Default: every file.
   */
  only?: ReadonlySet<string>;
  /** The folder's walk when the caller just made it (the live reload): not walked again. */
  walk?: readonly WalkEntry[];
}

export interface LoadedKnowledge {
  documents: KnowledgeDocument[];
  passages: Passage[];
  problems: LoadProblem[];
  /** Files skipped on purpose: Jekyll drafts (`_name.md`) and `published: false`. */
  skipped: string[];
}

const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Front matter keys that hold a public address for the document. */
const URL_KEYS = ["url", "source_url", "canonical_url"] as const;

/** Lists Markdown files under `dir` (see walk.ts); unreadable folders, loops and broken links become problems. */
async function listMarkdown(
  dir: string,
  problems: LoadProblem[],
  show: (p: string) => string,
  walk?: readonly WalkEntry[],
): Promise<string[]> {
  const files: string[] = [];
  for (const entry of walk ?? (await walkKnowledgeFolder(dir))) {
    if (entry.type === "file") files.push(entry.path);
    else if (entry.type === "folder-error") {
      problems.push({
        file: show(entry.path),
        reason: `cannot open folder: ${entry.error.message}`,
        severity: "error",
      });
    } else if (entry.type === "loop") {
      problems.push({
        file: show(entry.path),
        reason: "symbolic link loop: this folder was already read",
        severity: "warning",
      });
    } else if (entry.type === "link-error" && (entry.markdown || entry.error.code === "ELOOP")) {
      const code = entry.error.code;
      const reason =
        code === "ELOOP" ? "symbolic link loop" : `broken symbolic link (${code ?? "unreadable"})`;
      problems.push({ file: show(entry.path), reason, severity: "error" });
    }
  }
  return files;
}

/** True when `bytes` could be the start of UTF-8 text (an incomplete last character is allowed). */
function utf8Prefix(bytes: Uint8Array): boolean {
  try {
    // A fresh decoder each time: a shared one would carry streaming state from call to call.
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the first byte that is not UTF-8 is, in a buffer known to be invalid: a binary search on
 * the longest valid prefix (O(n log n), so a 2 MiB Latin-1 file takes milliseconds), then back to
 * the lead byte whose sequence the bad byte broke ("caf\xe9 " points at \xe9, not the space).
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let valid = 0;
  let invalid = bytes.length;
  if (utf8Prefix(bytes)) {
    // Only the last character is cut short.
    invalid = bytes.length;
  } else {
    while (invalid - valid > 1) {
      const mid = (valid + invalid) >>> 1;
      if (utf8Prefix(bytes.subarray(0, mid))) valid = mid;
      else invalid = mid;
    }
  }
  let at = Math.min(invalid - 1, bytes.length - 1);
  for (let back = 1; back <= 3 && at - back >= 0; back++) {
    const byte = bytes[at - back] ?? 0;
    if (byte >= 0xc0) {
      // A lead byte whose sequence was still expecting continuation bytes: it is the culprit.
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (back < length) at -= back;
      break;
    }
    if ((byte & 0xc0) !== 0x80) break;
  }
  return Math.max(at, 0);
}

/** 1-based line of a byte offset. */
function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Decodes a file as UTF-8, or says why it is not text (with the line of the first bad byte). */
function decode(bytes: Uint8Array): { text: string } | { reason: string; line?: number } {
  // UTF-16 (Windows "Unicode") is text, but its ASCII letters carry NUL bytes: say what it is.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { reason: "not UTF-8 text (UTF-16, with a byte order mark); save the file as UTF-8", line: 1 };
  }
  const probe = bytes.subarray(0, 8000);
  if (probe.includes(0)) return { reason: "binary file (it contains NUL bytes), not Markdown text" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "") };
  } catch {
    const offset = firstInvalidByte(bytes);
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    return {
      reason: `not UTF-8 text (invalid byte 0x${byte} at offset ${offset}); save the file as UTF-8`,
      line: lineAtByte(bytes, offset),
    };
  }
}

/**
 * A front matter that opens with "---" and never closes: gray-matter would read the whole file
 * as YAML and fail far away with an unrelated message (or swallow the body).
 */
function unclosedFrontMatter(source: string): boolean {
  if (!/^---[ \t]*\r?\n/.test(source)) return false;
  return !/\n---/.test(source.slice(3));
}

/** The line of the field a front matter error names ('front matter field "title": …'). */
function fieldLine(source: string, message: string): number | undefined {
  const key = /^front matter field "([^".]+)/.exec(message)?.[1];
  return key ? frontMatterLine(source, key) : undefined;
}

/** The line of `key:` in the front matter, for passages read from front matter fields. */
function frontMatterLine(source: string, key: string): number | undefined {
  const lines = source.split("\n", 200);
  const i = lines.findIndex((l) => l.startsWith(`${key}:`));
  return i >= 0 ? i + 1 : undefined;
}

function firstString(data: FrontMatter, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return undefined;
}

/** A title when the front matter has none: the first heading, else the file name. */
function fallbackTitle(blocks: Block[], path: string): string {
  const heading = blocks.find((b) => b.type === "heading");
  if (heading) return heading.text;
  return basename(path, extname(path))
    .replace(/^(\d{2,4}-\d{2}-\d{2}-)/, "")
    .replace(/[-_]+/g, " ")
    .trim();
}

/** One promotion when the text names exactly one. */
function singlePromotion(text: string): number | undefined {
  const found = findPromotions(text);
  return found.length === 1 ? found[0] : undefined;
}

export async function loadKnowledgeFiles(dir: string, options: LoadOptions = {}): Promise<LoadedKnowledge> {
  const cwd = options.cwd ?? process.cwd();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const show = (path: string) => {
    const rel = relative(cwd, path);
    return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : path;
  };
  const problems: LoadProblem[] = [];
  const skipped: string[] = [];
  const documents: KnowledgeDocument[] = [];
  const passages: Passage[] = [];

  try {
    const info = await lstat(dir);
    if (!info.isDirectory() && !info.isSymbolicLink()) throw new Error("not a folder");
  } catch (error) {
    problems.push({
      file: show(dir),
      reason: `knowledge folder cannot be read: ${(error as Error).message}`,
      severity: "error",
    });
    return { documents, passages, problems, skipped };
  }

  for (const path of await listMarkdown(dir, problems, show, options.walk)) {
    if (options.only && !options.only.has(path)) continue;
    const file = show(path);
    const name = basename(path);
    let source = "";
    try {
      const info = await stat(path);
      if (info.size > maxBytes) {
        problems.push({
          file,
          reason: `file too large (${(info.size / 1048576).toFixed(1)} MiB; the limit is ${(maxBytes / 1048576).toFixed(1)} MiB)`,
          severity: "error",
        });
        continue;
      }
      const decoded = decode(await readFile(path));
      if ("reason" in decoded) {
        problems.push({ file, line: decoded.line, reason: decoded.reason, severity: "error" });
        continue;
      }
      source = decoded.text;
      if (source.trim() === "") {
        problems.push({ file, reason: "empty file", severity: "error" });
        continue;
      }
      if (unclosedFrontMatter(source)) {
        problems.push({
          file,
          line: 1,
          reason: 'front matter not closed: the "---" on line 1 has no closing "---" line',
          severity: "error",
        });
        continue;
      }
      const parsed = parseFrontMatter(source);
      const data = parsed.data;
      if (name.startsWith("_") || data.published === false) {
        skipped.push(file);
        continue;
      }
      const blocks = markdownToBlocks(parsed.content, parsed.bodyLineOffset);
      const contentFields: { key: string; blocks: Block[] }[] = [];
      for (const key of CONTENT_KEYS) {
        const value = data[key];
        if (typeof value === "string" && value.trim()) {
          const line = frontMatterLine(source, key);
          contentFields.push({
            key,
            blocks: markdownToBlocks(value).map((b) => ({
              ...b,
              type: "front-matter",
              headings: [],
              anchor: "",
              line,
            })),
          });
        }
      }
      if (blocks.length === 0 && contentFields.every((f) => f.blocks.length === 0)) {
        problems.push({
          file,
          reason: "no text: the file has no body and no description",
          severity: "error",
        });
        continue;
      }

      let title = data.title;
      if (!title) {
        title = fallbackTitle(blocks, path);
        problems.push({
          file,
          line: 1,
          reason: `no title in front matter; using "${title}"`,
          severity: "warning",
        });
      }
      const rawDate = data.event_date ?? data.date;
      let date = isoDay(rawDate);
      if (rawDate !== undefined && rawDate !== "" && !date) {
        problems.push({
          file,
          line: frontMatterLine(source, data.event_date !== undefined ? "event_date" : "date"),
          reason: `date cannot be read: "${String(rawDate)}" (write it as YYYY-MM-DD)`,
          severity: "warning",
        });
      }
      date ??= dayFromFileName(name);
      const id = relative(dir, path)
        .split(sep)
        .join("/")
        .replace(/\.[^.]+$/, "");
      const url = firstString(data, URL_KEYS);
      const kind = data.kind ?? data.layout;
      const promotion =
        data.promotion !== undefined ? Number(data.promotion) : (singlePromotion(title) ?? undefined);
      const doc: KnowledgeDocument = { id, file, title, date, url, kind, promotion, frontMatter: data };
      documents.push(doc);

      const add = (block: Block) => {
        const own = singlePromotion(block.text);
        const section = [...block.headings]
          .reverse()
          .map(singlePromotion)
          .find((p) => p !== undefined);
        passages.push({
          id: passages.length,
          docId: id,
          type: block.type,
          text: block.text,
          headings: block.headings,
          anchor: block.anchor,
          line: block.line,
          promotion: own ?? section ?? promotion,
          ...(block.table ? { table: block.table } : {}),
          ...(block.lead ? { lead: block.lead } : {}),
          ...(block.wordings ? { wordings: block.wordings } : {}),
        });
      };
      add({ type: "title", text: title, headings: [], anchor: "", line: frontMatterLine(source, "title") });
      for (const field of contentFields) field.blocks.forEach(add);
      blocks.forEach(add);
    } catch (error) {
      if (error instanceof FrontMatterError) {
        const line = error.line ?? fieldLine(source, error.message);
        problems.push({ file, line, reason: error.message, severity: "error" });
      } else {
        problems.push({ file, reason: `cannot be loaded: ${(error as Error).message}`, severity: "error" });
      }
    }
  }
  return { documents, passages, problems, skipped };
}
