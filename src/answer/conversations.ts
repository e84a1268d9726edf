/**
 * Remembers, per conversation (a Slack or Mattermost thread, a web session), the last question
 * the bot answered there, so that "et pour la promo 2 ?" is read against it. Bounded in size and
 * in age; in memory only: after a restart, a follow-up needs a fresh mention.
 */
export interface ConversationOptions {
  /** Conversations kept at once; the least recently used are dropped first. Default: 5,000. */
  max?: number;
  /** Milliseconds after which a conversation is forgotten. Default: 24 hours. */
  ttlMs?: number;
  now?: () => number;
}

interface Entry {
  question: string;
  at: number;
}

export class Conversations {
  private readonly entries = new Map<string, Entry>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: ConversationOptions = {}) {
    this.max = options.max ?? 5_000;
    this.ttlMs = options.ttlMs ?? 24 * 3600_000;
    this.now = options.now ?? Date.now;
  }

  /** The last question answered in `key`, if the conversation is known and recent. */
  last(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.question;
  }

  has(key: string): boolean {
    return this.last(key) !== undefined;
  }

  remember(key: string, question: string): void {
    this.entries.delete(key);
    this.entries.set(key, { question, at: this.now() });
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
