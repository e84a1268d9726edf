/**
 * Answer → Slack Block Kit. The only file that knows Block Kit's JSON: handlers in
 * src/adapters/slack call these functions and send what they return.
 *
 * Two promises hold for everything rendered here, whatever the knowledge files or the user typed:
 * - text is escaped (`&`, `<`, `>`), so no `<!channel>`, `<!here>`, `<!everyone>`,
 *   `<!subteam^…>`, `<@U…>` or `<#C…>` can come out of it, and `@channel`, `@here` and
 *   `@everyone` get a word joiner after the `@` so that no client or `link_names` setting reads
 *   them as a broadcast;
 * - Block Kit's limits are kept (3,000 characters per section or context text, 10 elements per
 *   context block, 50 blocks per message, 100 per Home tab): long content is split on line
 *   boundaries, and what still does not fit is cut with "…".
 */
import type { types } from "@slack/bolt";
import type { Help } from "../answer/help.js";
import type { Answer, Language, Source } from "../answer/types.js";
import type { KnowledgeBase } from "../knowledge/types.js";

type KnownBlock = types.KnownBlock;
type ContextBlock = types.ContextBlock;
type SectionBlock = types.SectionBlock;
type ActionsBlock = types.ActionsBlock;
type Button = types.Button;
type HomeView = types.HomeView;

/** What `chat.postMessage`, `chat.update` and `respond()` take: blocks and a notification text. */
export interface SlackMessage {
  /** Plain fallback for notifications and clients without Block Kit (escaped too). */
  text: string;
  blocks: KnownBlock[];
}

/** Block Kit's limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  sectionText: 3000,
  contextElementText: 3000,
  contextElements: 10,
  messageBlocks: 50,
  homeBlocks: 100,
  buttonValue: 2000,
  /** Not a Slack limit: notifications show a line or two, the blocks carry the rest. */
  fallbackText: 2900,
} as const;

/** Action ids of the buttons under an answer; the button's `value` is the answer id. */
export const ACTION_IDS = {
  feedbackUp: "eig_feedback_up",
  feedbackDown: "eig_feedback_down",
  share: "eig_share",
} as const;

/**
 * block_id of the buttons block: `eig_actions:fr`. The language rides along so that the thanks
 * after a vote is in the answer's language even when the answer is no longer in memory.
 */
const ACTIONS_BLOCK = "eig_actions";

const ELLIPSIS = "…";
const WORD_JOINER = "\u2060";

const UI = {
  fr: {
    share: "Partager dans le canal",
    useful: "Réponse utile",
    notUseful: "Réponse pas utile",
    sources: "Sources :",
    undated: "non daté",
    thanksUp: "👍 Merci pour votre retour : il aide l'équipe à améliorer les réponses.",
    thanksDown: "👎 Merci pour votre retour : l'équipe regardera cette réponse de plus près.",
    sharedBy: (user: string) => `Partagé par <@${user}>`,
    question: "Question :",
    truncated: "(réponse abrégée pour tenir dans Slack)",
    moreSources: (n: number) => `… et ${n} autre${n > 1 ? "s" : ""} source${n > 1 ? "s" : ""}`,
    moreQuotes: (n: number) => `… et ${n} autre${n > 1 ? "s" : ""} extrait${n > 1 ? "s" : ""}`,
    apology:
      "Désolé, je n'ai pas pu répondre à cause d'une erreur de mon côté. Réessayez dans un instant ; " +
      "si cela se reproduit, prévenez l'équipe qui m'administre.",
    forgotten:
      "Je ne retrouve plus cette réponse (elle est trop ancienne ou j'ai redémarré depuis) : " +
      "reposez la question avec `/eig votre question`.",
    examples: "Exemples de questions :",
    howToAsk: (command: string) =>
      `Posez votre question avec \`${command} votre question\` (réponse visible de vous seul), ` +
      "en me mentionnant dans un canal (je réponds dans un fil) ou en message direct.",
    homeTitle: "Ce que je sais",
    documents: (n: number) => `Mes documents (${n})`,
    noDocuments: "Aucun document chargé pour l'instant.",
    loadedAt: (when: string) => `Connaissances chargées le ${when}.`,
    moreDocuments: (n: number) => `… et ${n} autre${n > 1 ? "s" : ""} document${n > 1 ? "s" : ""}`,
  },
  en: {
    share: "Share in channel",
    useful: "Useful answer",
    notUseful: "Not a useful answer",
    sources: "Sources:",
    undated: "undated",
    thanksUp: "👍 Thanks for your feedback: it helps the team improve the answers.",
    thanksDown: "👎 Thanks for your feedback: the team will look at this answer more closely.",
    sharedBy: (user: string) => `Shared by <@${user}>`,
    question: "Question:",
    truncated: "(answer shortened to fit in Slack)",
    moreSources: (n: number) => `… and ${n} more source${n > 1 ? "s" : ""}`,
    moreQuotes: (n: number) => `… and ${n} more excerpt${n > 1 ? "s" : ""}`,
    apology:
      "Sorry, I could not answer because of an error on my side. Please try again in a moment; " +
      "if it happens again, tell the team that runs me.",
    forgotten:
      "I can no longer find this answer (it is too old, or I restarted since): " +
      "please ask again with `/eig your question`.",
    examples: "Example questions:",
    howToAsk: (command: string) =>
      `Ask with \`${command} your question\` (only you see the answer), ` +
      "mention me in a channel (I answer in a thread) or send me a direct message.",
    homeTitle: "What I know",
    documents: (n: number) => `My documents (${n})`,
    noDocuments: "No document loaded yet.",
    loadedAt: (when: string) => `Knowledge loaded on ${when}.`,
    moreDocuments: (n: number) => `… and ${n} more document${n > 1 ? "s" : ""}`,
  },
} as const;

// ---------------------------------------------------------------------------------------------
// Escaping

/**
 * Makes any text safe to put in `mrkdwn` or in the `text` fallback: the three characters Slack
 * asks to escape, then a word joiner after the `@` of `@channel`, `@here` and `@everyone`
 * (in any case), which Slack would otherwise notify as broadcasts when `link_names` is on.
 */
export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(?=channel|here|everyone)/gi, `@${WORD_JOINER}`);
}

/** Link target: only http(s); characters that would end the `<url|label>` syntax are encoded. */
function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
  // URL.href percent-encodes spaces, `<`, `>` and non-ASCII; `|` would end the target early;
  // `&` is a control character for Slack everywhere, links included, so it is sent as `&amp;`.
  return parsed.href
    .replace(/\|/g, "%7C")
    .replace(/@(?=channel|here|everyone)/gi, "%40")
    .replace(/&/g, "&amp;");
}

/** `<url|label>`, or the escaped label alone when the url is not a usable link. */
function link(url: string | undefined, label: string): string {
  const target = safeUrl(url);
  // `|` inside a label is shown literally by Slack but is replaced anyway to keep parsing obvious.
  const text = escapeSlack(label.replace(/\|/g, "¦"));
  return target ? `<${target}|${text}>` : text;
}

/** Inline code: Slack has no escape for a backtick inside code, so backticks are dropped. */
function code(text: string): string {
  return `\`${escapeSlack(text.replace(/`/g, "'"))}\``;
}

/** Slack user ids only (U…, W…): anything else would be text pretending to be a mention. */
function userMention(user: string): string | undefined {
  return /^[UW][A-Z0-9]{2,}$/.test(user) ? `<@${user}>` : undefined;
}

// ---------------------------------------------------------------------------------------------
// Cutting to size

/** Cuts escaped mrkdwn to `max` characters without leaving half an entity such as `&am`. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = text.slice(0, max - ELLIPSIS.length);
  head = head.replace(/&[a-z]{0,4}$/, "");
  // Do not leave a lone high surrogate (half an emoji).
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head.trimEnd()}${ELLIPSIS}`;
}

/** Plain text cut on a word boundary, for titles and sections shown in links. */
function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join("");
  const space = head.lastIndexOf(" ");
  return `${(space > max * 0.6 ? head.slice(0, space) : head).trimEnd()}${ELLIPSIS}`;
}

/** Where a split at `at` would leave half an entity (`&am`) or half an emoji, a safer place. */
function safeSplit(text: string, at: number): number {
  let i = at;
  const entity = text.slice(0, i).match(/&[a-z]{0,4}$/);
  if (entity) i -= entity[0].length;
  if (/[\uD800-\uDBFF]$/.test(text.slice(0, i))) i -= 1;
  return i;
}

/** Splits a line longer than `max` into pieces, at a space when there is one in the second half. */
function splitLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > max) {
    const space = rest.lastIndexOf(" ", max);
    const at = safeSplit(rest, space > max / 2 ? space : max);
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest !== "") pieces.push(rest);
  return pieces;
}

/**
 * Packs lines into chunks of at most `max` characters, splitting between lines, and inside a
 * line only when it alone is too long.
 */
function chunkLines(lines: string[], max: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const line of lines.flatMap((l) => splitLine(l, max))) {
    if (current === "") current = line;
    else if (current.length + 1 + line.length <= max) current += `\n${line}`;
    else {
      chunks.push(current);
      current = line;
    }
  }
  if (current !== "") chunks.push(current);
  return chunks;
}

/** The first `n` chunks, the last one ending with "…" when some were left out. */
function firstChunks(chunks: string[], n: number): { kept: string[]; cut: boolean } {
  if (chunks.length <= n) return { kept: chunks, cut: false };
  const kept = chunks.slice(0, n);
  const last = kept.pop() ?? "";
  kept.push(
    last.length + 2 <= SLACK_LIMITS.sectionText ? `${last} ${ELLIPSIS}` : cut(last, SLACK_LIMITS.sectionText),
  );
  return { kept, cut: true };
}

function section(text: string): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text: cut(text, SLACK_LIMITS.sectionText) } };
}

/** Context blocks of at most ten elements each. */
function contexts(elements: string[], blockIdPrefix?: string): ContextBlock[] {
  const blocks: ContextBlock[] = [];
  for (let i = 0; i < elements.length; i += SLACK_LIMITS.contextElements) {
    const block: ContextBlock = {
      type: "context",
      elements: elements.slice(i, i + SLACK_LIMITS.contextElements).map((text) => ({
        type: "mrkdwn",
        text: cut(text, SLACK_LIMITS.contextElementText),
      })),
    };
    if (blockIdPrefix) block.block_id = `${blockIdPrefix}_${i / SLACK_LIMITS.contextElements}`;
    blocks.push(block);
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Dates

const DATE_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
};

/** "10 septembre 2018" / "10 September 2018"; anything that is not YYYY-MM-DD is shown as is. */
export function formatDate(date: string, language: Language): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const parsed = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : DATE_FORMATS[language].format(parsed);
}

// ---------------------------------------------------------------------------------------------
// Answers

export interface AnswerRenderOptions {
  /** Adds the "Partager dans le canal" button (private `/eig` answers). Default: false. */
  share?: boolean;
  /** Adds the 👍/👎 buttons. Default: true. */
  feedback?: boolean;
  /** Slack user id of whoever shared a private answer: shown with the question above it. */
  sharedBy?: string;
}

/** Most quotes shown under an answer: the list of fifteen défis fits, a runaway list does not. */
const MAX_QUOTES = 20;
/**
 * A quote longer than this is cut: the link to the source has the rest. Twenty such quotes fill
 * at most five sections.
 */
const MAX_QUOTE_CHARS = 600;
/** Sources shown; beyond, "… and N more". Two context blocks at most. */
const MAX_SOURCES = 19;

/**
 * "<url|Title — Section> · 10 septembre 2018", or "Title — Section · …" when the source has no
 * link (no public url, no PUBLIC_URL: see src/render/links.ts). Never a file path: Slack users
 * cannot open the bot's files.
 */
export function sourceElement(source: Source, index: number | undefined, language: Language): string {
  const label = shorten(
    source.section
      ? `${shorten(source.title, 110)} — ${shorten(source.section, 80)}`
      : shorten(source.title, 150),
    200,
  );
  const where = safeUrl(source.url) ? link(source.url, label) : escapeSlack(label);
  const date = source.date ? formatDate(source.date, language) : UI[language].undated;
  return `${index === undefined ? "" : `[${index}] `}${where} · ${escapeSlack(date)}`;
}

function quoteLines(answer: Answer): string[] {
  const numbered = answer.sources.length > 1;
  const lines = answer.quotes.slice(0, MAX_QUOTES).map((q) => {
    const body = escapeSlack(shorten(q.text.replace(/\s*\n\s*/g, " / "), MAX_QUOTE_CHARS));
    return `> ${body}${numbered ? ` [${q.source + 1}]` : ""}`;
  });
  const more = answer.quotes.length - MAX_QUOTES;
  if (more > 0) lines.push(`> _${escapeSlack(UI[answer.language].moreQuotes(more))}_`);
  return lines;
}

function actionsBlock(
  answerId: string,
  language: Language,
  options: AnswerRenderOptions,
): ActionsBlock | undefined {
  const ui = UI[language];
  // Answer ids are short; a longer one would be refused by Slack, so no button is better than a
  // message that fails to post.
  if (answerId.length > SLACK_LIMITS.buttonValue) return undefined;
  const elements: Button[] = [];
  if (options.share) elements.push(shareButton(answerId, language));
  if (options.feedback !== false) {
    elements.push(
      {
        type: "button",
        action_id: ACTION_IDS.feedbackUp,
        text: { type: "plain_text", text: "👍", emoji: true },
        value: answerId,
        accessibility_label: ui.useful,
      },
      {
        type: "button",
        action_id: ACTION_IDS.feedbackDown,
        text: { type: "plain_text", text: "👎", emoji: true },
        value: answerId,
        accessibility_label: ui.notUseful,
      },
    );
  }
  if (elements.length === 0) return undefined;
  return { type: "actions", block_id: `${ACTIONS_BLOCK}:${language}`, elements };
}

function shareButton(answerId: string, language: Language): Button {
  return {
    type: "button",
    action_id: ACTION_IDS.share,
    text: { type: "plain_text", text: UI[language].share, emoji: true },
    value: answerId,
    style: "primary",
  };
}

/** The `text` fallback: the short answer, escaped, cut for notifications. */
function fallback(text: string): string {
  return cut(escapeSlack(text), SLACK_LIMITS.fallbackText);
}

/**
 * The answer as Block Kit: (who shared it), the short answer, the quotes it rests on, notes,
 * sources as links with their dates, then the buttons.
 */
export function renderAnswer(answer: Answer, options: AnswerRenderOptions = {}): SlackMessage {
  const ui = UI[answer.language];
  const head: KnownBlock[] = [];
  const sharer = options.sharedBy ? userMention(options.sharedBy) : undefined;
  if (sharer) {
    head.push(
      ...contexts([
        `${ui.sharedBy(options.sharedBy ?? "")} · ${ui.question} ${escapeSlack(answer.question)}`,
      ]),
    );
  }
  // The short answer is short; should it not be, four sections (12,000 characters) is plenty,
  // and the quotes it rests on must still show below it.
  const text = firstChunks(chunkLines(escapeSlack(answer.text).split("\n"), SLACK_LIMITS.sectionText), 4);
  head.push(...text.kept.map(section));
  if (text.cut) head.push(...contexts([`_${escapeSlack(ui.truncated)}_`]));
  for (const chunk of chunkLines(quoteLines(answer), SLACK_LIMITS.sectionText)) head.push(section(chunk));

  const tail: KnownBlock[] = [];
  tail.push(
    ...contexts(answer.notes.slice(0, SLACK_LIMITS.contextElements).map((n) => `ℹ️ ${escapeSlack(n)}`)),
  );
  if (answer.sources.length > 0) {
    const numbered = answer.sources.length > 1;
    const shown = answer.sources
      .slice(0, MAX_SOURCES)
      .map((s, i) => sourceElement(s, numbered ? i + 1 : undefined, answer.language));
    const more = answer.sources.length - MAX_SOURCES;
    if (more > 0) shown.push(escapeSlack(ui.moreSources(more)));
    tail.push(...contexts([`*${ui.sources}*`, ...shown], "eig_sources"));
  }
  const actions = actionsBlock(answer.id, answer.language, options);
  if (actions) tail.push(actions);

  return {
    text: fallback(answer.text),
    blocks: fitBlocks(head, tail, SLACK_LIMITS.messageBlocks, ui.truncated),
  };
}

/** Keeps every tail block (sources, buttons) and as much of the head as fits, marked when cut. */
function fitBlocks(head: KnownBlock[], tail: KnownBlock[], max: number, cutNote: string): KnownBlock[] {
  if (head.length + tail.length <= max) return [...head, ...tail];
  const room = Math.max(0, max - tail.length - 1);
  return [...head.slice(0, room), ...contexts([`_${escapeSlack(cutNote)}_`]), ...tail].slice(0, max);
}

// ---------------------------------------------------------------------------------------------
// After a click

/** The language stored in the buttons block's id (`eig_actions:en`), French when absent. */
export function languageOfBlock(blockId: string | undefined): Language {
  return blockId?.endsWith(":en") ? "en" : "fr";
}

/**
 * The message after a vote: the same blocks with the 👍/👎 buttons replaced by a thank-you line.
 * A share button, if there was one, stays. `original` is the message Slack sent with the click.
 */
export function renderFeedbackThanks(
  original: { text?: string; blocks?: KnownBlock[] },
  vote: "up" | "down",
  language: Language,
): SlackMessage {
  const ui = UI[language];
  const blocks: KnownBlock[] = [];
  for (const block of original.blocks ?? []) {
    if (block.type === "actions" && block.block_id?.startsWith(ACTIONS_BLOCK)) {
      const kept = block.elements.filter(
        (e) => e.type === "button" && "action_id" in e && e.action_id === ACTION_IDS.share,
      );
      if (kept.length > 0) blocks.push({ ...block, elements: kept });
      continue;
    }
    blocks.push(block);
  }
  const thanks = contexts([escapeSlack(vote === "up" ? ui.thanksUp : ui.thanksDown)], "eig_thanks");
  return {
    text: original.text ?? escapeSlack(vote === "up" ? ui.thanksUp : ui.thanksDown),
    blocks: [...blocks.slice(0, SLACK_LIMITS.messageBlocks - thanks.length), ...thanks],
  };
}

/** A thank-you alone, for a private answer whose blocks Slack did not send back. */
export function renderThanks(vote: "up" | "down", language: Language): SlackMessage {
  const text = escapeSlack(vote === "up" ? UI[language].thanksUp : UI[language].thanksDown);
  return { text, blocks: contexts([text], "eig_thanks") };
}

// ---------------------------------------------------------------------------------------------
// Short messages

/** When answering failed: the asker always hears back. */
export function renderApology(language: Language): SlackMessage {
  const text = escapeSlack(UI[language].apology);
  return { text, blocks: [section(`:warning: ${text}`)] };
}

/** A share click on an answer this process no longer remembers. */
export function renderForgotten(language: Language): SlackMessage {
  const text = escapeSlack(UI[language].forgotten);
  return { text, blocks: [section(text)] };
}

// ---------------------------------------------------------------------------------------------
// Help and the App Home

function exampleLines(help: Help, command: string | undefined): string[] {
  return help.examples.map((q) => (command ? `• ${code(`${command} ${q}`)}` : `• ${escapeSlack(q)}`));
}

/** `/eig`, `/eig help`, or a mention with no question: what the bot does, with examples. */
export function renderHelp(help: Help, language: Language, command = "/eig"): SlackMessage {
  const ui = UI[language];
  const blocks: KnownBlock[] = [
    section(escapeSlack(help.intro)),
    section(escapeSlack(ui.howToAsk(command))),
    ...chunkLines(
      [`*${escapeSlack(ui.examples)}*`, ...exampleLines(help, command)],
      SLACK_LIMITS.sectionText,
    ).map(section),
    ...contexts([escapeSlack(help.footer)]),
  ];
  return { text: fallback(help.intro), blocks };
}

/** One line per document, newest first: "• <url|Title> · 10 septembre 2018". */
function documentLines(kb: KnowledgeBase, language: Language): string[] {
  const docs = [...kb.documents].sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""));
  return docs.map((d) => {
    const title = shorten(d.title, 150);
    const where = safeUrl(d.url) ? link(d.url, title) : escapeSlack(title);
    return `• ${where} · ${escapeSlack(d.date ? formatDate(d.date, language) : UI[language].undated)}`;
  });
}

/** The Home tab when the knowledge cannot be shown: says so rather than staying blank. */
export function renderHomeUnavailable(language: Language): HomeView {
  return {
    type: "home",
    blocks: [
      { type: "header", text: { type: "plain_text", text: UI[language].homeTitle, emoji: true } },
      ...renderApology(language).blocks,
    ],
  };
}

/** The App Home tab: what the bot knows (its documents, dated) and example questions. */
export function renderHome(kb: KnowledgeBase, help: Help, language: Language, command = "/eig"): HomeView {
  const ui = UI[language];
  const docSections = chunkLines(documentLines(kb, language), SLACK_LIMITS.sectionText).map(section);
  const top: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: ui.homeTitle, emoji: true } },
    section(escapeSlack(help.intro)),
    section(`*${escapeSlack(ui.documents(kb.documents.length))}*`),
  ];
  const bottom: KnownBlock[] = [
    { type: "divider" },
    section(escapeSlack(ui.howToAsk(command))),
    ...chunkLines(
      [`*${escapeSlack(ui.examples)}*`, ...exampleLines(help, command)],
      SLACK_LIMITS.sectionText,
    ).map(section),
    ...contexts([
      escapeSlack(help.footer),
      escapeSlack(
        ui.loadedAt(
          new Intl.DateTimeFormat(language === "en" ? "en-GB" : "fr-FR", {
            dateStyle: "long",
            timeStyle: "short",
            timeZone: "Europe/Paris",
          }).format(kb.loadedAt),
        ),
      ),
    ]),
  ];
  const room = SLACK_LIMITS.homeBlocks - top.length - bottom.length - 1;
  let docs: KnownBlock[] = docSections.length > 0 ? docSections : [section(escapeSlack(ui.noDocuments))];
  if (docs.length > room) {
    // Count the documents left out by counting lines in the sections that do not fit.
    const hidden = docSections
      .slice(room)
      .reduce((n, b) => n + (b.type === "section" ? (b.text?.text.split("\n").length ?? 0) : 0), 0);
    docs = [...docs.slice(0, room), ...contexts([escapeSlack(ui.moreDocuments(hidden))])];
  }
  return { type: "home", blocks: [...top, ...docs, ...bottom] };
}
