/**
 * Finds which promotion (cohort) a text is about: "promo 3", "3e promotion", "2ème promotion",
 * "EIG 3", "EIG3", "la troisième promotion", "third cohort", "cohort 2", "2e vague". Used on
 * passages at load time and on questions at answer time, so both read promotions the same way.
 */
import { fold } from "../search/analyzer.js";

const NOUN = "(?:promotions?|promos?|cohortes?|cohorts?|vagues?|saisons?|editions?|batch|class|generations?)";

const ORDINAL_WORDS: Record<string, number> = {
  premiere: 1,
  premier: 1,
  first: 1,
  deuxieme: 2,
  seconde: 2,
  second: 2,
  troisieme: 3,
  third: 3,
  quatrieme: 4,
  fourth: 4,
  cinquieme: 5,
  fifth: 5,
  sixieme: 6,
  sixth: 6,
};
const ORDINAL_ALTERNATION = Object.keys(ORDINAL_WORDS).join("|");

const PATTERNS: RegExp[] = [
  // "3e promotion", "2ème promotion", "1re promo", "3rd cohort", "3 e promotion"
  new RegExp(`\\b(\\d{1,2})\\s*(?:e|er|ere|re|eme|em|me|nd|rd|th|st)?\\s+(?:\\w+\\s+)?${NOUN}\\b`, "g"),
  // "promo 3", "promotion n°2", "cohort #3", "promotion eig 3"
  new RegExp(
    `\\b${NOUN}\\s*(?:eig\\s*)?(?:n°|no\\.?|numero|number|#)?\\s*(\\d{1,2})\\b(?!\\s*(?:\\d|%|€|mois|ans|jours|defis|eig))`,
    "g",
  ),
  // "EIG 3", "EIG3", "eig#2" — but not "EIG 2018" and not "3 EIG" (a headcount)
  /\beig\s*#?\s*(\d)\b(?![\d,.]|\s*(?:%|€|mois|defis))/g,
  // "la troisième promotion", "the third cohort", "seconde vague"
  new RegExp(`\\b(${ORDINAL_ALTERNATION})\\s+(?:\\w+\\s+)?${NOUN}\\b`, "g"),
];

/** Bare ordinals and numbers count in short questions only ("et la troisième ?", "et la 2 ?"). */
const BARE_ORDINAL = new RegExp(
  `\\b(${ORDINAL_ALTERNATION}|\\d{1,2}\\s*(?:e|eme|ere|re|nd|rd|th))\\b|\\b(?:la|le|for|pour)\\s+(\\d)\\s*\\??\\s*$`,
  "g",
);

function toNumber(token: string): number | undefined {
  const word = ORDINAL_WORDS[token];
  if (word !== undefined) return word;
  const n = Number.parseInt(token, 10);
  return Number.isFinite(n) && n >= 1 && n <= 20 ? n : undefined;
}

/**
 * Promotions mentioned in `text`, in order of first mention, without repeats.
 * `loose` also accepts a bare ordinal ("troisième", "3e"): for short follow-up questions.
 */
export function findPromotions(text: string, options: { loose?: boolean } = {}): number[] {
  const normalized = fold(text.toLowerCase()).replace(/[’‘ʼ]/g, "'");
  const found: { at: number; n: number }[] = [];
  const patterns = options.loose ? [...PATTERNS, BARE_ORDINAL] : PATTERNS;
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (const m of normalized.matchAll(pattern)) {
      const raw = m[1] ?? m[2] ?? "";
      const token = raw.replace(/\D+$/, "").trim() || raw;
      const n = toNumber(token.trim());
      if (n !== undefined) found.push({ at: m.index ?? 0, n });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.n))];
}
