/** What a behaviour or the general path hands back: the short answer, the passages it rests on, and remarks. */
import type { Evidence } from "./compose.js";
import type { QuestionKind } from "./types.js";

export interface Found {
  /** The short answer; every fact in it is in `evidence`. */
  lead: string;
  /** Word-for-word quotes, the most recent or most specific first. */
  evidence: Evidence[];
  promotion?: number;
  /** 0–1. */
  confidence: number;
  notes: string[];
  kind?: QuestionKind;
  /** Set when the behaviour knows the documents do not answer ("no mentor is named for X"). */
  refusal?: string;
}
