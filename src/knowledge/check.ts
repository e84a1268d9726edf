/**
 * Checks a knowledge folder the way a compiler checks code: every problem with its path, line
 * when known, and reason. It starts from what the loader reports (files it cannot read: bad YAML,
 * not UTF-8, binary, empty, too big, symlink loops; dates it cannot read) and adds what the bot
 * tolerates but an editor should fix:
 *   - a missing front matter block, or a front matter without `title`;
 *   - a date field the loader did not look at (`date` when `event_date` wins) that cannot be read;
 *   - documents with headings but no text to quote;
 *   - duplicates: the same body text, or the same title and date, as another file;
 *   - dead internal links: Markdown links and images to files of the folder that do not exist,
 *     and anchors (`#section`, `other.md#section`) that no heading or id of the target defines.
 *
 * Severity follows the bot: `error` when the file is left out, `warning` when it loads anyway.
 *
 * What counts as internal: relative paths (`../a.md`, `./img.png`), root paths that name a
 * Markdown file (`/knowledge/a.md`, `/a.md`), and anchors. Root paths to anything else
 * (`/uploads/x.jpg`, `/defis/2018/x.html`, Jekyll's `{{ site.baseurl }}/…`) are addresses of the
 * published site, which the folder cannot resolve: they are counted as unchecked, never reported
 * as dead. Links with a scheme (`https:`, `mailto:`) are external and not looked at.
 */
import { readFile, stat } from "node:fs/promises";
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fromHtml } from "hast-util-from-html";
import type { Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { toString as mdastToString } from "mdast-util-to-string";
import { gfm } from "micromark-extension-gfm";
import { fold } from "../search/analyzer.js";
import { isoDay, parseFrontMatter } from "./front-matter.js";
import { type LoadOptions, loadKnowledgeFiles } from "./loader.js";
import { preclean } from "./markdown.js";
import type { KnowledgeDocument, LoadProblem, Passage } from "./types.js";

/** One problem found in a knowledge folder. */
export interface Problem extends LoadProblem {
  /** The other file a duplicate repeats. */
  other?: string;
}

export type CheckOptions = LoadOptions;

export interface CheckReport {
  /** The folder as given (for the summary line). */
  dir: string;
  documents: number;
  passages: number;
  /** Sorted by path, then line. */
  problems: Problem[];
  /** Links that look internal but cannot be resolved in the folder (published-site addresses). */
  unchecked: { file: string; line?: number; url: string }[];
}

const MARKDOWN_EXTENSIONS = new Set([".md", ".markdown", ".mdown", ".mkd"]);
/** Extensions of pages a static site generates from Markdown: a link to one may name its source. */
const PAGE_EXTENSIONS = new Set(["", ".html", ".htm"]);
/** Loader warnings this check replaces with its own, more precise, reason. */
const LOADER_NO_TITLE = /^no title in front matter/;
const LOADER_BAD_DATE = /^date cannot be read/;

interface Link {
  url: string;
  line?: number;
  image: boolean;
}

/** What the check needs from a document's source, read once. */
interface Source {
  doc: KnowledgeDocument;
  /** Absolute path. */
  path: string;
  text: string;
  hasFrontMatter: boolean;
  links: Link[];
  /** Anchors, loosely normalized (see `looseAnchor`). */
  anchors: Set<string>;
}

/** The line of `key:` in a front matter (same rule as the loader's). */
function keyLine(source: string, key: string): number | undefined {
  const lines = source.split("\n", 200);
  const i = lines.findIndex((l) => l.startsWith(`${key}:`));
  return i >= 0 ? i + 1 : undefined;
}

/**
 * Anchors compared loosely: lowercase, accents folded, only letters and digits kept. Heading ids
 * differ between generators (GitHub keeps accents, kramdown drops them, this bot folds them);
 * comparing what they share avoids calling a working anchor dead.
 */
function looseAnchor(text: string): string {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // Keep it as written.
  }
  return fold(decoded.normalize("NFC").toLowerCase()).replace(/[^a-z0-9]+/g, "");
}

function parseMarkdown(source: string): Root {
  return fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** Ids and names that raw HTML defines (`<a id="x">`, `<h2 id="y">`). */
function htmlIds(html: string, into: Set<string>): void {
  const visit = (node: { type: string; properties?: Record<string, unknown>; children?: unknown[] }) => {
    for (const key of ["id", "name"]) {
      const value = node.properties?.[key];
      if (typeof value === "string" && value) into.add(looseAnchor(value));
    }
    for (const child of node.children ?? []) visit(child as typeof node);
  };
  visit(fromHtml(html, { fragment: true }));
}

/**
 * Links, images and anchors of a Markdown body, with file lines. Like markdown.ts, Markdown that
 * follows a closing HTML tag inside an HTML block is parsed as Markdown (kramdown's reading).
 */
function scanBody(body: string, lineOffset: number): { links: Link[]; anchors: Set<string> } {
  const links: Link[] = [];
  const anchors = new Set<string>(["top"]);
  const headingCount = new Map<string, number>();
  const walk = (node: Nodes, offset: number) => {
    const line = node.position ? node.position.start.line + offset : undefined;
    switch (node.type) {
      case "link":
      case "definition":
        links.push({ url: node.url, line, image: false });
        break;
      case "image":
        links.push({ url: node.url, line, image: true });
        break;
      case "heading": {
        const text = mdastToString(node);
        // kramdown's explicit id: "## Titre {#mon-id}".
        const explicit = /\{#([^}\s]+)\}\s*$/.exec(text);
        if (explicit?.[1]) anchors.add(looseAnchor(explicit[1]));
        const base = looseAnchor(text.replace(/\{#[^}]*\}\s*$/, ""));
        const seen = headingCount.get(base) ?? 0;
        headingCount.set(base, seen + 1);
        anchors.add(base);
        // GitHub numbers repeated headings: "#section", "#section-1"…
        if (seen > 0) anchors.add(`${base}${seen}`);
        break;
      }
      case "footnoteDefinition":
        anchors.add(looseAnchor(`fn-${node.identifier}`));
        anchors.add(looseAnchor(`fn:${node.identifier}`));
        break;
      case "html": {
        const lines = node.value.split("\n");
        const close = lines.findIndex((l, i) => i < lines.length - 1 && /^\s*<\/[a-z][\w-]*>\s*$/i.test(l));
        htmlIds(close >= 0 ? lines.slice(0, close + 1).join("\n") : node.value, anchors);
        if (close >= 0 && line !== undefined) {
          walk(parseMarkdown(lines.slice(close + 1).join("\n")), line + close);
        }
        return;
      }
      default:
        break;
    }
    if ("children" in node) for (const child of node.children as Nodes[]) walk(child, offset);
  };
  walk(parseMarkdown(preclean(body)), lineOffset);
  return { links, anchors };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

type Resolution =
  | { kind: "external" }
  | { kind: "ok"; path: string }
  | { kind: "dead" }
  | { kind: "unchecked" }
  | { kind: "self" };

/** Where a link's path leads, as far as the folder can tell. */
async function resolveLink(dir: string, from: string, rawPath: string): Promise<Resolution> {
  if (rawPath === "") return { kind: "self" };
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // Keep it as written.
  }
  const ext = extname(path.replace(/\/+$/, "")).toLowerCase();
  const isMarkdown = MARKDOWN_EXTENSIONS.has(ext);
  const candidates: string[] = [];
  if (path.startsWith("/")) {
    // "/a.md" from the folder's root, "/knowledge/a.md" when the folder itself is named.
    const segments = path.split("/").filter(Boolean);
    candidates.push(join(dir, ...segments));
    if (segments[0] === basename(dir)) candidates.push(join(dir, ...segments.slice(1)));
  } else {
    candidates.push(resolve(dirname(from), path));
  }
  for (const candidate of candidates) {
    if (await exists(candidate)) return { kind: "ok", path: candidate };
  }
  // A generated page ("x.html", "x/", "x") may name its Markdown source "x.md".
  if (PAGE_EXTENSIONS.has(ext)) {
    for (const candidate of candidates) {
      const stem = candidate.replace(/\/+$/, "").replace(/\.html?$/i, "");
      for (const md of [`${stem}.md`, join(stem, "index.md")]) {
        if (inside(dir, md) && (await exists(md))) return { kind: "ok", path: md };
      }
    }
  }
  if (path.startsWith("/")) return isMarkdown ? { kind: "dead" } : { kind: "unchecked" };
  // A relative page address may be one the site generates (permalinks): not ours to judge.
  return PAGE_EXTENSIONS.has(ext) ? { kind: "unchecked" } : { kind: "dead" };
}

/** Body text a reader sees, normalized for comparison: no title, no front matter text. */
function bodyKey(passages: Passage[]): string {
  return fold(
    passages
      .filter((p) => p.type !== "title" && p.type !== "front-matter")
      .map((p) => p.text)
      .join(" ")
      .toLowerCase(),
  )
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function byPathThenLine(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const la = a.line ?? 0;
  const lb = b.line ?? 0;
  if (la !== lb) return la - lb;
  return a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0;
}

/** Checks a knowledge folder; returns the problems and what was looked at. */
export async function checkKnowledgeFolder(dir: string, options: CheckOptions = {}): Promise<CheckReport> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, dir);
  const loaded = await loadKnowledgeFiles(root, { ...options, cwd });
  const problems: Problem[] = [];
  const unchecked: CheckReport["unchecked"] = [];

  // The documents' sources: front matter presence, links, anchors.
  const sources: Source[] = [];
  for (const doc of loaded.documents) {
    const path = resolve(cwd, doc.file);
    try {
      // The loader read this file as UTF-8 text a moment ago.
      const text = (await readFile(path, "utf8")).replace(/^\uFEFF/, "");
      const parsed = parseFrontMatter(text);
      const { links, anchors } = scanBody(parsed.content, parsed.bodyLineOffset);
      sources.push({ doc, path, text, hasFrontMatter: parsed.bodyLineOffset > 0, links, anchors });
    } catch (error) {
      // Changed or removed since: say so rather than check a file that is no longer there.
      problems.push({
        file: doc.file,
        reason: `changed while being checked: ${(error as Error).message}`,
        severity: "error",
      });
    }
  }
  const byPath = new Map(sources.map((s) => [s.path, s]));

  // What the loader found, except the warnings reworded below.
  for (const p of loaded.problems) {
    if (LOADER_NO_TITLE.test(p.reason)) continue;
    problems.push({ ...p });
  }

  for (const source of sources) {
    const { doc, text } = source;
    const file = doc.file;
    // Required fields.
    if (!source.hasFrontMatter) {
      problems.push({
        file,
        line: 1,
        reason: `no front matter: start the file with "---", "title: …", "---" (the bot uses "${doc.title}")`,
        severity: "warning",
      });
    } else if (typeof doc.frontMatter.title !== "string" || doc.frontMatter.title.trim() === "") {
      problems.push({
        file,
        line: 1,
        reason: `no title in front matter (required; the bot uses "${doc.title}")`,
        severity: "warning",
      });
    }
    // Dates: the loader reads `event_date` when present, else `date`; check both.
    const reported = new Set(
      loaded.problems.filter((p) => p.file === file && LOADER_BAD_DATE.test(p.reason)).map((p) => p.line),
    );
    for (const key of ["event_date", "date"]) {
      const value = doc.frontMatter[key];
      if (value === undefined || value === null || value === "" || isoDay(value)) continue;
      const line = keyLine(text, key);
      if (reported.has(line)) continue;
      problems.push({
        file,
        line,
        reason: `${key} cannot be read: "${String(value)}" (write it as YYYY-MM-DD)`,
        severity: "warning",
      });
    }
  }

  // Documents with nothing to quote but headings.
  const passagesByDoc = new Map<string, Passage[]>();
  for (const p of loaded.passages) {
    const list = passagesByDoc.get(p.docId) ?? [];
    list.push(p);
    passagesByDoc.set(p.docId, list);
  }
  for (const doc of loaded.documents) {
    const own = passagesByDoc.get(doc.id) ?? [];
    if (own.every((p) => p.type === "title" || p.type === "heading")) {
      problems.push({
        file: doc.file,
        reason: "empty document: headings only, no text to quote",
        severity: "warning",
      });
    }
  }

  // Duplicates: reported on the later file (by path), naming the earlier one.
  const firstByBody = new Map<string, KnowledgeDocument>();
  const firstByTitleDate = new Map<string, KnowledgeDocument>();
  for (const doc of [...loaded.documents].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    const body = bodyKey(passagesByDoc.get(doc.id) ?? []);
    const titleDate = doc.date
      ? `${fold(doc.title.toLowerCase()).replace(/\s+/g, " ").trim()}|${doc.date}`
      : "";
    const sameBody = body ? firstByBody.get(body) : undefined;
    const sameTitle = titleDate ? firstByTitleDate.get(titleDate) : undefined;
    if (body && !sameBody) firstByBody.set(body, doc);
    if (titleDate && !sameTitle) firstByTitleDate.set(titleDate, doc);
    const original = sameBody ?? sameTitle;
    if (!original) continue;
    const why =
      sameBody && sameTitle === sameBody
        ? "same text, title and date"
        : sameBody
          ? "same text"
          : `same title and date ("${doc.title}", ${doc.date})`;
    problems.push({
      file: doc.file,
      reason: `duplicate of ${original.file} (${why})`,
      severity: "warning",
      other: original.file,
    });
  }

  // Links.
  for (const source of sources) {
    for (const link of source.links) {
      const url = link.url.trim();
      if (url === "" || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) continue;
      const hash = url.indexOf("#");
      const fragment = hash >= 0 ? url.slice(hash + 1) : "";
      const path = (hash >= 0 ? url.slice(0, hash) : url).replace(/\?.*$/, "");
      const where = await resolveLink(root, source.path, path);
      const at = { file: source.doc.file, line: link.line };
      if (where.kind === "unchecked") {
        unchecked.push({ ...at, url });
        continue;
      }
      if (where.kind === "dead") {
        problems.push({
          ...at,
          reason: `dead ${link.image ? "image" : "link"}: "${url}" (no such file in the knowledge folder)`,
          severity: "warning",
        });
        continue;
      }
      if (where.kind !== "ok" && where.kind !== "self") continue;
      if (!fragment) continue;
      const target = where.kind === "self" ? source : byPath.get(where.path);
      // A target that is not a loaded document (an image, a file the loader left out): its
      // anchors are unknown, and a broken target is reported on its own.
      if (!target) continue;
      if (!target.anchors.has(looseAnchor(fragment))) {
        const there = target === source ? "in this file" : `in ${target.doc.file}`;
        problems.push({
          ...at,
          reason: `dead anchor: "${url}" (no heading or id "${fragment}" ${there})`,
          severity: "warning",
        });
      }
    }
  }

  problems.sort(byPathThenLine);
  return {
    dir,
    documents: loaded.documents.length,
    passages: loaded.passages.length,
    problems,
    unchecked,
  };
}

/** Every problem of a knowledge folder, sorted by path then line. */
export async function checkKnowledge(dir: string, options: CheckOptions = {}): Promise<Problem[]> {
  return (await checkKnowledgeFolder(dir, options)).problems;
}

/** `path:line: severity: reason`, the compiler format editors and CI annotate. */
export function formatProblem(problem: Problem): string {
  const where = problem.line !== undefined ? `${problem.file}:${problem.line}` : problem.file;
  return `${where}: ${problem.severity}: ${problem.reason}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** "knowledge: 6 documents, 1234 passages, no problems" (or the counts of errors and warnings). */
export function summarize(report: CheckReport): string {
  const errors = report.problems.filter((p) => p.severity === "error").length;
  const warnings = report.problems.length - errors;
  const found =
    report.problems.length === 0
      ? "no problems"
      : [errors ? plural(errors, "error") : "", warnings ? plural(warnings, "warning") : ""]
          .filter(Boolean)
          .join(", ");
  const name = report.dir.split(sep).join("/").replace(/\/+$/, "") || ".";
  return `${name}: ${plural(report.documents, "document")}, ${plural(report.passages, "passage")}, ${found}`;
}
