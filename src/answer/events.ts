/**
 * What the assistant records for the staff: one event per question and one per vote. Sinks decide
 * where they go (the JSON-lines log in production, an array in tests). User ids are only ever
 * stored as salted hashes.
 */
import type { Answer, QuestionKind } from "./types.js";

export type ChannelKind = "slack" | "mattermost" | "web" | "cli";

export interface QuestionEvent {
  type: "question";
  /** ISO time. */
  at: string;
  answerId: string;
  channel: ChannelKind;
  /** Salted hash of the platform user id, when there is one. */
  user?: string;
  question: string;
  truncated: boolean;
  rateLimited: boolean;
  answered: boolean;
  kind: QuestionKind;
  promotion?: number;
  confidence: number;
  /** "title — section" of each source, in order. */
  sources: string[];
  latencyMs: number;
}

export interface FeedbackEvent {
  type: "feedback";
  at: string;
  answerId: string;
  channel: ChannelKind;
  user?: string;
  vote: "up" | "down";
  /** Copied from the question event when the answer is still in memory. */
  question?: string;
  kind?: QuestionKind;
  sources?: string[];
}

export type BotEvent = QuestionEvent | FeedbackEvent;

export interface EventSink {
  record(event: BotEvent): void;
}

export function sourceLabels(answer: Answer): string[] {
  return answer.sources.map((s) => (s.section ? `${s.title} — ${s.section}` : s.title));
}
