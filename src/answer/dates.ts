/**
 * Dates in French (and English) prose: "le 15 octobre 2018 à 17h", "les 6, 7 et 8 novembre 2018",
 * "du 13 septembre au 15 octobre 2018", "janvier 2019", "courant janvier 2019", "avant le 27
 * octobre", "October 15, 2018", "15/10/2018". Hand-written because chrono-node, the maintained
 * parser, misses "janvier 2018", day lists and "avant le"/"jusqu'au" in French (measured), and
 * guesses missing years from the wrong reference.
 *
 * A date without a year takes one from the same sentence ("du 13 septembre au 15 octobre 2018"),
 * else from the nearest dated mention in the same document, else from the document's date; it is
 * then marked `yearInferred` so the answer can say so.
 */
import { fold } from "../search/analyzer.js";

const MONTHS: Record<string, number> = {
  janvier: 1,
  janv: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  mars: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  septembre: 9,
  sept: 9,
  octobre: 10,
  oct: 10,
  novembre: 11,
  nov: 11,
  decembre: 12,
  dec: 12,
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  october: 10,
  november: 11,
  december: 12,
};
const MONTH = `(${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|")})\\.?`;
const DAY = "(?:1er|1re|\\d{1,2})";

/** Day list + month + year? + time?: "6, 7 et 8 novembre 2018", "15 octobre 2018 à 17h". */
const DAY_MONTH = new RegExp(
  `\\b(${DAY}(?:\\s*(?:,|et|and|au|a|-|–)\\s*${DAY})*)\\s+${MONTH}(?:\\s+(\\d{4}))?(?:\\s*(?:a|at|,)\\s*(\\d{1,2})\\s*(?:h|:)\\s*(\\d{2})?)?(?![\\p{L}])`,
  "giu",
);
/** English "October 15, 2018". */
const MONTH_DAY = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "gi");
/** Month + year: "janvier 2019", "mi-septembre 2017". */
const MONTH_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{4})\\b`, "gi");
/** Month alone after a preposition: "en novembre", "courant janvier", "mi-septembre". */
const MONTH_ALONE = new RegExp(
  `\\b(?:en|mi|courant|debut|fin|mois de|au mois de|in|from|until)[\\s-]+${MONTH}(?![\\p{L}]|\\s+\\d{4})`,
  "giu",
);
/** 15/10/2018 and 2018-10-15. */
const NUMERIC = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b/g;

export interface DateMention {
  /** The words as written in the sentence. */
  text: string;
  /** Where they start in the sentence. */
  index: number;
  year: number;
  month: number;
  /** Days named (several for "les 6, 7 et 8 novembre"); empty for a whole month. */
  days: number[];
  /** "17h", "17h30" when a time is given. */
  time?: string;
  /** The year was not written: it was inferred (see the module comment). */
  yearInferred: boolean;
  /** Inferred from outside the sentence, and not the year of the document's date: neither the
   * quote nor its source's date shows it. */
  yearOutside?: boolean;
}

interface RawMention {
  text: string;
  index: number;
  year?: number;
  month: number;
  days: number[];
  time?: string;
}

function dayValue(token: string): number {
  return /^1(er|re)$/i.test(token) ? 1 : Number(token);
}

/** Date mentions as written, years possibly missing. Works on folded text, returns original spans. */
function rawMentions(sentence: string): RawMention[] {
  // Folding keeps length for Latin letters with accents, so indexes map back to the original.
  const folded = fold(sentence);
  const sameLength = folded.length === sentence.length;
  const source = sameLength ? folded : sentence;
  const found: RawMention[] = [];
  const taken: [number, number][] = [];
  const free = (start: number, end: number) => taken.every(([s, e]) => end <= s || start >= e);
  const take = (m: RegExpExecArray, mention: Omit<RawMention, "text" | "index">) => {
    const start = m.index;
    const end = start + m[0].length;
    if (!free(start, end)) return;
    taken.push([start, end]);
    found.push({ ...mention, text: sentence.slice(start, end).trim(), index: start });
  };

  for (const m of source.matchAll(DAY_MONTH)) {
    const month = MONTHS[(m[2] ?? "").toLowerCase()];
    if (!month) continue;
    const days = (m[1] ?? "")
      .split(/\s*(?:,|et|and|au|a|-|–)\s*/i)
      .filter(Boolean)
      .map(dayValue);
    if (days.some((d) => d < 1 || d > 31)) continue;
    const time = m[4] ? `${Number(m[4])}h${m[5] ?? ""}` : undefined;
    take(m as RegExpExecArray, { month, days, year: m[3] ? Number(m[3]) : undefined, time });
  }
  for (const m of source.matchAll(MONTH_DAY)) {
    const month = MONTHS[(m[1] ?? "").toLowerCase()];
    if (month) take(m as RegExpExecArray, { month, days: [Number(m[2])], year: Number(m[3]) });
  }
  for (const m of source.matchAll(MONTH_YEAR)) {
    const month = MONTHS[(m[1] ?? "").toLowerCase()];
    if (month) take(m as RegExpExecArray, { month, days: [], year: Number(m[2]) });
  }
  for (const m of source.matchAll(MONTH_ALONE)) {
    const month = MONTHS[(m[1] ?? "").toLowerCase()];
    // "mai" and "mars" are months but "en mai" is safe; "may" in English is a verb: skip it alone.
    if (month && (m[1] ?? "").toLowerCase() !== "may") take(m as RegExpExecArray, { month, days: [] });
  }
  for (const m of source.matchAll(NUMERIC)) {
    const [d, mo, y] = m[1] ? [m[1], m[2], m[3]] : [m[6], m[5], m[4]];
    const month = Number(mo);
    const day = Number(d);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31)
      take(m as RegExpExecArray, { month, days: [day], year: Number(y) });
  }
  return found.sort((a, b) => a.index - b.index);
}

function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

export interface DateContext {
  /** Explicit (year, month) pairs written elsewhere in the same document. */
  documentMonths?: { year: number; month: number }[];
  /** The document's date (YYYY-MM-DD). */
  documentDate?: string;
}

/** Every (year, month) written with its year in a text: the context for inferring missing years. */
export function explicitMonths(text: string): { year: number; month: number }[] {
  return rawMentions(text)
    .filter((m) => m.year !== undefined)
    .map((m) => ({ year: m.year as number, month: m.month }));
}

/** A year the answer's source does not show: neither the sentence nor the document's date holds it. */
function outside(year: number, context: DateContext): { yearOutside?: true } {
  return context.documentDate?.startsWith(String(year)) ? {} : { yearOutside: true };
}

/** Date mentions of a sentence, each with a year (written or inferred). */
export function findDates(sentence: string, context: DateContext = {}): DateMention[] {
  const raw = rawMentions(sentence);
  return raw.flatMap((m, i): DateMention[] => {
    if (m.year !== undefined) return [{ ...m, year: m.year, yearInferred: false }];
    // 1. A later mention in the same sentence: "du 13 septembre au 15 octobre 2018".
    const later = raw.slice(i + 1).find((n) => n.year !== undefined);
    if (later?.year !== undefined) {
      return [{ ...m, year: m.month > later.month ? later.year - 1 : later.year, yearInferred: true }];
    }
    // 2. The nearest dated mention of the document.
    const known = context.documentMonths ?? [];
    if (known.length > 0) {
      let best: { year: number; distance: number } | undefined;
      for (const k of known) {
        for (const year of [k.year - 1, k.year, k.year + 1]) {
          const distance = Math.abs(monthIndex(year, m.month) - monthIndex(k.year, k.month));
          if (!best || distance < best.distance) best = { year, distance };
        }
      }
      if (best) return [{ ...m, year: best.year, yearInferred: true, ...outside(best.year, context) }];
    }
    // 3. The document's date: the first such month on or after two months before it.
    if (context.documentDate) {
      const [y, mo] = context.documentDate.split("-").map(Number) as [number, number];
      const year = monthIndex(y, m.month) < monthIndex(y, mo) - 2 ? y + 1 : y;
      return [{ ...m, year, yearInferred: true, ...outside(year, context) }];
    }
    return [];
  });
}

/** The last instant a mention covers: the end of its last day, or of its month. */
export function endOf(mention: DateMention): Date {
  const lastDay =
    mention.days.length > 0
      ? Math.max(...mention.days)
      : new Date(Date.UTC(mention.year, mention.month, 0)).getUTCDate();
  return new Date(Date.UTC(mention.year, mention.month - 1, lastDay, 23, 59, 59));
}

const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const FR_MONTHS = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];

/** "15 October 2018 at 17h" / "15 octobre 2018 à 17h"; "6, 7 and 8 November 2018"; "January 2019". */
export function formatMention(mention: DateMention, language: "fr" | "en"): string {
  const months = language === "en" ? EN_MONTHS : FR_MONTHS;
  const and = language === "en" ? "and" : "et";
  const days = mention.days.map((d) => (d === 1 && language === "fr" ? "1er" : String(d)));
  const dayText =
    days.length > 1 ? `${days.slice(0, -1).join(", ")} ${and} ${days[days.length - 1]}` : (days[0] ?? "");
  // A year read from elsewhere in the document is no figure of the quote: it is not written (the
  // answer says the year is not given next to the date); it still dates the mention as past or not.
  const year = mention.yearOutside ? "" : ` ${mention.year}`;
  const base = `${dayText ? `${dayText} ` : ""}${months[mention.month - 1]}${year}`;
  return mention.time ? `${base} ${language === "en" ? "at" : "à"} ${mention.time}` : base;
}
