/**
 * Remembers which Slack events and messages were already taken, so that none is answered twice:
 * Slack retries an event it thinks was lost (`X-Slack-Retry-Num`, Socket Mode's
 * `retry_attempt`) with the same `event_id`, and a mention inside a followed thread arrives
 * twice, as `app_mention` and as `message`, with different event ids but the same channel and
 * `ts`. In memory, bounded in size and age: a retry reaching a restarted process is answered,
 * which is right, since the first attempt's answer may never have been posted.
 */
export interface SeenEventsOptions {
  /** Keys kept at once; the oldest are dropped first. Default: 10,000. */
  max?: number;
  /** Milliseconds a key is kept. Slack retries within minutes. Default: 1 hour. */
  ttlMs?: number;
  now?: () => number;
}

export class SeenEvents {
  private readonly keys = new Map<string, number>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: SeenEventsOptions = {}) {
    this.max = options.max ?? 10_000;
    this.ttlMs = options.ttlMs ?? 3600_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Takes an event known by several keys (its event id, its channel and ts). Returns false when
   * any of them was already taken: the caller must not answer.
   */
  claim(keys: Array<string | undefined>): boolean {
    const now = this.now();
    const known = keys.filter((k): k is string => typeof k === "string" && k !== "");
    for (const key of known) {
      const at = this.keys.get(key);
      if (at !== undefined && now - at <= this.ttlMs) return false;
    }
    for (const key of known) {
      this.keys.delete(key);
      this.keys.set(key, now);
    }
    while (this.keys.size > this.max) {
      const oldest = this.keys.keys().next().value;
      if (oldest === undefined) break;
      this.keys.delete(oldest);
    }
    return true;
  }
}

/** The keys a message event is known by: its event id and the message itself. */
export function messageKeys(eventId: string | undefined, channel: string, ts: string): string[] {
  return [eventId ? `event:${eventId}` : "", `message:${channel}:${ts}`];
}
