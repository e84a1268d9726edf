/**
 * Votes on answers: one per person and answer, accepted for any answer the bot gave in the last
 * 7 days, within a stated memory bound.
 *
 * How an answer is recognised without keeping every answer: its id is issued here and carries
 * the time it was given and a signature (HMAC-SHA256 over both, keyed from the Assistant's salt,
 * which the staff log keeps in `<EVENT_LOG>.salt` across restarts):
 *
 *     l2x9k0aa.Zk3uQ1mHc0pB.9vR2s7cQkLw1dX0a
 *     └ time ┘ └ random  ┘ └── signature ──┘
 *
 * A vote names an id; the signature says the bot issued it and when, so a vote on any answer of
 * the last 7 days is accepted, even one given before a restart or pushed out of memory. What the
 * feedback event copies from the answer (question, kind, sources) comes from a compact record
 * kept for the most recent answers; for an older one the staff report joins the vote to its
 * question event in the log by `answerId`, which is the persisted copy of the same record.
 *
 * Memory bound, with the defaults: at most 20,000 answer records (question cut to 120
 * characters, kind, source labels shared between answers, time) and 50,000 votes (a 22-character
 * hash of answer and voter, and the time), each dropped after 7 days or when its bound is
 * reached, oldest first. Measured on Node 20 with both full: about 16 MB with long questions
 * (10 MB of records, 6.4 MB of votes), about 12 MB with usual ones (bench/vote-memory.ts).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { QuestionKind } from "./types.js";

export interface VoteLedgerOptions {
  /** Key of the id signatures; any stable secret (the Assistant passes its user-hash salt). */
  secret: string;
  /** Votes are accepted this long after the answer. Default: 7 days. */
  maxAgeMs?: number;
  /** Answer records kept for the feedback events (oldest dropped first). Default: 20,000. */
  maxRecords?: number;
  /** Votes remembered to refuse a second one from the same person. Default: 50,000. */
  maxVotes?: number;
  /** Clock in milliseconds. Default: `Date.now`. */
  now?: () => number;
}

/** What a feedback event copies from the answer it rates. */
export interface AnswerRecord {
  /** The question, cut to 120 characters (with "…") when longer: see `questionCut`. */
  question: string;
  /** The question was cut: the question event in the log has all of it. */
  questionCut: boolean;
  kind: QuestionKind;
  sources: string[];
  /** When the answer was given (ms since the epoch). */
  at: number;
}

export type VoteOutcome =
  /** A first vote from this person on a recent answer; `record` when still in memory. */
  | { status: "recorded"; record?: AnswerRecord }
  /** This person already voted on this answer: nothing changes. */
  | { status: "duplicate" }
  /** Given more than `maxAgeMs` ago. */
  | { status: "expired" }
  /** Not an id this bot issued (or its signature does not match). */
  | { status: "unknown" };

export const VOTE_DEFAULTS = {
  maxAgeMs: 7 * 24 * 3600_000,
  maxRecords: 20_000,
  maxVotes: 50_000,
} as const;

/** The most of a question kept in a record; the question event in the log has all of it. */
const RECORD_QUESTION_CHARS = 120;
/** Source labels repeat from answer to answer: one copy of each (forgotten past this many). */
const INTERNED_LABELS = 5_000;
/** A clock a little ahead elsewhere (another instance) does not make its ids unknown. */
const CLOCK_SKEW_MS = 60_000;

export class VoteLedger {
  private readonly key: Buffer;
  private readonly maxAgeMs: number;
  private readonly maxRecords: number;
  private readonly maxVotes: number;
  private readonly now: () => number;
  /** Answer id → record, oldest first (insertion order). */
  private readonly records = new Map<string, AnswerRecord>();
  /**
   * Hash of "answerId\0voter" → seconds since `start` (a small integer V8 stores unboxed, where a
   * millisecond timestamp would be a heap number), oldest first.
   */
  private readonly votes = new Map<string, number>();
  private readonly labels = new Map<string, string>();
  private readonly start: number;

  constructor(options: VoteLedgerOptions) {
    this.key = createHmac("sha256", options.secret).update("eig-bot answer ids").digest();
    this.maxAgeMs = options.maxAgeMs ?? VOTE_DEFAULTS.maxAgeMs;
    this.maxRecords = options.maxRecords ?? VOTE_DEFAULTS.maxRecords;
    this.maxVotes = options.maxVotes ?? VOTE_DEFAULTS.maxVotes;
    this.now = options.now ?? Date.now;
    this.start = this.now();
  }

  /** A new answer id, signed with the time it is given. */
  issueId(): string {
    const head = `${this.now().toString(36)}.${randomBytes(9).toString("base64url")}`;
    // Through a Buffer so the id is one flat string, not a rope of its three parts: it is kept as
    // a map key for days.
    return Buffer.from(`${head}.${this.sign(head)}`, "latin1").toString("latin1");
  }

  /** When `id` was issued by this bot (signature checked), else undefined. */
  issuedAt(id: string): number | undefined {
    const parts = id.split(".");
    if (parts.length !== 3 || !parts[0] || !parts[2]) return undefined;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const at = Number.parseInt(parts[0], 36);
    return Number.isFinite(at) ? at : undefined;
  }

  /** Keeps what a later vote on `id` copies into its event. */
  record(id: string, record: Omit<AnswerRecord, "at" | "questionCut"> & { at?: number }): void {
    const chars = Array.from(record.question);
    const questionCut = chars.length > RECORD_QUESTION_CHARS;
    const question = questionCut ? `${chars.slice(0, RECORD_QUESTION_CHARS).join("")}…` : record.question;
    this.records.delete(id);
    const sources = record.sources.map((label) => this.intern(label));
    this.records.set(id, { question, questionCut, kind: record.kind, sources, at: record.at ?? this.now() });
    this.prune();
  }

  /** The record of `id`, while kept. */
  recordOf(id: string): AnswerRecord | undefined {
    return this.records.get(id);
  }

  /**
   * A vote from `voter` (any stable id of the person; a vote without one is never refused as a
   * duplicate) on the answer `id`.
   */
  vote(id: string, voter?: string): VoteOutcome {
    const record = this.records.get(id);
    const at = record?.at ?? this.issuedAt(id);
    if (at === undefined) return { status: "unknown" };
    const now = this.now();
    if (now - at > this.maxAgeMs || at - now > CLOCK_SKEW_MS) return { status: "expired" };
    if (voter !== undefined) {
      const key = createHash("sha256").update(id).update("\0").update(voter).digest("base64url").slice(0, 22);
      if (this.votes.has(key)) return { status: "duplicate" };
      this.votes.set(key, Math.floor((now - this.start) / 1000));
    }
    this.prune();
    return { status: "recorded", ...(record ? { record } : {}) };
  }

  /** Sizes, for tests and /healthz-like reports. */
  get size(): { records: number; votes: number } {
    return { records: this.records.size, votes: this.votes.size };
  }

  private intern(label: string): string {
    const known = this.labels.get(label);
    if (known !== undefined) return known;
    if (this.labels.size >= INTERNED_LABELS) this.labels.clear();
    this.labels.set(label, label);
    return label;
  }

  private sign(text: string): string {
    return createHmac("sha256", this.key).update(text).digest("base64url").slice(0, 16);
  }

  /** Drops what is too old, then the oldest beyond the bounds (both maps are in time order). */
  private prune(): void {
    const oldest = this.now() - this.maxAgeMs;
    for (const [id, record] of this.records) {
      if (record.at >= oldest && this.records.size <= this.maxRecords) break;
      this.records.delete(id);
    }
    const oldestVote = Math.floor((oldest - this.start) / 1000);
    for (const [key, at] of this.votes) {
      if (at >= oldestVote && this.votes.size <= this.maxVotes) break;
      this.votes.delete(key);
    }
  }
}
