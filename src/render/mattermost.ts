/**
 * Answer → Mattermost Markdown: the short answer, the quotes as `>` lines, the notes, then the
 * numbered sources as `[title — section](url) · date` (the title and section alone when a source
 * has no link). The only place that knows Mattermost's syntax.
 *
 * Everything that comes from a person or a knowledge file is treated as plain text:
 * - mentions are neutralised: a zero-width joiner goes between `@` and the name, so `@channel`,
 *   `@all`, `@here`, `@someone` and group mentions notify nobody. Mattermost's server splits
 *   words on any character that is not a letter, digit or one of `:.-_@` (ExplicitMentions.
 *   processText), so `@\u200Dall` is read as the two words `@` and `all`. Slack-style
 *   announcements (`<!channel>`, `<@USERID>`), which Mattermost expands in integration replies
 *   (ProcessSlackText), are broken the same way;
 * - Markdown is escaped, so a quote cannot open a heading, a table, an image (tracking pixel) or a
 *   `javascript:` link, nor close the quote block: quotes are joined onto one line.
 * Bare URLs and e-mail addresses are left unescaped so Mattermost still turns them into links.
 */
import type { Help } from "../answer/help.js";
import type { Answer, Language, Source } from "../answer/types.js";

/** Mattermost refuses posts longer than this many characters (runes) since server 5.0. */
export const MATTERMOST_POST_LIMIT = 16_383;

export interface MattermostRenderOptions {
  /**
   * Longest message produced, in characters (code points). Quotes are dropped from the end, then
   * the text is cut, to stay under it. Default: 16,000, a margin under MATTERMOST_POST_LIMIT.
   */
  maxLength?: number;
}

const DEFAULT_MAX_LENGTH = 16_000;
const ZWJ = "\u200D";

const WORDS = {
  fr: {
    sources: "Sources",
    undated: "non daté",
    note: "NB :",
    moreQuotes: (n: number) =>
      `… et ${n} autre${n > 1 ? "s" : ""} extrait${n > 1 ? "s" : ""}, voir les sources.`,
    cut: "… (réponse coupée : elle dépassait la taille maximale d'un message Mattermost)",
    examples: "Exemples :",
    asked: (user: string) => `${user} a demandé :`,
    apology:
      "Désolé, une erreur de mon côté m'a empêché de répondre à votre question. Réessayez dans un moment ; si cela se reproduit, prévenez l'équipe qui m'administre.",
  },
  en: {
    sources: "Sources",
    undated: "undated",
    note: "Note:",
    moreQuotes: (n: number) => `… and ${n} more excerpt${n > 1 ? "s" : ""}, see the sources.`,
    cut: "… (answer cut: it was longer than a Mattermost message may be)",
    examples: "Examples:",
    asked: (user: string) => `${user} asked:`,
    apology:
      "Sorry, an error on my side kept me from answering your question. Please try again in a moment; if it happens again, tell the team that runs me.",
  },
} as const;

// `@` at the start of a word, not inside an e-mail address such as contact@data.gouv.fr. Every
// such `@` gets the joiner, even before a space or punctuation: text is later joined with our own
// markup (`_…_`, `**`), which must not complete a half-written mention.
const MENTION = /(?<![\p{L}\p{N}_])@(?!\u200D)/gu;
// Slack announcements `<!channel>`, `<!here>`, `<!all>`, `<!everyone>` and variants.
const ANNOUNCEMENT = /<!/g;

/** Makes every mention in `text` inert, leaving the text readable (the joiner is invisible). */
export function neutralizeMentions(text: string): string {
  return text.replace(MENTION, `@${ZWJ}`).replace(ANNOUNCEMENT, `<${ZWJ}!`);
}

// Characters with a meaning anywhere in a line, backslash-escaped (CommonMark escapes any ASCII
// punctuation). Parentheses matter only after `]`, which is escaped, and are left alone.
const INLINE_SPECIALS = /[\\`*_~[\]<>|#$]/g;
// Bare links and addresses, kept as they are so that Mattermost still makes them clickable. The
// lookbehind makes an address start where a run of its characters starts: without it a long run
// of letters is rescanned from each of its positions (quadratic time on a 20,000-letter message).
const LINK_OR_EMAIL =
  /(https?:\/\/[^\s<>"]+|(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)/gu;

function escapeInline(text: string): string {
  return text
    .split(LINK_OR_EMAIL)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(INLINE_SPECIALS, "\\$&")))
    .join("");
}

/** One line of plain text as Markdown that renders exactly as the text, mentions made inert. */
export function escapeMarkdownLine(line: string): string {
  const escaped = escapeInline(neutralizeMentions(line));
  // Block syntax that only counts at the start of a line: lists, setext underlines, "1." lists.
  return escaped.replace(/^(\s*)([-+=]|\d+(?=[.)]))/, (_m, space: string, lead: string) =>
    /^\d/.test(lead) ? `${space}${lead}\\` : `${space}\\${lead}`,
  );
}

/** Plain text (possibly several lines, possibly a "- item" list) as Markdown. */
export function escapeMarkdown(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      // Keep the engine's own list items as a real list: the marker stays, the item is escaped.
      const item = /^(\s*)(?:[-*•]|(\d{1,3})[.)])\s+(.*)$/.exec(line);
      if (item) return `${item[1]}${item[2] ? `${item[2]}.` : "-"} ${escapeMarkdownLine(item[3] ?? "")}`;
      return escapeMarkdownLine(line);
    })
    .join("\n");
}

/** A link destination Mattermost renders safely, or undefined when it is not http(s). */
function safeUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    // `href` percent-encodes spaces and non-ASCII letters; parentheses would end the link early.
    return url.href.replace(/\(/g, "%28").replace(/\)/g, "%29");
  } catch {
    return undefined;
  }
}

function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\s+/g, " ")}\``;
}

/**
 * "[Title — section](url) · 2018-09-10", or "Title — section · 2018-09-10" when the source has no
 * link (no public url, no PUBLIC_URL: see src/render/links.ts). Never a file path: Mattermost
 * users cannot open the bot's files.
 */
export function renderSource(source: Source, language: Language = "fr"): string {
  const label = escapeMarkdownLine(source.section ? `${source.title} — ${source.section}` : source.title);
  const date = source.date ? escapeMarkdownLine(source.date) : WORDS[language].undated;
  const url = safeUrl(source.url);
  return url ? `[${label}](${url}) · ${date}` : `${label} · ${date}`;
}

function countChars(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Cuts `text` to at most `max` code points, on a line end when one is close enough. */
function cutTo(text: string, max: number, suffix: string): string {
  if (countChars(text) <= max) return text;
  const room = Math.max(0, max - countChars(suffix) - 1);
  let cut = Array.from(text).slice(0, room).join("");
  const lastLine = cut.lastIndexOf("\n");
  if (lastLine > room * 0.8) cut = cut.slice(0, lastLine);
  return `${cut.trimEnd()}\n${suffix}`;
}

/** The whole answer as one Mattermost message. */
export function renderMattermost(answer: Answer, options: MattermostRenderOptions = {}): string {
  const max = Math.min(options.maxLength ?? DEFAULT_MAX_LENGTH, MATTERMOST_POST_LIMIT);
  const words = WORDS[answer.language] ?? WORDS.fr;
  const numbered = answer.sources.length > 1;

  const head = escapeMarkdown(answer.text.trim());
  const quotes = answer.quotes.map((q) => {
    // One line per quote: a newline inside a quote could otherwise end the `>` block.
    const body = escapeMarkdownLine(q.text.replace(/\s*\n\s*/g, " / ").trim());
    return numbered ? `> « ${body} » \\[${q.source + 1}\\]` : `> « ${body} »`;
  });
  const notes = answer.notes.map((n) => `_${words.note} ${escapeMarkdownLine(n.trim())}_`);
  const sources = answer.sources.length
    ? [
        `**${words.sources}**`,
        ...answer.sources.map((s, i) => `${i + 1}. ${renderSource(s, answer.language)}`),
      ]
    : [];

  const assemble = (shown: number): string => {
    const blocks = [head];
    if (shown > 0) {
      const lines = quotes.slice(0, shown);
      if (shown < quotes.length) lines.push(`> ${words.moreQuotes(quotes.length - shown)}`);
      blocks.push(lines.join("\n"));
    }
    if (notes.length) blocks.push(notes.join("\n"));
    if (sources.length) blocks.push(sources.join("\n"));
    return blocks.filter((b) => b.length > 0).join("\n\n");
  };

  // Drop quotes from the end until the message fits; the sources always stay.
  let shown = quotes.length;
  let message = assemble(shown);
  while (countChars(message) > max && shown > 0) {
    shown = Math.max(
      0,
      shown - Math.max(1, Math.ceil((shown * (countChars(message) - max)) / countChars(message))),
    );
    message = assemble(shown);
  }
  return cutTo(message, max, words.cut);
}

export interface HelpRenderOptions {
  /** Written before each example so it can be copied as is: "/eig", "@eig-bot". Default: none. */
  prefix?: string;
  maxLength?: number;
}

/** The help (intro, examples, footer) as a Mattermost message. */
export function renderMattermostHelp(
  help: Help,
  language: Language,
  options: HelpRenderOptions = {},
): string {
  const prefix = options.prefix ? `${options.prefix.replace(/`/g, "")} ` : "";
  const lines = [
    escapeMarkdown(help.intro),
    "",
    `**${WORDS[language].examples}**`,
    // Code spans: copyable, and Mattermost never reads a mention inside code.
    ...help.examples.map((q) => `- ${codeSpan(`${prefix}${q}`)}`),
    "",
    `_${escapeMarkdownLine(help.footer)}_`,
  ];
  return cutTo(lines.join("\n"), options.maxLength ?? DEFAULT_MAX_LENGTH, WORDS[language].cut);
}

/**
 * The question, shown above an answer posted for the whole channel (a slash command's reply does
 * not show the command that asked for it): "**jdupont** a demandé : « … »".
 */
export function renderMattermostQuestion(userName: string, question: string, language: Language): string {
  const who = userName ? `**${escapeMarkdownLine(userName)}**` : "";
  const asked = who ? WORDS[language].asked(who) : "";
  const body = escapeMarkdownLine(question.replace(/\s*\n\s*/g, " ").trim());
  return `${asked} « ${body} »`.trim();
}

/** What the asker reads when answering failed: they always get a reply. */
export function renderMattermostApology(language: Language): string {
  return WORDS[language].apology;
}
