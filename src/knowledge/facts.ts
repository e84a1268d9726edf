/** Facts extracted from passages at load time. Filled in by extractFacts (see below). */
import type { KnowledgeDocument, Passage } from "./types.js";

export interface Facts {
  defis: never[];
}

export function extractFacts(_passages: Passage[], _documents: KnowledgeDocument[]): Facts {
  return { defis: [] };
}
