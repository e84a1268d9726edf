/**
 * topK() is MiniSearch's own ranking, cut to the best k: same ids, same order, same scores as
 * `index.search(...).slice(0, k)`, on random queries over the website's knowledge (prefix, fuzzy,
 * term boosts, a filter), and after documents were discarded and added in place (as a knowledge
 * update does). A MiniSearch upgrade that changes its scoring fails here.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { KnowledgeBase, Passage } from "../../src/knowledge/types.js";
import { buildIndex } from "../../src/search/index.js";
import { type TopKQuery, topK } from "../../src/search/top-k.js";
import { siteKnowledge } from "../helpers/knowledge.js";

let kb: KnowledgeBase;
let vocabulary: string[];

beforeAll(async () => {
  kb = await siteKnowledge();
  const terms = new Set<string>();
  for (const [term] of (kb.index as unknown as { _index: Iterable<[string]> })._index) terms.add(term);
  vocabulary = [...terms].sort();
});

const FIELDS = ["text", "headings", "title"];
const BOOST = { text: 1, headings: 1.6, title: 0.8 };

function nativeTop(index: KnowledgeBase["index"], query: TopKQuery, k: number) {
  return index
    .search(query.terms.join(" "), {
      fields: [...query.fields],
      boost: { ...query.boost },
      tokenize: (t) => t.split(" "),
      processTerm: (t) => t,
      prefix: (t) => query.prefix(t),
      fuzzy: (t) => query.fuzzy(t),
      weights: query.weights,
      boostTerm: (t) => query.boostTerm(t),
      combineWith: "OR",
      ...(query.filter ? { filter: (r) => query.filter?.(r.id) === true } : {}),
    })
    .slice(0, k)
    .map((r) => ({ id: r.id, score: r.score }));
}

const queries = () =>
  fc.record({
    picks: fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 12 }),
    invented: fc.array(fc.stringMatching(/^[a-z]{3,10}$/), { maxLength: 2 }),
    boosts: fc.array(fc.double({ min: 0.05, max: 3, noNaN: true }), { minLength: 14, maxLength: 14 }),
    prefixes: fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }),
    fuzzy: fc.array(fc.constantFrom<number | false>(false, false, 1, 2), { minLength: 14, maxLength: 14 }),
    k: fc.integer({ min: 1, max: 80 }),
    filterModulo: fc.option(fc.integer({ min: 2, max: 5 }), { nil: undefined }),
  });

type Drawn = ReturnType<typeof queries> extends fc.Arbitrary<infer T> ? T : never;

function queryOf(v: string[], q: Drawn): TopKQuery {
  const terms = [...new Set([...q.picks.map((i) => v[i % v.length] as string), ...q.invented])];
  const at = (t: string) => terms.indexOf(t);
  return {
    terms,
    fields: FIELDS,
    boost: BOOST,
    prefix: (t) => q.prefixes[at(t)] === true && t.length >= 4,
    fuzzy: (t) => q.fuzzy[at(t)] ?? false,
    weights: { fuzzy: 0.35, prefix: 0.5 },
    boostTerm: (t) => q.boosts[at(t)] ?? 1,
    ...(q.filterModulo ? { filter: (id: unknown) => Number(id) % (q.filterModulo as number) !== 0 } : {}),
  };
}

describe("topK", () => {
  it("gives MiniSearch's own best k, in its order, with its scores", () => {
    fc.assert(
      fc.property(queries(), (q) => {
        const query = queryOf(vocabulary, q);
        expect(topK(kb.index, query, q.k)).toEqual(nativeTop(kb.index, query, q.k));
      }),
      { numRuns: 150 },
    );
  });

  it("stays MiniSearch's ranking after documents were discarded and added in place", () => {
    // Two identical indexes updated as a knowledge update does (one file's passages discarded, new
    // versions added): MiniSearch searches one, topK the other. Both clean up discarded postings
    // as they search, so each must go on matching the other's state query after query.
    const passages = kb.passages.slice(0, 400);
    const updated = () => {
      const index = buildIndex(passages, kb.byId);
      const gone = passages.filter((p) => p.id % 7 === 0);
      for (const p of gone) index.discard(String(p.id));
      index.addAll(gone.map((p, i): Passage => ({ ...p, id: 10_000 + i, text: `${p.text} candidature` })));
      return index;
    };
    const a = updated();
    const b = updated();
    const held = updated();
    const v = vocabulary.filter((t) => held.search(t, { prefix: false, fuzzy: false }).length > 0);
    fc.assert(
      fc.property(queries(), (q) => {
        const query = queryOf(v, q);
        expect(topK(b, query, q.k)).toEqual(nativeTop(a, query, q.k));
      }),
      { numRuns: 60 },
    );
  });

  it("returns nothing for terms the index does not hold", () => {
    expect(
      topK(
        kb.index,
        {
          ...queryOf(vocabulary, {
            picks: [0],
            invented: [],
            boosts: [],
            prefixes: [],
            fuzzy: [],
            k: 5,
            filterModulo: undefined,
          }),
          terms: ["zzzqqq"],
        },
        5,
      ),
    ).toEqual([]);
  });
});
