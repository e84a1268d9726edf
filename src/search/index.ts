/**
 * The MiniSearch index over passages. Fields, and why each is there:
 *   - `text`: the passage itself;
 *   - `headings`: its heading path, its FAQ entry's other wordings and its bold lead
 *     ("Article 4 – Conditions d'éligibilité"), boosted: a heading says what the passages under
 *     it are about;
 *   - `title`: its document's title, boosted a little less (it is shared by many passages);
 *   - `context`: for table rows, the header cells ("Administration porteuse").
 * Every field goes through the one analyzer (src/search/analyzer.ts). Synonyms are not indexed:
 * the answer engine widens a question with its lexicon groups (src/search/lexicon.ts) instead.
 */
import MiniSearch, { type SearchOptions } from "minisearch";
import type { KnowledgeDocument, Passage } from "../knowledge/types.js";
import { processTerm, words } from "./analyzer.js";

export const FIELDS = ["text", "headings", "title", "context"] as const;
export type Field = (typeof FIELDS)[number];

/** Field weights for free-text queries. Titles and headings count more than body text. */
export const FIELD_BOOST: Partial<Record<Field, number>> = {
  text: 1,
  headings: 1.6,
  title: 1.3,
  context: 0.8,
};

/** Typo tolerance: none for short words, one edit from 5 letters, two from 9. */
export function fuzziness(term: string): number | boolean {
  if (term.length >= 9) return 2;
  if (term.length >= 5) return 1;
  return false;
}

/** Prefix matching from 4 letters ("candidat" finds "candidatur"). */
export function prefixable(term: string): boolean {
  return term.length >= 4 && !/^\d+$/.test(term);
}

export const SEARCH_DEFAULTS: SearchOptions = {
  fields: ["text", "headings", "title", "context"],
  boost: FIELD_BOOST,
  fuzzy: (term) => fuzziness(term),
  prefix: (term) => prefixable(term),
  weights: { fuzzy: 0.35, prefix: 0.5 },
  combineWith: "OR",
};

/** The MiniSearch options; `loadJSON` needs the very same ones (functions are not serialised). */
export function indexOptions(documents: Map<string, KnowledgeDocument>) {
  return {
    idField: "id",
    fields: [...FIELDS],
    storeFields: [],
    tokenize: (text: string) => words(text),
    processTerm: (term: string) => processTerm(term),
    extractField: (passage: Passage, field: string): string => {
      switch (field) {
        case "id":
          return String(passage.id);
        case "text":
          return passage.text;
        case "headings":
          return [...passage.headings, ...(passage.wordings ?? []), passage.lead ?? ""].join(" \n ");
        case "title":
          return passage.type === "title" ? "" : (documents.get(passage.docId)?.title ?? "");
        case "context":
          return passage.table ? passage.table.header.join(" ") : "";
        default:
          return "";
      }
    },
    searchOptions: SEARCH_DEFAULTS,
  };
}

export function buildIndex(
  passages: Passage[],
  documents: Map<string, KnowledgeDocument>,
): MiniSearch<Passage> {
  const options = indexOptions(documents);
  // A document's title and a section's headings are indexed with each of their passages: split
  // each such text into words once. Only while adding; queries are split as before.
  const seen = new Map<string, string[]>();
  let building = true;
  const index = new MiniSearch<Passage>({
    ...options,
    tokenize: (text: string, field?: string) => {
      if (!building || (field !== "title" && field !== "headings")) return options.tokenize(text);
      let tokens = seen.get(text);
      if (!tokens) {
        tokens = options.tokenize(text);
        seen.set(text, tokens);
      }
      return tokens;
    },
  });
  index.addAll(passages);
  building = false;
  seen.clear();
  return index;
}
