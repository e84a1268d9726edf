/**
 * The platform-neutral answer. Renderers (src/render) turn it into Slack Block Kit, Mattermost
 * Markdown, HTML or plain text; nothing in here carries any platform's syntax.
 */

/**
 * What the answer is: the expected answer type of the question (reading.ts), a specialised
 * behaviour that answered it (behaviours.ts), or what a message that asks nothing was.
 */
/** What kind of span answers a question (reading.ts reads it from the question's form). */
export type AnswerType =
  | "date"
  | "time"
  | "duration"
  | "count"
  | "amount"
  | "proportion"
  | "frequency"
  | "person"
  | "organisation"
  | "place"
  | "link"
  | "contact"
  | "reason"
  | "definition"
  | "procedure"
  | "list"
  | "yes-no"
  | "info";

export type QuestionKind =
  | AnswerType
  | "defi-card"
  | "defi-list"
  | "defi-theme"
  | "calendar"
  | "several"
  | "greeting"
  | "thanks"
  | "statement"
  | "help"
  | "unknown";

export type Language = "fr" | "en";

/** Where a quote was read. */
export interface Source {
  title: string;
  /** Public address, with `#anchor` when the passage has one. Absent when the document has no url. */
  url?: string;
  /** Path of the knowledge file ("knowledge/reglement-eig3-2018.md"). */
  file: string;
  /** Heading path joined with " › ", when the passage sits under a heading. */
  section?: string;
  /** Document date (YYYY-MM-DD), when known. */
  date?: string;
  /** Line in the file, when known. */
  line?: number;
  /**
   * Id of the document ("reglement-eig3-2018"): its readable page on the bot's own server is
   * `/docs/<docId>` (src/adapters/web/docs-page.ts), for sources without a `url`.
   */
  docId?: string;
  /** Id of the heading the quote sits under on that page (the passage's anchor), when it has one. */
  anchor?: string;
}

/** A sentence, list item or table row, quoted word for word from a source. */
export interface Quote {
  text: string;
  /** Index into `Answer.sources`. */
  source: number;
}

export interface Answer {
  /** Opaque id, unique per answer: feedback refers to it. */
  id: string;
  /** The question as understood (after cleaning and, for follow-ups, merged with the thread). */
  question: string;
  /** False when nothing in the knowledge backs an answer: `text` then says so and gives a contact. */
  answered: boolean;
  kind: QuestionKind;
  /** The promotion the answer is about, when one was asked or chosen. */
  promotion?: number;
  language: Language;
  /** The short answer, plain text, possibly several lines (a list). Every fact in it is in a quote. */
  text: string;
  /** The passages the answer rests on, word for word. */
  quotes: Quote[];
  /** Sources, the most recent or most specific first. */
  sources: Source[];
  /** 0–1: how sure the engine is that the quotes answer the question. */
  confidence: number;
  /** Short remarks shown after the answer: disagreeing sources, a past date, an inferred year… */
  notes: string[];
}
