/**
 * The brain: answer(question, kb, {today}) → Answer.
 *
 *   question ──understand──▶ Intent (kind, promotion, défi, language, topic words)
 *            ──domain check──▶ "I don't know" when the topic words are unknown to the knowledge
 *            ──picker[kind]──▶ Found (short answer + the quotes it rests on)
 *            ──compose──▶ Answer (sources numbered, most recent or most specific first)
 *
 * No fact is written that is not in a quote; when no picker finds one, the answer is
 * `answered: false` with the programme's contact read from the knowledge.
 */
import type { KnowledgeBase } from "../knowledge/types.js";
import { processTerm, words } from "../search/analyzer.js";
import { newAnswerId, quotesAndSources, unanswered } from "./compose.js";
import { Context } from "./context.js";
import type { Found, Picker } from "./found.js";
import {
  countApplicants,
  countDefis,
  countEntrepreneurs,
  duration,
  pay,
  teamSize,
} from "./pickers/counts.js";
import { defiDetail, defiList } from "./pickers/defis.js";
import {
  about,
  apply,
  contact,
  eligibility,
  financing,
  general,
  profiles,
  selection,
} from "./pickers/quotes.js";
import { date, deadline, start } from "./pickers/when.js";
import type { Answer, QuestionKind } from "./types.js";
import { type Intent, SMALL_TALK, understand } from "./understand.js";
import { joinList } from "./wording.js";

export { unanswered } from "./compose.js";

const THANKS = /\b(merci|thanks|thank you|thx)\b/i;

export interface AnswerOptions {
  /** The day dates are compared with. Default: now. */
  today?: Date;
  /** The last question answered in the same conversation, for follow-ups ("et pour la promo 2 ?"). */
  previousQuestion?: string;
}

/** Which picker reads each kind of question; `general` is the fallback of all. */
const PICKERS: Record<QuestionKind, Picker[]> = {
  deadline: [deadline],
  start: [start, date],
  date: [date],
  "team-size": [teamSize],
  eligibility: [eligibility],
  "defi-list": [defiList],
  "defi-detail": [defiDetail],
  "count-defis": [countDefis, defiList],
  "count-entrepreneurs": [countEntrepreneurs],
  "count-applicants": [countApplicants],
  profiles: [profiles],
  pay: [pay],
  duration: [duration],
  financing: [financing],
  selection: [selection],
  apply: [apply],
  contact: [contact],
  about: [about],
  general: [],
  unknown: [],
};

/**
 * When neither the kind's picker nor the general search finds a sentence, the concepts the
 * question still carries point at a picker ("Quels documents fournir pour candidater ?" → how to
 * apply).
 */
function fallbacks(intent: Intent): Picker[] {
  const out: Picker[] = [];
  const has = (c: Parameters<typeof intent.concepts.has>[0]) => intent.concepts.has(c);
  if (has("apply") && intent.kind !== "apply") out.push(apply);
  if ((has("ability") || has("eligibility")) && intent.kind !== "eligibility") out.push(eligibility);
  if (has("selection") && intent.kind !== "selection") out.push(selection);
  return out;
}

/** Years (1990–2099) each knowledge base mentions, in a date or in its text; built once per base. */
const yearsByKb = new WeakMap<KnowledgeBase, { years: Set<string>; newest?: string }>();

function knowledgeYears(kb: KnowledgeBase): { years: Set<string>; newest?: string } {
  let known = yearsByKb.get(kb);
  if (!known) {
    const years = new Set<string>();
    for (const d of kb.documents) if (d.date) years.add(d.date.slice(0, 4));
    for (const p of kb.passages) for (const m of p.text.matchAll(YEAR)) years.add(m[0]);
    const newest = kb.documents
      .map((d) => d.date ?? "")
      .sort()
      .pop()
      ?.slice(0, 4);
    known = { years, newest: newest || undefined };
    yearsByKb.set(kb, known);
  }
  return known;
}

const YEAR = /(?<![\d,.])(?:199\d|20\d\d)(?![\d,.]\d)/g;

/** The years a question names that the knowledge never mentions, when it names only such years. */
function yearsNotInKnowledge(question: string, kb: KnowledgeBase): string[] {
  const named = [...new Set(Array.from(question.matchAll(YEAR), (m) => m[0]))];
  if (named.length === 0) return [];
  const { years } = knowledgeYears(kb);
  const missing = named.filter((y) => !years.has(y));
  return missing.length === named.length ? missing : [];
}

/**
 * Topic words the knowledge has never seen (not even misspelt or as a prefix). The Snowball stemmer
 * leaves third-person plural verbs whole ("portent", "concernent"): such a word counts as seen when
 * its root is.
 */
function unknownTopicTerms(intent: Intent, kb: KnowledgeBase): string[] {
  const seen = (term: string, asPrefix = term.length >= 5) =>
    kb.index.search(term, {
      fields: ["text", "headings", "title"],
      prefix: asPrefix,
      fuzzy: term.length >= 6 ? 1 : false,
    }).length > 0;
  return intent.topicTerms.filter(
    (term) => !seen(term) && !(term.length >= 7 && /ent$/.test(term) && seen(term.slice(0, -3), true)),
  );
}

export function answer(question: string, kb: KnowledgeBase, options: AnswerOptions = {}): Answer {
  const intent = understand(question, kb, options.previousQuestion);
  const base = { language: intent.language, kind: intent.kind, promotion: intent.promotion };
  const en = intent.language === "en";
  if (
    intent.defis.length === 0 &&
    intent.kind === "general" &&
    intent.terms.length > 0 &&
    intent.terms.every((t) => SMALL_TALK.has(t))
  ) {
    return unanswered(intent.question, kb, {
      ...base,
      withContact: false,
      message: THANKS.test(question)
        ? en
          ? "You're welcome! Ask me anything else about the Entrepreneurs d'intérêt général programme."
          : "Avec plaisir ! N'hésitez pas si vous avez d'autres questions sur le programme Entrepreneurs d'intérêt général."
        : en
          ? "Hello! I answer questions about the Entrepreneurs d'intérêt général programme: its défis, who may apply, deadlines, team sizes, pay. What would you like to know?"
          : "Bonjour ! Je réponds aux questions sur le programme Entrepreneurs d'intérêt général : ses défis, qui peut candidater, les dates limites, la taille des équipes, la rémunération. Que voulez-vous savoir ?",
    });
  }
  if (intent.terms.length === 0 && intent.defis.length === 0 && intent.kind === "general") {
    return unanswered(intent.question, kb, {
      ...base,
      message:
        intent.language === "en"
          ? "I did not understand the question. Ask me about the programme: its défis, who may apply, deadlines, team sizes, pay."
          : "Je n'ai pas compris la question. Interrogez-moi sur le programme : ses défis, qui peut candidater, les dates limites, la taille des équipes, la rémunération.",
    });
  }
  // Most of the words that say what the question is about are unknown to the knowledge: it is
  // about something else ("la capitale de l'Australie"), whatever its form.
  // English questions about a known kind ("How long does the mission last?") keep English
  // words that a French knowledge base cannot know: the concept vocabulary carried the meaning.
  const specific = intent.kind !== "general" && intent.kind !== "about";
  const unknown = intent.language === "en" && specific ? [] : unknownTopicTerms(intent, kb);
  if (intent.defis.length === 0 && unknown.length > 0 && unknown.length * 2 >= intent.topicTerms.length) {
    return unanswered(intent.question, kb, base);
  }

  // A year the knowledge never mentions ("la promotion 2025") cannot be answered from it: a fact
  // of another year would be a guess presented as an answer.
  const missingYears = yearsNotInKnowledge(intent.question, kb);
  if (missingYears.length > 0 && intent.defis.length === 0) {
    const newest = knowledgeYears(kb).newest;
    const list = joinList({ en }, missingYears);
    return unanswered(intent.question, kb, {
      ...base,
      message: en
        ? `I don't know: my documents say nothing about ${list}${newest ? ` (the most recent is from ${newest})` : ""}.`
        : `Je ne sais pas : mes documents ne disent rien de ${list}${newest ? ` (le plus récent date de ${newest})` : ""}.`,
    });
  }

  // Likewise a promotion the knowledge never speaks of: another promotion's fact is not its answer.
  const known = kb.facts.promotions;
  if (
    intent.promotion !== undefined &&
    known.length > 0 &&
    !known.includes(intent.promotion) &&
    intent.defis.length === 0
  ) {
    const list = joinList({ en }, known.map(String));
    return unanswered(intent.question, kb, {
      ...base,
      message: en
        ? `I don't know: my documents say nothing about promotion ${intent.promotion} (they cover promotion${known.length > 1 ? "s" : ""} ${list}).`
        : `Je ne sais pas : mes documents ne disent rien de la promotion ${intent.promotion} (ils portent sur ${known.length > 1 ? "les promotions" : "la promotion"} ${list}).`,
    });
  }

  const ctx = new Context(kb, intent, options.today ?? new Date());
  let found: Found | undefined;
  for (const pick of [...PICKERS[intent.kind], general, ...fallbacks(intent)]) {
    found = pick(ctx);
    if (found) break;
  }
  if (!found || found.evidence.length === 0) return unanswered(intent.question, kb, base);

  const { quotes, sources } = quotesAndSources(kb, found.evidence);
  const notes = [...found.notes];
  if (unknown.length > 0) {
    const asWritten = words(question).filter((w) => unknown.includes(processTerm(w) ?? ""));
    const list = [...new Set(asWritten)].map((w) => `« ${w} »`).join(", ");
    notes.push(
      intent.language === "en"
        ? `My documents say nothing about ${list}; this answer leaves it aside.`
        : `Mes documents ne disent rien de ${list} : cette réponse n'en tient pas compte.`,
    );
  }
  const newest = sources
    .map((s) => s.date ?? "")
    .sort()
    .pop();
  if (newest) {
    const ageYears =
      (ctx.today.getTime() - new Date(`${newest}T00:00:00Z`).getTime()) / (365.25 * 86_400_000);
    if (ageYears > 2) {
      notes.push(
        intent.language === "en"
          ? `My most recent source here dates from ${newest.slice(0, 4)}: check with the programme's team for a later promotion.`
          : `Ma source la plus récente ici date de ${newest.slice(0, 4)} : vérifiez auprès de l'équipe du programme pour une promotion plus récente.`,
      );
    }
  }
  return {
    id: newAnswerId(),
    question: intent.question,
    answered: true,
    kind: found.kind ?? intent.kind,
    ...(found.promotion !== undefined ? { promotion: found.promotion } : {}),
    language: intent.language,
    text: found.lead,
    quotes,
    sources,
    confidence: found.confidence,
    notes,
  };
}
