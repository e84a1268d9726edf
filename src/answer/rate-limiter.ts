/**
 * Per-user token bucket: each user holds up to `perMinute` tokens, one is spent per question and
 * they refill continuously at `perMinute` a minute. Hand-written: the npm limiters are built for
 * HTTP middleware or Redis; this is twenty lines over a Map, bounded in size.
 */
export interface RateLimiterOptions {
  /** Questions a user may ask in a minute, and the burst allowed. 0 disables the limit. */
  perMinute: number;
  /** Clock in milliseconds; injectable for tests. Default: `Date.now`. */
  now?: () => number;
  /** Most users tracked at once; the least recently seen are forgotten first. Default: 10,000. */
  maxUsers?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxUsers: number;

  constructor(private readonly options: RateLimiterOptions) {
    this.now = options.now ?? Date.now;
    this.maxUsers = options.maxUsers ?? 10_000;
  }

  /** Spends a token for `user`; returns false when the user has none left. */
  take(user: string): boolean {
    const { perMinute } = this.options;
    if (perMinute <= 0) return true;
    const now = this.now();
    const bucket = this.buckets.get(user) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute);
    bucket.at = now;
    this.buckets.delete(user); // re-insert: Map order is our least-recently-seen order
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(user, bucket);
    if (this.buckets.size > this.maxUsers) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return allowed;
  }

  /** Seconds until `user` may ask again (0 when a token is available). */
  retryAfterSeconds(user: string): number {
    const bucket = this.buckets.get(user);
    const { perMinute } = this.options;
    if (!bucket || perMinute <= 0) return 0;
    const tokens = bucket.tokens + ((this.now() - bucket.at) / 60_000) * perMinute;
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 60) / perMinute);
  }
}
