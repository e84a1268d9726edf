/**
 * Questions best answered by quoting the rule or sentence itself: eligibility, selection
 * criteria, how to apply, contact, financing, profiles, what the programme is, and anything else
 * ("general"). The picker finds the sentences that share most with the question inside passages
 * that speak of the right concept, and quotes them.
 */

import type { Passage } from "../../knowledge/types.js";
import { fold } from "../../search/analyzer.js";
import type { ConceptId } from "../../search/concepts.js";
import { type Evidence, findContact } from "../compose.js";
import { byRecency, type Context, choosePromotion, passagesOf, type Sentence } from "../context.js";
import type { Picker } from "../found.js";
import { memoized } from "../memo.js";
import { documentLabel, joinList, promotionLabel } from "../wording.js";

const folded = memoized((text: string): string => fold(text.toLowerCase()).replace(/[’‘ʼ]/g, "'"));

/** Passages under the same heading as `passage` in its document, in order (a whole article). */
function sectionOf(ctx: Context, passage: Passage): Passage[] {
  const key = passage.headings.join("\u0000");
  return passagesOf(ctx.kb, passage.docId).filter(
    (p) => p.headings.join("\u0000") === key && p.type !== "heading" && p.type !== "title",
  );
}

/**
 * Keeps the sentences of the promotion asked about; when that promotion has none, keeps the
 * others and says so (the rules of promotion 3 still tell a lot about promotion 4).
 */
function forPromotion(
  ctx: Context,
  sentences: Sentence[],
  notes: string[],
  perPromotion = true,
): { chosen: Sentence[]; promotion?: number } {
  if (!perPromotion && ctx.intent.promotion === undefined) return { chosen: sentences };
  const choice = choosePromotion(ctx, sentences);
  if (choice)
    return {
      chosen: choice.chosen.concat(
        choice.others.size === 0
          ? sentences.filter((s) => s.promotion === undefined && !choice.chosen.includes(s))
          : [],
      ),
      promotion: choice.promotion,
    };
  const have = [...new Set(sentences.map((s) => s.promotion).filter((p): p is number => p !== undefined))];
  if (sentences.length > 0 && ctx.intent.promotion !== undefined) {
    notes.push(
      ctx.en
        ? `My documents say nothing of this for promotion ${ctx.intent.promotion}; here is what they say for ${joinList(
            ctx,
            have.map((p) => promotionLabel(ctx, p)),
          )}.`
        : `Mes documents n'en disent rien pour la promotion ${ctx.intent.promotion} ; voici ce qu'ils disent pour ${joinList(
            ctx,
            have.map((p) => promotionLabel(ctx, p)),
          )}.`,
    );
  }
  return { chosen: sentences };
}

/** Best sentences, at most one per passage and `max` in all. */
function top(sentences: Sentence[], score: (s: Sentence) => number, max: number): Sentence[] {
  const ranked = [...sentences].sort((a, b) => score(b) - score(a));
  const out: Sentence[] = [];
  for (const s of ranked) {
    if (out.length >= max) break;
    if (score(s) <= 0 || out.some((o) => o.passage.id === s.passage.id && o.text === s.text)) continue;
    out.push(s);
  }
  return out;
}

/**
 * Quotes for the picked sentences. A sentence that announces a list ("…deux objectifs
 * principaux :") brings the list items that follow it in its section.
 */
function evidenceOf(sentences: Sentence[], ctx?: Context): Evidence[] {
  const out: Evidence[] = [];
  for (const s of sentences) {
    out.push({ passage: s.passage, text: s.text });
    if (!ctx || !/:\s*$/.test(s.text)) continue;
    const section = sectionOf(ctx, s.passage);
    const at = section.findIndex((p) => p.id === s.passage.id);
    for (const next of section.slice(at + 1, at + 9)) {
      if (next.type !== "list-item") break;
      out.push({ passage: next, text: next.text });
    }
  }
  return out;
}

function intro(
  ctx: Context,
  label: { fr: string; en: string },
  sentences: Sentence[],
  promotion?: number,
): string {
  const first = sentences[0];
  const source = first ? documentLabel(ctx, first.passage) : "";
  const who = promotion !== undefined ? ` (${promotionLabel(ctx, promotion, true)})` : "";
  return ctx.en ? `${label.en}${who}, according to ${source}:` : `${label.fr}${who}, d'après ${source} :`;
}

const FACETS: { id: ConceptId; fr: string; en: string }[] = [
  { id: "student", fr: "des étudiants", en: "students" },
  { id: "civil-servant", fr: "des fonctionnaires", en: "civil servants" },
  { id: "company", fr: "des entreprises", en: "companies" },
  { id: "nationality", fr: "de la nationalité", en: "nationality" },
  { id: "age", fr: "de l'âge", en: "age" },
  { id: "several-defis", fr: "du nombre de défis", en: "the number of défis" },
];

/** A section on who may apply ("Conditions d'éligibilité", "Qui peut candidater ?"), not "les conditions du jury". */
const ELIGIBILITY_HEADING =
  /eligib|conditions? (?:d'acces|d'admission|de (?:candidature|participation))|qui peut|who can|peut (?:candidater|postuler|participer)/;

/** Words of a rule about who may apply. */
const APPLYING = /candidat|eligib|postul|recrut|particip|ouvert a|s'adresse|peuvent|peut etre|open to/;

export const eligibility: Picker = (ctx) => {
  const facets = FACETS.filter((f) => ctx.intent.concepts.has(f.id));
  const hits = ctx.search({
    concepts: ["eligibility", ...facets.map((f) => f.id)],
    extra: "éligibilité conditions candidater",
  });
  const about = (text: string, passage: Passage) => {
    const concepts = ctx.conceptsIn(text);
    // A sentence naming students or civil servants is a rule only when it speaks of applying
    // ("Ne peuvent concourir les personnes … étudiant"), not "une promotion d'étudiants en géographie".
    const aboutApplying =
      concepts.includes("apply") || concepts.includes("ability") || APPLYING.test(folded(text));
    return (
      concepts.includes("eligibility") ||
      (facets.some((f) => concepts.includes(f.id)) && aboutApplying) ||
      passage.headings.some((h) => ELIGIBILITY_HEADING.test(folded(h)))
    );
  };
  const notes: string[] = [];
  const { chosen, promotion } = forPromotion(ctx, ctx.sentencesWhere(hits, about), notes);
  if (chosen.length === 0) return undefined;
  const facetHits = (s: Sentence) => {
    const concepts = ctx.conceptsIn(s.text);
    return facets.filter((f) => concepts.includes(f.id)).length;
  };
  const terms = [...new Set([...ctx.intent.topicTerms, ...ctx.intent.terms])];
  const score = (s: Sentence) => s.score * (1 + 3 * facetHits(s) + ctx.overlap(s.text, terms));
  let picked: Sentence[];
  const missing = facets.filter((f) => !chosen.some((s) => ctx.conceptsIn(s.text).includes(f.id)));
  if (facets.length > 0 && missing.length < facets.length) {
    picked = top(
      chosen.filter((s) => facetHits(s) > 0),
      score,
      facets.length,
    );
  } else if (ctx.intent.topicTerms.length > 0 && chosen.some((s) => ctx.overlap(s.text) > 0)) {
    picked = top(chosen, (s) => (ctx.overlap(s.text) > 0 ? score(s) : 0), 2);
  } else if (ctx.intent.topicTerms.length > 0 && facets.length === 0) {
    // "Peut-on cumuler avec une autre activité ?": asked with "peut-on", about something the
    // eligibility rules do not cover; let the general search find it.
    return undefined;
  } else {
    // No particular case: the whole section on eligibility.
    const best = top(chosen, score, 1)[0];
    picked = best
      ? sectionOf(ctx, best.passage)
          .flatMap((p) => ctx.sentences(p).map((text) => ({ text, passage: p, score: best.score })))
          .slice(0, 4)
      : [];
  }
  if (missing.length > 0) {
    const what = joinList(
      ctx,
      missing.map((f) => f[ctx.intent.language]),
    );
    notes.push(
      ctx.en
        ? `My documents say nothing specific about ${what}; these are the general conditions.`
        : `Mes documents ne disent rien de particulier au sujet ${what} : voici les conditions générales.`,
    );
    if (missing.length === facets.length) {
      const best = top(chosen, score, 1)[0];
      picked = best
        ? sectionOf(ctx, best.passage)
            .flatMap((p) => ctx.sentences(p).map((text) => ({ text, passage: p, score: best.score })))
            .slice(0, 4)
        : [];
    }
  }
  if (picked.length === 0) return undefined;
  return {
    lead: intro(ctx, { fr: "Conditions de candidature", en: "Who may apply" }, picked, promotion),
    evidence: evidenceOf(picked),
    promotion,
    confidence: missing.length > 0 ? 0.5 : 0.8,
    notes,
  };
};

export const selection: Picker = (ctx) => {
  const hits = ctx.search({ concepts: ["selection"], extra: "critères de sélection" });
  const notes: string[] = [];
  // The criteria are usually a list under a heading that names them.
  const heading = hits.find((h) => h.passage.headings.some((x) => /criter|criteria/.test(folded(x))));
  let picked: Sentence[];
  let promotion: number | undefined;
  if (heading) {
    picked = sectionOf(ctx, heading.passage).map((p) => ({
      text: p.text,
      passage: p,
      score: heading.score,
      promotion: p.promotion,
    }));
    promotion = heading.passage.promotion;
  } else {
    const found = forPromotion(
      ctx,
      ctx.sentencesWhere(hits, (t) => /crit|selection|selectionn|jury/.test(folded(t))),
      notes,
    );
    picked = top(found.chosen, (s) => s.score * (1 + ctx.overlap(s.text)), 3);
    promotion = found.promotion;
  }
  if (picked.length === 0) return undefined;
  return {
    lead: intro(ctx, { fr: "Critères de sélection", en: "Selection criteria" }, picked, promotion),
    evidence: evidenceOf(picked),
    promotion,
    confidence: heading ? 0.85 : 0.6,
    notes,
  };
};

const URL = /https?:\/\/[^\s)>\]]+[^\s)>\].,;:!?]/;

export const apply: Picker = (ctx) => {
  const hits = ctx.search({ concepts: ["apply"], extra: "candidature formulaire candidater" });
  const notes: string[] = [];
  const { chosen, promotion } = forPromotion(
    ctx,
    ctx.sentencesWhere(hits, (t) =>
      /formulaire|candidat|postul|dossier|inscri|apply|application/.test(folded(t)),
    ),
    notes,
  );
  const score = (s: Sentence) =>
    s.score *
    (1 +
      (URL.test(s.text) ? 1 : 0) +
      (/formulaire|form\b/.test(folded(s.text)) ? 1 : 0) +
      ctx.overlap(s.text));
  const ranked = top(chosen, score, 3);
  const bar = ranked[0] ? score(ranked[0]) * 0.5 : 0;
  const picked = ranked.filter((s) => score(s) >= bar).sort(byRecency(ctx));
  if (picked.length === 0) return undefined;
  const url = picked.map((s) => URL.exec(s.text)?.[0]).find(Boolean);
  const lead = url
    ? ctx.en
      ? `Applications are made online${promotion !== undefined ? ` (${promotionLabel(ctx, promotion, true)})` : ""}: ${url}`
      : `La candidature se fait en ligne${promotion !== undefined ? ` (${promotionLabel(ctx, promotion, true)})` : ""} : ${url}`
    : intro(ctx, { fr: "Pour candidater", en: "How to apply" }, picked, promotion);
  return { lead, evidence: evidenceOf(picked), promotion, confidence: 0.8, notes };
};

export const contact: Picker = (ctx) => {
  const found = findContact(ctx.kb);
  if (!found) return undefined;
  const sentence = ctx.sentences(found.passage).find((t) => t.includes("@")) ?? found.passage.text;
  return {
    lead: ctx.en
      ? `The programme's team can be reached at ${found.email}.`
      : `L'équipe du programme est joignable à ${found.email}.`,
    evidence: [{ passage: found.passage, text: sentence }],
    confidence: 0.9,
    notes: [],
  };
};

/** A quote-led answer from sentences that pass `test`, ranked by search score and word overlap. */
function quoteLed(
  label: { fr: string; en: string },
  concepts: ConceptId[],
  extra: string,
  test: (folded: string) => boolean,
  options: { perPromotion: boolean; bonus?: (folded: string) => number },
): Picker {
  return (ctx) => {
    const hits = ctx.search({ concepts, extra });
    const notes: string[] = [];
    const found = ctx.sentencesWhere(hits, (t) => test(folded(t)));
    const { chosen, promotion } = forPromotion(ctx, found, notes, options.perPromotion);
    const bonus = options.bonus ?? (() => 1);
    const score = (s: Sentence) =>
      s.score * bonus(folded(s.text)) * (1 + ctx.overlap(s.text, ctx.intent.terms));
    const picked = top(chosen, score, 2);
    if (picked.length === 0) return undefined;
    return {
      lead: intro(ctx, label, picked, promotion),
      evidence: evidenceOf(picked),
      promotion,
      confidence: 0.7,
      notes,
    };
  };
}

export const financing = quoteLed(
  { fr: "Financement", en: "Funding" },
  ["financing"],
  "financement financé PIA",
  (t) => /financ|\bpia\b|fonds|investissements d'avenir|funding/.test(t),
  { perPromotion: false },
);

const PROFILE_WORDS =
  /developp|developeu|design|datascien|data scien|geomatic|gestion de projet|expert|\bux\b|\bui\b/;
const COUNTED = /\d|\b(deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze)\b/;

export const profiles = quoteLed(
  { fr: "Profils recherchés", en: "Profiles wanted" },
  ["profiles"],
  "profils compétences développement design datascience",
  (t) => PROFILE_WORDS.test(t) && COUNTED.test(t),
  // The sentence naming the most profiles is the answer.
  { perPromotion: true, bonus: (t) => 1 + (t.match(new RegExp(PROFILE_WORDS.source, "g"))?.length ?? 0) },
);

/** "le programme … vise à", "fait entrer", "a pour objectif": a definition, not a mere mention. */
const DEFINITION =
  /(programme|dispositif)[^.]{0,80}\b(vise|fait entrer|ouvre|poursuit|a pour (but|objectif))/;

export const about = quoteLed(
  { fr: "Le programme", en: "The programme" },
  [],
  "programme entrepreneur intérêt général vise objectif",
  (t) =>
    /programme|dispositif/.test(t) &&
    /vise|objectif|a pour|fait entrer|ouvre|permet|recrut|accelerer/.test(t),
  { perPromotion: false, bonus: (t) => (DEFINITION.test(t) ? 3 : 1) },
);

/**
 * Anything else: the sentences that cover most of the question's topic words. Nothing is
 * answered unless one sentence or its passage covers most of them.
 */
export const general: Picker = (ctx) => {
  const hits = ctx.search({ limit: 20 });
  // A question of no particular kind is only what its words say: a passage must cover them all
  // (la capitale de la France is not « capitaux »), concept words included. English words cannot
  // be matched literally in French text: there the topic words are enough.
  const all = ctx.intent.kind === "general" && ctx.intent.language === "fr";
  const wanted = all
    ? [...new Set([...ctx.intent.topicTerms, ...ctx.intent.terms])]
    : ctx.intent.topicTerms.length > 0
      ? ctx.intent.topicTerms
      : ctx.intent.terms;
  if (wanted.length === 0) return undefined;
  const coverage = (text: string) => ctx.overlap(text, wanted) / wanted.length;
  const candidates = ctx.sentencesWhere(hits.slice(0, 12), () => true);
  const good = candidates.filter(
    (s) => coverage(s.text) >= 0.6 || (coverage(s.passage.text) >= 0.75 && coverage(s.text) > 0),
  );
  // A heading names a topic; the sentences under it say something about it.
  const said = good.filter((s) => s.passage.type !== "heading" && s.passage.type !== "title");
  const picked = top(said.length > 0 ? said : good, (s) => s.score * (1 + coverage(s.text)), 2);
  if (picked.length === 0) return undefined;
  const best = coverage(picked[0]?.text ?? "");
  return {
    lead: intro(
      ctx,
      { fr: "Voici ce que disent mes documents", en: "Here is what my documents say" },
      picked,
    ),
    evidence: evidenceOf(picked),
    confidence: Math.min(0.7, 0.3 + best * 0.4),
    notes: [],
    kind: "general",
  };
};
