/**
 * The one door every channel goes through (Hubot's "robot"): it cleans the question, applies the
 * per-user rate limit, reads follow-ups against their conversation, calls `answer()` on the
 * current knowledge base, records what happened for the staff, and hands back an Answer to
 * render. Adapters never search and never call `answer()` themselves.
 */
import { createHash, randomBytes } from "node:crypto";
import type { KnowledgeBase } from "../knowledge/types.js";
import { answer, unanswered } from "./answer.js";
import { Conversations } from "./conversations.js";
import { type ChannelKind, type EventSink, sourceLabels } from "./events.js";
import { detectLanguage } from "./language.js";
import { RateLimiter } from "./rate-limiter.js";
import { cleanQuestion } from "./sanitize.js";
import type { Answer, Source } from "./types.js";

export type { ChannelKind } from "./events.js";

export interface AssistantOptions {
  /** The current knowledge base; called on every question, so a reload is seen at once. */
  knowledge: () => KnowledgeBase;
  /** The day dates are compared with. Default: the real today. */
  today?: () => Date;
  /** Longer questions are cut, with a note. Default: 2,000 characters. */
  maxQuestionLength?: number;
  /** Questions per user per minute; 0 disables. Default: 10. */
  rateLimitPerMinute?: number;
  /** Where question and feedback events go. Default: nowhere. */
  events?: EventSink;
  /** Salt for user hashes in events. Default: random per process. */
  userHashSalt?: string;
  /** Clock in milliseconds, for tests. Default: `performance.now` for latencies, `Date.now` for time. */
  now?: () => number;
}

export interface AskInput {
  text: string;
  channel: ChannelKind;
  /** Platform user id ("U123", a Mattermost user id, a web session): rate limit and hashed log. */
  user?: string;
  /**
   * Conversation key (a thread): a follow-up in it is read against the last question answered
   * there. Keys must be unique across platforms ("slack:T1:C1:1700000000.000100").
   */
  conversation?: string;
}

export interface AskOutcome {
  answer: Answer;
  /** The question was longer than the limit and was cut; the answer carries a note. */
  truncated: boolean;
  /** The user asked too often; the answer says when to come back. */
  rateLimited: boolean;
}

export interface FeedbackInput {
  answerId: string;
  vote: "up" | "down";
  channel: ChannelKind;
  user?: string;
}

const RECENT_ANSWERS = 2_000;

export class Assistant {
  private readonly conversations = new Conversations();
  private readonly limiter: RateLimiter;
  private readonly salt: string;
  private readonly maxQuestionLength: number;
  /** Recent answers by id: a vote is logged with its question, a private answer can be shared. */
  private readonly recent = new Map<string, Answer>();

  constructor(private readonly options: AssistantOptions) {
    this.limiter = new RateLimiter({ perMinute: options.rateLimitPerMinute ?? 10, now: options.now });
    this.salt = options.userHashSalt ?? randomBytes(16).toString("hex");
    this.maxQuestionLength = options.maxQuestionLength ?? 2000;
  }

  /** The knowledge base answering right now (App Home, /healthz). */
  get knowledge(): KnowledgeBase {
    return this.options.knowledge();
  }

  /** True when the bot answered in this conversation recently: follow-ups need no mention. */
  inConversation(key: string): boolean {
    return this.conversations.has(key);
  }

  ask(input: AskInput): AskOutcome {
    const started = performance.now();
    const { text, truncated, originalLength } = cleanQuestion(input.text, this.maxQuestionLength);
    const kb = this.options.knowledge();
    const userKey = input.user ? `${input.channel}:${input.user}` : undefined;
    const rateLimited = userKey !== undefined && !this.limiter.take(userKey);

    let result: Answer;
    if (rateLimited) {
      const language = detectLanguage(text);
      const wait = this.limiter.retryAfterSeconds(userKey);
      result = unanswered(text, kb, {
        language,
        kind: "unknown",
        message:
          language === "en"
            ? `You are asking a lot of questions at once: please wait ${wait} s and ask again.`
            : `Vous posez beaucoup de questions à la suite : merci de patienter ${wait} s avant de reposer la vôtre.`,
        withContact: false,
      });
    } else {
      const previous = input.conversation ? this.conversations.last(input.conversation) : undefined;
      result = answer(text, kb, { today: this.options.today?.(), previousQuestion: previous });
      if (truncated) {
        result.notes.push(
          result.language === "en"
            ? `Your message was cut to its first ${this.maxQuestionLength} characters (it had ${originalLength}).`
            : `Votre message a été coupé à ses ${this.maxQuestionLength} premiers caractères (il en comptait ${originalLength}).`,
        );
      }
      if (input.conversation && result.answered)
        this.conversations.remember(input.conversation, result.question);
      else if (input.conversation && !this.conversations.has(input.conversation)) {
        // An unanswered first question still opens the thread for a better-worded follow-up.
        this.conversations.remember(input.conversation, text);
      }
    }

    this.remember(result);
    this.options.events?.record({
      type: "question",
      at: new Date().toISOString(),
      answerId: result.id,
      channel: input.channel,
      user: input.user ? this.hashUser(input.user) : undefined,
      question: text,
      truncated,
      rateLimited,
      answered: result.answered,
      kind: result.kind,
      promotion: result.promotion,
      confidence: result.confidence,
      sources: sourceLabels(result),
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
    });
    return { answer: result, truncated, rateLimited };
  }

  /** Records a 👍/👎. Returns false when the answer id is not one this process gave recently. */
  feedback(input: FeedbackInput): boolean {
    const known = this.recent.get(input.answerId);
    this.options.events?.record({
      type: "feedback",
      at: new Date().toISOString(),
      answerId: input.answerId,
      channel: input.channel,
      user: input.user ? this.hashUser(input.user) : undefined,
      vote: input.vote,
      question: known?.question,
      kind: known?.kind,
      sources: known ? sourceLabels(known) : undefined,
    });
    return known !== undefined;
  }

  /** The answer this process gave under `answerId`, if still remembered (sharing a /eig answer). */
  recall(answerId: string): Answer | undefined {
    return this.recent.get(answerId);
  }

  hashUser(user: string): string {
    return createHash("sha256").update(this.salt).update("\0").update(user).digest("hex").slice(0, 16);
  }

  private remember(result: Answer): void {
    this.recent.set(result.id, result);
    if (this.recent.size > RECENT_ANSWERS) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}

export type { Answer, Source };
