/**
 * Question understanding: what kind of fact is asked for, about which promotion and which défi,
 * in which language, and with which topic words. Everything comes from general word lists
 * (src/search/concepts.ts) and from the knowledge itself (défi names), never from the wording of
 * particular questions.
 */
import { distance } from "fastest-levenshtein";
import type { DefiFact } from "../knowledge/facts.js";
import { nameKey } from "../knowledge/facts.js";
import { findPromotions } from "../knowledge/promotion.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import { analyze, fold, STOPWORDS, words } from "../search/analyzer.js";
import { askedConcepts, CONCEPTS, type ConceptId, conceptTermsIn } from "../search/concepts.js";
import { frenchThemeTerms } from "../search/themes.js";
import { detectLanguage } from "./language.js";
import type { Language, QuestionKind } from "./types.js";

export type DefiAspect = "administration" | "mentor" | "people" | "description";

export interface Intent {
  /** The question as understood (for a follow-up: the previous question with the new details). */
  question: string;
  language: Language;
  kind: QuestionKind;
  concepts: Set<ConceptId>;
  /** The promotion asked about, if named. */
  promotion?: number;
  /** Défis named in the question (every fact sharing the matched name), best match first. */
  defis: DefiFact[];
  /** For a question about one défi: what about it. */
  aspect: DefiAspect;
  /** Analyzed terms of the question, for search. */
  terms: string[];
  /** Terms that say what the question is about (not question words, not concept words, not names). */
  topicTerms: string[];
  /** True when read against the previous question of the conversation. */
  followUp: boolean;
}

/** Concepts that only shape a question ("when", "how many"): their words are not searched. */
const FORM_CONCEPTS: ReadonlySet<ConceptId> = new Set([
  "when",
  "happens",
  "list",
  "count",
  "ability",
  "about",
  "promotion",
]);

const CONCEPT_TERMS: ReadonlySet<string> = new Set(CONCEPTS.flatMap((c) => c.ask.flat()));

/** Words every question about the programme may carry; they say nothing of the topic. */
const DOMAIN_TERMS: ReadonlySet<string> = new Set(
  analyze(
    "programme entrepreneur entrepreneurs intérêt général eig défi défis quel quoi comment où savoir voudrais aimerais souhaite donne donner donnez liste lister montre montrer dis dire indiquer give show tell list",
  ),
);

/** Greetings and thanks: they call for a greeting, not an answer. */
export const SMALL_TALK: ReadonlySet<string> = new Set(
  analyze(
    "bonjour bonsoir salut hello hi hey coucou merci thanks thank you svp please ok okay super génial cool bye revoir",
  ),
);

/** Ordinal-only words ("troisième") and digits are promotion or count words, not topics. */
function isNumberish(term: string): boolean {
  return (
    /^\d+$/.test(term) ||
    /^(premi|deuxiem|second|troisiem|quatriem|cinquiem|first|third|fourth|fifth|\d+e|\d+em)/.test(term)
  );
}

/** Follow-ups: "et pour la promo 2 ?", "and for the third cohort?", "et CibNAV ?". */
const FOLLOW_UP =
  /^\s*(et|and|what about|how about|pareil|idem|même question|same)\b|^\s*(pour|for)\s+(la|le|les|l'|the)\b/i;

/** True when `a` and `b` differ by at most one insertion, deletion or substitution. */
function withinOneEdit(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return false;
  let i = 0;
  while (i < short.length && short.charCodeAt(i) === long.charCodeAt(i)) i++;
  return short.length === long.length
    ? short.slice(i + 1) === long.slice(i + 1)
    : short.slice(i) === long.slice(i + 1);
}

/** Défis whose name the question mentions, by exact or near spelling of the name's letters. */
export function findDefis(question: string, kb: KnowledgeBase, hasDefiWord: boolean): DefiFact[] {
  const tokens = words(question).map((w) => fold(w));
  const grams = new Set<string>();
  // A gram that begins or ends with a small word ("la santé" → "lasante") may name a défi only
  // exactly: near spellings of it are everyday phrases ("la santé" is not "Lab Santé").
  const exactOnly = new Set<string>();
  for (let n = 1; n <= 4; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const gram = tokens.slice(i, i + n).join("");
      grams.add(gram);
      const edges = [tokens[i], tokens[i + n - 1]].map((t) => (t ?? "").toLowerCase());
      if (n > 1 && edges.some((t) => STOPWORDS.has(t))) exactOnly.add(gram);
    }
  }
  // "b@liseNAV", "Karfu'R": split by the tokenizer, but whole in the raw question.
  for (const raw of question.split(/\s+/)) grams.add(nameKey(raw));
  // Grams by length: a name is compared only with grams it could be within `allowed` edits of
  // (an edit distance is at least the difference in length).
  const byLength = new Map<number, string[]>();
  for (const gram of grams) {
    if (gram.length < 3) continue;
    const list = byLength.get(gram.length);
    if (list) list.push(gram);
    else byLength.set(gram.length, [gram]);
  }
  const matched = new Map<string, number>();
  for (const fact of kb.facts.defis) {
    if (!fact.short || matched.has(fact.key)) continue;
    const key = fact.key;
    const allowed = key.length >= 9 ? 2 : key.length >= 5 ? 1 : 0;
    let best = Number.POSITIVE_INFINITY;
    for (let length = key.length - allowed; length <= key.length + allowed; length++) {
      for (const gram of byLength.get(length) ?? []) {
        if (gram !== key && exactOnly.has(gram)) continue;
        // The full edit distance only when one edit is not enough and two are allowed.
        const d =
          gram === key
            ? 0
            : allowed === 0
              ? 1
              : withinOneEdit(gram, key)
                ? 1
                : allowed === 1
                  ? 2
                  : distance(gram, key);
        if (d <= allowed && d < best) best = d;
      }
    }
    // A name that is also a common word ("Label", "Recrues") needs the word "défi" next to it.
    if (best < Number.POSITIVE_INFINITY && (hasDefiWord || !isCommonWord(fact.name, kb)))
      matched.set(key, best);
  }
  const keys = [...matched].sort((a, b) => a[1] - b[1]).map(([k]) => k);
  return keys.flatMap((k) => kb.facts.defis.filter((d) => d.key === k));
}

const commonCache = new WeakMap<KnowledgeBase, Map<string, boolean>>();

/** True when a one-word name is an ordinary word of the knowledge (found in many passages). */
function isCommonWord(name: string, kb: KnowledgeBase): boolean {
  const terms = analyze(name);
  if (terms.length !== 1) return false;
  let cache = commonCache.get(kb);
  if (!cache) {
    cache = new Map();
    commonCache.set(kb, cache);
  }
  const term = terms[0] as string;
  let common = cache.get(term);
  if (common === undefined) {
    const hits = kb.index.search(term, { fields: ["text"], prefix: false, fuzzy: false }).length;
    common = hits > Math.max(8, kb.passages.length * 0.01);
    cache.set(term, common);
  }
  return common;
}

function defiAspect(concepts: Set<ConceptId>): DefiAspect {
  if (concepts.has("mentor")) return "mentor";
  if (concepts.has("administration")) return "administration";
  if (concepts.has("people") && !concepts.has("count")) return "people";
  return "description";
}

/** The kind of question, from its concepts and the défis it names. Order matters: first rule wins. */
function kindOf(
  c: Set<ConceptId>,
  defis: DefiFact[],
  topicTerms: string[],
  domainOnly: boolean,
): QuestionKind {
  const has = (id: ConceptId) => c.has(id);
  const facet = (["student", "civil-servant", "company", "nationality", "age"] as const).some(has);

  // Dates: the call's deadline or period, a promotion's start, other steps, the calendar.
  if (has("deadline") || (has("opening") && has("apply"))) return "deadline";
  if (has("calendar")) return "date";
  // "Combien de temps dure l'appel à candidatures ?": the call's period, not the mission's length.
  if (has("duration") && has("apply") && !has("people")) return "deadline";
  // "combien de temps", "durée", "how long" — but "mois" in "salaire par mois" is pay.
  if (has("duration") && !has("pay")) return "duration";
  if (has("when") || (has("start") && !has("ability") && !has("count"))) {
    if (has("apply") && !has("start") && !has("audition") && !has("results")) return "deadline";
    if (has("start")) return "start";
    if (has("audition") || has("results") || has("selection") || has("end")) return "date";
    if (defis.length === 0) return "date";
  }

  // Counting.
  if (has("count") && has("mentor")) return "general";
  if (has("count") && has("team")) return "team-size";
  if (has("count") && has("applicants") && !has("ability")) return "count-applicants";

  // "Comment / où candidater ?" is about the procedure, even with "puis-je".
  // "Comment sont sélectionnés les candidats ?" is about the selection, not the form.
  if (has("how") && has("apply") && !facet && !has("eligibility") && !has("selection")) return "apply";

  // Who may apply: asked outright, or who is asking ("étudiant", "fonctionnaire") when the question
  // asks whether they may apply or says nothing else ("étudiant ?"); not "l'âge moyen des EIG".
  // "Who can I contact?": the "who can" of a contact question, not of eligibility.
  if (has("contact") && !has("apply") && !has("count") && !facet) return "contact";
  const mayApply = has("ability") || has("eligibility") || has("apply") || topicTerms.length === 0;
  if (
    (has("several-defis") && (has("apply") || has("ability"))) ||
    has("eligibility") ||
    (facet && mayApply) ||
    (has("ability") && !(has("count") && has("people")))
  ) {
    return "eligibility";
  }
  if (has("contact") && !has("count")) return "contact";
  if (has("count")) {
    if (has("pay")) return "pay";
    if (has("people")) return "count-entrepreneurs";
    if (has("defi") && defis.length === 0) return "count-defis";
  }
  if (has("team")) return "team-size";
  if (has("pay") || has("contract")) return "pay";
  if (has("financing")) return "financing";
  // "Qui sélectionne les défis ?" is about the jury, found by search; criteria are a list.
  if (has("selection") && has("who")) return "general";
  if (has("selection")) return "selection";
  if (defis.length > 0) return "defi-detail";
  // "Comment candidater ?"; but "les engagements des candidats" has a topic of its own.
  if (has("apply") && topicTerms.length === 0) return "apply";
  if (has("profiles")) return "profiles";
  // "Les EIG sont-ils accompagnés ?": mentoring is described in prose, found by search.
  if (has("mentor")) return "general";
  // "Y a-t-il un défi sur l'agriculture ?", "Quel défi porte le ministère de la Justice ?": by theme.
  if (has("defi")) return topicTerms.length > 0 || has("administration") ? "defi-detail" : "defi-list";
  // "Qu'est-ce que le programme ?" is about the programme; "qu'est-ce que le bootcamp ?" is not.
  if (topicTerms.length === 0 && (has("about") || domainOnly)) return "about";
  return "general";
}

function readQuestion(question: string, kb: KnowledgeBase): Omit<Intent, "followUp"> {
  const language = detectLanguage(question);
  const terms = analyze(question);
  const concepts = askedConcepts(terms, question);
  const promotions = findPromotions(question, { loose: terms.length <= 4 });
  const defis = findDefis(question, kb, concepts.has("defi"));
  const defiTerms = new Set(defis.flatMap((d) => analyze(d.name)));
  const formTerms = conceptTermsIn(
    terms,
    question,
    [...concepts].filter((c) => FORM_CONCEPTS.has(c)),
  );
  // An English question about a theme searches the French words of the knowledge ("health" → santé).
  const english = language === "en";
  const translated = (list: string[]) =>
    english ? [...new Set(list.flatMap((t) => frenchThemeTerms(t) ?? [t]))] : list;
  const topicTerms = translated(
    terms.filter(
      (t) =>
        !CONCEPT_TERMS.has(t) &&
        !formTerms.has(t) &&
        !DOMAIN_TERMS.has(t) &&
        !SMALL_TALK.has(t) &&
        !isNumberish(t) &&
        !defiTerms.has(t),
    ),
  );
  // "EIG ?", "le programme ?": only words of the domain, nothing more specific: what it is.
  const domainOnly = terms.some((t) => DOMAIN_TERMS.has(t) && !SMALL_TALK.has(t));
  const kind = kindOf(concepts, defis, topicTerms, domainOnly);
  return {
    question,
    language,
    kind,
    concepts,
    promotion: promotions[0],
    defis,
    aspect: defiAspect(concepts),
    // Ordinals name the promotion, which is matched on passages' promotion, not on their words.
    // "promotion 3" is matched on passages' promotion, not on the digit 3 in their words.
    terms: translated(
      terms.filter(
        (t) => !formTerms.has(t) && !(isNumberish(t) && !/^\d+$/.test(t)) && !promotions.includes(Number(t)),
      ),
    ),
    topicTerms,
  };
}

/** The first question of a chain of follow-ups: "b (suite de : a)" → "a". */
function baseOf(question: string): string {
  return /\((?:suite de|following) : (.*)\)\s*$/s.exec(question.trim())?.[1] ?? question.trim();
}

/**
 * Reads a question; with `previous`, a short follow-up ("et pour la promo 2 ?") keeps the previous
 * question's kind and topic and takes the new promotion or défi.
 */
export function understand(question: string, kb: KnowledgeBase, previous?: string): Intent {
  const current = readQuestion(question, kb);
  if (!previous) return { ...current, followUp: false };
  const short = current.terms.length <= 5;
  const ownKind = current.kind !== "general" && current.kind !== "about";
  const isFollowUp =
    short &&
    (FOLLOW_UP.test(question) || !ownKind) &&
    (current.promotion !== undefined || current.defis.length > 0 || FOLLOW_UP.test(question));
  if (!isFollowUp) return { ...current, followUp: false };
  const before = readQuestion(previous, kb);
  const concepts = new Set([...before.concepts, ...current.concepts]);
  const defis = current.defis.length > 0 ? current.defis : before.defis;
  const promotion = current.promotion ?? before.promotion;
  const kind =
    ownKind && current.kind !== "defi-detail"
      ? current.kind
      : before.kind === "defi-detail" && defis.length === 0
        ? "general"
        : before.kind;
  return {
    ...before,
    // "et pour la promo 2 ? (suite de : Quelle est la date limite … ?)": what was asked, read how.
    question: `${question.trim()} (${current.language === "en" ? "following" : "suite de"} : ${baseOf(previous)})`,
    language: current.language,
    kind,
    concepts,
    promotion,
    defis,
    aspect: current.defis.length > 0 && before.kind !== "defi-detail" ? current.aspect : before.aspect,
    terms: [...new Set([...before.terms, ...current.terms])],
    topicTerms: [...new Set([...before.topicTerms, ...current.topicTerms])],
    followUp: true,
  };
}
