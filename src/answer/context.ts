/**
 * What answering one question needs: the knowledge base, the question as read, today, and cached
 * helpers over passages (sentences, dates, the promotion a sentence is about).
 */

import { findPromotions } from "../knowledge/promotion.js";
import type { KnowledgeBase, KnowledgeDocument, Passage } from "../knowledge/types.js";
import { type DateMention, explicitMonths, findDates } from "./dates.js";
import type { Reading } from "./reading.js";
import { splitSentences } from "./sentences.js";

/**
 * Per knowledge base caches: what is read from a passage (its sentences, their promotions, its
 * section's promotion) or a document (its passages, its dated months) never changes.
 */
interface KbCache {
  sentences: Map<number, string[]>;
  months: Map<string, { year: number; month: number }[]>;
  /** Promotion of each sentence of a passage (`promotionOf`), by passage id then sentence. */
  promotions: Map<number, Map<string, number | undefined>>;
  /** Promotion of each passage's section (`contextPromotion`). */
  sectionPromotions: Map<number, number | undefined>;
  /** Date mentions of each sentence of a passage (`dates`), by passage id then sentence. */
  dates: Map<number, Map<string, DateMention[]>>;
  /** Passages of each document, in order. */
  byDoc?: Map<string, Passage[]>;
}
const caches = new WeakMap<KnowledgeBase, KbCache>();

function cacheOf(kb: KnowledgeBase): KbCache {
  let cache = caches.get(kb);
  if (!cache) {
    cache = {
      sentences: new Map(),
      months: new Map(),
      promotions: new Map(),
      sectionPromotions: new Map(),
      dates: new Map(),
    };
    caches.set(kb, cache);
  }
  return cache;
}

/** The passages of a document, in the knowledge base's order (indexed once per knowledge base). */
export function passagesOf(kb: KnowledgeBase, docId: string): readonly Passage[] {
  const cache = cacheOf(kb);
  if (!cache.byDoc) {
    cache.byDoc = new Map();
    for (const p of kb.passages) {
      const list = cache.byDoc.get(p.docId);
      if (list) list.push(p);
      else cache.byDoc.set(p.docId, [p]);
    }
  }
  return cache.byDoc.get(docId) ?? [];
}

export class Context {
  readonly today: Date;

  constructor(
    readonly kb: KnowledgeBase,
    readonly reading: Reading,
    today: Date,
  ) {
    this.today = today;
  }

  get language(): Reading["language"] {
    return this.reading.language;
  }

  get en(): boolean {
    return this.reading.language === "en";
  }

  doc(passage: Passage): KnowledgeDocument | undefined {
    return this.kb.byId.get(passage.docId);
  }

  sentences(passage: Passage): string[] {
    const cache = cacheOf(this.kb).sentences;
    let list = cache.get(passage.id);
    if (!list) {
      list =
        passage.type === "table-row" || passage.type === "title" || passage.type === "heading"
          ? [passage.text]
          : splitSentences(passage.text);
      cache.set(passage.id, list);
    }
    return list;
  }

  /** Date mentions of a sentence, years inferred from its document when missing. */
  dates(sentence: string, passage: Passage): readonly DateMention[] {
    const cache = cacheOf(this.kb).dates;
    let known = cache.get(passage.id);
    if (!known) {
      known = new Map();
      cache.set(passage.id, known);
    }
    let mentions = known.get(sentence);
    if (!mentions) {
      mentions = this.readDates(sentence, passage);
      known.set(sentence, mentions);
    }
    return mentions;
  }

  private readDates(sentence: string, passage: Passage): DateMention[] {
    const cache = cacheOf(this.kb).months;
    let months = cache.get(passage.docId);
    if (!months) {
      months = passagesOf(this.kb, passage.docId).flatMap((p) => explicitMonths(p.text));
      cache.set(passage.docId, months);
    }
    return findDates(sentence, { documentMonths: months, documentDate: this.doc(passage)?.date });
  }

  /**
   * The promotion a sentence is about: the one it names; else its section's or its document's —
   * not one named by another sentence of the same paragraph ("…initié dans la promotion 2").
   */
  promotionOf(sentence: string, passage: Passage): number | undefined {
    const cache = cacheOf(this.kb).promotions;
    let known = cache.get(passage.id);
    if (!known) {
      known = new Map();
      cache.set(passage.id, known);
    }
    if (known.has(sentence)) return known.get(sentence);
    const promotion = this.readPromotion(sentence, passage);
    known.set(sentence, promotion);
    return promotion;
  }

  private readPromotion(sentence: string, passage: Passage): number | undefined {
    const own = findPromotions(sentence);
    const around = this.contextPromotion(passage);
    if (own.length === 1) return own[0];
    if (own.length > 1) return around !== undefined && own.includes(around) ? around : undefined;
    return around ?? (this.sentences(passage).length === 1 ? passage.promotion : undefined);
  }

  /** The promotion of a passage's section (its headings), else of its document. */
  contextPromotion(passage: Passage): number | undefined {
    const cache = cacheOf(this.kb).sectionPromotions;
    if (cache.has(passage.id)) return cache.get(passage.id);
    const promotion = this.readContextPromotion(passage);
    cache.set(passage.id, promotion);
    return promotion;
  }

  private readContextPromotion(passage: Passage): number | undefined {
    for (const heading of [...passage.headings].reverse()) {
      const found = findPromotions(heading);
      if (found.length === 1) return found[0];
    }
    return this.doc(passage)?.promotion;
  }

  /** ISO date of a passage's document, "" when unknown (sorts last when descending). */
  dateOf(passage: Passage): string {
    return this.doc(passage)?.date ?? "";
  }
}

/** Groups items by promotion; `undefined` is kept as its own group. */
export function groupByPromotion<T extends { promotion?: number }>(items: T[]): Map<number | undefined, T[]> {
  const groups = new Map<number | undefined, T[]>();
  for (const item of items) {
    const list = groups.get(item.promotion) ?? [];
    list.push(item);
    groups.set(item.promotion, list);
  }
  return groups;
}

/**
 * The promotion to answer about: the one asked; else the latest one that has a fact, with the
 * others to mention. Returns undefined when the asked promotion has no fact.
 */
export function choosePromotion<T extends { promotion?: number }>(
  ctx: Context,
  items: T[],
): { promotion?: number; chosen: T[]; others: Map<number, T[]> } | undefined {
  const groups = groupByPromotion(items);
  const asked = ctx.reading.promotion;
  const numbered = [...groups.keys()].filter((p): p is number => p !== undefined).sort((a, b) => b - a);
  if (asked !== undefined) {
    const chosen = groups.get(asked) ?? [];
    if (chosen.length === 0) return undefined;
    return { promotion: asked, chosen, others: new Map() };
  }
  if (numbered.length === 0) return { chosen: groups.get(undefined) ?? [], others: new Map() };
  const latest = numbered[0] as number;
  const others = new Map<number, T[]>();
  for (const p of numbered.slice(1)) others.set(p, groups.get(p) ?? []);
  return { promotion: latest, chosen: groups.get(latest) ?? [], others };
}
