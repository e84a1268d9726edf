/**
 * Markdown body → blocks (the future passages): paragraphs, list items, table rows, headings,
 * each with its heading path, an anchor and its line. Parsing is done by mdast-util-from-markdown
 * with GFM (tables, autolinks); raw HTML blocks are reduced to their text by hast-util-from-html.
 *
 * Before parsing, a few things that are not Markdown at all are cut out of the source with
 * regular expressions, keeping every line in place so line numbers stay true:
 *   - Liquid tags and outputs: `{% include x.html %}`, `{{ site.url }}`;
 *   - kramdown attribute lists: `{:target="_blank"}`, `{: .encadre}`;
 *   - lines holding only `<br>` or `<hr>`, which CommonMark would read as the start of an HTML
 *     block swallowing the Markdown after it;
 *   - link destinations containing spaces (`[text](not a url)`), which no parser treats as a
 *     link and which would otherwise be quoted twice.
 * No Markdown parser on npm understands Liquid or kramdown's IAL syntax, hence this small pre-pass.
 */
import type { Element, RootContent as HastContent, Root as HastRoot } from "hast";
import { fromHtml } from "hast-util-from-html";
import { toText } from "hast-util-to-text";
import type { Nodes, Paragraph, Root, RootContent, Table } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { fold } from "../search/analyzer.js";
import type { PassageType } from "./types.js";

export interface Block {
  type: PassageType;
  text: string;
  headings: string[];
  anchor: string;
  line?: number;
  table?: { header: string[]; cells: string[] };
  /** Bold text opening a list item or paragraph ("**CartoBIO :** …"): often a name. */
  lead?: string;
  /** Other wordings of its section's question (an FAQ entry's "Autres formulations :" list). */
  wordings?: string[];
}

/**
 * The paragraph that introduces an FAQ entry's other wordings, right under its question heading:
 * "Autres formulations :" / "Other wordings:" followed by a bullet list, one wording per item
 * (docs/knowledge.md). The list is matched like the heading and never quoted as the answer.
 */
const WORDINGS_MARKER = /^(?:autres formulations|other wordings)\s*:$/i;

const LIQUID = /\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g;
const KRAMDOWN_IAL = /\{:[^}\n]*\}/g;
const BROKEN_LINK = /\[([^\]\n]+)\]\(([^)]*\s[^)]*)\)/g;
/** HTML elements whose content is never text for a reader. */
const SKIPPED_ELEMENTS = new Set([
  "script",
  "style",
  "iframe",
  "noscript",
  "svg",
  "template",
  "object",
  "embed",
]);

/** Replaces every character of a match except newlines by nothing, so lines do not move. */
function blankKeepingLines(match: string): string {
  return match.replace(/[^\n]/g, "");
}

/** Cuts Liquid, kramdown attribute lists and broken links out of Markdown source. */
export function preclean(source: string): string {
  return (
    source
      .replace(LIQUID, blankKeepingLines)
      // A line holding only "<br>" (or "<hr>") would open an HTML block that swallows the Markdown
      // after it ("<br>\n## Heading"); kramdown reads it as a break, so make it a blank line.
      .replace(/^[ \t]*<(?:br|hr)\s*\/?>[ \t]*$/gim, "")
      .replace(KRAMDOWN_IAL, "")
      .replace(BROKEN_LINK, (_m, text: string, dest: string) => `${text}${dest.replace(/[^\n]/g, "")}`)
  );
}

/** URL-fragment slug of a heading: "Article 4 – Conditions d’éligibilité" → "article-4-conditions-d-eligibilite". */
export function slugify(text: string): string {
  return (
    fold(text.toLowerCase())
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "section"
  );
}

/** Collapses runs of spaces, keeps deliberate line breaks, trims. */
export function tidy(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
}

/** A copy of the tree without the elements that hold no reader-facing text. */
function withoutSkipped<T extends HastRoot | HastContent>(node: T): T | undefined {
  if (node.type === "element" && SKIPPED_ELEMENTS.has((node as Element).tagName)) return undefined;
  if (!("children" in node)) return node;
  const children = (node.children as HastContent[]).map(withoutSkipped).filter((c) => c !== undefined);
  return { ...node, children };
}

/** Visible text of an HTML fragment: tags dropped, entities decoded, scripts and iframes skipped. */
export function htmlToText(html: string): string {
  const tree = withoutSkipped(fromHtml(html, { fragment: true }));
  return tree ? tidy(toText(tree, { whitespace: "normal" })) : "";
}

/** Words that announce more of the same sentence when a line ends with them. */
const CONTINUATION =
  /(?:^|\s)(?:de|du|des|la|le|les|l['’]|d['’]|et|ou|à|au|aux|en|par|pour|sur|dans|avec|un|une|the|of|and|to|in|for|a)$/i;

/**
 * A soft line break (a newline inside a paragraph) is a space when the text was merely wrapped
 * ("… 15 défis de\ntransformation …"), and a real break when the next line starts a new item in
 * capitals after a complete line ("… les richesses\nMinistère de la Culture").
 */
function softBreaks(text: string): string {
  return text.replace(/[ \t]*\n[ \t]*/g, (_m, offset: number, whole: string) => {
    const before = whole.slice(0, offset);
    const next = whole.charAt(offset + _m.length);
    return /\p{Lu}/u.test(next) && !CONTINUATION.test(before) ? "\n" : " ";
  });
}

/**
 * Plain text of inline Markdown content: links keep their text, images and raw HTML tags go. An
 * e-mail link also keeps its address when its text does not show it ("[écrivez-nous](mailto:eig@…)"
 * → "écrivez-nous (eig@…)"): the address is the fact a reader needs.
 */
function inlineText(node: Nodes): string {
  switch (node.type) {
    case "link": {
      const text = node.children.map((c) => inlineText(c as Nodes)).join("");
      const mail = /^mailto:([^?#\s]+)/i.exec(node.url)?.[1];
      return mail && !text.includes(mail) ? `${text} (${decodeURIComponent(mail)})` : text;
    }
    case "text":
      return softBreaks(node.value);
    case "inlineCode":
      return node.value;
    case "break":
      return "\n";
    case "html":
      return /^<br\s*\/?>$/i.test(node.value.trim()) ? "\n" : "";
    case "image":
    case "imageReference":
    case "footnoteReference":
      return "";
    default:
      return "children" in node ? (node.children as Nodes[]).map(inlineText).join("") : "";
  }
}

/** The bold text a paragraph opens with, if any. */
function leadOf(paragraph: Paragraph): Partial<Block> {
  const first = paragraph.children.find((c) => !(c.type === "text" && c.value.trim() === ""));
  if (first?.type !== "strong") return {};
  const lead = tidy(inlineText(first)).replace(/\n/g, " ");
  return lead ? { lead } : {};
}

interface WalkState {
  headings: { depth: number; text: string }[];
  blocks: Block[];
  untitled: number;
  /** The last block was a wordings marker: the list that follows holds wordings. */
  wordingsNext?: boolean;
  /** Other wordings by heading path (joined with NUL). */
  wordings: Map<string, string[]>;
}

const pathKey = (headings: readonly string[]) => headings.join("\u0000");

function anchorOf(state: WalkState): string {
  const last = state.headings[state.headings.length - 1];
  return last ? slugify(last.text) : `p-${state.untitled}`;
}

function push(
  state: WalkState,
  type: PassageType,
  raw: string,
  line: number | undefined,
  extra: Partial<Block> = {},
) {
  const text = tidy(raw);
  if (!/\p{L}/u.test(text)) return;
  state.blocks.push({
    type,
    text,
    headings: state.headings.map((h) => h.text),
    anchor: anchorOf(state),
    line,
    ...extra,
  });
}

function walkTable(table: Table, state: WalkState, lineOffset: number) {
  const [headerRow, ...rows] = table.children;
  const header = (headerRow?.children ?? []).map((cell) => tidy(inlineText(cell)));
  for (const row of rows) {
    const cells = row.children.map((cell) => tidy(inlineText(cell)));
    if (!cells.some((c) => c !== "")) continue;
    const line = row.position ? row.position.start.line + lineOffset : undefined;
    push(state, "table-row", cells.filter((c) => c !== "").join(" | "), line, { table: { header, cells } });
  }
}

function walk(nodes: RootContent[], state: WalkState, lineOffset: number, inQuote: boolean) {
  for (const node of nodes) {
    const line = node.position ? node.position.start.line + lineOffset : undefined;
    const wordingsNext = state.wordingsNext === true;
    state.wordingsNext = false;
    if (
      node.type === "paragraph" &&
      !inQuote &&
      state.headings.length > 0 &&
      WORDINGS_MARKER.test(tidy(inlineText(node)))
    ) {
      state.wordingsNext = true;
      continue;
    }
    if (wordingsNext && node.type === "list") {
      const key = pathKey(state.headings.map((h) => h.text));
      const list = state.wordings.get(key) ?? [];
      for (const item of node.children) {
        const text = tidy(item.children.map((c) => inlineText(c)).join(" ")).replace(/\n/g, " ");
        if (/\p{L}/u.test(text)) list.push(text);
      }
      state.wordings.set(key, list);
      continue;
    }
    switch (node.type) {
      case "heading": {
        const text = tidy(inlineText(node)).replace(/\n/g, " ");
        if (!text) break;
        while (
          state.headings.length > 0 &&
          (state.headings[state.headings.length - 1]?.depth ?? 0) >= node.depth
        ) {
          state.headings.pop();
        }
        state.headings.push({ depth: node.depth, text });
        push(state, "heading", text, line);
        break;
      }
      case "paragraph":
        push(state, inQuote ? "quote" : "paragraph", inlineText(node), line, leadOf(node));
        if (state.headings.length === 0) state.untitled++;
        break;
      case "list":
        for (const item of node.children) {
          // The item's own text is its paragraphs; nested lists become items of their own.
          const own = item.children.filter((c) => c.type !== "list");
          const itemLine = item.position ? item.position.start.line + lineOffset : undefined;
          const first = own[0];
          push(
            state,
            "list-item",
            own.map((c) => inlineText(c)).join("\n"),
            itemLine,
            first?.type === "paragraph" ? leadOf(first) : {},
          );
          walk(
            item.children.filter((c) => c.type === "list"),
            state,
            lineOffset,
            inQuote,
          );
        }
        break;
      case "table":
        walkTable(node, state, lineOffset);
        break;
      case "blockquote": {
        // Headings inside a quote box do not outlive it.
        const outer = [...state.headings];
        walk(node.children, state, lineOffset, true);
        state.headings = outer;
        break;
      }
      case "footnoteDefinition":
        walk(node.children, state, lineOffset, inQuote);
        break;
      case "html": {
        // CommonMark ends an HTML block at the next blank line, kramdown (Jekyll) at its closing
        // tag: Markdown written right after "</figure>" belongs to the page, so parse it as such.
        const lines = node.value.split("\n");
        const close = lines.findIndex((l, i) => i < lines.length - 1 && /^\s*<\/[a-z][\w-]*>\s*$/i.test(l));
        const html = close >= 0 ? lines.slice(0, close + 1).join("\n") : node.value;
        const text = htmlToText(html);
        if (text.length >= 20) push(state, "paragraph", text, line);
        if (close >= 0 && line !== undefined) {
          walk(parseMarkdown(lines.slice(close + 1).join("\n")).children, state, line + close, inQuote);
        }
        break;
      }
      default:
        // code, thematicBreak, definition, yaml…: not prose.
        break;
    }
  }
}

function parseMarkdown(source: string): Root {
  return fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/**
 * Splits a Markdown body into blocks. `lineOffset` is the number of lines before the body in its
 * file (the front matter), so block lines are file lines.
 */
export function markdownToBlocks(markdown: string, lineOffset = 0): Block[] {
  const tree = parseMarkdown(preclean(markdown));
  const state: WalkState = { headings: [], blocks: [], untitled: 1, wordings: new Map() };
  walk(tree.children, state, lineOffset, false);
  if (state.wordings.size > 0) {
    for (const block of state.blocks) {
      const wordings = state.wordings.get(pathKey(block.headings));
      if (wordings && wordings.length > 0) block.wordings = wordings;
    }
  }
  return state.blocks;
}

/** Plain text of a short Markdown fragment (a front matter field): one line, no syntax. */
export function markdownToText(markdown: string): string {
  return markdownToBlocks(markdown)
    .map((b) => b.text)
    .join(" ")
    .replace(/\s*\n\s*/g, " ");
}
