/** What a fact picker hands back: the short answer, the passages it rests on, and remarks. */
import type { Evidence } from "./compose.js";
import type { Context } from "./context.js";
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
  /** When the picker answered a neighbouring kind (a défi list for a défi question…). */
  kind?: QuestionKind;
}

/** A picker reads the knowledge for one kind of question; undefined when it finds nothing. */
export type Picker = (ctx: Context) => Found | undefined;
