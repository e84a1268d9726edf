/**
 * What the bot remembers per conversation (a Slack or Mattermost thread, a DM, a web session):
 * the last question it answered there, so that "et pour la promo 2 ?" is read against it; who
 * asked first, so that a channel thread is followed for that person only; and whether a
 * thank-you was already answered. Bounded in size and in age; in memory only: after a restart,
 * a follow-up needs a fresh mention.
 *
 * The one place conversation state lives: a new per-thread value is a new field of `Thread`.
 */
import type { Turn } from "./answer.js";
export interface ConversationOptions {
  /** Conversations kept at once; the least recently used are dropped first. Default: 5,000. */
  max?: number;
  /** Milliseconds after which a conversation is forgotten. Default: 24 hours. */
  ttlMs?: number;
  now?: () => number;
}

/** One conversation's memory. */
export interface Thread {
  /** The last question answered there ("" when none was, e.g. a thread opened by a thank-you). */
  question: string;
  /** How that question was read: follow-ups ("et pour la 2 ?", "qui le porte ?") are read against it. */
  turn?: Turn;
  /** Who opened it ("slack:U123"): in a channel thread, only their follow-ups need no mention. */
  asker?: string;
  /** A thank-you was answered here: the next ones get no reply. */
  thanked: boolean;
  /** Last time the bot answered here (the age limit counts from it). */
  at: number;
}

export class Conversations {
  private readonly entries = new Map<string, Thread>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: ConversationOptions = {}) {
    this.max = options.max ?? 5_000;
    this.ttlMs = options.ttlMs ?? 24 * 3600_000;
    this.now = options.now ?? Date.now;
  }

  /** The conversation `key`, if known and recent. */
  get(key: string): Thread | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** The last question answered in `key`, if the conversation is known and recent. */
  last(key: string): string | undefined {
    return this.get(key)?.question;
  }

  /** How the last question in `key` was read, if the conversation is known and recent. */
  lastTurn(key: string): Turn | undefined {
    return this.get(key)?.turn;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * Records an answer in `key`: its question becomes the one follow-ups are read against. The
   * asker is set when the conversation starts and kept afterwards (someone else mentioning the
   * bot in the thread does not take it over); `thanked` is kept too.
   */
  remember(key: string, question: string, asker?: string, turn?: Turn): void {
    const previous = this.get(key);
    this.set(key, {
      question,
      ...(turn ? { turn } : {}),
      asker: previous ? previous.asker : asker,
      thanked: previous?.thanked ?? false,
      at: this.now(),
    });
  }

  /** Notes that a thank-you was answered in `key` (opening the conversation if needed). */
  markThanked(key: string, asker?: string): void {
    const previous = this.get(key);
    this.set(key, {
      question: previous?.question ?? "",
      ...(previous?.turn ? { turn: previous.turn } : {}),
      asker: previous ? previous.asker : asker,
      thanked: true,
      at: previous?.at ?? this.now(),
    });
  }

  private set(key: string, thread: Thread): void {
    this.entries.delete(key);
    this.entries.set(key, thread);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Thank-yous

const THANKS = /\b(merci|mercii+|thanks|thank you|thank u|thx)\b/;

/**
 * True for a short thank-you ("merci", "merci, super !", "Thanks a lot", "top merci 🙏"): a
 * thanks word, no question mark, at most eight words. "merci, et pour la promo 2 ?" is a question.
 */
export function isThanks(text: string): boolean {
  const folded = text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();
  if (folded === "" || folded.includes("?")) return false;
  const words = folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0 || words.length > 8) return false;
  return THANKS.test(folded);
}

/** The short reply to a thank-you, plain text. */
export function thanksReply(language: "fr" | "en"): string {
  return language === "en" ? "You're welcome!" : "Avec plaisir !";
}
