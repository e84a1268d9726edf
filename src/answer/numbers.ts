/**
 * Numbers written in words or digits ("Dix défis", "15 défis", "trente-deux", "fifteen"), for
 * counting questions. Only what counts in this domain: 0 to 100 in French and English.
 */
const UNITS_FR = [
  "zéro",
  "un",
  "deux",
  "trois",
  "quatre",
  "cinq",
  "six",
  "sept",
  "huit",
  "neuf",
  "dix",
  "onze",
  "douze",
  "treize",
  "quatorze",
  "quinze",
  "seize",
];
const TENS_FR: Record<string, number> = { vingt: 20, trente: 30, quarante: 40, cinquante: 50, soixante: 60 };
const EN: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
};

const WORDS = new Map<string, number>();
UNITS_FR.forEach((w, i) => {
  WORDS.set(w, i);
});
WORDS.set("une", 1);
for (const [w, n] of Object.entries(EN)) WORDS.set(w, n);
for (const [tens, n] of Object.entries(TENS_FR)) {
  WORDS.set(tens, n);
  for (let u = 1; u <= 9; u++) {
    const unit = UNITS_FR[u] as string;
    WORDS.set(u === 1 ? `${tens}-et-un` : `${tens}-${unit}`, n + u);
    if (u === 1) WORDS.set(`${tens} et un`, n + 1);
  }
}
for (let u = 7; u <= 9; u++) WORDS.set(`dix-${UNITS_FR[u]}`, 10 + u);

/** Alternation for regexes, longest first so "trente-deux" wins over "trente". */
export const NUMBER_WORDS = [...WORDS.keys()].sort((a, b) => b.length - a.length).join("|");

/** The value of "15", "quinze", "Trente-deux", "fifteen"; undefined when it is not a number. */
export function parseNumber(token: string): number | undefined {
  const t = token.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  return WORDS.get(t);
}
