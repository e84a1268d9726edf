/**
 * The best `k` results of a MiniSearch OR query, scored exactly as `MiniSearch#search` scores them
 * (BM25+ per field, field boosts, term boosts, prefix and fuzzy weights, times the number of query
 * terms matched), without building what `search` builds for every match.
 *
 * Why by hand: MiniSearch materialises, for every document that matches any query term, a result
 * object with its matched terms and a per-term list of fields, merges those objects term by term in
 * Maps, then sorts all of them. A question widened by its lexicon matches a fifth to a half of a
 * large knowledge base (the programme's words, "EIG", "défi", "administration", are everywhere),
 * and only the best few dozen are read: at 50,000 passages that bookkeeping was about 80 % of an
 * answer's time. No MiniSearch option keeps only the top results (there is no `limit`), and no other
 * library reads its index. This module walks the same posting lists (MiniSearch's index, read
 * through the structure its toJSON serialises: the term map, field ids, field lengths and
 * average lengths; a discarded document's postings are cleaned up with MiniSearch's own
 * removeTerm, as its search does), accumulates scores in typed arrays and keeps the `k` best. Ties keep
 * MiniSearch's order (the order in which documents were first matched), so the results are the
 * same list as `search(...).slice(0, k)`; tests/search/top-k.test.ts checks that on random queries
 * against MiniSearch itself, so an upgrade that changes its scoring is caught.
 */
import type MiniSearch from "minisearch";

export interface TopKQuery {
  /** Query terms, already processed (as the index stores them), without repeats. */
  terms: readonly string[];
  /** Fields searched and their boosts, in this order. */
  fields: readonly string[];
  boost: Readonly<Record<string, number>>;
  prefix: (term: string) => boolean;
  /** Maximum edit distance for a term (an integer), or false. */
  fuzzy: (term: string) => number | false;
  weights: { fuzzy: number; prefix: number };
  boostTerm: (term: string) => number;
  /** Keep a document (by its id as stored) or not. */
  filter?: (id: unknown) => boolean;
}

export interface TopKResult {
  id: unknown;
  score: number;
}

type Postings = Map<number, Map<number, number>>;

/** The parts of a MiniSearch instance this module reads (all of them serialised by its toJSON). */
interface Internals {
  _index: {
    get(term: string): Postings | undefined;
    atPrefix(prefix: string): Iterable<[string, Postings]>;
    fuzzyGet(term: string, distance: number): Map<string, [Postings, number]>;
  };
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _nextId: number;
  _dirtCount: number;
  removeTerm(fieldId: number, docId: number, term: string): void;
  _options: { searchOptions: { bm25?: { k: number; b: number; d: number } } };
}

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** Scratch arrays, grown as needed and reused query after query (one search runs at a time). */
let total = new Float64Array(0);
let partial = new Float64Array(0);
let matched = new Int32Array(0);
let stamp = new Int32Array(0);
let order = new Int32Array(0);
let generation = 0;

function ensure(size: number) {
  if (total.length >= size) return;
  const n = Math.max(size, total.length * 2, 1024);
  total = new Float64Array(n);
  partial = new Float64Array(n);
  matched = new Int32Array(n);
  stamp = new Int32Array(n);
  order = new Int32Array(n);
  generation = 0;
}

/**
 * Per field, each document's BM25 length norm `k * (1 - b + b * length / average)` (NaN for a
 * discarded document), computed as MiniSearch computes it, once per state of the index: the index
 * changes in place when the knowledge is updated, so the state is its document count, next id and
 * dirt count.
 */
interface Norms {
  version: string;
  byField: Float64Array[];
}
const norms = new WeakMap<object, Norms>();

function normsOf(ms: Internals, bm25: { k: number; b: number }): Norms {
  const version = `${ms._documentCount}:${ms._nextId}:${ms._dirtCount}`;
  const known = norms.get(ms);
  if (known && known.version === version) return known;
  const size = ms._nextId + 1;
  const byField = Object.values(ms._fieldIds).map((fieldId) => {
    const out = new Float64Array(size).fill(Number.NaN);
    const avg = ms._avgFieldLength[fieldId] ?? 0;
    for (const docId of ms._documentIds.keys()) {
      const length = ms._fieldLength.get(docId)?.[fieldId] ?? 0;
      out[docId] = bm25.k * (1 - bm25.b + (bm25.b * length) / avg);
    }
    return out;
  });
  const fresh = { version, byField };
  norms.set(ms, fresh);
  return fresh;
}

export function topK<T>(index: MiniSearch<T>, query: TopKQuery, k: number): TopKResult[] {
  const ms = index as unknown as Internals;
  const bm25 = ms._options.searchOptions.bm25 ?? BM25;
  const n = ms._documentCount;
  const { byField } = normsOf(ms, bm25);
  ensure(ms._nextId + 1);
  // Documents touched by this query are those whose stamp is this generation; the others' slots
  // are stale and read as zero.
  generation++;
  if (generation === 0x7fffffff) {
    stamp.fill(0);
    generation = 1;
  }
  const gen = generation;
  let touched = 0;
  // Per query term: the documents it touched (to add its partial sums to the totals in MiniSearch's
  // order of additions, and to count each term once per document).
  const termDocs: number[] = [];

  const addPostings = (term: string, data: Postings | undefined, weight: number, termBoost: number) => {
    if (!data) return;
    for (const field of query.fields) {
      const fieldId = ms._fieldIds[field];
      if (fieldId === undefined) continue;
      const freqs = data.get(fieldId);
      if (!freqs) continue;
      const fieldBoost = query.boost[field] || 1;
      const norm = byField[fieldId] as Float64Array;
      let matching = freqs.size;
      let idf = Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
      for (const [docId, tf] of freqs) {
        const docNorm = norm[docId] as number;
        if (!(docNorm >= 0)) {
          // A discarded document not yet vacuumed: MiniSearch skips it, stops counting it, and
          // cleans up its posting as it goes; so does this, through MiniSearch's own method.
          ms.removeTerm(fieldId, docId, term);
          matching -= 1;
          idf = Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
          continue;
        }
        const raw = idf * (bm25.d + (tf * (bm25.k + 1)) / (tf + docNorm));
        const score = weight * termBoost * fieldBoost * raw;
        if (stamp[docId] !== gen) {
          stamp[docId] = gen;
          total[docId] = 0;
          matched[docId] = 0;
          partial[docId] = Number.NaN;
          order[touched++] = docId;
        }
        if (Number.isNaN(partial[docId] as number)) {
          partial[docId] = score;
          termDocs.push(docId);
        } else partial[docId] = (partial[docId] as number) + score;
      }
    }
  };

  for (const term of query.terms) {
    termDocs.length = 0;
    const termBoost = query.boostTerm(term);
    addPostings(term, ms._index.get(term), 1, termBoost);
    const fuzzy = query.fuzzy(term);
    const fuzzyMatches = fuzzy !== false && fuzzy > 0 ? ms._index.fuzzyGet(term, fuzzy) : undefined;
    if (query.prefix(term)) {
      for (const [derived, data] of ms._index.atPrefix(term)) {
        const distance = derived.length - term.length;
        if (!distance) continue;
        fuzzyMatches?.delete(derived);
        addPostings(
          derived,
          data,
          (query.weights.prefix * derived.length) / (derived.length + 0.3 * distance),
          termBoost,
        );
      }
    }
    if (fuzzyMatches) {
      for (const [derived, [data, distance]] of fuzzyMatches) {
        if (!distance) continue;
        addPostings(
          derived,
          data,
          (query.weights.fuzzy * derived.length) / (derived.length + distance),
          termBoost,
        );
      }
    }
    for (const docId of termDocs) {
      total[docId] = (total[docId] as number) + (partial[docId] as number);
      partial[docId] = Number.NaN;
      matched[docId] = (matched[docId] as number) + 1;
    }
  }

  // The k best, by score then by first match (MiniSearch's stable sort over its Map's order).
  const best: { id: unknown; score: number; at: number }[] = [];
  for (let i = 0; i < touched; i++) {
    const docId = order[i] as number;
    const score = (total[docId] as number) * ((matched[docId] as number) || 1);
    if (best.length === k && score <= (best[k - 1] as { score: number }).score) continue;
    const id = ms._documentIds.get(docId);
    if (query.filter && !query.filter(id)) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1] as { score: number }).score < score) at--;
    best.splice(at, 0, { id, score, at: i });
    if (best.length > k) best.pop();
  }
  return best.map(({ id, score }) => ({ id, score }));
}
