/**
 * Questions about dates: the application deadline, the start of a promotion, and other dated
 * steps (auditions, results). The fact is a sentence holding a date mention and the words of
 * that step; the answer gives the date with its year and whether it is past.
 */
import { fold } from "../../search/analyzer.js";
import { type ConceptId, passageConcepts } from "../../search/concepts.js";
import type { Evidence } from "../compose.js";
import { byRecency, type Context, choosePromotion, type Sentence } from "../context.js";
import { type DateMention, formatMention } from "../dates.js";
import type { Found, Picker } from "../found.js";
import { dateWithStatus, daysFromToday, documentLabel, joinList, promotionLabel } from "../wording.js";

interface DatedFact extends Sentence {
  /** The date that answers: the last one written (the end of "du … au …"). */
  mention: DateMention;
  /** The date written before it in the same sentence, if any (the start of "du … au …"). */
  from?: DateMention;
}

const DEADLINE_WORDS =
  /clotur|date limite|avant le|jusqu'?(au|a) |au plus tard|ouvert du|ouvert jusqu|deadline|closing|\bclos\b|\bferme/;
const START_WORDS =
  /integr|demarr|prendr\w* (leurs|ses) fonctions|pris (leurs|ses) fonctions|prise de fonction|a partir de|\bdes (janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)|commenc|rejoin|\bdebut|entre(nt)? dans|start|begin/;

function folded(text: string): string {
  return ` ${fold(text.toLowerCase()).replace(/[’‘ʼ]/g, "'")} `;
}

/** Sentences with a date and the step's words; the date is the last one written (the end of "du … au …"). */
function datedFacts(
  ctx: Context,
  concepts: ConceptId[],
  words: RegExp | undefined,
  extra: string,
): DatedFact[] {
  const hits = ctx.search({ concepts, extra });
  const facts: DatedFact[] = [];
  for (const s of ctx.sentencesWhere(hits, (text) => words === undefined || words.test(folded(text)))) {
    const mentions = ctx.dates(s.text, s.passage);
    const mention = mentions[mentions.length - 1];
    const from = mentions.length >= 2 ? mentions[mentions.length - 2] : undefined;
    if (mention) facts.push({ ...s, mention, ...(from ? { from } : {}) });
  }
  return facts;
}

/** The best fact of a group: written years over inferred ones, a time or a day over a month, search score. */
function best(ctx: Context, facts: DatedFact[], scoreOf: (f: DatedFact) => number): DatedFact | undefined {
  const weight = (f: DatedFact) =>
    scoreOf(f) *
    (f.mention.yearInferred ? 0.6 : 1) *
    (f.mention.time ? 1.2 : 1) *
    (f.mention.days.length > 0 ? 1.1 : 1);
  return [...facts].sort((a, b) => weight(b) - weight(a) || byRecency(ctx)(a, b))[0];
}

function answerDated(
  ctx: Context,
  facts: DatedFact[],
  what: { fr: string; en: string },
  scoreOf: (f: DatedFact) => number,
): Found | undefined {
  const choice = choosePromotion(ctx, facts);
  if (!choice) return undefined;
  const main = best(ctx, choice.chosen, scoreOf);
  if (!main) return undefined;
  const evidence: Evidence[] = [{ passage: main.passage, text: main.text }];
  // A second source that gives the same date backs the first.
  const same = choice.chosen.find(
    (f) =>
      f.passage.docId !== main.passage.docId &&
      f.mention.month === main.mention.month &&
      f.mention.year === main.mention.year,
  );
  if (same) evidence.push({ passage: same.passage, text: same.text });

  const label = what[ctx.intent.language];
  const subject = choice.promotion !== undefined ? ` (${promotionLabel(ctx, choice.promotion, true)})` : "";
  const past = daysFromToday(ctx, main.mention) < 0;
  const when = main.from
    ? ctx.en
      ? `from ${formatMention(main.from, "en")} to ${dateWithStatus(ctx, main.mention)}`
      : `du ${formatMention(main.from, "fr")} au ${dateWithStatus(ctx, main.mention)}`
    : dateWithStatus(ctx, main.mention);
  let lead = ctx.en ? `${label}${subject}: ${when}.` : `${label}${subject} : ${when}.`;
  const notes: string[] = [];
  if (past && ctx.intent.kind === "deadline") {
    lead += ctx.en ? " This call for applications is closed." : " Cet appel à candidatures est clos.";
  }
  if (choice.others.size > 0) {
    const others = [...choice.others].map(([p, list]) => {
      const fact = best(ctx, list, scoreOf);
      if (fact) evidence.push({ passage: fact.passage, text: fact.text });
      return fact ? `${promotionLabel(ctx, p)} : ${dateWithStatus(ctx, fact.mention)}` : "";
    });
    const list = joinList(ctx, others.filter(Boolean)).replace(/ : /g, ctx.en ? ": " : " : ");
    if (list) {
      notes.push(
        ctx.en
          ? `No promotion was named: this is the latest in my documents. Also: ${list}.`
          : `Aucune promotion précisée : voici la plus récente de mes documents. Pour mémoire, ${list}.`,
      );
    }
  }
  if (main.mention.yearInferred) {
    notes.push(
      ctx.en
        ? `The year is not written next to this date in ${documentLabel(ctx, main.passage)}; it was inferred from the rest of the document.`
        : `L'année n'est pas écrite à côté de cette date dans ${documentLabel(ctx, main.passage)} : elle est déduite du reste du document.`,
    );
  }
  return {
    lead,
    evidence,
    promotion: choice.promotion,
    confidence: main.mention.yearInferred ? 0.7 : 0.9,
    notes,
  };
}

/** "Quand ouvre l'appel ?", "Les candidatures sont-elles ouvertes ?", "combien de temps dure l'appel ?" */
const PERIOD_QUESTION = /ouvr|ouvert|open|periode|period|dure|how long|combien de temps/;

export const deadline: Picker = (ctx) => {
  const facts = datedFacts(ctx, ["deadline", "apply"], DEADLINE_WORDS, "candidature clôture date limite");
  if (PERIOD_QUESTION.test(folded(ctx.intent.question))) {
    const periods = facts.filter((f) => f.from !== undefined);
    const found = answerDated(
      ctx,
      periods,
      { fr: "Période de candidature", en: "Application period" },
      (f) => f.score,
    );
    if (found) return found;
  }
  const single = facts.map(({ from: _from, ...f }) => f);
  return answerDated(
    ctx,
    single,
    { fr: "Date limite de candidature", en: "Application deadline" },
    (f) => f.score,
  );
};

export const start: Picker = (ctx) => {
  const facts = datedFacts(ctx, ["start"], START_WORDS, "intégration démarrage début");
  return answerDated(
    ctx,
    facts,
    { fr: "Début de la mission", en: "Start" },
    (f) => f.score * (1 + ctx.overlap(f.text)),
  );
};

/** Other dated steps: the sentence with a date that speaks of what was asked and shares most words with it. */
export const date: Picker = (ctx) => {
  const concepts = [...ctx.intent.concepts].filter((c) => STEP_CONCEPTS.includes(c));
  const facts = datedFacts(ctx, concepts, undefined, "");
  const asked = [...ctx.intent.topicTerms, ...ctx.intent.terms];
  // "a pris fin" answers "terminée" without sharing a word: concept evidence counts too.
  const evidenced = (f: DatedFact) =>
    passageConcepts([...ctx.termsOf(f.text)], f.text).filter((c) => concepts.includes(c)).length;
  const relevant = facts.filter((f) => ctx.overlap(f.text, asked) >= 1 || evidenced(f) > 0);
  if (relevant.length === 0) return undefined;
  return answerDated(
    ctx,
    relevant,
    { fr: "Date", en: "Date" },
    (f) => f.score * (1 + ctx.overlap(f.text, asked) + 2 * evidenced(f)),
  );
};

/** Steps a date question may be about. */
const STEP_CONCEPTS: ConceptId[] = ["audition", "results", "selection", "end", "start"];
