/**
 * Building an Answer from the passages it rests on: quotes, sources (one per passage section,
 * deduplicated, in order), the contact for "I don't know", and ids.
 */
import { randomUUID } from "node:crypto";
import type { KnowledgeBase, Passage } from "../knowledge/types.js";
import { fold } from "../search/analyzer.js";
import { memoized } from "./memo.js";
import type { Answer, Language, QuestionKind, Quote, Source } from "./types.js";

/** A quote before its source is numbered: the passage it comes from and the words quoted. */
export interface Evidence {
  passage: Passage;
  /** Word for word from the passage: the whole passage or some of its sentences. */
  text: string;
}

const letters = memoized((text: string): string => fold(text.toLowerCase()).replace(/[^a-z0-9]/g, ""));

/**
 * "Article 4 – Conditions d'éligibilité" or "Section › Sub-section"; undefined at the top. A first
 * heading that repeats the document's title is left out: the title is already shown.
 */
export function sectionOf(passage: Passage, title?: string): string | undefined {
  let headings = passage.headings;
  const first = headings[0];
  if (first && title) {
    const a = letters(first);
    const b = letters(title);
    if (a.startsWith(b) || b.startsWith(a)) headings = headings.slice(1);
  }
  return headings.length > 0 ? headings.join(" › ") : undefined;
}

/** The source a passage is read from: its document, section, date and a link to it. */
export function sourceOf(kb: KnowledgeBase, passage: Passage): Source {
  const doc = kb.byId.get(passage.docId);
  const section = sectionOf(passage, doc?.title);
  const url = doc?.url
    ? passage.anchor && !/\.pdf($|[?#])/i.test(doc.url)
      ? `${doc.url.replace(/#.*$/, "")}#${passage.anchor}`
      : doc.url
    : undefined;
  return {
    title: doc?.title ?? passage.docId,
    ...(url ? { url } : {}),
    file: doc?.file ?? passage.docId,
    ...(section ? { section } : {}),
    ...(doc?.date ? { date: doc.date } : {}),
    ...(passage.line !== undefined ? { line: passage.line } : {}),
    docId: passage.docId,
    ...(passage.anchor ? { anchor: passage.anchor } : {}),
  };
}

/** Numbers sources in order of first use; quotes point at them. Same document + section = one source. */
export function quotesAndSources(
  kb: KnowledgeBase,
  evidence: Evidence[],
): { quotes: Quote[]; sources: Source[] } {
  const sources: Source[] = [];
  const keys = new Map<string, number>();
  const quotes: Quote[] = [];
  const seenText = new Set<string>();
  for (const e of evidence) {
    const key = `${e.passage.docId}\u0000${sectionOf(e.passage) ?? ""}`;
    let index = keys.get(key);
    if (index === undefined) {
      index = sources.length;
      keys.set(key, index);
      sources.push(sourceOf(kb, e.passage));
    }
    const text = e.text.trim();
    if (text && !seenText.has(`${index}\u0000${text}`)) {
      seenText.add(`${index}\u0000${text}`);
      quotes.push({ text, source: index });
    }
  }
  return { quotes, sources };
}

export function newAnswerId(): string {
  return randomUUID();
}

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

const contacts = new WeakMap<KnowledgeBase, { email: string; passage: Passage } | undefined>();

/**
 * The programme's contact, read from the knowledge itself: the e-mail address of the most recent
 * document that gives one (ties: the one given most often), quoted from the passage that gives it most plainly (the
 * shortest, or one under a "contact" heading).
 */
export function findContact(kb: KnowledgeBase): { email: string; passage: Passage } | undefined {
  // Read once per knowledge base: it scans every passage, and every "I don't know" needs it.
  if (contacts.has(kb)) return contacts.get(kb);
  const contact = readContact(kb);
  contacts.set(kb, contact);
  return contact;
}

function readContact(kb: KnowledgeBase): { email: string; passage: Passage } | undefined {
  const found = new Map<string, { n: number; date: string; passages: Passage[] }>();
  for (const passage of kb.passages) {
    for (const match of passage.text.matchAll(new RegExp(EMAIL.source, "g"))) {
      const email = match[0].replace(/\.$/, "").toLowerCase();
      const date = kb.byId.get(passage.docId)?.date ?? "";
      const entry = found.get(email) ?? { n: 0, date: "", passages: [] };
      entry.n++;
      if (date > entry.date) entry.date = date;
      entry.passages.push(passage);
      found.set(email, entry);
    }
  }
  // The most recent document's address first (a newer page corrects an older one), then the one
  // given most often.
  const best = [...found].sort((a, b) => b[1].date.localeCompare(a[1].date) || b[1].n - a[1].n)[0];
  if (!best) return undefined;
  const plain = (p: Passage) =>
    p.text.length - ([...p.headings, p.lead ?? ""].some((h) => /contact/i.test(h)) ? 1000 : 0);
  const passage = [...best[1].passages].sort((a, b) => plain(a) - plain(b))[0] as Passage;
  return { email: best[0], passage };
}

export interface UnansweredOptions {
  language: Language;
  kind: QuestionKind;
  /** What to say instead of the default "I don't know". */
  message?: string;
  /** Add the programme's contact (default: true). */
  withContact?: boolean;
  promotion?: number;
  notes?: string[];
}

/** An honest "I don't know", with the programme's contact found in the knowledge. */
export function unanswered(question: string, kb: KnowledgeBase, options: UnansweredOptions): Answer {
  const en = options.language === "en";
  let text =
    options.message ??
    (en
      ? "I don't know: I found nothing in the programme's documents that answers this question."
      : "Je ne sais pas : je n'ai rien trouvé dans les documents du programme qui réponde à cette question.");
  let evidence: Evidence[] = [];
  if (options.withContact !== false) {
    const contact = findContact(kb);
    if (contact) {
      text += en
        ? ` You can ask the programme's team: ${contact.email}.`
        : ` Vous pouvez écrire à l'équipe du programme : ${contact.email}.`;
      evidence = [{ passage: contact.passage, text: contact.passage.text }];
    } else {
      text += en
        ? " The documents I have give no contact address."
        : " Les documents dont je dispose ne donnent pas d'adresse de contact.";
    }
  }
  const { quotes, sources } = quotesAndSources(kb, evidence);
  return {
    id: newAnswerId(),
    question,
    answered: false,
    kind: options.kind,
    ...(options.promotion !== undefined ? { promotion: options.promotion } : {}),
    language: options.language,
    text,
    quotes,
    sources,
    confidence: 0,
    notes: options.notes ?? [],
  };
}
