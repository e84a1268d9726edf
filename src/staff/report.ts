/**
 * The staff report over the event log, as pure functions (no file, no clock): parse lines into
 * events, build a Report for a period of days, render it as readable text. `report-cli.ts` reads
 * the file and prints.
 *
 * Days are calendar days in one time zone (Europe/Paris by default: the programme's), both for
 * the period and for the per-day table; the log itself holds UTC times.
 *
 * Questions that were rate-limited got no real answer: they are counted apart and left out of the
 * share answered, the unanswered list and the latencies.
 */
import type { BotEvent, ChannelKind, QuestionEvent } from "../answer/events.js";
import type { QuestionKind } from "../answer/types.js";
import { analyze, fold } from "../search/analyzer.js";

export const DEFAULT_TIME_ZONE = "Europe/Paris";
/** Two questions are one group when their stemmed word sets overlap this much (Jaccard). */
export const DEFAULT_SIMILARITY = 0.6;

// ---------------------------------------------------------------------------------------------
// Parsing.

export interface ParsedLog {
  events: BotEvent[];
  /** Non-empty lines that are not a readable event. */
  unreadable: number;
}

const CHANNELS: ReadonlySet<string> = new Set(["slack", "mattermost", "web", "cli"]);

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;
}

/**
 * One log line → an event, or undefined when it is not one (not JSON, unknown type, no valid
 * time or answer id…). Optional fields missing from an older line get neutral values.
 */
export function parseLine(line: string): BotEvent | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.at !== "string" || Number.isNaN(Date.parse(r.at))) return undefined;
  if (typeof r.answerId !== "string") return undefined;
  const channel = (
    typeof r.channel === "string" && CHANNELS.has(r.channel) ? r.channel : "web"
  ) as ChannelKind;
  const user = typeof r.user === "string" ? r.user : undefined;
  const kind = typeof r.kind === "string" ? (r.kind as QuestionKind) : undefined;
  if (r.type === "question") {
    if (typeof r.question !== "string" || typeof r.answered !== "boolean") return undefined;
    return {
      type: "question",
      at: r.at,
      answerId: r.answerId,
      channel,
      user,
      question: r.question,
      truncated: r.truncated === true,
      rateLimited: r.rateLimited === true,
      answered: r.answered,
      kind: kind ?? "unknown",
      promotion: typeof r.promotion === "number" ? r.promotion : undefined,
      confidence: typeof r.confidence === "number" ? r.confidence : 0,
      sources: strings(r.sources) ?? [],
      latencyMs: typeof r.latencyMs === "number" ? r.latencyMs : Number.NaN,
    };
  }
  if (r.type === "feedback") {
    if (r.vote !== "up" && r.vote !== "down") return undefined;
    return {
      type: "feedback",
      at: r.at,
      answerId: r.answerId,
      channel,
      user,
      vote: r.vote,
      question: typeof r.question === "string" ? r.question : undefined,
      kind,
      sources: strings(r.sources),
    };
  }
  return undefined;
}

/** A whole log's text → its events and the count of lines that could not be read. Blank lines are ignored. */
export function parseLog(text: string): ParsedLog {
  const events: BotEvent[] = [];
  let unreadable = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const event = parseLine(line);
    if (event) events.push(event);
    else unreadable++;
  }
  return { events, unreadable };
}

// ---------------------------------------------------------------------------------------------
// Days and periods.

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day ("2026-11-24") of an instant in a time zone. */
export function dayOf(at: string | Date, timeZone = DEFAULT_TIME_ZONE): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(typeof at === "string" ? new Date(at) : at).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** "2026-11-24" + n days. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + n)).toISOString().slice(0, 10);
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && addDays(text, 0) === text;
}

export interface Period {
  /** First day, included. */
  since: string;
  /** Last day, included. */
  until: string;
}

/**
 * The period asked for: `until` defaults to today (in `timeZone`); `since` to `days` days ending
 * on `until` (30 by default). Throws a plain message for a bad day or an empty period.
 */
export function resolvePeriod(input: {
  since?: string;
  until?: string;
  days?: number;
  today: Date;
  timeZone?: string;
}): Period {
  for (const [name, value] of [
    ["--since", input.since],
    ["--until", input.until],
  ] as const) {
    if (value !== undefined && !isDay(value))
      throw new Error(`${name} must be a day as YYYY-MM-DD (got "${value}")`);
  }
  if (input.days !== undefined && (!Number.isInteger(input.days) || input.days < 1)) {
    throw new Error(`--days must be a whole number of days, 1 or more (got "${input.days}")`);
  }
  const until = input.until ?? dayOf(input.today, input.timeZone);
  const since = input.since ?? addDays(until, -((input.days ?? 30) - 1));
  if (since > until) throw new Error(`the period is empty: ${since} is after ${until}`);
  return { since, until };
}

function daysBetween(period: Period): number {
  return Math.round((Date.parse(period.until) - Date.parse(period.since)) / 86_400_000) + 1;
}

// ---------------------------------------------------------------------------------------------
// Grouping similar questions.

export interface GroupItem {
  text: string;
  /** The latest time of the item (of its `count` occurrences). */
  at: string;
  sources?: string[];
  /** How many times this very text was asked (the report merges repeats as it reads). Default 1. */
  count?: number;
}

export interface QuestionGroup {
  /** The most frequent wording (the latest on a tie). */
  question: string;
  count: number;
  /** Time of the latest question of the group (ISO). */
  lastAt: string;
  /** Distinct wordings, most frequent first. */
  wordings: { text: string; count: number }[];
  /** Sources of the answers in the group, most frequent first (👎 groups). */
  sources?: { source: string; count: number }[];
}

/** The stemmed words of a question, without repeats: what similarity compares. */
export function questionTerms(text: string): Set<string> {
  return new Set(analyze(text));
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return common / (a.size + b.size - common);
}

const NUMBER = /^\d+$/;

/**
 * Whether two questions' terms are alike enough to be grouped: Jaccard ≥ `threshold`, and the
 * same numbers when both name some ("promo 2" and "promo 3" ask for different facts). Questions
 * with no term at all (only stop words) are alike only when their folded text is the same, which
 * the caller checks.
 */
export function similar(
  a: ReadonlySet<string>,
  b: ReadonlySet<string>,
  threshold = DEFAULT_SIMILARITY,
): boolean {
  if (a.size === 0 || b.size === 0) return false;
  const na = [...a].filter((t) => NUMBER.test(t));
  const nb = [...b].filter((t) => NUMBER.test(t));
  if (na.length > 0 && nb.length > 0 && (na.length !== nb.length || na.some((n) => !b.has(n)))) return false;
  return jaccard(a, b) >= threshold;
}

/** Lower case, accents folded, spaces collapsed: two wordings equal under this are one wording. */
function normalizeWording(text: string): string {
  return fold(text.toLowerCase()).replace(/\s+/g, " ").trim();
}

interface Cluster {
  seed: Set<string>;
  count: number;
  lastAt: string;
  wordings: Map<string, { text: string; count: number; lastAt: string }>;
  sources: Map<string, number>;
}

/**
 * Groups questions that ask the same thing in other words. Identical term sets are merged first;
 * then, the most frequent first, each set joins the group whose first (most frequent) set is the
 * most similar to it, or starts a group. Comparing with the group's seed, not with any member,
 * keeps groups from drifting by chains of small differences. Groups come most frequent first.
 */
export function groupQuestions(items: GroupItem[], threshold = DEFAULT_SIMILARITY): QuestionGroup[] {
  const byKey = new Map<string, { terms: Set<string>; items: GroupItem[]; lastAt: string; count: number }>();
  for (const item of items) {
    const terms = questionTerms(item.text);
    const key = terms.size > 0 ? [...terms].sort().join(" ") : `\u0000${normalizeWording(item.text)}`;
    const entry = byKey.get(key);
    if (entry) {
      entry.count += item.count ?? 1;
      entry.items.push(item);
      if (item.at > entry.lastAt) entry.lastAt = item.at;
    } else byKey.set(key, { terms, items: [item], lastAt: item.at, count: item.count ?? 1 });
  }
  const keys = [...byKey.entries()].sort(
    ([ka, a], [kb, b]) => b.count - a.count || b.lastAt.localeCompare(a.lastAt) || ka.localeCompare(kb),
  );

  const clusters: Cluster[] = [];
  for (const [, entry] of keys) {
    let best: Cluster | undefined;
    let bestScore = -1;
    for (const cluster of clusters) {
      if (!similar(cluster.seed, entry.terms, threshold)) continue;
      const score = jaccard(cluster.seed, entry.terms);
      if (score > bestScore) {
        best = cluster;
        bestScore = score;
      }
    }
    const cluster: Cluster = best ?? {
      seed: entry.terms,
      count: 0,
      lastAt: "",
      wordings: new Map(),
      sources: new Map(),
    };
    if (!best) clusters.push(cluster);
    for (const item of entry.items) {
      const n = item.count ?? 1;
      cluster.count += n;
      if (item.at > cluster.lastAt) cluster.lastAt = item.at;
      const norm = normalizeWording(item.text);
      const wording = cluster.wordings.get(norm);
      if (!wording) cluster.wordings.set(norm, { text: item.text.trim(), count: n, lastAt: item.at });
      else {
        wording.count += n;
        if (item.at >= wording.lastAt) {
          wording.lastAt = item.at;
          wording.text = item.text.trim();
        }
      }
      for (const source of new Set(item.sources ?? [])) {
        cluster.sources.set(source, (cluster.sources.get(source) ?? 0) + n);
      }
    }
  }

  return clusters
    .map((c) => {
      const wordings = [...c.wordings.values()].sort(
        (a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt),
      );
      const group: QuestionGroup = {
        question: wordings[0]?.text ?? "",
        count: c.count,
        lastAt: c.lastAt,
        wordings: wordings.map(({ text, count }) => ({ text, count })),
      };
      if (c.sources.size > 0) group.sources = ranked(c.sources).map(([source, count]) => ({ source, count }));
      return group;
    })
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt));
}

function ranked(counts: Map<string, number>): [string, number][] {
  return [...counts.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

// ---------------------------------------------------------------------------------------------
// The report.

export interface DayRow {
  day: string;
  /** Questions answered or not, rate-limited ones excluded. */
  questions: number;
  answered: number;
  /** answered / questions, 0–1; null without questions. */
  share: number | null;
  rateLimited: number;
}

export interface Report {
  period: Period & { days: number; timeZone: string };
  /** Lines of the log that could not be read (the whole file, not only the period). */
  unreadableLines: number;
  /** Every question event of the period, rate-limited ones included. */
  questions: number;
  rateLimited: number;
  /** Questions cut to the length limit. */
  truncated: number;
  /** Questions the bot really tried to answer (not rate-limited). */
  asked: number;
  answered: number;
  /** answered / asked, 0–1; null when nothing was asked. */
  answeredShare: number | null;
  /** Distinct user hashes (stable only with a stable salt; web sessions count as users). */
  users: number;
  /** Questions asked (not rate-limited) by channel. */
  channels: Partial<Record<ChannelKind, number>>;
  /** Of the questions asked, in milliseconds. */
  latencyMs: { p50: number | null; p95: number | null };
  perDay: DayRow[];
  /** The last vote of each user on each answer. */
  votes: { up: number; down: number };
  unanswered: QuestionGroup[];
  downVoted: QuestionGroup[];
  /** How many answers cited each source, most cited first. */
  topSources: { source: string; count: number }[];
}

export interface ReportOptions {
  period: Period;
  timeZone?: string;
  similarity?: number;
  /** Most cited sources listed. Default 10. */
  topSources?: number;
  unreadableLines?: number;
}

/** Nearest-rank percentile of sorted numbers; null for none. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? null;
}

/**
 * The report, built one event at a time, so that `npm run report` reads the log as a stream:
 * what is kept is counts (per day, channel, source, latency value), the distinct users, the last
 * vote per user and answer, and each distinct unanswered wording of the period once with its
 * count. Memory grows with those, not with the log's size.
 *
 * A 👎 that does not carry its question (the answer was no longer in memory) takes it from the
 * question event of the same answer: `missingQuestions()` lists those answers, and
 * `addQuestionSource()` fills them from a second read of the log (report-cli.ts); most logs need
 * none.
 */
/** Votes older than this, before the latest line read, can no longer change (a vote is taken within 7 days). */
const VOTE_HORIZON_MS = 8 * 86_400_000;
const SWEEP_EVERY_MS = 3_600_000;

/** What the report keeps of a vote: its time, and for a 👎 what its group needs. */
interface Vote {
  vote: "up" | "down";
  /** Milliseconds since 1970, to compare with the next vote of the same user on the same answer. */
  time: number;
  /** For a 👎 only. */
  at?: string;
  answerId?: string;
  question?: string;
  sources?: string[];
}

export class ReportBuilder {
  private readonly timeZone: string;
  private readonly since: string;
  private readonly until: string;
  private questions = 0;
  private asked = 0;
  private answered = 0;
  private truncated = 0;
  private readonly days = new Map<string, DayRow>();
  private readonly channels: Partial<Record<ChannelKind, number>> = {};
  private readonly users = new Set<string>();
  private readonly sources = new Map<string, number>();
  /** Latency value → how many questions took it: exact percentiles in bounded memory. */
  private readonly latencies = new Map<number, number>();
  private readonly unanswered = new Map<string, GroupItem>();
  /**
   * The last vote per answer and user, for the votes of the last VOTE_HORIZON_MS of the log
   * (only what the report uses, texts shared, see `intern`). Older ones can no longer change (a
   * vote is taken within 7 days of its answer) and are counted into `settled`, so memory holds
   * about a week of votes, whatever the log's length.
   */
  private readonly lastVotes = new Map<string, Vote>();
  private readonly settled = { up: 0, down: 0 };
  /** Settled 👎 by question and sources, with their count and latest time. */
  private readonly settledDown = new Map<string, GroupItem>();
  /** Settled 👎 that lack their question: filled from the question events at the end. */
  private readonly settledMissing: Vote[] = [];
  private sweptAt = 0;
  /** One copy of each question text and source list met in votes (JSON.parse makes a new one per line). */
  private readonly texts = new Map<string, string>();
  private readonly sourceLists = new Map<string, string[]>();
  /** The question event of answers whose 👎 lacks it, filled by `addQuestionSource`. */
  private readonly questionsById = new Map<string, QuestionEvent>();
  /** The day of each minute met (formatting a date in a time zone is the costly part). */
  private readonly dayCache = new Map<string, string>();

  constructor(private readonly options: ReportOptions) {
    this.timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
    this.since = options.period.since;
    this.until = options.period.until;
  }

  private day(at: string): string {
    // Events of the same minute fall on the same day in any time zone.
    const minute = at.slice(0, 16);
    let day = this.dayCache.get(minute);
    if (day === undefined) {
      day = dayOf(at, this.timeZone);
      if (this.dayCache.size > 100_000) this.dayCache.clear();
      this.dayCache.set(minute, day);
    }
    return day;
  }

  private inPeriod(at: string): boolean {
    const day = this.day(at);
    return day >= this.since && day <= this.until;
  }

  add(e: BotEvent): void {
    if (e.type === "question") {
      if (!this.inPeriod(e.at)) return;
      this.addQuestion(e);
      return;
    }
    if (!this.inPeriod(e.at)) return;
    // A user may vote, then change their vote: their last vote on an answer counts.
    const key = `${e.answerId}\u0000${e.user ?? ""}`;
    const previous = this.lastVotes.get(key);
    const time = Date.parse(e.at);
    if (time - this.sweptAt > SWEEP_EVERY_MS) this.settle(time);
    if (!previous || time >= previous.time) {
      const vote: Vote = { vote: e.vote, time };
      if (e.vote === "down") {
        vote.at = e.at;
        vote.answerId = e.answerId;
        if (e.question !== undefined) vote.question = this.intern(e.question);
        if (e.sources !== undefined) vote.sources = this.internSources(e.sources);
      }
      this.lastVotes.set(key, vote);
    }
  }

  /** Counts the votes that no later line can change, and forgets them. */
  private settle(now: number): void {
    this.sweptAt = now;
    for (const [key, v] of this.lastVotes) {
      if (v.time >= now - VOTE_HORIZON_MS) continue;
      this.lastVotes.delete(key);
      this.settled[v.vote]++;
      if (v.vote !== "down") continue;
      if (v.question === undefined || v.sources === undefined) {
        this.settledMissing.push(v);
        continue;
      }
      const group = `${v.question}\u0000${v.sources.join("\u0000")}`;
      const item = this.settledDown.get(group);
      if (!item)
        this.settledDown.set(group, { text: v.question, at: v.at ?? "", sources: v.sources, count: 1 });
      else {
        item.count = (item.count ?? 1) + 1;
        if ((v.at ?? "") >= item.at) item.at = v.at ?? "";
      }
    }
  }

  private intern(text: string): string {
    const known = this.texts.get(text);
    if (known !== undefined) return known;
    this.texts.set(text, text);
    return text;
  }

  private internSources(list: string[]): string[] {
    const key = list.join("\u0000");
    const known = this.sourceLists.get(key);
    if (known) return known;
    this.sourceLists.set(key, list);
    return list;
  }

  private addQuestion(q: QuestionEvent): void {
    this.questions++;
    if (q.truncated) this.truncated++;
    const day = this.day(q.at);
    let row = this.days.get(day);
    if (!row) {
      row = { day, questions: 0, answered: 0, share: null, rateLimited: 0 };
      this.days.set(day, row);
    }
    if (q.user) this.users.add(q.user);
    if (q.rateLimited) {
      row.rateLimited++;
      return;
    }
    this.asked++;
    row.questions++;
    this.channels[q.channel] = (this.channels[q.channel] ?? 0) + 1;
    if (Number.isFinite(q.latencyMs))
      this.latencies.set(q.latencyMs, (this.latencies.get(q.latencyMs) ?? 0) + 1);
    if (q.answered) {
      this.answered++;
      row.answered++;
      for (const s of new Set(q.sources)) this.sources.set(s, (this.sources.get(s) ?? 0) + 1);
      return;
    }
    const item = this.unanswered.get(q.question);
    if (!item) this.unanswered.set(q.question, { text: q.question, at: q.at, count: 1 });
    else {
      item.count = (item.count ?? 1) + 1;
      if (q.at >= item.at) item.at = q.at;
    }
  }

  /** Answers whose last 👎 lacks its question or sources: read their question events again. */
  missingQuestions(): Set<string> {
    const ids = new Set<string>();
    for (const f of [...this.settledMissing, ...this.lastVotes.values()]) {
      if (f.vote === "down" && f.answerId && (f.question === undefined || f.sources === undefined))
        ids.add(f.answerId);
    }
    return ids;
  }

  /** Remembers question events of the answers `missingQuestions()` named (the last one wins). */
  addQuestionSource(e: BotEvent, wanted: ReadonlySet<string>): void {
    if (e.type === "question" && wanted.has(e.answerId)) this.questionsById.set(e.answerId, e);
  }

  /** The report; `unreadableLines` overrides the option (the count is known once the log is read). */
  finish(unreadableLines?: number): Report {
    for (const row of this.days.values()) row.share = row.questions ? row.answered / row.questions : null;
    const votes = { ...this.settled };
    const downItems: GroupItem[] = [...this.settledDown.values()];
    for (const f of this.settledMissing) {
      const q = this.questionsById.get(f.answerId ?? "");
      downItems.push({
        text: f.question ?? q?.question ?? "",
        at: f.at ?? "",
        sources: f.sources ?? q?.sources,
      });
    }
    for (const f of this.lastVotes.values()) {
      votes[f.vote]++;
      if (f.vote !== "down") continue;
      const q = this.questionsById.get(f.answerId ?? "");
      downItems.push({
        text: f.question ?? q?.question ?? "",
        at: f.at ?? "",
        sources: f.sources ?? q?.sources,
      });
    }
    const sorted = [...this.latencies.entries()].sort((a, b) => a[0] - b[0]);
    const at = (p: number): number | null => {
      if (this.asked === 0 || sorted.length === 0) return null;
      const total = sorted.reduce((n, [, c]) => n + c, 0);
      const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
      let seen = 0;
      for (const [value, count] of sorted) {
        seen += count;
        if (seen >= rank) return value;
      }
      return null;
    };
    const options = this.options;
    return {
      period: {
        since: this.since,
        until: this.until,
        days: daysBetween(options.period),
        timeZone: this.timeZone,
      },
      unreadableLines: unreadableLines ?? options.unreadableLines ?? 0,
      questions: this.questions,
      rateLimited: this.questions - this.asked,
      truncated: this.truncated,
      asked: this.asked,
      answered: this.answered,
      answeredShare: this.asked ? this.answered / this.asked : null,
      users: this.users.size,
      channels: this.channels,
      latencyMs: { p50: at(50), p95: at(95) },
      perDay: [...this.days.values()].sort((a, b) => a.day.localeCompare(b.day)),
      votes,
      unanswered: groupQuestions([...this.unanswered.values()], options.similarity),
      downVoted: groupQuestions(downItems, options.similarity),
      topSources: ranked(this.sources)
        .slice(0, options.topSources ?? 10)
        .map(([source, count]) => ({ source, count })),
    };
  }
}

/**
 * Builds the report of `events` for the period. Events outside it are used only to find the
 * question a vote is about (when the vote did not carry it).
 */
export function buildReport(events: BotEvent[], options: ReportOptions): Report {
  const builder = new ReportBuilder(options);
  for (const e of events) builder.add(e);
  const wanted = builder.missingQuestions();
  if (wanted.size > 0) for (const e of events) builder.addQuestionSource(e, wanted);
  return builder.finish();
}

// ---------------------------------------------------------------------------------------------
// Text.

function percent(share: number | null): string {
  return share === null ? "–" : `${Math.round(share * 100)}%`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * Users' words as the report shows them: on one line, and inert if the report is pasted into
 * Slack or Mattermost (a word joiner after "@" and "<!", so "@channel" or "<!here>" pings nobody).
 */
function quoted(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").replace(/@/g, "@\u2060").replace(/<!/g, "<\u2060!").trim();
  if (!flat) return "(empty message)";
  return `“${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}”`;
}

function ms(n: number | null): string {
  return n === null ? "–" : n >= 100 ? `${Math.round(n)} ms` : `${Number(n.toFixed(1))} ms`;
}

function table(header: string[], rows: string[][], right: boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const cell = (text: string, i: number) =>
    right[i] ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0);
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? `${"-".repeat(Math.max(1, w - 1))}:` : "-".repeat(w))).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)];
}

function groupLines(
  groups: QuestionGroup[],
  timeZone: string,
  limit: number,
  withSources: boolean,
): string[] {
  const lines: string[] = [];
  const width = String(groups[0]?.count ?? 1).length;
  for (const g of groups.slice(0, limit)) {
    const others = g.wordings.length - 1;
    lines.push(
      `- ${`×${g.count}`.padStart(width + 1)}  ${quoted(g.question)} — last ${dayOf(g.lastAt, timeZone)}` +
        (others > 0 ? ` (${plural(others, "other wording")})` : ""),
    );
    for (const w of g.wordings.slice(1, 3))
      lines.push(`  ${" ".repeat(width + 1)}  also ${quoted(w.text, 120)}`);
    if (withSources && g.sources?.length) {
      lines.push(
        `  ${" ".repeat(width + 1)}  sources: ${g.sources
          .slice(0, 3)
          .map((s) => s.source)
          .join("; ")}`,
      );
    }
  }
  if (groups.length > limit)
    lines.push(`- … and ${plural(groups.length - limit, "more group")} (--json lists them all)`);
  return lines;
}

/** The report as Markdown-like text for a terminal or a message. */
export function renderReport(report: Report, options: { log?: string; limit?: number } = {}): string {
  const limit = options.limit ?? 20;
  const { period } = report;
  const out: string[] = [];
  out.push(
    `# EIG bot — questions from ${period.since} to ${period.until} (${plural(period.days, "day")}, ${period.timeZone})`,
  );
  if (options.log) out.push(`Log: ${options.log}`);
  if (report.unreadableLines > 0) {
    out.push(
      `${plural(report.unreadableLines, "line")} of the log could not be read and ${report.unreadableLines === 1 ? "was" : "were"} skipped.`,
    );
  }
  out.push("");

  if (report.questions === 0 && report.votes.up + report.votes.down === 0) {
    out.push("No question and no vote in this period.");
    return `${out.join("\n")}\n`;
  }

  out.push("## Summary", "");
  const extra: string[] = [];
  if (report.rateLimited) extra.push(`${report.rateLimited} more refused by the rate limit`);
  if (report.truncated) extra.push(`${report.truncated} cut to the length limit`);
  out.push(
    `- Questions: ${report.asked}${extra.length ? ` (${extra.join("; ")})` : ""}, from ${plural(report.users, "user")}`,
  );
  out.push(`- Answered: ${report.answered} of ${report.asked} (${percent(report.answeredShare)})`);
  out.push(`- Votes: ${report.votes.up} 👍, ${report.votes.down} 👎`);
  out.push(
    `- Time to answer: median ${ms(report.latencyMs.p50)}, 95th percentile ${ms(report.latencyMs.p95)}`,
  );
  const channels = Object.entries(report.channels)
    .sort(([a, x], [b, y]) => (y ?? 0) - (x ?? 0) || a.localeCompare(b))
    .map(([c, n]) => `${c} ${n}`);
  if (channels.length) out.push(`- Channels: ${channels.join(", ")}`);
  out.push("");

  out.push("## Questions per day", "");
  if (report.perDay.length === 0) out.push("No question in this period.");
  else {
    const limited = report.rateLimited > 0;
    const header = ["day", "questions", "answered", "share", ...(limited ? ["rate-limited"] : [])];
    const rows = report.perDay.map((r) => [
      r.day,
      String(r.questions),
      String(r.answered),
      percent(r.share),
      ...(limited ? [String(r.rateLimited)] : []),
    ]);
    out.push(...table(header, rows, [false, true, true, true, true]));
    if (report.perDay.length < period.days) out.push("", "Days without questions are not listed.");
  }
  out.push("");

  const unansweredCount = report.unanswered.reduce((n, g) => n + g.count, 0);
  out.push(
    `## Unanswered questions (${unansweredCount}, ${plural(report.unanswered.length, "group")})`,
    "",
    ...(report.unanswered.length
      ? groupLines(report.unanswered, period.timeZone, limit, false)
      : ["Every question was answered."]),
    "",
  );

  out.push(
    `## Answers voted 👎 (${report.votes.down}, ${plural(report.downVoted.length, "group")})`,
    "",
    ...(report.downVoted.length
      ? groupLines(report.downVoted, period.timeZone, limit, true)
      : ["No 👎 vote."]),
    "",
  );

  out.push("## Most cited sources", "");
  if (report.topSources.length === 0) out.push("No source cited.");
  const width = String(report.topSources[0]?.count ?? 1).length;
  for (const s of report.topSources) out.push(`- ${String(s.count).padStart(width)}  ${s.source}`);
  return `${out.join("\n")}\n`;
}
