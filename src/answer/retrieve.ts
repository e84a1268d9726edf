/**
 * Retrieval: passages found by MiniSearch become **windows** — a section (a heading with its
 * body) read whole when short, or the passages around the match in a long one — and each window
 * is judged by how much of the question it covers: the share of the question's words (weighed by
 * how rare they are in the knowledge, IDF) found in the window's heading and body, a word counting
 * when it or a word of its lexicon group is there.
 *
 * Sections are the unit because a heading and its body belong together: an FAQ entry's question is
 * its heading, "Article 4 – Conditions d'éligibilité" says what the rules under it are about.
 */
import type { KnowledgeBase, Passage } from "../knowledge/types.js";
import { analyze } from "../search/analyzer.js";
import { fuzziness, prefixable } from "../search/index.js";
import { topK } from "../search/top-k.js";
import { ENGINE } from "./defaults.js";
import { memoized } from "./memo.js";
import type { Slot } from "./reading.js";

export interface Section {
  id: number;
  docId: string;
  headings: string[];
  /** The heading passage that opens it; absent for a document's text before its first heading. */
  heading?: Passage;
  /** Its own passages (no title, no heading), in order. */
  passages: Passage[];
  /** Its heading is a question, in a document made of such headings (an FAQ). */
  faq: boolean;
}

interface Structure {
  sections: Section[];
  byPassage: Map<number, Section>;
  /** Position of each passage in its section's `passages`. */
  position: Map<number, number>;
  /** Term → number of passages whose text holds it. */
  df: Map<string, number>;
}

const structures = new WeakMap<KnowledgeBase, Structure>();

/** A heading that asks: "Puis-je candidater ?", "Who can apply?". */
function isQuestion(text: string): boolean {
  return /\?\s*$/.test(text.trim());
}

/**
 * Sections of the knowledge, built once per knowledge base. A document is an FAQ when it says so
 * (`kind: faq`) or when most of its headings are questions.
 */
export function structureOf(kb: KnowledgeBase): Structure {
  let s = structures.get(kb);
  if (s) return s;
  const sections: Section[] = [];
  const byPassage = new Map<number, Section>();
  const position = new Map<number, number>();
  const byDoc = new Map<string, Passage[]>();
  for (const p of kb.passages) {
    const list = byDoc.get(p.docId);
    if (list) list.push(p);
    else byDoc.set(p.docId, [p]);
  }
  for (const [docId, passages] of byDoc) {
    const doc = kb.byId.get(docId);
    const headings = passages.filter((p) => p.type === "heading");
    const faqDoc =
      /^faq$/i.test(doc?.kind ?? "") ||
      (headings.length >= 3 && headings.filter((h) => isQuestion(h.text)).length / headings.length >= 0.6);
    let current: Section | undefined;
    for (const p of passages) {
      if (p.type === "title") continue;
      const key = p.headings.join("\u0000");
      if (p.type === "heading" || !current || current.headings.join("\u0000") !== key) {
        current = {
          id: sections.length,
          docId,
          headings: p.headings,
          ...(p.type === "heading" ? { heading: p } : {}),
          passages: [],
          faq: faqDoc && p.type === "heading" && isQuestion(p.text),
        };
        sections.push(current);
      }
      byPassage.set(p.id, current);
      if (p.type !== "heading") {
        position.set(p.id, current.passages.length);
        current.passages.push(p);
      }
    }
  }
  s = { sections, byPassage, position, df: new Map() };
  structures.set(kb, s);
  return s;
}

/** Analyzed terms of a text, as a set; memoised (the same passages are judged question after question). */
export const termSet = memoized((text: string): ReadonlySet<string> => new Set(analyze(text)), 20_000);

/** How many passages hold `term` in their text (exact term), memoised per knowledge base. */
function documentFrequency(kb: KnowledgeBase, term: string): number {
  const s = structureOf(kb);
  let n = s.df.get(term);
  if (n === undefined) {
    const count = (prefix: boolean) =>
      kb.index.search(term, {
        fields: ["text", "headings"],
        prefix,
        fuzzy: false,
        tokenize: (t) => [t],
        processTerm: (t) => t,
      }).length;
    // A form the knowledge does not hold exactly ("retenez", "emplois") counts as its other forms
    // ("retenus", "emploi"): the words that share its first letters.
    n = count(false);
    if (n === 0 && prefixable(term) && term.length >= 5) {
      n = kb.index.search(term.length >= 7 ? term.slice(0, -2) : term, {
        fields: ["text", "headings"],
        prefix: true,
        fuzzy: false,
        tokenize: (t) => [t],
        processTerm: (t) => t,
      }).length;
    }
    if (s.df.size > 50_000) s.df.clear();
    s.df.set(term, n);
  }
  return n;
}

/**
 * How much a word says about what a passage is about: the square root of its IDF. Plain IDF lets
 * one rare word decide alone ("reçues", seen once, would outweigh "candidatures"); the root keeps
 * rare words first while every word of the question still counts.
 */
function idf(kb: KnowledgeBase, df: number): number {
  return Math.sqrt(Math.log(1 + kb.passages.length / (df + 0.5)));
}

/** True when the knowledge holds no word of the slot at all (neither the word nor its group). */
export function absent(kb: KnowledgeBase, slot: Slot): boolean {
  return (
    slot.terms.every((t) => documentFrequency(kb, t) === 0) &&
    slot.alternatives.every((m) => m.some((t) => documentFrequency(kb, t) === 0))
  );
}

/** The weight of each slot: its rarity in the knowledge, times its role's weight. */
export function slotWeights(kb: KnowledgeBase, slots: readonly Slot[]): number[] {
  const rarest = idf(kb, 1);
  const subjects = slots.filter((s) => s.role === "subject").length;
  return slots.map((slot) => {
    const own = slot.terms.map((t) => documentFrequency(kb, t));
    const alternatives = slot.alternatives.map((m) => Math.min(...m.map((t) => documentFrequency(kb, t))));
    const known = [...own, ...alternatives].filter((d) => d > 0);
    // Seen: as rare as its most frequent form. Never seen: a word of the lexicon is a real topic the
    // documents lack ("congés"); any other word may be chat or a word of the asker's own story.
    const base =
      known.length > 0
        ? idf(kb, Math.max(...known))
        : rarest * (slot.groups.length > 0 ? 1 : ENGINE.unknownShare);
    // What is said around a short question ("Nous sommes une DREAL : peut-on recevoir le
    // cofinancement ?") says as much as the question itself.
    const context = subjects <= 2 ? 1 : ENGINE.contextWeight;
    const role = slot.role === "form" ? ENGINE.formWeight : slot.role === "context" ? context : 1;
    return base * role * (slot.name ? ENGINE.nameWeight : slot.focus ? ENGINE.focusWeight : 1);
  });
}

/** True when `set` holds `term`, or a word of the same stem within a prefix. */
function near(set: ReadonlySet<string>, term: string): boolean {
  if (!prefixable(term) || term.length < 5) return false;
  const fuzzy = fuzziness(term);
  for (const other of set) {
    if (other.length < 5) continue;
    if (other.startsWith(term) || term.startsWith(other)) return true;
    if (fuzzy !== false && Math.abs(other.length - term.length) <= 1 && oneEdit(other, term)) return true;
  }
  return false;
}

function oneEdit(a: string, b: string): boolean {
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (l.length - s.length > 1) return false;
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === l.charCodeAt(i)) i++;
  return s.length === l.length ? s.slice(i + 1) === l.slice(i + 1) : s.slice(i) === l.slice(i + 1);
}

/** Credits already worked out, per slot and per set of terms (both live for one question or one knowledge base). */
const credits = new WeakMap<Slot, WeakMap<ReadonlySet<string>, number>>();

/** 0–1: how well a set of terms holds a slot (the word itself, a word of its group, a near spelling). */
export function slotCredit(slot: Slot, set: ReadonlySet<string>): number {
  let known = credits.get(slot);
  if (!known) {
    known = new WeakMap();
    credits.set(slot, known);
  }
  let credit = known.get(set);
  if (credit === undefined) {
    credit = creditOf(slot, set);
    known.set(set, credit);
  }
  return credit;
}

function creditOf(slot: Slot, set: ReadonlySet<string>): number {
  if (slot.terms.every((t) => set.has(t))) return 1;
  if (slot.alternatives.some((m) => m.every((t) => set.has(t)))) return ENGINE.alternativeCredit;
  if (slot.terms.every((t) => set.has(t) || near(set, t))) return ENGINE.nearCredit;
  return 0;
}

export interface Window {
  key: string;
  section: Section;
  passages: Passage[];
  /** Rank of the best passage that brought it (0 = the best search result). */
  rank: number;
  /** Terms of the window's heading path and its passages. */
  terms: ReadonlySet<string>;
  headingTerms: ReadonlySet<string>;
  titleTerms: ReadonlySet<string>;
}

function unionOf(sets: ReadonlySet<string>[]): Set<string> {
  const out = new Set<string>();
  for (const s of sets) for (const t of s) out.add(t);
  return out;
}

/** The MiniSearch query for a reading's slots: each word, and its group's words weighed down. */
export function search(
  kb: KnowledgeBase,
  slots: readonly Slot[],
  weights: readonly number[],
  limit: number,
  promotions: readonly number[] = [],
) {
  const weightOf = new Map<string, number>();
  slots.forEach((slot, i) => {
    const w = weights[i] ?? 1;
    for (const t of slot.terms) weightOf.set(t, Math.max(weightOf.get(t) ?? 0, w));
    for (const m of slot.alternatives)
      for (const t of m) weightOf.set(t, Math.max(weightOf.get(t) ?? 0, w * ENGINE.alternativeCredit));
  });
  const own = new Set(slots.flatMap((s) => s.terms));
  const query = [...weightOf.keys()].join(" ");
  if (!query) return [];
  // The best `limit` of MiniSearch's own ranking, without its per-match bookkeeping (top-k.ts).
  const results = topK(
    kb.index,
    {
      terms: [...weightOf.keys()],
      fields: ["text", "headings", "title"],
      boost: { text: 1, headings: 1.6, title: 0.8 },
      // Typos for the words typed that the knowledge does not hold as such ("candidatter");
      // prefixes for the words typed. Not for the synonyms added to them.
      fuzzy: (t) => {
        if (!own.has(t) || documentFrequency(kb, t) !== 0) return false;
        const f = fuzziness(t);
        return typeof f === "number" ? f : false;
      },
      prefix: (t) => own.has(t) && prefixable(t),
      weights: { fuzzy: 0.35, prefix: 0.5 },
      boostTerm: (t) => weightOf.get(t) ?? 1,
      // With a promotion asked, passages about another one are not candidates.
      ...(promotions.length > 0
        ? {
            filter: (id: unknown) => {
              const p = kb.passages[Number(id)]?.promotion;
              return p === undefined || promotions.includes(p);
            },
          }
        : {}),
    },
    limit,
  );
  return results.map((r) => ({ passage: kb.passages[Number(r.id)] as Passage, score: r.score }));
}

/** Term sets of windows, built once per knowledge base: a window is the same for every question. */
const windowTerms = new WeakMap<KnowledgeBase, Map<string, ReadonlySet<string>>>();

/** Windows around the best search results, best first, without repeats. */
export function windowsFor(kb: KnowledgeBase, hits: { passage: Passage }[], max: number): Window[] {
  const s = structureOf(kb);
  let cache = windowTerms.get(kb);
  if (!cache) {
    cache = new Map();
    windowTerms.set(kb, cache);
  }
  const out: Window[] = [];
  const seen = new Set<string>();
  hits.forEach((hit, rank) => {
    if (out.length >= max) return;
    const section = s.byPassage.get(hit.passage.id);
    if (!section) return;
    let passages = section.passages;
    let key = `${section.id}`;
    if (section.passages.length > ENGINE.wholeSection) {
      const at = s.position.get(hit.passage.id) ?? 0;
      const from = Math.max(0, at - ENGINE.windowRadius);
      passages = section.passages.slice(from, at + ENGINE.windowRadius + 1);
      key = `${section.id}:${from}`;
    }
    if (seen.has(key)) return;
    seen.add(key);
    const doc = kb.byId.get(section.docId);
    // An FAQ entry's other wordings count as its heading: they ask the same question.
    const headingTerms = termSet([...section.headings, ...(section.heading?.wordings ?? [])].join(" "));
    let terms = cache.get(key);
    if (!terms) {
      terms = unionOf([headingTerms, ...passages.map((p) => termSet(p.text))]);
      if (cache.size > 20_000) cache.clear();
      cache.set(key, terms);
    }
    out.push({
      key,
      section,
      passages,
      rank,
      terms,
      headingTerms,
      titleTerms: termSet(doc?.title ?? ""),
    });
  });
  return out;
}

/** Coverage of a window: the weighted share of slots it holds, and how many it holds. */
export function coverage(
  slots: readonly Slot[],
  weights: readonly number[],
  window: Window,
): { share: number; covered: number; credits: number[] } {
  let total = 0;
  let got = 0;
  let covered = 0;
  const counted: number[] = [];
  const credits = slots.map((slot, i) => {
    const w = weights[i] ?? 0;
    // A page whose title is the name asked about is about it all through.
    const title = slotCredit(slot, window.titleTerms) * (slot.name ? 1 : ENGINE.titleCredit);
    const credit = Math.max(slotCredit(slot, window.terms), title);
    // Words said around the question count when found, and never against a window.
    if (slot.role === "context" && credit === 0) return 0;
    total += w;
    counted.push(w);
    got += w * credit;
    if (credit > 0) covered++;
    return credit;
  });
  // A long question carries words of its own story; the share is of its most telling words
  // (the `coverageWords` heaviest), not of all of them.
  const heaviest = counted
    .sort((a, b) => b - a)
    .slice(0, ENGINE.coverageWords)
    .reduce((a, b) => a + b, 0);
  const base = Math.min(total, heaviest);
  return { share: base > 0 ? Math.min(1, got / base) : 0, covered, credits };
}
