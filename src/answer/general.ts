/**
 * The general path, for every question: retrieve windows (retrieve.ts), judge each by how much of
 * the question it covers, choose in it the sentence that holds a span of the expected type about
 * the question's words (spans.ts), and build the short answer from that span, quoting the
 * sentence. No window covering the question, or no span of the expected type: no answer.
 *
 * The sentence is judged with what surrounds it: its section's heading counts for it (an FAQ's
 * question is its heading; "Oui, c'est tout à fait possible." shares no word with the question),
 * and so do the sentences next to it (the fact often sits one sentence after the words). A sentence
 * ending with ":" brings the list after it.
 */

import { findPromotions } from "../knowledge/promotion.js";
import type { KnowledgeBase, Passage } from "../knowledge/types.js";
import { fold } from "../search/analyzer.js";
import { groupsOf } from "../search/lexicon.js";
import type { Evidence } from "./compose.js";
import type { Context } from "./context.js";
import type { DateMention } from "./dates.js";
import { ENGINE } from "./defaults.js";
import { memoized } from "./memo.js";
import type { AnswerType, Reading, Slot } from "./reading.js";
import {
  coverage,
  search,
  slotCredit,
  slotWeights,
  structureOf,
  termSet,
  type Window,
  windowsFor,
} from "./retrieve.js";
import {
  amounts,
  contacts,
  counts,
  defines,
  describesSteps,
  durations,
  frequencies,
  givesReason,
  links,
  organisations,
  type Polarity,
  people,
  places,
  polarity,
  proportions,
  type Span,
  statesRule,
  times,
} from "./spans.js";

export interface SentenceRef {
  passage: Passage;
  text: string;
}

/** What the general path found: the best candidate and the others nearly as good. */
export interface Candidate {
  window: Window;
  /** The sentence that answers (with the span), then the sentences quoted with it. */
  sentences: SentenceRef[];
  /** The spans of the expected type in the answering sentence, as written. */
  spans: Span[];
  /** For date questions: the date that answers, and the start of its period when it is one. */
  mention?: DateMention;
  from?: DateMention;
  polarity?: Polarity;
  /** Share of the question the window covers, and the sentence with what surrounds it. */
  windowCoverage: number;
  sentenceCoverage: number;
  score: number;
  promotion?: number;
  /** The question's slots the window does not hold. */
  missing: Slot[];
}

/** Types whose answer is a figure of the programme. */
const COUNTS: ReadonlySet<AnswerType> = new Set(["count", "amount", "duration", "proportion"]);

/** Types whose answer is a span: a window without one does not answer. */
const TYPED: ReadonlySet<AnswerType> = new Set([
  "date",
  "time",
  "duration",
  "count",
  "amount",
  "proportion",
  "frequency",
  "link",
  "contact",
  "organisation",
  "person",
  "place",
]);

export function isTyped(type: AnswerType): boolean {
  return TYPED.has(type);
}

/** Word offsets of the slot's words in a sentence (for choosing the span nearest to them). */
function slotOffsets(sentence: string, slots: readonly Slot[]): number[] {
  const out: number[] = [];
  for (const m of sentence.matchAll(/[\p{L}\p{N}]+/gu)) {
    const set = termSet(m[0]);
    if (set.size === 0) continue;
    if (slots.some((s) => slotCredit(s, set) > 0)) out.push(m.index ?? 0);
  }
  return out;
}

function nearest<T extends { index: number }>(items: T[], anchors: number[]): T | undefined {
  if (items.length <= 1 || anchors.length === 0) return items[0];
  let best = items[0];
  let distance = Number.POSITIVE_INFINITY;
  for (const item of items) {
    const d = Math.min(...anchors.map((a) => Math.abs(a - item.index)));
    if (d < distance) {
      distance = d;
      best = item;
    }
  }
  return best;
}

interface Found {
  spans: Span[];
  mention?: DateMention;
  from?: DateMention;
}

/**
 * 0–1: the weighted share of the question's words standing within a few words of a span in its
 * sentence. A date "about the subject" stands next to the subject's words ("la clôture … le 15
 * octobre"), not at the other end of the sentence ("la loi du 6 janvier 1978 … candidats").
 */
function proximity(
  sentence: string,
  spans: Span[],
  slots: readonly Slot[],
  weights: readonly number[],
): number {
  if (spans.length === 0) return 0;
  const tokens = [...sentence.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
    at: m.index ?? 0,
    set: termSet(m[0]),
  }));
  const position = (offset: number) => {
    const i = tokens.findIndex((t) => t.at >= offset);
    return i < 0 ? tokens.length : i;
  };
  let total = 0;
  let got = 0;
  slots.forEach((slot, k) => {
    const w = weights[k] ?? 0;
    total += w;
    const places = tokens.flatMap((t, i) => (slotCredit(slot, t.set) > 0 ? [i] : []));
    if (places.length === 0) return;
    const near = spans.some((span) => {
      const p = position(span.index);
      return places.some((q) => Math.abs(q - p) <= 10);
    });
    if (near) got += w;
  });
  return total > 0 ? got / total : 0;
}

/** "dans les 30 jours", "sous 2 mois", "3 mois après": a duration that is a delay, not a length. */
function isDelay(sentence: string, span: Span): boolean {
  const before = fold(sentence.slice(Math.max(0, span.index - 25), span.index).toLowerCase());
  const after = fold(
    sentence.slice(span.index + span.text.length, span.index + span.text.length + 20).toLowerCase(),
  );
  return (
    /\b(?:dans|sous|d'ici|delai de|delai d'|within|in|after|apres)\s+(?:les\s+|un\s+|une\s+)?$/.test(
      before,
    ) || /^\s*(?:apres|avant|suivant|plus tard|after|before|later)\b/.test(after)
  );
}

/** True when a number stands within a few words before a word of one of the conditions. */
function conditionFigured(sentence: string, conditions: readonly Slot[]): boolean {
  const tokens = [...sentence.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);
  return tokens.some(
    (t, i) =>
      conditions.some((c) => slotCredit(c, termSet(t)) > 0) &&
      tokens.slice(Math.max(0, i - 4), i).some((b) => /^\d/.test(b)),
  );
}

/** Names of the knowledge's défis, as letter keys ("cibnav", "eiglink"), per knowledge base. */
const defiKeys = new WeakMap<KnowledgeBase, { keys: Set<string>; sentences: Map<string, boolean> }>();

/** True when a sentence names one of the knowledge's défis ("… (EIG Link) : 2 EIG rejoindront …"). */
export function namesADefi(kb: KnowledgeBase, sentence: string): boolean {
  let known = defiKeys.get(kb);
  if (!known) {
    known = {
      keys: new Set(kb.facts.defis.filter((d) => d.short && d.key.length >= 4).map((d) => d.key)),
      sentences: new Map(),
    };
    defiKeys.set(kb, known);
  }
  if (known.keys.size === 0) return false;
  // The same sentences are judged question after question.
  let names = known.sentences.get(sentence);
  if (names === undefined) {
    names = sentenceNamesADefi(known.keys, sentence);
    if (known.sentences.size >= 20_000) known.sentences.clear();
    known.sentences.set(sentence, names);
  }
  return names;
}

function sentenceNamesADefi(keys: ReadonlySet<string>, sentence: string): boolean {
  const tokens = fold(sentence.toLowerCase()).match(/[a-z0-9@]+/g) ?? [];
  for (let n = 1; n <= 3; n++)
    for (let i = 0; i + n <= tokens.length; i++)
      if (
        keys.has(
          tokens
            .slice(i, i + n)
            .join("")
            .replace(/[^a-z0-9]/g, ""),
        )
      )
        return true;
  return false;
}

/** Promotions a sentence names, memoised (the same sentences are judged question after question). */
const promotionsIn = memoized((text: string) => findPromotions(text));

/** Lexicon groups of words for people: "7 EIG", "32 personnes", "11 profils". */
const PEOPLE_GROUPS: ReadonlySet<string> = new Set([
  "entrepreneur",
  "person",
  "profile",
  "applicant",
  "winner",
]);

/** "par équipe de 2 ou 3", "chaque défi", "per team": a count given per unit. */
const PER_UNIT =
  /\b(?:par|chaque|chacun|chacune|per|each|equipe|equipes|binome|binomes|trinome|trinomes|team|teams)\b/;

/**
 * Counts next to the word counted ("32 entrepreneurs", "200 candidatures"); any count when none
 * was named; for a count per unit ("combien par équipe ?"), a count next to "par", "chaque", "équipe".
 */
function countsAbout(sentence: string, counted: Slot | undefined, perUnit: boolean, of?: Slot): Span[] {
  const all = counts(sentence);
  // "combien de lignes de code": a count of lines that says nothing of code is another count.
  if (of && slotCredit(of, termSet(sentence)) === 0) return [];
  if (perUnit) {
    // "par équipe de 2 ou 3": the unit next to the number; the thing counted anywhere in the sentence.
    const units = [...sentence.toLowerCase().matchAll(/[\p{L}]+/gu)]
      .filter((m) => PER_UNIT.test(fold(m[0])))
      .map((m) => m.index ?? 0);
    // The count nearest the unit ("15 défis par équipe de 2 ou 3" → "2 ou 3").
    const gap = (span: Span) =>
      Math.min(
        ...units.map((u) => {
          const between = u < span.index ? sentence.slice(u, span.index) : sentence.slice(span.index, u);
          // "équipe de 2 ou 3": the unit said before its figure binds closer than after it.
          return (between.match(/[\p{L}\p{N}]+/gu) ?? []).length + (u < span.index ? 0 : 2);
        }),
      );
    const near = all.filter((span) => gap(span) <= 6);
    if (near.length > 0) {
      const best = Math.min(...near.map(gap));
      return counted && slotCredit(counted, termSet(sentence)) === 0
        ? []
        : near.filter((span) => gap(span) === best);
    }
    // No figure next to the unit ("à chaque appel … une vingtaine de projets"): the count of the thing.
  }
  if (!counted || all.length === 0) return all;
  const anchors = slotOffsets(sentence, [counted]);
  return all.filter((span) => {
    // A number counts the noun that follows it: "deux projets EIG" counts projects, not EIG.
    const after = sentence.slice(span.index + span.text.length).match(/[\p{L}]+/gu) ?? [];
    const next = after.find((w) => termSet(w).size > 0);
    // "design (7 EIG)": a word for people after the number is the unit of the count, not another thing.
    const unit =
      next !== undefined &&
      groupsOf(termSet(next).values().next().value ?? "").some((g) => PEOPLE_GROUPS.has(g.id));
    const nextIsOther =
      next !== undefined &&
      !unit &&
      !/^(?:nouveaux|nouvelles|futurs|futures|premiers|premières|grands|grandes|autres|new|more|other|additional)$/i.test(
        next,
      ) &&
      slotCredit(counted, termSet(next)) === 0;
    if (nextIsOther) {
      // Still the count asked when the counted word came just before: "dans la limite de deux".
      return (
        anchors.some(
          (a) =>
            a < span.index && (sentence.slice(a, span.index).match(/[\p{L}\p{N}]+/gu) ?? []).length <= 10,
        ) && !/^\s*[\p{L}]/u.test(sentence.slice(span.index + span.text.length))
      );
    }
    return anchors.some((a) => {
      const between = a > span.index ? sentence.slice(span.index, a) : sentence.slice(a, span.index);
      const gap = (between.match(/[\p{L}\p{N}]+/gu) ?? []).length;
      return a > span.index ? gap <= 5 : gap <= 10;
    });
  });
}

/** Names that only repeat the question's own words ("Signaux Faibles" for "le mentor de Signaux Faibles") answer nothing. */
function notAsked(spans: Span[], reading: Reading): Span[] {
  const asked = new Set([
    ...reading.slots.flatMap((s) => s.terms),
    ...reading.defis.flatMap((d) => [...termSet(d.name)]),
  ]);
  return spans.filter((span) => {
    const terms = [...termSet(span.text)];
    return terms.length > 0 && !terms.every((t) => asked.has(t));
  });
}

/** The spans of the reading's type in one sentence (undefined: none). */
function spansIn(ctx: Context, reading: Reading, s: SentenceRef, anchors: () => number[]): Found | undefined {
  const type = reading.type;
  const some = (spans: Span[]): Found | undefined => (spans.length > 0 ? { spans } : undefined);
  switch (type) {
    case "date":
    case "time": {
      const mentions = ctx.dates(s.text, s.passage);
      if (type === "time") {
        const t = times(s.text);
        if (t.length === 0 && !mentions.some((m) => m.time)) return undefined;
        const withTime = mentions.find((m) => m.time);
        return { spans: t, ...(withTime ? { mention: withTime } : {}) };
      }
      if (mentions.length === 0) return undefined;
      const mention = nearest([...mentions], anchors()) as DateMention;
      const at = mentions.indexOf(mention);
      // "du 13 septembre au 15 octobre": the period, when the date closes one.
      const before = at > 0 ? mentions[at - 1] : undefined;
      const from =
        before &&
        /\b(?:au|jusqu|to|until|-|–)\s*$/i.test(
          s.text.slice(before.index + before.text.length, mention.index),
        )
          ? before
          : undefined;
      const after = mentions[at + 1];
      if (
        !from &&
        after &&
        /^\s*(?:au|jusqu'au|to|until|-|–)\s*$/i.test(
          s.text.slice(mention.index + mention.text.length, after.index),
        )
      ) {
        return { spans: [{ text: after.text, index: after.index }], mention: after, from: mention };
      }
      return { spans: [{ text: mention.text, index: mention.index }], mention, ...(from ? { from } : {}) };
    }
    case "duration":
      return some(reading.delay ? durations(s.text).filter((d) => isDelay(s.text, d)) : durations(s.text));
    case "count":
      return some(countsAbout(s.text, reading.counted, reading.perUnit, reading.countedOf));
    case "amount":
      return some(amounts(s.text));
    case "proportion":
      return some(proportions(s.text));
    case "frequency":
      return some(frequencies(s.text));
    case "link":
      return some(links(s.text));
    case "contact":
      return some([...contacts(s.text), ...links(s.text)]);
    case "organisation":
      return some(notAsked(organisations(s.text), reading));
    case "person":
      return some(notAsked(people(s.text), reading));
    case "place":
      return some(notAsked(places(s.text), reading));
    case "reason":
      return givesReason(s.text) ? { spans: [] } : undefined;
    case "definition":
      return defines(s.text) ? { spans: [] } : undefined;
    default:
      return { spans: [] };
  }
}

/** Sentences of a window's passages, in order. */
function sentencesOf(ctx: Context, window: Window): SentenceRef[] {
  return window.passages.flatMap((passage) => ctx.sentences(passage).map((text) => ({ passage, text })));
}

/** A list after a sentence that announces it ("…les critères suivants :"), from the same section. */
function listAfter(window: Window, s: SentenceRef): SentenceRef[] {
  if (!/:\s*$/.test(s.text)) return [];
  const all = window.section.passages;
  const at = all.indexOf(s.passage);
  const out: SentenceRef[] = [];
  for (const p of all.slice(at + 1, at + 1 + ENGINE.maxListItems)) {
    if (p.type !== "list-item" && p.type !== "table-row") break;
    out.push({ passage: p, text: p.text });
  }
  return out;
}

/** A section's list items, or else the headings of the sections right under it. */
function listOf(ctx: Context, window: Window): SentenceRef[] {
  const items = window.section.passages.filter((p) => p.type === "list-item" || p.type === "table-row");
  if (items.length >= 2)
    return items.slice(0, ENGINE.maxListItems).map((p) => ({ passage: p, text: p.text }));
  const path = window.section.headings;
  if (path.length === 0) return [];
  return structureOf(ctx.kb)
    .sections.filter(
      (s) =>
        s.docId === window.section.docId &&
        s.heading &&
        s.headings.length === path.length + 1 &&
        path.every((h, i) => s.headings[i] === h),
    )
    .slice(0, ENGINE.maxListItems)
    .map((s) => ({ passage: s.heading as Passage, text: s.heading?.text ?? "" }));
}

/** Keeps quotes within the length bound, whole sentences only, at least one. */
function bounded(sentences: SentenceRef[]): SentenceRef[] {
  const out: SentenceRef[] = [];
  let chars = 0;
  for (const s of sentences) {
    if (out.length > 0 && chars + s.text.length > ENGINE.maxQuoteChars) break;
    out.push(s);
    chars += s.text.length;
  }
  return out;
}

/** Weighted share of the question's words the window's heading holds (an FAQ entry's question). */
function headingShare(slots: readonly Slot[], weights: readonly number[], window: Window): number {
  let got = 0;
  let total = 0;
  slots.forEach((slot, k) => {
    const credit = slotCredit(slot, window.headingTerms);
    if (slot.role === "context" && credit === 0) return;
    total += weights[k] ?? 0;
    got += (weights[k] ?? 0) * credit;
  });
  return total > 0 ? got / total : 0;
}

/** Best candidate of one window, if it answers. */
function judgeWindow(
  ctx: Context,
  reading: Reading,
  slots: readonly Slot[],
  weights: readonly number[],
  window: Window,
): Candidate | undefined {
  const cov = coverage(slots, weights, window);
  const subjectSlots = slots.filter((s) => s.role !== "context").length;
  const typed = isTyped(reading.type);
  const minShare = typed || reading.yesNo ? ENGINE.minCoverage : ENGINE.minCoverageUntyped;
  // A count next to the very word counted ("plus de 200 candidats") is evidence of its own: the
  // window may hold less of the rest of the question ("reçues").
  const countedHere =
    reading.type === "count" &&
    reading.counted !== undefined &&
    slotCredit(reading.counted, window.terms) > 0;
  if (cov.share < (countedHere ? ENGINE.minCoverageCounted : minShare)) return undefined;
  if (cov.covered < Math.min(ENGINE.minCoveredSlots, subjectSlots) && !countedHere) return undefined;

  const sentences = sentencesOf(ctx, window);
  if (sentences.length === 0) return undefined;
  const sets = sentences.map((s) => termSet(s.text));
  const sentenceCoverage = (i: number) => {
    let got = 0;
    let total = 0;
    slots.forEach((slot, k) => {
      const own = slotCredit(slot, sets[i] as ReadonlySet<string>);
      const heading = slotCredit(slot, window.headingTerms) * ENGINE.headingCredit;
      const prev = i > 0 ? slotCredit(slot, sets[i - 1] as ReadonlySet<string>) : 0;
      const next = i + 1 < sets.length ? slotCredit(slot, sets[i + 1] as ReadonlySet<string>) : 0;
      const credit = Math.max(own, heading, ENGINE.neighbourCredit * Math.max(prev, next));
      if (slot.role === "context" && credit === 0) return;
      total += weights[k] ?? 0;
      got += (weights[k] ?? 0) * credit;
    });
    return total > 0 ? got / total : 0;
  };

  // Each sentence: how much of the question it holds with what surrounds it (sc), and how well it
  // answers (quality, 0–1): a span of the expected type next to the question's words, a rule for
  // a question of what one may do, steps for a question of how.
  let best:
    | { i: number; found?: Found; pair?: number; score: number; sc: number; quality: number }
    | undefined;
  // Spans are looked for only in the sentences that hold most of the question (with their
  // heading and neighbours): the others cannot be the answer.
  const coverages = sentences.map((_s, i) => sentenceCoverage(i));
  const ranked = coverages
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c - a.c || a.i - b.i)
    .slice(0, ENGINE.sentencesRead);
  for (const { i } of ranked) {
    const s = sentences[i] as SentenceRef;
    const sc = coverages[i] ?? 0;
    const found = spansIn(ctx, reading, s, () => slotOffsets(s.text, slots));
    let quality = 0;
    let pair: number | undefined;
    let use = found;
    if (found)
      quality = found.spans.length > 0 ? 0.5 + 0.5 * proximity(s.text, found.spans, slots, weights) : 0.5;
    else if (typed || reading.type === "reason" || reading.type === "definition") {
      // The span one sentence after the words: "Le contrat … :" then "… 10 mois."
      const next = sentences[i + 1];
      const nextFound = next ? spansIn(ctx, reading, next, () => slotOffsets(next.text, slots)) : undefined;
      if (nextFound && next) {
        quality = 0.4;
        pair = i + 1;
        use = nextFound;
      }
    }
    if (reading.modal) quality += statesRule(s.text) ? ENGINE.ruleBonus : -ENGINE.ruleBonus / 2;
    if (reading.type === "procedure" && describesSteps(s.text)) quality += ENGINE.ruleBonus;
    if ((reading.type === "reason" || reading.type === "definition") && found?.spans.length === 0)
      quality += ENGINE.ruleBonus;
    // A condition of the question ("8 ans d'expérience") given a figure in the sentence ("jusqu'à 5 ans d'expérience").
    if (reading.conditions.length > 0 && conditionFigured(s.text, reading.conditions))
      quality += ENGINE.promotionBonus;
    // A figure stated for one défi is not the programme's, when the question names no défi.
    if (COUNTS.has(reading.type) && reading.defis.length === 0 && namesADefi(ctx.kb, s.text))
      quality -= ENGINE.promotionBonus;
    // A sentence that names the promotion asked states its fact for that promotion.
    if (reading.promotion !== undefined && promotionsIn(s.text).includes(reading.promotion))
      quality += ENGINE.promotionBonus;
    const score = sc + ENGINE.typeBonus * quality;
    if (!best || score > best.score)
      best = {
        i,
        ...(use ? { found: use } : {}),
        ...(pair !== undefined ? { pair } : {}),
        score,
        sc,
        quality: Math.min(1.5, quality),
      };
  }
  if (!best) return undefined;
  // The answering sentence, with its heading and neighbours, must hold a part of the question of
  // its own: a rule or a figure elsewhere in a well-covered window is not about it.
  // A count next to the very word counted is evidence of its own (as for the window's coverage).
  if (best.sc < ENGINE.minSentenceCoverage && !(countedHere && best.found)) return undefined;
  // An FAQ entry asked in its own words answers with its body, span or not.
  const faqAsked = window.section.faq && headingShare(slots, weights, window) >= ENGINE.faqQuestionMatch;
  if (typed && !best.found && !faqAsked) return undefined;
  if (cov.share < minShare && !(countedHere && best.found && best.pair === undefined)) return undefined;

  const first = sentences[best.i] as SentenceRef;
  let quoted: SentenceRef[];
  const list = reading.type === "list" ? listOf(ctx, window) : [];
  if (list.length >= 2) {
    // "Quels sont les critères ?": the section's list, or the headings of its sub-sections.
    const intro = window.section.passages.find((p) => p.type !== "list-item" && p.type !== "table-row");
    quoted = bounded([
      ...(intro ? [{ passage: intro, text: ctx.sentences(intro)[0] ?? intro.text }] : []),
      ...list,
    ]);
  } else if (window.section.faq && (!typed || (faqAsked && !best.found))) {
    // An FAQ entry is answered with its body: its first sentences, whole when short.
    quoted = bounded(sentences.slice(0, ENGINE.maxSentences).flatMap((s) => [s, ...listAfter(window, s)]));
  } else {
    const chosen = [first, ...(best.pair !== undefined ? [sentences[best.pair] as SentenceRef] : [])];
    quoted = bounded(chosen.flatMap((s) => [s, ...listAfter(window, s)]));
  }
  const answering = best.pair !== undefined ? (sentences[best.pair] as SentenceRef) : first;
  const promotion = ctx.promotionOf(answering.text, answering.passage);
  const pol = reading.yesNo && best.sc >= ENGINE.yesNoCoverage ? polarity(answering.text) : undefined;
  // An FAQ answer opening on "Oui"/"Non" answers its heading's question.
  const faqPolarity = reading.yesNo && window.section.faq ? polarity(sentences[0]?.text ?? "") : undefined;
  return {
    window,
    sentences: quoted,
    spans: best.found?.spans ?? [],
    ...(best.found?.mention ? { mention: best.found.mention } : {}),
    ...(best.found?.from ? { from: best.found.from } : {}),
    ...((faqPolarity ?? pol) ? { polarity: faqPolarity ?? pol } : {}),
    windowCoverage: cov.share,
    sentenceCoverage: best.sc,
    // A typed answer rests on its sentence (the span and the words next to it) more than on the
    // window around it; an untyped one on how much of the question the window holds.
    score:
      (typed
        ? cov.share * 0.25 + Math.min(1, best.sc) * 0.45 + best.quality * 0.3
        : cov.share * 0.45 + Math.min(1, best.sc) * 0.3 + best.quality * 0.25) -
      window.rank * 0.002,
    ...(promotion !== undefined ? { promotion } : {}),
    missing: slots.filter((_s, k) => (cov.credits[k] ?? 0) === 0),
  };
}

/**
 * Candidates for a reading, best first. With a promotion asked, a candidate about another
 * promotion is left out (never answer silently from another promotion).
 */
export function candidates(ctx: Context, reading: Reading, extraSlots: readonly Slot[] = []): Candidate[] {
  const slots = [...reading.slots, ...extraSlots];
  if (slots.length === 0) return [];
  const weights = slotWeights(ctx.kb, slots);
  const hits = search(ctx.kb, slots, weights, ENGINE.searchLimit, reading.promotions);
  // Sentences are read only in the windows that cover the question best: coverage is cheap,
  // reading sentences is not.
  const windows = windowsFor(ctx.kb, hits, ENGINE.windows)
    .map((w) => ({ w, share: coverage(slots, weights, w).share }))
    .filter((x) => x.share >= ENGINE.minCoverageCounted)
    .sort((a, b) => b.share - a.share || a.w.rank - b.w.rank)
    .slice(0, ENGINE.judged)
    .map((x) => x.w)
    .sort((a, b) => a.rank - b.rank);
  const out: Candidate[] = [];
  for (const w of windows) {
    const c = judgeWindow(ctx, reading, slots, weights, w);
    if (!c) continue;
    if (reading.promotions.length > 0) {
      if (c.promotion !== undefined && !reading.promotions.includes(c.promotion)) continue;
      if (c.promotion !== undefined) c.score *= ENGINE.samePromotion;
    }
    out.push(c);
  }
  return out.sort((a, b) => b.score - a.score);
}

/** The evidence (quotes) of a candidate. */
export function evidenceOf(c: Candidate): Evidence[] {
  return c.sentences.map((s) => ({ passage: s.passage, text: s.text }));
}

/** The best window for a reading even when it does not answer: what the documents come closest with. */
export function closest(ctx: Context, reading: Reading): Window | undefined {
  const weights = slotWeights(ctx.kb, reading.slots);
  const hits = search(ctx.kb, reading.slots, weights, 10, reading.promotions);
  const windows = windowsFor(ctx.kb, hits, 5);
  let best: { w: Window; share: number } | undefined;
  for (const w of windows) {
    const share = coverage(reading.slots, weights, w).share;
    if (!best || share > best.share) best = { w, share };
  }
  // Named only when it shares much with the question: a far section is noise, not help.
  return best && best.share >= 0.45 ? best.w : undefined;
}
