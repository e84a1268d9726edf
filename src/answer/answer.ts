/**
 * answer(question, kb, {today}) → Answer. (First cut: best passage by search; the question
 * understanding and fact pickers replace this.)
 */
import type { KnowledgeBase } from "../knowledge/types.js";
import { searchPassages } from "../search/index.js";
import { newAnswerId, quotesAndSources, unanswered } from "./compose.js";
import { detectLanguage } from "./language.js";
import type { Answer } from "./types.js";

export { unanswered } from "./compose.js";

export interface AnswerOptions {
  /** The day dates are compared with. Default: now. */
  today?: Date;
  /** The last question answered in the same conversation, for follow-ups ("et pour la promo 2 ?"). */
  previousQuestion?: string;
}

export function answer(question: string, kb: KnowledgeBase, _options: AnswerOptions = {}): Answer {
  const language = detectLanguage(question);
  const hits = searchPassages(kb.index, kb.passages, question, [], { limit: 3 });
  const best = hits[0];
  if (!best) return unanswered(question, kb, { language, kind: "unknown" });
  const { quotes, sources } = quotesAndSources(kb, [{ passage: best.passage, text: best.passage.text }]);
  return {
    id: newAnswerId(),
    question,
    answered: true,
    kind: "general",
    language,
    text: best.passage.text,
    quotes,
    sources,
    confidence: 0.3,
    notes: [],
  };
}
