/**
 * Which year each promotion started, read from the knowledge ("En 2019, une troisième promotion
 * … intègrera l'administration", "la promotion 4, qui commencera en septembre 2020"), to place
 * défi pages that carry a year but no promotion (a Jekyll `_defis/2019-01-01-cibnav.md`).
 *
 * Only a start is counted (not "a pris fin le …"), and only when every promotion read this way
 * lies the same number of years from its start (one promotion a year, as the rules say): then a
 * défi page of year Y belongs to promotion Y − offset. Otherwise nothing is inferred.
 */
import { fold } from "../search/analyzer.js";
import { findPromotions } from "./promotion.js";
import type { KnowledgeDocument, Passage } from "./types.js";

const START =
  /(commenc|demarr|debut|integr|rejoin|particip|entre(?:nt|ra|ront)? dans|lanc|s'attaquer|relever|prendr\w* (?:leurs|ses) fonctions)/;
const MONTHS = "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre";
/** A start verb, then within a few words a year ("commencera en septembre 2020", "depuis janvier 2019"). */
const START_THEN_YEAR = new RegExp(
  `${START.source}[^.;]{0,40}?\\b(?:en|depuis|des|a partir de|courant|debut)\\s+(?:(?:${MONTHS})\\s+)?(20\\d\\d)\\b`,
);
/** "En 2019, une troisième promotion …" */
const YEAR_THEN_PROMOTION = /^\s*en (20\d\d),?\s+(?:une|la)\b/;

/** Start year by promotion, from the sentences that say so. */
export function promotionStartYears(passages: Passage[]): Map<number, number> {
  const votes = new Map<number, Map<number, number>>();
  for (const passage of passages) {
    for (const sentence of passage.text.split(/(?<=[.!?])\s+|\n/)) {
      const promotions = findPromotions(sentence);
      if (promotions.length !== 1) continue;
      const text = fold(sentence.toLowerCase()).replace(/[’‘ʼ]/g, "'");
      const year =
        START_THEN_YEAR.exec(text)?.[2] ??
        (START.test(text) ? YEAR_THEN_PROMOTION.exec(text)?.[1] : undefined);
      if (!year) continue;
      const p = promotions[0] as number;
      const byYear = votes.get(p) ?? new Map<number, number>();
      byYear.set(Number(year), (byYear.get(Number(year)) ?? 0) + 1);
      votes.set(p, byYear);
    }
  }
  const years = new Map<number, number>();
  for (const [p, byYear] of votes) {
    const best = [...byYear].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    if (best) years.set(p, best[0]);
  }
  return years;
}

/** The offset year − promotion when all known starts agree on it; undefined otherwise. */
export function yearOffset(starts: Map<number, number>): number | undefined {
  const offsets = new Set([...starts].map(([p, y]) => y - p));
  return offsets.size === 1 ? [...offsets][0] : undefined;
}

/** A page about one défi: `kind: defi` (or `layout: defi`), or a file in a `defis/` or `_defis/` folder. */
export function isDefiPage(doc: KnowledgeDocument): boolean {
  const kind = fold((doc.kind ?? "").toLowerCase());
  return kind === "defi" || kind === "challenge" || /(^|\/)_?defis?\//.test(fold(doc.id.toLowerCase()));
}

/**
 * Gives défi pages without a promotion the one their year implies, marking them
 * `promotionInferred`, and their passages that had none. Returns how many documents changed.
 */
export function inferDefiPromotions(documents: KnowledgeDocument[], passages: Passage[]): number {
  const offset = yearOffset(promotionStartYears(passages));
  if (offset === undefined) return 0;
  const changed = new Set<string>();
  for (const doc of documents) {
    if (doc.promotion !== undefined || !doc.date || !isDefiPage(doc)) continue;
    const promotion = Number(doc.date.slice(0, 4)) - offset;
    if (promotion < 1 || promotion > 20) continue;
    doc.promotion = promotion;
    doc.promotionInferred = true;
    changed.add(doc.id);
  }
  for (const p of passages) {
    if (p.promotion === undefined && changed.has(p.docId))
      p.promotion = documents.find((d) => d.id === p.docId)?.promotion;
  }
  return changed.size;
}
