/**
 * The text analyzer: one function turns text into search terms, used both when indexing
 * passages and when reading questions, so that both sides always agree.
 *
 *   "L’éligibilité des étudiant·e·s" → ["eligibil", "etudi"]
 *
 * Steps: lower case → typographic apostrophes made plain → French elisions split (l', d', qu',
 * j', n', s', c', m', t', jusqu'…) → words split on anything that is not a letter or digit →
 * stop words dropped (Snowball-sized French list, which keeps "quand", "combien", "deux"…, plus
 * a short English list) → accents folded → Snowball French stem (@orama/stemmers, memoised).
 *
 * Folding comes before stemming, against the Snowball habit: people type in chat without
 * accents, and stemming the accented word gives another stem for one word in five of our corpus
 * ("éligibilité" → "eligibil" but "eligibilite" → "eligibilit"). Folding first makes both the
 * same term; the stems lose a little Snowball precision on accented suffixes, which costs less.
 */
import { stemmer as frenchStemmer } from "@orama/stemmers/french";
import { stopwords as frenchStopwords } from "@orama/stopwords/french";

/** Anything but printable ASCII and common spaces: text without one has nothing to fold. */
const NON_ASCII = /[^\t\n\r -~]/;

/** Removes accents and ligatures: "Œuvre élève" → "Oeuvre eleve". Case is kept. */
export function fold(text: string): string {
  // Most words and many sentences are plain ASCII: NFD and the replacements would give them back.
  if (!NON_ASCII.test(text)) return text;
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/œ/g, "oe")
    .replace(/Œ/g, "OE")
    .replace(/æ/g, "ae")
    .replace(/Æ/g, "AE")
    .replace(/ß/g, "ss");
}

/**
 * Like `fold`, but one character in, one character out ("œ" → "o"), so that an index found in the
 * folded text is the same in the original: for quoting the words a pattern matched.
 */
export function foldKeepingLength(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  // Passage text is NFC (see knowledge/markdown.ts): each accented letter is one code unit that
  // decomposes into its base letter plus marks, so dropping the marks keeps the length.
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[œæŒÆ]/g, (c) => ({ œ: "o", æ: "a", Œ: "O", Æ: "A" })[c] ?? c);
}

/** English function words: questions come in English too. */
const ENGLISH_STOPWORDS = (
  "a an the of to in on at by for from with into about as and or is are was were be been am do does did " +
  "have has had i you he she we they it its my your our their me us them this that these those there what " +
  "where how why when whose here which who whom can could should would will shall may might must if so any " +
  "some much many each every not get want like"
).split(" ");

/**
 * French words the Snowball list lacks: elided forms and fillers, and the infinitives and forms
 * of auxiliaries and modals ("avoir", "faut", "peut", "fait"), which carry no topic.
 */
const EXTRA_FRENCH_STOPWORDS = (
  "jusqu lorsqu puisqu quoiqu qu est-ce ca cela etc elles celle celles celui ceux " +
  "avoir être etre faire faut falloir peut peux peuvent pouvoir puis dois doit devoir veux veut vouloir " +
  "fait faites fais font va vont aller"
).split(" ");

export const STOPWORDS: ReadonlySet<string> = new Set([
  ...frenchStopwords,
  ...ENGLISH_STOPWORDS,
  ...EXTRA_FRENCH_STOPWORDS,
]);

const APOSTROPHES = /[’‘ʼ`´′]/g;
const ELISION = /\b(l|d|j|n|s|c|m|t|qu|jusqu|lorsqu|puisqu|quoiqu)'/gi;
// "4 000 €" and "10 000" are one number; spaces include no-break and narrow no-break spaces.
const DIGIT_GROUPS = /(\d)[\s\u00a0\u202f](?=\d{3}(?!\d))/g;
const WORD = /[\p{L}\p{N}]+/gu;
const HYPHENATED = /\p{L}+(?:-\p{L}+)+/gu;
const PRONOUNS = new Set([
  "je",
  "tu",
  "il",
  "elle",
  "on",
  "nous",
  "vous",
  "ils",
  "elles",
  "ce",
  "ci",
  "là",
  "moi",
  "toi",
  "lui",
]);

const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, string>();
/** Word → term (or null), memoised: the same words come back in every passage and question. */
const termCache = new Map<string, string | null>();

/** Snowball French stem of a lower-case word, accents folded first; memoised. */
export function stem(word: string): string {
  let cached = stemCache.get(word);
  if (cached === undefined) {
    cached = /^\d+$/.test(word) ? word : frenchStemmer(fold(word));
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, cached);
  }
  return cached;
}

/** Lower-case words of `text` with elisions split, before stop words and stemming. */
export function words(text: string): string[] {
  const prepared = text
    .toLowerCase()
    .replace(APOSTROPHES, "'")
    .replace(ELISION, "$1 ")
    .replace(DIGIT_GROUPS, "$1");
  const found = prepared.match(WORD) ?? [];
  // "pré-sélection" is also "présélection", "e-mail" also "email": the joined word is added so
  // that either spelling finds the other.
  // Not for "puis-je", "sont-ils", "fera-t-il": a pronoun after a verb is no compound.
  if (!prepared.includes("-")) return found;
  const joined = (prepared.match(HYPHENATED) ?? [])
    .filter((h) =>
      h.split("-").every((part) => part.length >= 2 && !STOPWORDS.has(part) && !PRONOUNS.has(part)),
    )
    .map((h) => h.replace(/-/g, ""));
  return joined.length > 0 ? [...found, ...joined] : found;
}

/**
 * One word (from `words`) → its search term, or null for a stop word or a lone letter (digits stay:
 * "2 ou 3" matters). This is MiniSearch's `processTerm`, with `words` as its `tokenize`.
 */
export function processTerm(word: string): string | null {
  let term = termCache.get(word);
  if (term === undefined) {
    term = termOf(word);
    if (termCache.size >= STEM_CACHE_LIMIT) termCache.clear();
    termCache.set(word, term);
  }
  return term;
}

function termOf(word: string): string | null {
  if (STOPWORDS.has(word) || STOPWORDS.has(fold(word))) return null;
  if (word.length < 2 && !/\d/.test(word)) return null;
  let term = stem(word);
  // The Snowball stemmer leaves third-person plural verbs whole ("signent", "concernent"): their
  // root is the word without "-ent", as for the other forms ("signe", "concerne"). Not "-ment"
  // (nouns and adverbs, which it stems) nor short words ("argent", "client").
  if (term.length >= 7 && term.endsWith("ent") && !term.endsWith("ment") && term === fold(word))
    term = term.slice(0, -3);
  // "elles" → "elle", "nôtres" → "notr": a plural of a stop word is one too.
  return STOPWORDS.has(term) ? null : term;
}

/** The analyzer: text → search terms, in order, repeats kept. */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const word of words(text)) {
    const term = processTerm(word);
    if (term !== null) terms.push(term);
  }
  return terms;
}
