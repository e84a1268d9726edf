/**
 * Span extractors: the words of a sentence that are of one answer type — a count, an amount, a
 * duration, a proportion, a time, a link, a contact, an organisation, a person, a place — and the
 * markers of a reason, a definition or a yes/no rule. Each works on one sentence, knows nothing of
 * the knowledge or the question, and returns spans as written (sliced from the sentence), so a
 * lead built from them never says what the quote does not.
 *
 * Dates are read by dates.ts (they need the document for a missing year).
 */
import { fold, foldKeepingLength } from "../search/analyzer.js";
import { memoized } from "./memo.js";
import { NUMBER_WORDS, parseNumber } from "./numbers.js";

export interface Span {
  /** The words as written. */
  text: string;
  /** Offset in the sentence. */
  index: number;
  /** The number it states, when it states one (the larger end of "2 ou 3"). */
  value?: number;
}

/** Lower case, accents folded, same length as the original: offsets found in it are the original's. */
const flat = memoized((text: string): string => foldKeepingLength(text.toLowerCase()).replace(/[’‘ʼ]/g, "'"));

const NUM = `(?:\\d{1,3}(?:[  \\u202f.]\\d{3})+(?:,\\d+)?|\\d+(?:[.,]\\d+)?|${NUMBER_WORDS})`;
/** "2 ou 3", "2 à 3", "deux ou trois", "2-3": a range or an alternative. */
const RANGE = `${NUM}(?:\\s*(?:ou|à|a|-|–|to|or|et|and)\\s*${NUM})?`;

/** The number a span states: its largest figure, in digits or words ("2 ou 3" → 3, "plus de 200" → 200). */
function numberIn(text: string): number | undefined {
  const about = approximate(text);
  if (about !== undefined) return about;
  let best: number | undefined;
  const digits = /\d{1,3}(?:[  \u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?/g;
  for (const m of text.matchAll(digits)) {
    const n = Number(m[0].replace(/[  \u202f.](?=\d{3})/g, "").replace(",", "."));
    if (!Number.isNaN(n)) best = best === undefined ? n : Math.max(best, n);
  }
  if (best !== undefined) return best;
  for (const m of text.matchAll(/[\p{L}-]+/gu)) {
    const n = parseNumber(m[0]);
    if (n !== undefined) best = best === undefined ? n : Math.max(best, n);
  }
  return best;
}

function collect(sentence: string, pattern: RegExp, group = 0): Span[] {
  const f = flat(sentence);
  const out: Span[] = [];
  for (const m of f.matchAll(pattern)) {
    const inner = m[group] ?? m[0];
    const index = (m.index ?? 0) + m[0].indexOf(inner);
    const text = sentence.slice(index, index + inner.length).trim();
    if (text) out.push({ text, index, value: numberIn(flat(text)) });
  }
  return out;
}

const MONTHS =
  "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|january|february|march|april|june|july|august|september|october|november|december";

const MONEY = new RegExp(
  `(?:${NUM}\\s*(?:k|m|millions?|milliards?)?\\s*(?:d'|de\\s+)?(?:€|euros?|eur\\b)(?:\\s+(?:nets?|bruts?|net|gross|ht|ttc))?(?:\\s+(?:par|per|/)\\s*(?:mois|an|annee|month|year|jour|day))?|(?:€|eur)\\s*${NUM}(?:\\s*(?:k|m|millions?))?)`,
  "giu",
);

/** Amounts of money: "4 000 € net par mois", "3 500 euros nets", "4,8 millions d'euros". */
export const amounts = memoized((sentence: string): Span[] => collect(sentence, MONEY));

const UNIT =
  "(?:jours?|journees?|semaines?|mois|ans|annees?|heures?|minutes?|days?|weeks?|months?|years?|hours?|minutes?)";
const DURATION = new RegExp(`\\b(?:${RANGE})\\s+${UNIT}\\b(?!\\s*(?:${MONTHS}))`, "giu");

/** Durations in any unit: "10 mois", "trois jours", "2 ans", "48 heures". */
export const durations = memoized((sentence: string): Span[] =>
  collect(sentence, DURATION).filter((s) => !/^(?:19|20)\d\d\b/.test(s.text)),
);

const PERCENT = new RegExp(
  `(?:${NUM}\\s*(?:%|pour\\s*cent|percent)|\\b(?:la moitie|un tiers|deux tiers|un quart|trois quarts|half|a third|two thirds|a quarter)\\b|\\b\\d\\s*/\\s*\\d\\b|[⅓⅔¼½¾])`,
  "giu",
);

/** Proportions: "30 %", "la moitié", "un tiers", "1/3". */
export const proportions = memoized((sentence: string): Span[] => collect(sentence, PERCENT));

const TIME =
  /\b((?:(?:chaque|tous les|le|les|every|on)\s+)?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?(?:\s+(?:matin|midi|soir|apres-midi|morning|afternoon|evening))?|\d{1,2}\s*(?:h|heures?)\s*(?:\d{2})?|\d{1,2}[:.]\d{2}\s*(?:am|pm)?|\d{1,2}\s*(?:am|pm)|midi|minuit|noon|midnight)\b/giu;

/** Times of day and of the week: "17h", "12 h 00", "midi", "chaque vendredi". */
export const times = memoized((sentence: string): Span[] =>
  // "48 heures" is a length: a time of day has no hour past 23.
  collect(sentence, TIME).filter((s) => !/^\d/.test(s.text) || Number(/^\d+/.exec(s.text)?.[0]) <= 23),
);

/** A number that is no count: a year, part of a date, of an amount, of a duration or a percentage. */
function notACount(sentence: string, span: Span): boolean {
  const f = flat(sentence);
  const after = f.slice(span.index + span.text.length, span.index + span.text.length + 14);
  const before = f.slice(Math.max(0, span.index - 12), span.index);
  if (/^(?:19|20)\d\d$/.test(span.text)) return true;
  if (new RegExp(`^\\s*(?:er\\s+|re\\s+)?(?:${MONTHS})`).test(after)) return true;
  if (
    /^\s*(?:%|€|euros?|k€|pour\s*cent|h\b|heures?\b|[:.]\d|\/\s*\d|(?:k|m|millions?|milliards?)\b|am\b|pm\b)/.test(
      after,
    )
  )
    return true;
  if (/(?:€|eur|\d\s*[:h]|\d\s*\/)\s*$/.test(before)) return true;
  // A street number or a postal code: "20 avenue de Ségur, 75007 Paris".
  if (
    /^\s*(?:bis\s+|ter\s+)?,?\s*(?:rue|avenue|av\.|boulevard|bd|place|quai|allee|chemin|cours|impasse)\b/.test(
      after,
    )
  )
    return true;
  if (/^\d{5}$/.test(span.text)) return true;
  if (new RegExp(`^\\s*${UNIT}\\b`).test(after)) return true;
  if (/(?:article|art\.|n°|no\.?|loi|decret|page|p\.)\s*$/.test(before)) return true;
  // "promotion 3", "EIG 2": an ordinal name, not a count.
  if (/(?:promotions?|promos?|eig|cohortes?|saison|edition)\s*$/.test(before)) return true;
  return false;
}

const COUNT = new RegExp(
  `(?<![\\p{L}\\d,.])(?:(?:plus|moins|pres|pas moins|au moins|environ|quelque|more than|about|nearly|over|around|at least)\\s+(?:de\\s+|d')?)?(?:une? (?:vingtaine|dizaine|trentaine|quarantaine|cinquantaine|centaine|quinzaine|douzaine)|(?:des )?(?:dizaines|centaines|milliers)|${RANGE})(?![\\p{L}\\d])`,
  "giu",
);

/** True when a span lies inside a web address ("…/3eme-promotion-42-defis-deposes"). */
function insideLink(sentence: string, span: Span): boolean {
  for (const m of sentence.matchAll(/\bhttps?:\/\/\S+|\bwww\.\S+/g)) {
    const start = m.index ?? 0;
    if (span.index >= start && span.index < start + m[0].length) return true;
  }
  return false;
}

/** Numbers stated as counts ("32 entrepreneurs", "plus de 200", "2 ou 3", "une vingtaine"). */
export const counts = memoized((sentence: string): Span[] =>
  collect(sentence, COUNT)
    .filter((s) => !notACount(sentence, s) && !/^(?:un|une|one|a)$/i.test(s.text) && !insideLink(sentence, s))
    .map((s) => (s.value === undefined ? { ...s, value: approximate(s.text) } : s)),
);

function approximate(text: string): number | undefined {
  const f = fold(text.toLowerCase());
  const table: Record<string, number> = {
    dizaine: 10,
    douzaine: 12,
    quinzaine: 15,
    vingtaine: 20,
    trentaine: 30,
    quarantaine: 40,
    cinquantaine: 50,
    centaine: 100,
  };
  for (const [w, n] of Object.entries(table)) if (f.includes(w)) return n;
  return undefined;
}

const URL =
  /\bhttps?:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?»]|\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gouv\.fr|fr|org|com|net|io|eu)(?:\/[^\s<>"')\]]*[^\s<>"')\].,;:!?»])?/giu;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu;
const POSTAL =
  /\b\d{1,4}(?:\s*(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|quai|allee|allée|chemin|cours|impasse)\s+[^,.;\n]{2,60}(?:,\s*\d{5}\s+[\p{L} -]+)?/giu;

/** Web addresses, with or without "https://". */
export const links = memoized((sentence: string): Span[] =>
  [...sentence.matchAll(URL)]
    .map((m) => ({ text: m[0], index: m.index ?? 0 }))
    // Not the domain of an e-mail address ("eig@etalab.gouv.fr").
    .filter((s) => !s.text.includes("@") && !/[\w.+-]@[\w.-]*$/.test(sentence.slice(0, s.index))),
);

/** E-mail and postal addresses. */
export const contacts = memoized((sentence: string): Span[] => [
  ...[...sentence.matchAll(EMAIL)].map((m) => ({ text: m[0].replace(/\.$/, ""), index: m.index ?? 0 })),
  ...[...sentence.matchAll(POSTAL)].map((m) => ({ text: m[0].trim(), index: m.index ?? 0 })),
]);

/** Words that open the name of a public body or organisation. */
export const ORGANISATION_HEAD =
  /^(?:minist[eè]re|direction|d[ée]l[ée]gation|secr[ée]tariat|commissariat|mission|agence|service|cour|autorit[ée]|caisse|institut|conseil|pr[ée]fecture|haute autorit[ée]|centre|office|[ée]tablissement|inspection|observatoire|gendarmerie|police|universit[ée]|r[ée]gion|d[ée]partement|m[ée]tropole|administration|comit[ée]|fondation|association|[ée]cole|mus[ée]e|mobilier|archives|biblioth[èe]que|ministry|department|agency|office|court|council|school)\b/i;

/** Capitalised words that are not names: sentence openers, months, days, programme words. */
const NOT_A_NAME =
  /^(?:le|la|les|l|un|une|des|ce|cette|ces|il|elle|ils|elles|on|nous|vous|je|en|au|aux|dans|pour|par|sur|avec|lors|depuis|après|avant|si|oui|non|the|a|an|in|on|for|this|these|it|we|you|they|eig|eigs|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|article|chaque|tous|toutes|ainsi|enfin|puis|mais|et|ou)$/i;

const CONNECTOR = /^(?:de|du|des|d['’]|la|le|l['’]|les|et|pour|of|the|for|and|aux?|à)$/i;
const NAME_WORD =
  /^(?:\p{Lu}|\(|g[ée]n[ée]rale?s?$|nationale?s?$|interminist[ée]rielle?s?$|r[ée]gionale?s?$|d[ée]partementale?s?$|publi(?:c|que)s?$|comptes$|finances$|affaires$|[ée]trang[èe]res$|sociales?$|maritimes?$|num[ée]rique$)/u;

/**
 * A body's name ends where its words stop naming it: "ministère de la Justice accueille deux EIG"
 * → "ministère de la Justice". Kept: capitalised words, the adjectives of administrations'
 * names ("générale", "des comptes publics"), connectors between them, a parenthesised acronym.
 */
function nameOnly(text: string): string {
  const tokens = text.split(/(\s+|(?<=['’]))/).filter((t) => t !== "");
  const words = tokens.filter((t) => !/^\s+$/.test(t));
  let keep = 1;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (NAME_WORD.test(w)) keep = i + 1;
    else if (!CONNECTOR.test(w)) break;
  }
  let seen = 0;
  let out = "";
  for (const t of tokens) {
    if (!/^\s+$/.test(t)) seen++;
    if (seen > keep) break;
    out += t;
  }
  return out.trim();
}

/** Names of organisations: "la Cour des comptes", "ministère de la Justice", acronyms ("DGFiP", "ARCEP"). */
export const organisations = memoized((sentence: string): Span[] => {
  const out: Span[] = [];
  for (const m of sentence.matchAll(
    /\b(?:l['’]|la |le |les )?((?:minist[eè]re|direction|d[ée]l[ée]gation|secr[ée]tariat|commissariat|agence|cour|autorit[ée]|caisse|institut|conseil|pr[ée]fecture|centre|office|[ée]tablissement|inspection|observatoire|universit[ée]|administration|comit[ée]|fondation|association|mobilier|archives|biblioth[èe]que|ministry|department|agency)\b(?:\s+(?:(?:de la|de l['’]|de|du|des|d['’]|et|pour|of|the|for|and|aux?|à)\s*)?(?:\p{Lu}[\p{L}'’-]*|g[ée]n[ée]rale?|nationale?|interminist[ée]rielle?|r[ée]gionale?|d[ée]partementale?|publi(?:c|que)|comptes|finances|affaires(?: [\p{L}]+)?|\([^)]{2,40}\)))*)/giu,
  )) {
    const text = nameOnly((m[1] ?? "").trim());
    if (text) out.push({ text, index: (m.index ?? 0) + m[0].indexOf(m[1] ?? "") });
  }
  for (const m of sentence.matchAll(/\b\p{Lu}[\p{Lu}\d]{1,}(?:[a-z]?\p{Lu}+)*\b/gu)) {
    if (/^(?:EIG|EIGS|PIA|CDD|CV|RH|HR|UX|UI|PDF|FAQ|OK|NB|II|III|IV)$/.test(m[0])) continue;
    out.push({ text: m[0], index: m.index ?? 0 });
  }
  return out.sort((a, b) => a.index - b.index);
});

/** Names of people: two or more capitalised words that are no organisation ("Laure Lucchesi", "M. Dupont"). */
export const people = memoized((sentence: string): Span[] => {
  const out: Span[] = [];
  for (const m of sentence.matchAll(
    /(?:\b(?:M\.|Mme|Mlle|Dr|Pr)\s+\p{Lu}[\p{Ll}'’-]+(?:[ -]\p{Lu}[\p{Ll}'’-]+)*|\b\p{Lu}[\p{Ll}'’-]+(?:[ -]\p{Lu}[\p{Ll}'’-]+|\s+\p{Lu}{2,})+)/gu,
  )) {
    const text = m[0];
    const first = text.split(/[\s-]/)[0] ?? "";
    if (NOT_A_NAME.test(first) || ORGANISATION_HEAD.test(text)) continue;
    out.push({ text, index: m.index ?? 0 });
  }
  return out;
});

/** Places: "à Brest", "en Île-de-France", "hors de la région parisienne", "in Lyon". */
export const places = memoized((sentence: string): Span[] => {
  const out: Span[] = [];
  for (const m of sentence.matchAll(
    /(?<![\p{L}\p{N}])(?:à|a|au|aux|en|dans|hors de|in|at|from|based in)\s+((?:la |le |les |l['’])?\p{Lu}[\p{L}'’-]+(?:[ -](?:de |du |sur |en )?\p{Lu}[\p{L}'’-]+)*)/gu,
  )) {
    const text = m[1] ?? "";
    const first = text.replace(/^(?:la |le |les |l['’])/i, "").split(/[\s-]/)[0] ?? "";
    if (NOT_A_NAME.test(first) || ORGANISATION_HEAD.test(text.replace(/^(?:la |le |les |l['’])/i, "")))
      continue;
    out.push({ text, index: (m.index ?? 0) + m[0].indexOf(text) });
  }
  for (const m of sentence.matchAll(
    /(?<![\p{L}\p{N}])(?:(?:à|au|aux|dans|sur|en) (?:la |le |les |l['’]|un |une )?(?:mairie|place|salle|bureaux?|locaux|si[èe]ge|campus|b[âa]timent|march[ée]|quartier|ville|village|commune|d[ée]partement|pr[ée]fecture|ambassade|immeuble|amphith[ée][âa]tre)(?: (?:du|de la|de l['’]|des|de) [\p{L}'’-]+)?|au sein (?:de la|de l['’]|du|des|de) [\p{L}'’ -]{3,40}?(?=[,.;:)]|\s+(?:pour|afin|et|avec)\b|$)|dans (?:les|leurs|leur|la|le) (?:locaux|administrations?|services?|minist[èe]res?) [^,.;]{0,40}|r[ée]gion [\p{L}-]+|[ée]chelon (?:local|national|r[ée]gional)|territoires?|locaux de [^,.;]{3,40}|sur site|en r[ée]gion|[àa] distance|remote)(?![\p{L}\p{N}])/giu,
  )) {
    out.push({ text: m[0], index: m.index ?? 0 });
  }
  return out.sort((a, b) => a.index - b.index);
});

/** "car", "afin de", "because": a sentence that gives a reason or a purpose. */
export function givesReason(sentence: string): boolean {
  return /\b(?:car|parce qu|afin d|afin qu|pour que|dans le but|a pour (?:but|objectif|ambition)|vise a|visent a|objectif|l'enjeu|permet(?:tre|tent)? d|because|in order to|so that|the aim|the goal|aims to|purpose)\b/.test(
    flat(sentence),
  );
}

/** "X est un …", "désigne", "consiste à": a sentence that says what something is. */
export function defines(sentence: string): boolean {
  return /\b(?:est (?:un|une|le|la|l'|un des|une des)|sont (?:des|les)|designe|consiste|il s'agit|c'est (?:un|une)|se definit|vise a|a pour (?:but|objectif)|is (?:a|an|the)|are (?:a|the)|refers to|aims to)\b/.test(
    flat(sentence),
  );
}

export type Polarity = "yes" | "no";

/**
 * What a rule says about whether something may be done: "no" for "ne peuvent pas", "n'est pas
 * possible", "sont exclus", "Non, …"; "yes" for "Oui, …", "Bien sûr", "peuvent candidater",
 * "est possible". Undefined when the sentence says neither plainly.
 */
export function polarity(sentence: string): Polarity | undefined {
  const f = flat(sentence).trim();
  if (/^(?:non seulement|not only)\b/.test(f)) return undefined;
  if (/^(?:non|no)\b/.test(f)) return "no";
  if (/^(?:oui|yes|bien sur|tout a fait|absolument|of course|certainly|sure)\b/.test(f)) return "yes";
  const negative =
    /\b(?:ne|n')\s*(?:\S+\s+){0,2}?(?:pas|plus|jamais|aucun|aucune|ni)\b|\bne peu(?:t|vent) (?:\S+ )?(?:concourir|candidater|participer|postuler|etre)|\b(?:interdit|exclus?|exclues?|impossible|incompatible|not|cannot|can't|no longer|never|ineligible|non eligible|pas eligible)\b/.test(
      f,
    );
  const positive =
    /\b(?:peu(?:t|vent) (?:\S+ )?(?:candidater|postuler|participer|concourir|etre|se|beneficier)|est possible|sont possibles|possible de|est ouvert|sont ouverts?|ouverte? a|eligibles?|autorise|encourage|bienvenu|can|may|allowed|eligible|open to|welcome)\b/.test(
      f,
    );
  if (negative && !/^(?:non|no)\b/.test(f) && /\bpas seulement|non seulement|not only\b/.test(f))
    return undefined;
  if (negative) return "no";
  if (positive) return "yes";
  return undefined;
}

/** "remplir", "formulaire", "en ligne", a link: a sentence that says how to do something. */
export function describesSteps(sentence: string): boolean {
  return /\b(?:formulaire|en ligne|remplir|deposer|envoyer|soumettre|inscri|etape|d'abord|ensuite|via|sur le site|plateforme|form|online|fill|submit|send|step|first|then)\b/.test(
    flat(sentence),
  );
}

/** "peuvent", "doit", "dans la limite de", "au plus", "seuls": a sentence that states a rule. */
export function statesRule(sentence: string): boolean {
  return /\b(?:peu(?:t|vent)|doi(?:t|vent)|limite|maximum|minimum|au plus|au moins|obligatoire|seul(?:e|s|es)?|uniquement|exclusivement|ne \S+ que|interdit|autoris|eligib|can|may|must|up to|at most|at least|only|required)\b/.test(
    flat(sentence),
  );
}

const FREQUENCY = new RegExp(
  `\\b(?:(?:tous|toutes) les (?:${NUMBER_WORDS}|\\d+ )?\\s*(?:jours|semaines|mois|ans|quinze jours)|(?:${NUMBER_WORDS}|\\d+) fois par (?:jour|semaine|mois|an|trimestre)|chaque (?:jour|semaine|mois|annee|trimestre)|(?:une|deux|trois) fois par|par (?:semaine|mois|trimestre)|(?:mensuel|mensuelle|hebdomadaire|quotidien|quotidienne|annuel|annuelle|bimensuel|trimestriel)(?:s|les)?|every (?:\\w+ )?(?:days?|weeks?|months?|years?)|once a (?:day|week|month|year)|twice a (?:day|week|month|year)|weekly|monthly|daily|yearly)\\b`,
  "giu",
);

/** How often: "tous les deux mois", "une fois par mois", "chaque semaine", "monthly". */
export const frequencies = memoized((sentence: string): Span[] => collect(sentence, FREQUENCY));
