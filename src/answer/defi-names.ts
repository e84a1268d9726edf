/**
 * Défis named in a question, by exact or near spelling of their names as the knowledge gives
 * them (src/knowledge/facts.ts): "cibnav", "b@liseNAV", "Karfu'R", "signaux faibles".
 */
import { distance } from "fastest-levenshtein";
import type { DefiFact } from "../knowledge/facts.js";
import { nameKey } from "../knowledge/facts.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import { analyze, fold, STOPWORDS, words } from "../search/analyzer.js";
import { inGroup } from "../search/lexicon.js";

/** True when `a` and `b` differ by at most one insertion, deletion or substitution. */
function withinOneEdit(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return false;
  let i = 0;
  while (i < short.length && short.charCodeAt(i) === long.charCodeAt(i)) i++;
  return short.length === long.length
    ? short.slice(i + 1) === long.slice(i + 1)
    : short.slice(i) === long.slice(i + 1);
}

/** Défis whose name the question mentions, by exact or near spelling of the name's letters. */
export function findDefis(question: string, kb: KnowledgeBase): DefiFact[] {
  const tokens = words(question).map((w) => fold(w));
  const hasDefiWord = analyze(question).some((t) => inGroup(t, "challenge") || inGroup(t, "project"));
  const grams = new Set<string>();
  // A gram that begins or ends with a small word ("la santé" → "lasante") may name a défi only
  // exactly: near spellings of it are everyday phrases ("la santé" is not "Lab Santé").
  const exactOnly = new Set<string>();
  for (let n = 1; n <= 4; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const gram = tokens.slice(i, i + n).join("");
      grams.add(gram);
      const edges = [tokens[i], tokens[i + n - 1]].map((t) => (t ?? "").toLowerCase());
      if (n > 1 && edges.some((t) => STOPWORDS.has(t))) exactOnly.add(gram);
    }
  }
  // "b@liseNAV", "Karfu'R": split by the tokenizer, but whole in the raw question.
  for (const raw of question.split(/\s+/)) grams.add(nameKey(raw));
  // Grams by length: a name is compared only with grams it could be within `allowed` edits of
  // (an edit distance is at least the difference in length).
  const byLength = new Map<number, string[]>();
  for (const gram of grams) {
    if (gram.length < 3) continue;
    const list = byLength.get(gram.length);
    if (list) list.push(gram);
    else byLength.set(gram.length, [gram]);
  }
  const matched = new Map<string, number>();
  for (const fact of kb.facts.defis) {
    if (!fact.short || matched.has(fact.key)) continue;
    const key = fact.key;
    const allowed = key.length >= 9 ? 2 : key.length >= 5 ? 1 : 0;
    let best = Number.POSITIVE_INFINITY;
    for (let length = key.length - allowed; length <= key.length + allowed; length++) {
      for (const gram of byLength.get(length) ?? []) {
        if (gram !== key && exactOnly.has(gram)) continue;
        // The full edit distance only when one edit is not enough and two are allowed.
        const d =
          gram === key
            ? 0
            : allowed === 0
              ? 1
              : withinOneEdit(gram, key)
                ? 1
                : allowed === 1
                  ? 2
                  : distance(gram, key);
        if (d <= allowed && d < best) best = d;
      }
    }
    // A name that is also a common word ("Label", "Recrues") needs the word "défi" next to it.
    if (best < Number.POSITIVE_INFINITY && (hasDefiWord || !isCommonWord(fact.name, kb)))
      matched.set(key, best);
  }
  const keys = [...matched].sort((a, b) => a[1] - b[1]).map(([k]) => k);
  return keys.flatMap((k) => kb.facts.defis.filter((d) => d.key === k));
}

const commonCache = new WeakMap<KnowledgeBase, Map<string, boolean>>();

/** True when a one-word name is an ordinary word of the knowledge (found in many passages). */
function isCommonWord(name: string, kb: KnowledgeBase): boolean {
  const terms = analyze(name);
  if (terms.length !== 1) return false;
  let cache = commonCache.get(kb);
  if (!cache) {
    cache = new Map();
    commonCache.set(kb, cache);
  }
  const term = terms[0] as string;
  let common = cache.get(term);
  if (common === undefined) {
    const hits = kb.index.search(term, { fields: ["text"], prefix: false, fuzzy: false }).length;
    common = hits > Math.max(8, kb.passages.length * 0.01);
    cache.set(term, common);
  }
  return common;
}
