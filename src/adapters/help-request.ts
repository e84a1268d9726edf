/**
 * "aide", "help", "?" typed alone ask what the bot does, on every channel (Slack mentions, DMs
 * and `/eig`, Mattermost, the web chat, the command line): one list of words, here, so the
 * channels cannot drift apart. The help itself is src/answer/help.ts; each adapter renders it.
 */
import { randomUUID } from "node:crypto";
import { helpText } from "../answer/help.js";
import type { Answer, Language } from "../answer/types.js";
import type { KnowledgeBase } from "../knowledge/types.js";

/** Words that ask for help instead of asking a question, and the language they ask it in. */
const HELP_WORDS: ReadonlyMap<string, Language> = new Map([
  ["", "fr"],
  ["aide", "fr"],
  ["?", "fr"],
  ["help", "en"],
  ["-h", "en"],
  ["--help", "en"],
]);

/**
 * The language help is asked in, or undefined when `text` is a question. Case, surrounding
 * spaces and a final "!" or "." do not matter ("Aide !", "HELP."); "aide ?" is help too.
 * An empty text is help: a mention with nothing after it.
 */
export function helpRequest(text: string): Language | undefined {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/^(aide|help)\s*[?!.]+$/, "$1");
  return HELP_WORDS.get(word);
}

/**
 * The help as an Answer, for channels that show only answers (the web chat, the command line):
 * the intro, the example questions as lines, the footer. No quotes and no sources, `answered`
 * true (it is a reply, not an "I don't know"), and it never goes through the Assistant, so the
 * staff report does not count it as a question.
 */
export function helpAnswer(
  language: Language,
  kb?: KnowledgeBase,
  options: { votes?: boolean } = {},
): Answer {
  return {
    id: randomUUID(),
    question: language === "en" ? "help" : "aide",
    answered: true,
    kind: "help",
    language,
    text: helpText(language, kb, options),
    quotes: [],
    sources: [],
    confidence: 1,
    notes: [],
  };
}
