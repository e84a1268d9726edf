/**
 * Questions about dates: the application deadline, the start of a promotion, and other dated
 * steps (auditions, results). The fact is a sentence holding a date mention and the words of
 * that step; the answer gives the date with its year and whether it is past.
 */
import { findPromotions } from "../../knowledge/promotion.js";
import type { Passage } from "../../knowledge/types.js";
import { fold, foldKeepingLength, processTerm } from "../../search/analyzer.js";
import { CONCEPTS, type ConceptId } from "../../search/concepts.js";
import type { Evidence } from "../compose.js";
import { byRecency, type Context, choosePromotion, passagesOf, type Sentence } from "../context.js";
import { type DateMention, endOf, formatMention } from "../dates.js";
import type { Found, Picker } from "../found.js";
import { memoized } from "../memo.js";
import {
  dateWithStatus,
  daysFromToday,
  documentLabel,
  latestPromotionNote,
  promotionLabel,
} from "../wording.js";

interface DatedFact extends Sentence {
  /** The date that answers. */
  mention: DateMention;
  /** The date written before it in the same sentence, if any (the start of "du … au …"). */
  from?: DateMention;
  /** 0–1: how close the date stands to the words of the question in its sentence. */
  nearness: number;
}

const DEADLINE_WORDS =
  /clotur|date limite|avant le|jusqu'?(au|a) |au plus tard|ouvert du|ouvert jusqu|deadline|closing|\bclos\b|\bferme/;
const START_WORDS =
  /integr|demarr|prendr\w* (leurs|ses) fonctions|pris (leurs|ses) fonctions|prise de fonction|a partir de|\bdes (janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)|commenc|rejoin|\bdebut|entre(nt)? dans|start|begin/;

const folded = memoized((text: string): string => ` ${fold(text.toLowerCase()).replace(/[’‘ʼ]/g, "'")} `);

/**
 * Which date of a sentence answers: the last one for a deadline (the end of "du … au …"), else
 * the one standing nearest the words that matter ("Les 4 et 5 juillet 2017, un jury s'est réuni
 * … à partir de janvier 2018": the jury met in July).
 */
type Pick = { last: true } | { near: (sentence: string) => number[] };

/** Offsets in `sentence` of the words whose term is in `terms` (analyzed). */
function offsetsOf(sentence: string, terms: Set<string>): number[] {
  const out: number[] = [];
  for (const { term, index } of termsAt(sentence)) {
    if ([...terms].some((t) => t === term || (t.length >= 5 && term.startsWith(t)))) out.push(index);
  }
  return out;
}

/** The analyzed terms of a sentence's words with their offsets (stop words left out); memoised. */
const termsAt = memoized((sentence: string): { term: string; index: number }[] => {
  const flat = foldKeepingLength(sentence.toLowerCase());
  const out: { term: string; index: number }[] = [];
  for (const m of flat.matchAll(/[\p{L}\p{N}]+/gu)) {
    const term = processTerm(m[0]);
    if (term) out.push({ term, index: m.index ?? 0 });
  }
  return out;
});

/** Offsets of the matches of `pattern` in `sentence`. */
function offsetsOfPattern(sentence: string, pattern: RegExp): number[] {
  const flat = foldKeepingLength(sentence.toLowerCase()).replace(/[’‘ʼ]/g, "'");
  return [...flat.matchAll(new RegExp(pattern.source, "g"))].map((m) => m.index ?? 0);
}

/** `pattern.test` on folded sentences, memoised per pattern (patterns without a `g` flag keep no state). */
const testers = new WeakMap<RegExp, (text: string) => boolean>();

function tester(pattern: RegExp): (text: string) => boolean {
  if (pattern.global || pattern.sticky) return (text) => pattern.test(folded(text));
  let test = testers.get(pattern);
  if (!test) {
    test = memoized((text: string) => pattern.test(folded(text)));
    testers.set(pattern, test);
  }
  return test;
}

function datedFacts(
  ctx: Context,
  concepts: ConceptId[],
  words: RegExp | undefined,
  extra: string,
  pick: Pick,
): DatedFact[] {
  // Dated sentences can rank low on words ("avant le 27 octobre"): look far down the results.
  const hits = ctx.search({ concepts, extra, limit: 200 });
  const facts: DatedFact[] = [];
  const test = words === undefined ? undefined : tester(words);
  for (const s of ctx.sentencesWhere(hits, (text) => test === undefined || test(text))) {
    const mentions = ctx.dates(s.text, s.passage);
    if (mentions.length === 0) continue;
    if ("last" in pick) {
      const mention = mentions[mentions.length - 1] as DateMention;
      const from = mentions.length >= 2 ? mentions[mentions.length - 2] : undefined;
      facts.push({ ...s, mention, ...(from ? { from } : {}), nearness: 1 });
      continue;
    }
    const anchors = pick.near(s.text);
    let bestMention = mentions[0] as DateMention;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const m of mentions) {
      const d = Math.min(...anchors.map((a) => Math.abs(a - m.index)));
      if (d < bestDistance) {
        bestDistance = d;
        bestMention = m;
      }
    }
    const nearness = Number.isFinite(bestDistance) ? 1 / (1 + bestDistance / 40) : 0.2;
    facts.push({ ...s, mention: bestMention, nearness });
  }
  return facts;
}

/** The best fact of a group: written years over inferred ones, a time or a day over a month, search score. */
function best(ctx: Context, facts: DatedFact[], scoreOf: (f: DatedFact) => number): DatedFact | undefined {
  const weight = (f: DatedFact) =>
    scoreOf(f) *
    f.nearness *
    // The programme's rules are the most specific source for a date of its calendar.
    (ctx.doc(f.passage)?.kind === "rules" ? 1.2 : 1) *
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
  // A promotion is named when asked, or when the dates differ by promotion; "créé en octobre
  // 2016" belongs to no promotion even if its article is about one.
  const named =
    ctx.intent.promotion !== undefined ||
    choice.others.size > 0 ||
    ctx.intent.kind !== "date" ||
    findPromotions(main.text).length > 0;
  const subject =
    choice.promotion !== undefined && named ? ` (${promotionLabel(ctx, choice.promotion, true)})` : "";
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
    const note = latestPromotionNote(ctx, others);
    if (note) notes.push(note);
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

/** Words of applying: a deadline closes a call for applications, not "nous avons clôturé cette promotion". */
const APPLY_WORDS = /candidat|postul|appel|dossier|inscri|apply|applica|deadline|date limite/;

export const deadline: Picker = (ctx) => {
  const facts = datedFacts(ctx, ["deadline", "apply"], DEADLINE_WORDS, "candidature clôture date limite", {
    last: true,
  }).filter(
    (f) => APPLY_WORDS.test(folded(f.text)) || APPLY_WORDS.test(folded(f.passage.headings.join(" "))),
  );
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
  const facts = datedFacts(ctx, ["start"], START_WORDS, "intégration démarrage début", {
    near: (sentence) => offsetsOfPattern(sentence, START_WORDS),
  });
  return answerDated(
    ctx,
    facts,
    { fr: "Début de la mission", en: "Start" },
    (f) => f.score * (1 + ctx.overlap(f.text)),
  );
};

/**
 * "Quel est le calendrier ?": every dated step of one promotion, in order, from the document
 * that dates most of them (the rules, usually).
 */
function calendar(ctx: Context): Found | undefined {
  const hits = ctx.search({
    concepts: ["deadline", "start", "audition", "results"],
    extra: "calendrier dates",
    limit: 60,
  });
  const dated = (passage: Passage): DatedFact[] => {
    if (passage.type === "title" || passage.type === "heading") return [];
    // A description that restates the title ("Règlement …, septembre 2018") dates the document, not a step.
    const title = ctx.doc(passage)?.title ?? "";
    if (
      passage.type === "front-matter" &&
      ctx.overlap(passage.text, [...ctx.termsOf(title)]) >= 0.6 * ctx.termsOf(title).size
    )
      return [];
    // Steps of a calendar fall near their document's date; "la loi du 6 janvier 1978" is a reference.
    const year = Number((ctx.dateOf(passage) || "0").slice(0, 4));
    return ctx.sentences(passage).flatMap((text) =>
      ctx
        .dates(text, passage)
        .filter((m) => !m.yearInferred && (!year || Math.abs(m.year - year) <= 1))
        .map((mention) => ({
          text,
          passage,
          mention,
          nearness: 1,
          score: 1,
          promotion: ctx.promotionOf(text, passage),
        })),
    );
  };
  const choice = choosePromotion(
    ctx,
    hits.flatMap((h) => dated(h.passage)),
  );
  if (!choice || choice.chosen.length === 0) return undefined;
  // Of the documents that date a step of that promotion, the one that dates most steps, read whole.
  const stepsOf = (docId: string) =>
    passagesOf(ctx.kb, docId)
      .flatMap(dated)
      .filter((f) => f.promotion === choice.promotion || f.promotion === undefined);
  const candidates = [...new Set(choice.chosen.map((f) => f.passage.docId))].map((docId) => ({
    docId,
    steps: stepsOf(docId),
    rules: ctx.kb.byId.get(docId)?.kind === "rules" ? 1 : 0,
  }));
  const steps =
    candidates.sort((a, b) => b.steps.length - a.steps.length || b.rules - a.rules)[0]?.steps ?? [];
  // One quote per sentence, in the order of the first date it gives; a step dated twice counts once.
  const days = new Set<string>();
  const quoted = new Set<string>();
  const ordered: DatedFact[] = [];
  for (const f of steps.sort((a, b) => endOf(a.mention).getTime() - endOf(b.mention).getTime())) {
    const key = `${f.mention.year}-${f.mention.month}-${f.mention.days.join(",")}`;
    if (days.has(key)) continue;
    days.add(key);
    if (!quoted.has(f.text)) {
      quoted.add(f.text);
      ordered.push(f);
    }
  }
  if (days.size < 2) return undefined;
  const first = ordered[0] as DatedFact;
  const who = choice.promotion !== undefined ? ` (${promotionLabel(ctx, choice.promotion, true)})` : "";
  return {
    lead: ctx.en
      ? `Calendar${who}, in order, according to ${documentLabel(ctx, first.passage)}:`
      : `Calendrier${who}, dans l'ordre, d'après ${documentLabel(ctx, first.passage)} :`,
    evidence: ordered.slice(0, 8).map((f) => ({ passage: f.passage, text: f.text })),
    promotion: choice.promotion,
    confidence: 0.75,
    notes: [],
  };
}

/** Other dated steps: the date that stands nearest to what was asked, in a sentence that speaks of it. */
export const date: Picker = (ctx) => {
  if (ctx.intent.concepts.has("calendar")) {
    const found = calendar(ctx);
    if (found) return found;
  }
  const concepts = [...ctx.intent.concepts].filter((c) => STEP_CONCEPTS.includes(c));
  const asked = [...ctx.intent.topicTerms, ...ctx.intent.terms];
  // "a pris fin" answers "terminée" without sharing a word: concept evidence counts too.
  const evidenceTerms = CONCEPTS.filter((c) => concepts.includes(c.id)).flatMap((c) => c.evidence.flat());
  const wanted = new Set([...asked, ...evidenceTerms]);
  const facts = datedFacts(ctx, concepts, undefined, "", { near: (sentence) => offsetsOf(sentence, wanted) });
  const evidenced = (f: DatedFact) => ctx.conceptsIn(f.text).filter((c) => concepts.includes(c)).length;
  const relevant = facts.filter((f) => ctx.overlap(f.text, asked) >= 1 || evidenced(f) > 0);
  // Sentences that speak of the step asked about come first, whatever their search score.
  const speaking = relevant.filter((f) => evidenced(f) > 0);
  const pool = speaking.length > 0 ? speaking : relevant;
  if (pool.length === 0) return undefined;
  const top = Math.max(...pool.map((f) => f.score));
  return answerDated(
    ctx,
    pool,
    { fr: "Date", en: "Date" },
    (f) => (f.score / top) * (1 + ctx.overlap(f.text, asked)),
  );
};

/** Steps a date question may be about. */
const STEP_CONCEPTS: ConceptId[] = ["audition", "results", "selection", "end", "start"];
