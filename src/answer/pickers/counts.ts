/**
 * Questions answered by a number: how many défis, how many entrepreneurs, team size, duration,
 * pay. Each document gives its figure (the one it repeats most); when documents disagree, the
 * answer says so, leads with the most recent one and cites each.
 */
import { findPromotions } from "../../knowledge/promotion.js";
import { fold, foldKeepingLength } from "../../search/analyzer.js";
import type { Evidence } from "../compose.js";
import { byRecency, type Context, choosePromotion, type Sentence } from "../context.js";
import type { Found, Picker } from "../found.js";
import { memoized } from "../memo.js";
import { NUMBER_WORDS, parseNumber } from "../numbers.js";
import { documentLabel, joinList, promotionLabel, translateSmall } from "../wording.js";

interface Figure extends Sentence {
  value: number;
  /** "plus de", "près de", "environ"… written before the number: the figure is not exact. */
  qualifier: string;
  /** The words as written ("15 défis", "Dix défis"). */
  span: string;
}

const NUMBER = `(\\d+|${NUMBER_WORDS})`;
/** "15 défis", "Dix défis", "13 défis d'intérêt général"; not "sur les 30 auditionnés". */
const DEFIS_COUNT = new RegExp(
  `(?<![(\\d])\\b${NUMBER}\\s+(?:nouveaux\\s+|grands\\s+)?(defis|challenges|projets)\\b(?!\\s+(?:\\S+\\s+)?(?:auditionn|depos|presente|soumis|candidat|propose)|\\s+sur\\s+(?:les\\s+)?\\d)`,
  "giu",
);
/** "32 entrepreneurs", "28 talents", "25 entrepreneurs d'intérêt général"; not "(11 EIG)" nor "200 candidats". */
const PEOPLE_COUNT = new RegExp(
  `(?<![(\\d])\\b${NUMBER}\\s+(?:nouveaux\\s+|futurs\\s+)?(entrepreneurs?|entrepreneur\\.?e?s|eig|talents|profils|laureats|innovateurs)\\b(?![^(]*\\))`,
  "giu",
);
/** "200 candidats", "500 candidatures". */
const APPLICANTS_COUNT = new RegExp(
  `(?<![(\\d])\\b${NUMBER}\\s+(candidats|candidatures|applicants|applications)\\b`,
  "giu",
);
const TEAM =
  /\b((?:2|deux)\s*(?:ou|à|a|-|to|or)\s*(?:3|trois))\b|\b(?:equipes?|team)\s+de\s+(\d)\b(?!\s*(?:ou|à|a|-|to|or)\s*\d)/iu;
const DURATION = new RegExp(`\\b${NUMBER}\\s+(mois|months|ans|years)\\b`, "giu");
const MONEY =
  /(\d[\d\s\u00a0\u202f.,]*\s*(?:€|euros?)(?:\s+(?:net|brut|bruts|nets))?(?:\s+par\s+(?:mois|an))?)/iu;

/** Lower case, no accents, plain apostrophes, same length as the original (spans are sliced from it). */
/**
 * Counting questions look further down the results: the sentence with the figure is often not
 * the one that repeats the question's words most ("plus de 200 candidats" among many
 * "candidatures").
 */
const COUNT_LIMIT = 250;

const folded = memoized((text: string): string =>
  foldKeepingLength(text.toLowerCase()).replace(/[’‘ʼ]/g, "'"),
);

/** What a figure pattern finds in one sentence, as written. */
interface Match {
  value: number;
  qualifier: string;
  span: string;
}

/** The figures `pattern` finds in a sentence: text work only, memoised per pattern. */
const matchers = new WeakMap<RegExp, (text: string) => Match[]>();

function matchesIn(pattern: RegExp, original: string): Match[] {
  let matcher = matchers.get(pattern);
  if (!matcher) {
    matcher = memoized((sentence) => readMatches(pattern, sentence));
    matchers.set(pattern, matcher);
  }
  return matcher(original);
}

function readMatches(pattern: RegExp, original: string): Match[] {
  const out: Match[] = [];
  const text = folded(original);
  pattern.lastIndex = 0;
  for (const m of text.matchAll(pattern)) {
    const value = parseNumber(m[1] ?? "");
    if (value === undefined || value === 0) continue;
    // "2 à 3 entrepreneurs" is a team size, not a headcount.
    if (/\d\s*(?:a|à|ou|-|–|to|or)\s*$/.test(text.slice(Math.max(0, (m.index ?? 0) - 8), m.index ?? 0)))
      continue;
    const before = text.slice(Math.max(0, (m.index ?? 0) - 20), m.index ?? 0);
    const qualifier =
      /(pas moins de|plus de|pres de|environ|au moins|moins de|quelque|more than|about|nearly|over)\s*$/.exec(
        before,
      )?.[1] ?? "";
    const start = (m.index ?? 0) - (qualifier ? before.length - before.lastIndexOf(qualifier) : 0);
    out.push({
      value,
      qualifier: qualifier ? original.slice(start, start + qualifier.length) : "",
      span: original.slice(m.index ?? 0, (m.index ?? 0) + m[0].length),
    });
  }
  return out;
}

/** Figures found by `pattern` in the sentences of the search hits. */
function figures(_ctx: Context, pattern: RegExp, sentences: Sentence[]): Figure[] {
  const out: Figure[] = [];
  for (const s of sentences) for (const m of matchesIn(pattern, s.text)) out.push({ ...s, ...m });
  return out;
}

/** One figure per document: the value it repeats most, from its best-scored sentence. */
function perDocument(figs: Figure[]): Figure[] {
  const byDoc = new Map<string, Figure[]>();
  for (const f of figs) byDoc.set(f.passage.docId, [...(byDoc.get(f.passage.docId) ?? []), f]);
  return [...byDoc.values()].map((list) => {
    const counts = new Map<number, number>();
    for (const f of list) counts.set(f.value, (counts.get(f.value) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
    // Prefer the sentence that states it plainly: one naming the promotion, not a heading.
    const weight = (f: Figure) =>
      f.score * (findPromotions(f.text).length > 0 ? 1.5 : 1) * (f.passage.type === "heading" ? 0.7 : 1);
    return list.filter((f) => f.value === top).sort((a, b) => weight(b) - weight(a))[0] as Figure;
  });
}

function countAnswer(ctx: Context, figs: Figure[], noun: { fr: string; en: string }): Found | undefined {
  const choice = choosePromotion(ctx, figs);
  if (!choice || choice.chosen.length === 0) return undefined;
  // Lead with the figure most documents give, then the most recent.
  const support = new Map<number, number>();
  const perDoc = perDocument(choice.chosen);
  for (const f of perDoc) support.set(f.value, (support.get(f.value) ?? 0) + 1);
  const docs = perDoc.sort(
    (a, b) => (support.get(b.value) ?? 0) - (support.get(a.value) ?? 0) || byRecency(ctx)(a, b),
  );
  const main = docs[0] as Figure;
  const evidence: Evidence[] = docs.map((f) => ({ passage: f.passage, text: f.text }));
  const who =
    choice.promotion !== undefined
      ? promotionLabel(ctx, choice.promotion)
      : ctx.en
        ? "the programme"
        : "le programme";
  const values = [...new Set(docs.map((f) => f.value))];
  let lead: string;
  if (values.length === 1) {
    lead = ctx.en
      ? `${capitalize(who)}: ${amount(main, ctx)} ${noun.en}${docs.length > 1 ? ` (${docs.length} sources agree)` : ""}.`
      : `${capitalize(who)} : ${amount(main, ctx)} ${noun.fr}${docs.length > 1 ? ` (${docs.length} sources concordent)` : ""}.`;
  } else {
    // One entry per other figure, with the most recent document that gives it.
    const seen = new Set([main.value]);
    const others: string[] = [];
    for (const f of docs.slice(1)) {
      if (seen.has(f.value)) continue;
      seen.add(f.value);
      const n = support.get(f.value) ?? 1;
      const more = n > 1 ? (ctx.en ? ` and ${n - 1} more` : ` et ${n - 1} autre${n > 2 ? "s" : ""}`) : "";
      others.push(`${amount(f, ctx)} ${ctx.en ? "in" : "selon"} ${documentLabel(ctx, f.passage)}${more}`);
    }
    const n = support.get(main.value) ?? 1;
    const which =
      n === 1
        ? ctx.en
          ? "The most recent source"
          : "La source la plus récente"
        : ctx.en
          ? `${n} sources`
          : `${n} sources`;
    const whichDoc =
      n === 1
        ? ` ${documentLabel(ctx, main.passage)}`
        : ctx.en
          ? `, the latest ${documentLabel(ctx, main.passage)},`
          : `, dont la plus récente ${documentLabel(ctx, main.passage)},`;
    lead = ctx.en
      ? `${capitalize(who)}: the sources disagree. ${which}${whichDoc} give${n === 1 ? "s" : ""} ${amount(main, ctx)} ${noun.en}; also ${joinList(ctx, others)}.`
      : `${capitalize(who)} : les sources ne concordent pas. ${which}${whichDoc} ${n === 1 ? "indique" : "indiquent"} ${amount(main, ctx)} ${noun.fr} ; ailleurs : ${joinList(ctx, others)}.`;
  }
  const notes: string[] = [];
  if (choice.others.size > 0) {
    const list = [...choice.others].map(([p, list]) => {
      const doc = perDocument(list).sort(byRecency(ctx))[0];
      return doc ? `${promotionLabel(ctx, p)} : ${doc.value}` : "";
    });
    notes.push(
      ctx.en
        ? `No promotion was named: this is the latest in my documents. Others: ${joinList(ctx, list.filter(Boolean))}.`
        : `Aucune promotion précisée : voici la plus récente de mes documents. Autres : ${joinList(ctx, list.filter(Boolean))}.`,
    );
  }
  return { lead, evidence, promotion: choice.promotion, confidence: values.length === 1 ? 0.9 : 0.75, notes };
}

const QUALIFIERS_EN: Record<string, string> = {
  "pas moins de": "no fewer than",
  "plus de": "more than",
  "pres de": "nearly",
  environ: "about",
  "au moins": "at least",
  "moins de": "fewer than",
  quelque: "some",
};

/** "plus de 200", "32": the figure with the words that qualify it in the source. */
function amount(f: Figure, ctx?: Context): string {
  if (!f.qualifier) return String(f.value);
  const q = ctx?.en ? (QUALIFIERS_EN[fold(f.qualifier.toLowerCase())] ?? f.qualifier) : f.qualifier;
  return `${q} ${f.value}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "22 défis auditionnés", "42 défis déposés": counts of candidate défis, not of selected ones. */
const CANDIDATE_DEFIS = new RegExp(
  `(?<![(\\d])\\b${NUMBER}\\s+(defis|challenges|projets)\\s+(?:\\S+\\s+)?(?:auditionn|depos|presente|soumis|candidat|propose)`,
  "giu",
);

export const countDefis: Picker = (ctx) => {
  const hits = ctx.search({ concepts: ["defi"], extra: "défis", limit: COUNT_LIMIT });
  // The question says which count: "combien de défis auditionnés / déposés ?" or the selected ones.
  const candidates = /auditionn|depos|presente|soumis|candidat|propose/.test(folded(ctx.intent.question));
  const figs = figures(
    ctx,
    candidates ? CANDIDATE_DEFIS : DEFIS_COUNT,
    ctx.sentencesWhere(hits, () => true),
  );
  return countAnswer(ctx, figs, { fr: "défis", en: "défis (challenges)" });
};

export const countEntrepreneurs: Picker = (ctx) => {
  const hits = ctx.search({ concepts: ["people"], extra: "entrepreneurs recrutés EIG", limit: COUNT_LIMIT });
  const figs = figures(
    ctx,
    PEOPLE_COUNT,
    ctx.sentencesWhere(hits, () => true),
  );
  return countAnswer(ctx, figs, { fr: "entrepreneurs d'intérêt général", en: "entrepreneurs (EIG)" });
};

export const countApplicants: Picker = (ctx) => {
  const hits = ctx.search({ concepts: ["applicants"], extra: "candidats candidatures", limit: COUNT_LIMIT });
  const figs = figures(
    ctx,
    APPLICANTS_COUNT,
    ctx.sentencesWhere(hits, () => true),
  );
  return countAnswer(ctx, figs, { fr: "candidats", en: "applicants" });
};

/** True when a sentence states a team size ("2 ou 3", "équipe de 3"); memoised per text. */
/** Who a team size is about: the entrepreneurs of a défi, not the staff ("une équipe de 3 personnes qui pilote"). */
const TEAM_OF_ENTREPRENEURS = /entrepreneu|\beigs?\b|\bdefis?\b|challenge|profils?\b|talents?\b|candidat/;

const statesTeamSize = memoized((text: string): boolean => {
  const f = folded(text);
  return TEAM.test(f) && TEAM_OF_ENTREPRENEURS.test(f);
});

/** The team size a sentence states, as written ("2 ou 3", "3"). */
function teamSpan(text: string): string {
  const m = TEAM.exec(folded(text));
  return m?.[1] ? text.slice(m.index, m.index + m[1].length) : (m?.[2] ?? "");
}

export const teamSize: Picker = (ctx) => {
  const hits = ctx.search({ concepts: ["team"], extra: "équipe" });
  const found = ctx.sentencesWhere(hits, statesTeamSize).sort((a, b) => b.score - a.score);
  const docs: Sentence[] = [];
  for (const s of found) if (!docs.some((d) => d.passage.docId === s.passage.docId)) docs.push(s);
  docs.sort(byRecency(ctx));
  if (docs.length === 0) return undefined;
  // The size most documents give ("2 ou 3" and "2 à 3" are one), the most recent first on a tie.
  const sizeOf = (s: Sentence) => folded(teamSpan(s.text)).replace(/\D+/g, "-");
  const counts = new Map<string, number>();
  for (const d of docs) counts.set(sizeOf(d), (counts.get(sizeOf(d)) ?? 0) + 1);
  const best = Math.max(...counts.values());
  const main = docs.find((d) => counts.get(sizeOf(d)) === best) as Sentence;
  docs.sort((a, b) => Number(sizeOf(b) === sizeOf(main)) - Number(sizeOf(a) === sizeOf(main)));
  const span = teamSpan(main.text);
  const lead = ctx.en
    ? `Each défi is taken on by a team of ${translateSmall(ctx, span)} entrepreneurs.`
    : `Chaque défi est relevé par une équipe de ${span} entrepreneurs.`;
  return {
    lead,
    evidence: docs.slice(0, 3).map((s) => ({ passage: s.passage, text: s.text })),
    confidence: 0.9,
    notes: [],
  };
};

export const duration: Picker = (ctx) => {
  const hits = ctx.search({ concepts: ["duration"], extra: "durée mois" });
  // A sentence that states a duration ("pour une durée de 10 mois", "CDD de 10 mois") beats one that mentions months.
  const stated = (f: Figure) =>
    /duree|periode|pendant|cdd|contrat|duration|for \d+ months/.test(folded(f.text)) ? 2 : 1;
  const figs = figures(
    ctx,
    DURATION,
    ctx.sentencesWhere(hits, () => true),
  )
    .filter((f) => /mois|months/i.test(f.span))
    .map((f) => ({ ...f, score: f.score * stated(f) }));
  if (figs.length === 0) return undefined;
  // The duration of the programme is the figure most documents give.
  const docs = perDocument(figs);
  const counts = new Map<number, number>();
  for (const f of docs) counts.set(f.value, (counts.get(f.value) ?? 0) + 1);
  const value = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const agreeing = docs
    .filter((f) => f.value === value)
    .sort((a, b) => b.score - a.score || byRecency(ctx)(a, b));
  const main = agreeing[0] as Figure;
  const lead = ctx.en
    ? `The mission lasts ${value} months (${agreeing.length} source${agreeing.length > 1 ? "s" : ""}).`
    : `La mission dure ${main.span.replace(/^\D*/, "")}${agreeing.length > 1 ? ` (${agreeing.length} sources concordent)` : ""}.`;
  return {
    lead,
    evidence: agreeing.slice(0, 3).map((f) => ({ passage: f.passage, text: f.text })),
    confidence: 0.85,
    notes: [],
  };
};

/** "4 000 € net par mois" → "4 000 € net per month": the lead's own words in English; the quote stays French. */
function moneyInEnglish(money: string): string {
  return money
    .replace(/\bpar mois\b/i, "per month")
    .replace(/\bpar an\b/i, "per year")
    .replace(/\bbruts?\b/i, "gross")
    .replace(/\bnets\b/i, "net")
    .replace(/\beuros?\b/i, "euros");
}

export const pay: Picker = (ctx) => {
  const contract = ctx.intent.concepts.has("contract") && !ctx.intent.concepts.has("pay");
  const hits = ctx.search({
    concepts: contract ? ["contract"] : ["pay", "contract"],
    extra: contract ? "contrat" : "rémunération salaire €",
  });
  const test = contract
    ? (text: string) => /contrat|cdd|non titulaire|contractuel|contract/i.test(folded(text))
    : (text: string) =>
        MONEY.test(text) && /remuner|salaire|paye|paie|\bnet\b|brut|salary|paid/i.test(folded(text));
  const found = ctx.sentencesWhere(hits, test);
  const choice = choosePromotion(ctx, found);
  const weight = (s: Sentence) => s.score * (1 + ctx.overlap(s.text, ctx.intent.terms));
  const main = choice?.chosen.sort((a, b) => weight(b) - weight(a))[0];
  if (!main || !choice) return undefined;
  // A contract question is answered with the contract sentence, not with the pay in it.
  const money = contract ? undefined : MONEY.exec(main.text)?.[1]?.trim();
  const who = choice.promotion !== undefined ? ` (${promotionLabel(ctx, choice.promotion, true)})` : "";
  const lead = money
    ? ctx.en
      ? `Pay${who}: ${moneyInEnglish(money)}.`
      : `Rémunération${who} : ${money}.`
    : ctx.en
      ? `Contract${who}, as the documents put it:`
      : `Contrat${who}, d'après les documents :`;
  return {
    lead,
    evidence: [{ passage: main.passage, text: main.text }],
    promotion: choice.promotion,
    confidence: 0.85,
    notes: [],
  };
};
