/**
 * The one door every channel goes through (Hubot's "robot"): it cleans the question, applies the
 * per-user rate limit, reads follow-ups against their conversation, calls `answer()` on the
 * current knowledge base, records what happened for the staff, and hands back an Answer to
 * render. Adapters never search and never call `answer()` themselves.
 */
import { createHash, randomBytes } from "node:crypto";
import type { KnowledgeBase } from "../knowledge/types.js";
import { answerTurn, type Turn, unanswered } from "./answer.js";
import { Conversations, isThanks, thanksReply } from "./conversations.js";
import { type ChannelKind, type EventSink, sourceLabels } from "./events.js";
import { detectLanguage } from "./language.js";
import { RateLimiter } from "./rate-limiter.js";
import { cleanQuestion } from "./sanitize.js";
import type { Answer, Language, Source } from "./types.js";
import { VoteLedger, type VoteLedgerOptions, type VoteOutcome } from "./votes.js";

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
  /** Bounds of the vote record (see votes.ts). Default: 7 days, 20,000 answers, 50,000 votes. */
  votes?: Omit<VoteLedgerOptions, "secret" | "now">;
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

export type { VoteOutcome } from "./votes.js";

/** A message in a channel thread (not a direct message), before it is answered. */
export interface ThreadMessage {
  conversation: string;
  channel: ChannelKind;
  /** Platform user id of whoever wrote it. */
  user: string;
  /** The text, without the bot's mention. */
  text: string;
  /** The message mentions the bot. */
  mentioned: boolean;
}

/**
 * What to do with a thread message: answer it, reply a short thank-you, or stay silent (with the
 * reason, for debug logs).
 */
export type ThreadDecision =
  | { reply: "answer" }
  | { reply: "thanks"; text: string; language: Language }
  | { reply: "none"; reason: string };

/** Full answers kept for sharing a private answer and re-rendering it (`recall`). */
const RECENT_ANSWERS = 2_000;

export class Assistant {
  private readonly conversations = new Conversations();
  private readonly limiter: RateLimiter;
  private readonly salt: string;
  private readonly maxQuestionLength: number;
  /** Recent answers by id: a private answer can be shared. */
  private readonly recent = new Map<string, Answer>();
  /** Answer ids that can be voted on, and who voted (see votes.ts). */
  private readonly votes: VoteLedger;

  constructor(private readonly options: AssistantOptions) {
    this.limiter = new RateLimiter({ perMinute: options.rateLimitPerMinute ?? 10, now: options.now });
    this.salt = options.userHashSalt ?? randomBytes(16).toString("hex");
    this.maxQuestionLength = options.maxQuestionLength ?? 2000;
    this.votes = new VoteLedger({ ...options.votes, secret: this.salt, now: options.now });
  }

  /** The knowledge base answering right now (App Home, /healthz). */
  get knowledge(): KnowledgeBase {
    return this.options.knowledge();
  }

  /** True when the bot answered in this conversation recently. */
  inConversation(key: string): boolean {
    return this.conversations.has(key);
  }

  /**
   * Threads belong to people. In a channel thread the bot answered, the person who asked is
   * followed (their messages need no mention); anyone else is answered only when they mention
   * the bot. A thank-you gets one short reply per thread, then silence. Direct messages do not
   * come here: every one of them is answered.
   */
  inThread(message: ThreadMessage): ThreadDecision {
    const thread = this.conversations.get(message.conversation);
    const asker = `${message.channel}:${message.user}`;
    const isAsker = thread?.asker === asker;
    if (isThanks(message.text)) {
      if (!message.mentioned && !isAsker) {
        return {
          reply: "none",
          reason: thread ? "thank-you from someone else" : "thread the bot has not answered in",
        };
      }
      if (thread?.thanked)
        return { reply: "none", reason: "a thank-you was already answered in this thread" };
      this.conversations.markThanked(message.conversation, asker);
      const language = detectLanguage(message.text);
      return { reply: "thanks", text: thanksReply(language), language };
    }
    if (message.mentioned) return { reply: "answer" };
    if (!thread) return { reply: "none", reason: "thread the bot has not answered in" };
    if (!isAsker) return { reply: "none", reason: "not the person who asked (a mention is needed)" };
    return { reply: "answer" };
  }

  ask(input: AskInput): AskOutcome {
    const started = performance.now();
    const { text, truncated, originalLength, kept } = cleanQuestion(input.text, this.maxQuestionLength);
    const kb = this.options.knowledge();
    const userKey = input.user ? `${input.channel}:${input.user}` : undefined;
    const rateLimited = userKey !== undefined && !this.limiter.take(userKey);

    let result: Answer;
    let turn: Turn | undefined;
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
      // "" when the thread was opened by a thank-you: nothing to read a follow-up against.
      const previous = input.conversation ? this.conversations.lastTurn(input.conversation) : undefined;
      const outcome = answerTurn(text, kb, {
        today: this.options.today?.(),
        ...(previous ? { previous } : {}),
      });
      result = outcome.answer;
      turn = outcome.turn;
      if (truncated && kept === "questions") {
        result.notes.push(
          result.language === "en"
            ? `Your message had ${originalLength} characters, more than the ${this.maxQuestionLength} I read: I read its questions.`
            : `Votre message comptait ${originalLength} caractères, plus que les ${this.maxQuestionLength} que je lis : j'en ai lu les questions.`,
        );
      } else if (truncated) {
        result.notes.push(
          result.language === "en"
            ? `Your message was cut to its first ${this.maxQuestionLength} characters (it had ${originalLength}).`
            : `Votre message a été coupé à ses ${this.maxQuestionLength} premiers caractères (il en comptait ${originalLength}).`,
        );
      }
      // The asker is kept when the conversation starts: in a channel thread, only they are followed.
      const asker = userKey;
      if (input.conversation && result.answered)
        this.conversations.remember(input.conversation, result.question, asker, turn);
      else if (input.conversation && !this.conversations.has(input.conversation)) {
        // An unanswered first question still opens the thread for a better-worded follow-up.
        this.conversations.remember(input.conversation, text, asker, turn);
      }
    }
    // The id a vote will name: signed with its time, so a vote is accepted for 7 days.
    result = { ...result, id: this.votes.issueId() };

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

  /**
   * Records a 👍/👎: true when it was recorded, false when it was refused (see `vote`).
   */
  feedback(input: FeedbackInput): boolean {
    return this.vote(input).status === "recorded";
  }

  /**
   * A vote: recorded once per person and answer, for any answer of the last 7 days (even one
   * given before a restart, when the salt is kept). A second vote from the same person, a vote on
   * an expired or unknown answer, change nothing and record nothing.
   */
  vote(input: FeedbackInput): VoteOutcome {
    const user = input.user ? this.hashUser(input.user) : undefined;
    const outcome = this.votes.vote(input.answerId, user ? `${input.channel}:${user}` : undefined);
    if (outcome.status !== "recorded") return outcome;
    const record = outcome.record;
    this.options.events?.record({
      type: "feedback",
      at: new Date().toISOString(),
      answerId: input.answerId,
      channel: input.channel,
      user,
      vote: input.vote,
      // A cut question is left out: the report reads the whole one from the question event.
      question: record && !record.questionCut ? record.question : undefined,
      kind: record?.kind,
      sources: record?.sources,
    });
    return outcome;
  }

  /** The answer this process gave under `answerId`, if still remembered (sharing a /eig answer). */
  recall(answerId: string): Answer | undefined {
    return this.recent.get(answerId);
  }

  hashUser(user: string): string {
    return createHash("sha256").update(this.salt).update("\0").update(user).digest("hex").slice(0, 16);
  }

  private remember(result: Answer): void {
    this.votes.record(result.id, {
      question: result.question,
      kind: result.kind,
      sources: sourceLabels(result),
    });
    this.recent.set(result.id, result);
    if (this.recent.size > RECENT_ANSWERS) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}

export type { Answer, Source };
