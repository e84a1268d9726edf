/**
 * `GET /docs/<document id>`: a knowledge document as a readable web page, so that a source
 * without a public url is still a link people can open, at the section quoted
 * (`/docs/reglement-eig3-2018#article-4-conditions-d-eligibilite`). `GET /docs/` lists them.
 *
 * - The body is the Markdown the bot answers from, read the same way (front matter cut off by
 *   the loader's own parser, never shown; Liquid and kramdown attribute lists cleaned by
 *   `preclean`; the same GFM parser), so a passage's line is a line of the page.
 * - Anchors are the passages' own: each passage's `anchor` (made by markdown.ts's `slugify` from
 *   its heading, or `p-<n>` before the first heading) becomes the `id` of the element its line
 *   starts on — the heading itself for a heading. Every anchor a source can carry is on the page.
 * - A knowledge file is data, not code: raw HTML in it is parsed (hast-util-raw) and then
 *   sanitized with GitHub's rules (hast-util-sanitize: no script, style, iframe, event handler,
 *   `javascript:` link…), and the page itself carries no script; the server's
 *   Content-Security-Policy would refuse one anyway.
 * - Links are relative (`../docs.css`, `../`), so the pages work under a reverse proxy's path too.
 *   Images are shown as their alt text: the bot serves no file of the knowledge folder.
 */
import { readFile } from "node:fs/promises";
import { isAbsolute, posix, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Element, ElementContent, Nodes as HastNodes, Root as HastRoot, Properties } from "hast";
import { raw } from "hast-util-raw";
import { defaultSchema, type Schema, sanitize } from "hast-util-sanitize";
import { toHtml } from "hast-util-to-html";
import { toText } from "hast-util-to-text";
import type { Nodes, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { toHast } from "mdast-util-to-hast";
import { gfm } from "micromark-extension-gfm";
import { VFile } from "vfile";
import type { Assistant } from "../../answer/assistant.js";
import { CONTENT_KEYS, parseFrontMatter } from "../../knowledge/front-matter.js";
import { preclean, slugify } from "../../knowledge/markdown.js";
import type { KnowledgeBase, KnowledgeDocument } from "../../knowledge/types.js";
import { documentPath } from "../../render/links.js";
import { sendError } from "../../server/errors.js";

type Language = "fr" | "en";

const WORDS = {
  fr: {
    back: "← Poser une question au bot EIG",
    published: "Page publiée",
    documents: "Documents du bot EIG",
    intro: "Les documents dont le bot tire ses réponses.",
  },
  en: {
    back: "← Ask the EIG bot a question",
    published: "Published page",
    documents: "The EIG bot's documents",
    intro: "The documents the bot answers from.",
  },
} as const;

/**
 * GitHub's sanitizing rules, plus: the content of elements that hold no text for a reader is
 * dropped with them (by default an unknown element is replaced by its children, which would
 * show a style sheet's text), as the loader does (markdown.ts).
 */
const SCHEMA: Schema = {
  ...defaultSchema,
  strip: ["script", "style", "iframe", "noscript", "svg", "template", "object", "embed", "textarea", "title"],
};

function parseMarkdown(source: string): Root {
  return fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** Moves every node of a tree parsed from a later part of the file to its true place. */
function shift(node: Nodes, lines: number, chars: number): void {
  if (node.position) {
    for (const point of [node.position.start, node.position.end]) {
      point.line += lines;
      if (point.offset !== undefined) point.offset += chars;
    }
  }
  if ("children" in node) for (const child of node.children) shift(child, lines, chars);
}

/**
 * CommonMark ends an HTML block at the next blank line, kramdown (Jekyll) at its closing tag:
 * Markdown written right after "</figure>" belongs to the page. The loader reads it so
 * (markdown.ts), and so does the page, in the same containers, so lines agree.
 */
function splitHtmlBlocks(nodes: RootContent[]): RootContent[] {
  const out: RootContent[] = [];
  for (const node of nodes) {
    if (node.type === "html" && node.position) {
      const lines = node.value.split("\n");
      const close = lines.findIndex((l, i) => i < lines.length - 1 && /^\s*<\/[a-z][\w-]*>\s*$/i.test(l));
      if (close >= 0) {
        const head = lines.slice(0, close + 1).join("\n");
        out.push({ ...node, value: head });
        const rest = parseMarkdown(lines.slice(close + 1).join("\n"));
        shift(rest, node.position.start.line + close, (node.position.start.offset ?? 0) + head.length + 1);
        out.push(...splitHtmlBlocks(rest.children));
        continue;
      }
    }
    if (node.type === "blockquote" || node.type === "footnoteDefinition") {
      node.children = splitHtmlBlocks(node.children) as typeof node.children;
    }
    out.push(node);
  }
  return out;
}

/** Markdown → sanitized HTML tree. `lineOffset`: lines before the body (the front matter). */
function markdownToHast(markdown: string, lineOffset: number): HastRoot {
  const source = preclean(markdown);
  const tree = parseMarkdown(source);
  tree.children = splitHtmlBlocks(tree.children);
  if (lineOffset) for (const child of tree.children) shift(child, lineOffset, 0);
  // With a file, parse5 keeps the raw HTML's positions (taken from the Markdown nodes' own points).
  const hast = raw(toHast(tree, { allowDangerousHtml: true }) as HastRoot, {
    file: new VFile(source),
  }) as HastRoot;
  return sanitize(hast, SCHEMA) as HastRoot;
}

function isElement(node: HastNodes): node is Element {
  return node.type === "element";
}

function elements(node: HastNodes, out: Element[] = []): Element[] {
  if (isElement(node)) out.push(node);
  if ("children" in node) for (const child of node.children) elements(child, out);
  return out;
}

const HEADING = /^h[1-6]$/;

/**
 * Gives each passage's anchor to the element its line starts on: a heading for a heading, else
 * the outermost element starting on that line (a list, a table body, a paragraph), else the last
 * element before it. An anchor already on the page is not given twice (two sections with the same
 * title share the first one's anchor, as their passages do). Headings left without an id get the
 * slug of their text.
 */
function placeAnchors(root: HastRoot, kb: KnowledgeBase, doc: KnowledgeDocument): void {
  const all = elements(root).filter((e) => e.position);
  const byLine = new Map<number, Element[]>();
  for (const e of all) {
    const line = e.position?.start.line ?? 0;
    byLine.set(line, [...(byLine.get(line) ?? []), e]);
  }
  const lines = [...byLine.keys()].sort((a, b) => a - b);
  const used = new Set<string>();
  for (const e of all) if (typeof e.properties.id === "string") used.add(e.properties.id);
  const free = (e: Element) => e.properties.id === undefined;
  const give = (element: Element | undefined, anchor: string) => {
    if (!element || used.has(anchor) || !free(element)) return;
    element.properties.id = anchor;
    used.add(anchor);
  };
  for (const passage of kb.passages) {
    if (passage.docId !== doc.id || !passage.anchor || passage.line === undefined) continue;
    if (used.has(passage.anchor)) continue;
    const line = passage.line;
    const starting = byLine.get(line) ?? [];
    let target =
      (passage.type === "heading" ? starting.find((e) => HEADING.test(e.tagName)) : undefined) ??
      starting.find(free);
    // Else the last free element that starts before the passage's line.
    for (let i = lines.findLastIndex((l) => l <= line); !target && i >= 0; i--) {
      target = (byLine.get(lines[i] ?? 0) ?? []).findLast(free);
    }
    give(target, passage.anchor);
  }
  for (const e of all) if (HEADING.test(e.tagName)) give(e, slugify(toText(e)));
}

/**
 * Images are shown as their text (their `alt`): the bot serves no file of the knowledge folder, and
 * its Content-Security-Policy refuses other sites' images, so every one would be a broken frame
 * (and a remote one a tracking pixel).
 */
function imagesAsText(node: HastRoot | Element): void {
  node.children = node.children.map((child) => {
    if (child.type !== "element") return child;
    if (child.tagName === "img") {
      const alt = typeof child.properties.alt === "string" ? child.properties.alt.trim() : "";
      // Keeps the position: an anchor may belong on it (placeAnchors runs after).
      const span = el("span", { className: ["doc-image"] }, alt ? [text(`[${alt}]`)] : []);
      return child.position ? { ...span, position: child.position } : span;
    }
    imagesAsText(child);
    return child;
  });
}

/**
 * Links between knowledge files (`other.md#x`, `/knowledge/other.md`) lead to the other file's
 * page; other relative links are resolved against the document's public address when it has one.
 */
function rewriteLinks(root: HastRoot, kb: KnowledgeBase, doc: KnowledgeDocument, toRoot: string): void {
  const folder = posix.basename(kb.dir);
  for (const a of elements(root).filter((e) => e.tagName === "a")) {
    const href = a.properties.href;
    if (
      typeof href !== "string" ||
      href === "" ||
      href.startsWith("#") ||
      /^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)
    ) {
      continue;
    }
    const [path = "", fragment] = href.split("#");
    const md = /\.(?:md|markdown)$/i.exec(path);
    if (md) {
      const target = path.startsWith("/")
        ? path.slice(1).replace(new RegExp(`^${folder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/`), "")
        : posix.join(posix.dirname(doc.id), path);
      const id = decodeURI(target).slice(0, -md[0].length);
      if (kb.byId.has(id)) {
        a.properties.href = `${toRoot}${documentPath(id).slice(1)}${fragment ? `#${fragment}` : ""}`;
        continue;
      }
    }
    if (doc.url) {
      try {
        a.properties.href = new URL(href, doc.url).href;
      } catch {
        // Left as written: a link the knowledge check reports.
      }
    }
  }
}

function el(tagName: string, properties: Properties, children: ElementContent[] = []): Element {
  return { type: "element", tagName, properties, children };
}

function text(value: string): ElementContent {
  return { type: "text", value };
}

/** "../" as many times as the page is deep under /docs/, so links work under any path prefix. */
function rootOf(docId: string): string {
  return "../".repeat(docId.split("/").length);
}

function languageOf(doc: KnowledgeDocument): Language {
  return typeof doc.frontMatter.lang === "string" && doc.frontMatter.lang.toLowerCase().startsWith("en")
    ? "en"
    : "fr";
}

function page(language: Language, title: string, toRoot: string, body: ElementContent[]): string {
  const tree: HastRoot = {
    type: "root",
    children: [
      { type: "doctype" },
      el("html", { lang: language }, [
        el("head", {}, [
          el("meta", { charSet: "utf-8" }),
          el("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
          el("title", {}, [text(title)]),
          el("link", { rel: ["stylesheet"], href: `${toRoot}docs.css` }),
          el("link", { rel: ["icon"], href: `${toRoot}favicon.svg`, type: "image/svg+xml" }),
        ]),
        el("body", {}, [
          el("nav", {}, [el("a", { href: toRoot }, [text(WORDS[language].back)])]),
          el("main", {}, body),
        ]),
      ]),
    ],
  };
  return toHtml(tree);
}

/** The whole page of one document, from its file's current text. */
export function documentPage(kb: KnowledgeBase, doc: KnowledgeDocument, source: string): string {
  const parsed = parseFrontMatter(source);
  const language = languageOf(doc);
  const toRoot = rootOf(doc.id);
  const body = markdownToHast(parsed.content, parsed.bodyLineOffset);
  imagesAsText(body);
  placeAnchors(body, kb, doc);
  rewriteLinks(body, kb, doc, toRoot);

  const header: ElementContent[] = [];
  const first = body.children.find(isElement);
  if (!(first && first.tagName === "h1")) header.push(el("h1", {}, [text(doc.title)]));
  const meta: ElementContent[] = [];
  if (doc.date) meta.push(el("time", { dateTime: doc.date }, [text(doc.date)]));
  if (doc.url && /^https?:/i.test(doc.url)) {
    if (meta.length > 0) meta.push(text(" · "));
    meta.push(el("a", { href: doc.url }, [text(WORDS[language].published)]));
  }
  if (meta.length > 0) header.push(el("p", { className: ["doc-meta"] }, meta));
  for (const key of CONTENT_KEYS) {
    const value = parsed.data[key];
    if (typeof value === "string" && value.trim()) {
      const lead = markdownToHast(value, 0);
      imagesAsText(lead);
      header.push(el("div", { className: ["doc-lead"] }, lead.children as ElementContent[]));
    }
  }
  return page(language, doc.title, toRoot, [
    el("article", {}, [...header, ...(body.children as ElementContent[])]),
  ]);
}

/** `/docs/`: every document, newest first, linked to its page. */
export function documentIndex(kb: KnowledgeBase): string {
  const docs = [...kb.documents].sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""));
  const items = docs.map((d) =>
    el("li", {}, [
      el("a", { href: documentPath(d.id).slice("/docs/".length) }, [text(d.title)]),
      ...(d.date ? [text(" · "), el("time", { dateTime: d.date }, [text(d.date)])] : []),
    ]),
  );
  const words = WORDS.fr;
  return page("fr", words.documents, "../", [
    el("article", {}, [
      el("h1", {}, [text(words.documents)]),
      el("p", {}, [text(words.intro)]),
      el("ul", {}, items),
    ]),
  ]);
}

/** Rendered pages, per knowledge base: a reload brings new passages, hence new pages. */
const cache = new WeakMap<KnowledgeBase, Map<string, string>>();
const CACHED_PAGES = 500;

export function registerDocsPages(server: FastifyInstance, assistant: Assistant): void {
  const html = (reply: import("fastify").FastifyReply, body: string) =>
    reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").send(body);

  server.get("/docs", async (_request, reply) => reply.redirect("docs/", 301));
  server.get("/docs/", async (_request, reply) => html(reply, documentIndex(assistant.knowledge)));

  server.get<{ Params: { "*": string } }>("/docs/*", async (request, reply) => {
    const id = request.params["*"];
    const kb = assistant.knowledge;
    const doc = kb.byId.get(id);
    if (!doc) return sendError(reply, 404, `"${id.slice(0, 200)}" is not a document the bot answers from.`);
    let pages = cache.get(kb);
    const cached = pages?.get(id);
    if (cached) return html(reply, cached);
    let rendered: string;
    try {
      const source = await readFile(isAbsolute(doc.file) ? doc.file : resolve(doc.file), "utf8");
      rendered = documentPage(kb, doc, source);
    } catch (error) {
      // Deleted or broken since the last reload: the reload (or its refusal) will follow.
      request.log.warn({ err: error, file: doc.file }, "docs page: the document can no longer be read");
      return sendError(reply, 404, `${doc.file} can no longer be read.`);
    }
    if (!pages) {
      pages = new Map();
      cache.set(kb, pages);
    }
    if (pages.size < CACHED_PAGES) pages.set(id, rendered);
    return html(reply, rendered);
  });
}
