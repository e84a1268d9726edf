/**
 * A small, general bilingual vocabulary of what people ask about the programme. Each concept
 * lists French and English words and phrases; they go through the same analyzer as everything
 * else, so "salaire", "salary" and "rémunérés" all meet as one concept.
 *
 * The same list serves twice:
 *   - reading a question: which concepts it asks about (→ the kind of question);
 *   - tagging passages at index time: which concepts a passage speaks of, stored in the
 *     `concepts` field, so "What is the salary?" finds "rémunérés sur une base de 4 000 €"
 *     without expanding one query word into many (which would inflate MiniSearch scores).
 *
 * Nothing here names a particular défi, date or document: only the programme's vocabulary.
 */
import { analyze, fold, words } from "./analyzer.js";

export type ConceptId =
  | "deadline"
  | "when"
  | "happens"
  | "start"
  | "audition"
  | "results"
  | "team"
  | "eligibility"
  | "ability"
  | "defi"
  | "list"
  | "count"
  | "people"
  | "profiles"
  | "pay"
  | "contract"
  | "duration"
  | "financing"
  | "selection"
  | "apply"
  | "contact"
  | "about"
  | "administration"
  | "mentor"
  | "promotion"
  | "student"
  | "civil-servant"
  | "company"
  | "nationality"
  | "age"
  | "applicants"
  | "end"
  | "opening"
  | "how"
  | "who"
  | "calendar"
  | "several-defis";

interface ConceptWords {
  /** Words and phrases that show a question asks about it. */
  ask: string[];
  /** Words and phrases that show a passage speaks of it; `false` when a passage cannot show it. */
  evidence?: string[] | false;
}

const CONCEPT_WORDS: Record<ConceptId, ConceptWords> = {
  deadline: {
    ask: [
      "date limite",
      "deadline",
      "délai",
      "clôture",
      "clôturé",
      "clos",
      "fermeture",
      "ferme",
      "jusqu'à quand",
      "dernier jour",
      "dernier délai",
      "au plus tard",
      "last day",
      "closing",
      "closes",
      "close",
      "due",
      "limite de dépôt",
      "limit",
      "date limit",
      "limite de candidature",
    ],
    evidence: [
      "date limite",
      "deadline",
      "clôture",
      "avant le",
      "jusqu'au",
      "au plus tard",
      "ouvert du",
      "closing",
    ],
  },
  when: {
    ask: [
      "quand",
      "when",
      "date",
      "dates",
      "quel jour",
      "what day",
      "calendrier",
      "calendar",
      "période",
      "timeline",
    ],
    evidence: false,
  },
  // "Quand a lieu le jury ?", "Où ont lieu les auditions ?": "avoir lieu" only says that
  // something happens; its "lieu" is not what the question is about.
  happens: {
    ask: ["a lieu", "ont lieu", "aura lieu", "auront lieu", "avoir lieu", "take place", "takes place"],
    evidence: false,
  },
  start: {
    ask: [
      "commence",
      "commencer",
      "commencent",
      "début",
      "débute",
      "débutent",
      "démarrage",
      "démarre",
      "démarrer",
      "start",
      "starts",
      "begin",
      "begins",
      "prise de fonction",
      "intégration",
      "intégrer",
      "rejoindre",
      "arrivée",
      "arrivent",
      "arrive",
      "arriver",
      "arrival",
      "join",
      "joins",
    ],
    evidence: [
      "démarrage",
      "intégration",
      "intègre",
      "intégreront",
      "intégrera",
      "intègrent",
      "prendront leurs fonctions",
      "prise de fonction",
      "pris ses fonctions",
      "début",
      "commence",
      "rejoignent",
      "rejoindront",
      "entre",
    ],
  },
  audition: {
    ask: [
      "audition",
      "auditionné",
      "auditionnés",
      "auditionner",
      "entretien",
      "entretiens",
      "interview",
      "interviews",
      "oral",
    ],
  },
  results: {
    ask: [
      "résultat",
      "résultats",
      "annonce",
      "annoncés",
      "annoncé",
      "réponse",
      "results",
      "announced",
      "notification",
    ],
  },
  team: {
    ask: [
      "équipe",
      "équipes",
      "team",
      "teams",
      "binôme",
      "trinôme",
      "seul",
      "seuls",
      "seule",
      "alone",
      "ensemble",
      "together",
      "par défi",
      "per challenge",
      "each challenge",
      "per team",
      "each team",
      "par équipe",
      "taille",
    ],
    evidence: ["équipe", "équipes", "binôme"],
  },
  // Who is asking (students, civil servants, companies…) are facets of their own, below.
  eligibility: {
    ask: [
      "éligible",
      "éligibles",
      "éligibilité",
      "eligible",
      "eligibility",
      "condition",
      "conditions",
      "requirements",
      "prérequis",
      "droit",
      "autorisé",
      "allowed",
      "qui peut",
      "who can",
      "diplôme",
      "degree",
      "expérience requise",
      "concourir",
    ],
    evidence: ["éligibilité", "peut participer", "ne peuvent concourir"],
  },
  ability: {
    ask: [
      "puis-je",
      "est-ce que je peux",
      "can a",
      "can an",
      "can students",
      "ai-je",
      "dois-je",
      "faut-il",
      "peut-on",
      "peut-il",
      "peut-elle",
      "peuvent-ils",
      "peuvent-elles",
      "ai-je le droit",
      "est-il possible",
      "est-ce possible",
      "can i",
      "can we",
      "am i allowed",
      "is it possible",
      "may i",
      "is a",
      "are students",
      "je peux",
      "on peut",
    ],
    evidence: false,
  },
  defi: {
    ask: ["défi", "défis", "challenge", "challenges", "projet", "projets", "project", "projects"],
  },
  list: {
    ask: [
      "quels sont",
      "quelles sont",
      "quels",
      "quelles",
      "liste",
      "lister",
      "list",
      "which",
      "what are",
      "tous les",
      "toutes les",
      "all",
      "énumérer",
      "citer",
      "lesquels",
    ],
    evidence: false,
  },
  count: { ask: ["combien", "how many", "nombre", "nombre de", "number of", "total"], evidence: false },
  people: {
    ask: [
      "entrepreneur",
      "entrepreneurs",
      "eig",
      "talent",
      "talents",
      "personne",
      "personnes",
      "people",
      "persons",
      "recruté",
      "recrutés",
      "recruter",
      "recrutement",
      "recruited",
      "recruit",
      "lauréat",
      "lauréats",
      "postes",
      "positions",
      "places",
      "participants",
    ],
  },
  profiles: {
    ask: [
      "profil",
      "profils",
      "compétence",
      "compétences",
      "skills",
      "skill",
      "développeur",
      "développeurs",
      "developer",
      "developers",
      "designer",
      "designers",
      "data scientist",
      "data scientists",
      "datascientist",
      "datascience",
      "data science",
      "expertise",
      "métier",
      "métiers",
      "background",
      "recherchés",
    ],
  },
  pay: {
    ask: [
      "salaire",
      "salaires",
      "rémunération",
      "rémunéré",
      "rémunérés",
      "payé",
      "payés",
      "paie",
      "paye",
      "euros",
      "euro",
      "salary",
      "salaries",
      "pay",
      "paid",
      "wage",
      "wages",
      "brut",
      "gross",
      "gagner",
      "gagne",
      "earn",
    ],
    evidence: ["salaire", "rémunération", "rémunéré", "rémunérés", "euros", "€"],
  },
  contract: {
    ask: [
      "contrat",
      "cdd",
      "cdi",
      "contract",
      "statut",
      "status",
      "non titulaire",
      "contractuel",
      "contractuels",
      "temps plein",
      "full-time",
      "part-time",
      "temps partiel",
    ],
  },
  duration: {
    ask: [
      "durée",
      "dure",
      "durer",
      "combien de temps",
      "how many months",
      "how long",
      "duration",
      "length",
      "mois",
      "months",
      "période",
    ],
    evidence: ["durée", "mois", "pendant"],
  },
  financing: {
    ask: [
      "financement",
      "financé",
      "financer",
      "finance",
      "financent",
      "funding",
      "funded",
      "fund",
      "pia",
      "fonds",
      "budget",
      "coût",
      "cost",
      "investissements d'avenir",
    ],
  },
  selection: {
    ask: [
      "critère",
      "critères",
      "criteria",
      "criterion",
      "sélection",
      "sélectionné",
      "sélectionnés",
      "sélectionner",
      "selection",
      "selected",
      "choisi",
      "chosen",
      "évalué",
      "évaluation",
      "assessed",
    ],
  },
  apply: {
    ask: [
      "candidater",
      "postuler",
      "candidature",
      "candidatures",
      "dossier",
      "formulaire",
      "apply",
      "application",
      "applications",
      "applying",
      "inscrire",
      "inscription",
      "register",
      "déposer",
      "procédure",
      "participer",
    ],
  },
  contact: {
    ask: [
      "contact",
      "contacter",
      "email",
      "e-mail",
      "mail",
      "courriel",
      "joindre",
      "écrire",
      "adresse",
      "reach",
      "téléphone",
      "phone",
      "interlocuteur",
      "renseignements",
      "informations",
    ],
  },
  about: {
    ask: [
      "c'est quoi",
      "qu'est-ce que",
      "what's",
      "qu'est-ce",
      "what is",
      "présentation",
      "présenter",
      "objectif",
      "objectifs",
      "goal",
      "purpose",
      "pourquoi",
      "why",
      "définition",
      "programme",
    ],
    evidence: false,
  },
  administration: {
    ask: [
      "administration",
      "administrations",
      "ministère",
      "ministry",
      "porte",
      "porteuse",
      "porteur",
      "porté",
      "accueil",
      "host",
      "hosts",
      "hosting",
      "organisme",
      "qui porte",
      "who runs",
      "which ministry",
    ],
    evidence: [
      "administration",
      "ministère",
      "direction",
      "agence",
      "porteuse",
      "accueil",
      "cour",
      "secrétariat",
    ],
  },
  mentor: {
    ask: [
      "mentor",
      "mentors",
      "encadrement",
      "encadré",
      "accompagnement",
      "accompagné",
      "coach",
      "coaching",
      "tuteur",
      "supervisor",
    ],
  },
  promotion: { ask: ["promotion", "promo", "cohorte", "cohort", "vague", "batch"], evidence: false },
  // Facets of eligibility: who is asking.
  student: {
    ask: [
      "étudiant",
      "étudiante",
      "étudiants",
      "student",
      "students",
      "apprenti",
      "alternance",
      "alternant",
      "scolarité",
      "école",
      "université",
      "studying",
      "stage",
      "stagiaire",
      "master",
      "licence",
      "doctorat",
      "doctorant",
      "thèse",
      "études",
    ],
    evidence: ["étudiant", "scolarité", "apprenti", "universitaire"],
  },
  "civil-servant": {
    ask: [
      "fonctionnaire",
      "fonctionnaires",
      "civil servant",
      "civil servants",
      "agent public",
      "agents publics",
      "public servant",
      "fonction publique",
      "titulaire",
    ],
    evidence: ["fonctionnaire", "fonctionnaires", "fonctions publiques", "fonction publique"],
  },
  company: {
    ask: [
      "entreprise",
      "entreprises",
      "société",
      "company",
      "companies",
      "business",
      "personne morale",
      "association",
      "freelance",
      "indépendant",
      "auto-entrepreneur",
      "startup",
      "nom de mon entreprise",
    ],
    evidence: ["personne morale", "personne physique"],
  },
  nationality: {
    ask: [
      "nationalité",
      "nationality",
      "french",
      "citizenship",
      "étranger",
      "étrangère",
      "étrangers",
      "foreigner",
      "foreign",
      "français",
      "française",
      "citizen",
      "citoyen",
      "européen",
    ],
    evidence: ["nationalité", "étranger", "étrangers"],
  },
  // "Les candidatures sont-elles ouvertes ?": with "apply", a question about the call's period.
  opening: {
    ask: ["ouvert", "ouverte", "ouvertes", "ouvre", "ouvrent", "ouverture", "open", "opens", "opening"],
    evidence: false,
  },
  how: {
    ask: ["comment", "how", "où", "where", "de quelle façon", "de quelle manière", "procédure", "démarche"],
    evidence: false,
  },
  who: { ask: ["qui", "who", "whom"], evidence: false },
  calendar: {
    ask: ["calendrier", "calendar", "timeline", "étapes", "steps", "planning", "chronologie", "schedule"],
    evidence: false,
  },
  end: {
    ask: [
      "fin",
      "finit",
      "finissent",
      "terminé",
      "terminée",
      "termine",
      "terminent",
      "s'achève",
      "achevé",
      "end",
      "ends",
      "ended",
      "finish",
      "finished",
    ],
    evidence: ["fin", "pris fin", "terminé", "terminée", "s'achève", "achevé", "ended"],
  },
  applicants: {
    // Written with their articles: "candidats" alone stems like "candidater".
    ask: [
      "combien de candidats",
      "nombre de candidats",
      "de candidats",
      "les candidats",
      "des candidats",
      "candidatures reçues",
      "de candidatures",
      "applicants",
      "applications received",
      "ont postulé",
      "ont candidaté",
    ],
    evidence: ["candidats", "candidatures"],
  },
  "several-defis": {
    ask: [
      "plusieurs défis",
      "plusieurs",
      "several",
      "multiple",
      "more than one",
      "combien de défis",
      "how many challenges",
      "deux défis",
    ],
    evidence: ["dans la limite de deux", "limite de deux", "le ou les défis"],
  },
  age: { ask: ["âge", "age", "âgé", "old", "jeune", "young", "senior", "retraité"], evidence: ["âge"] },
};

/** A phrase as analyzed terms: ["date limite"] → ["dat", "limit"]. */
type Phrase = string[];

export interface Concept {
  id: ConceptId;
  /** Question words and phrases, analyzed. */
  ask: Phrase[];
  /**
   * Phrases whose words the analyzer would drop ("puis-je", "par défi", "jusqu'à quand"): kept
   * whole, folded to lower case, and looked for in the folded text.
   */
  askRaw: string[];
  evidence: Phrase[];
  evidenceRaw: string[];
}

/** Lower case, no accents, plain apostrophes: how raw phrases and texts are compared. */
export function foldForPhrases(text: string): string {
  return ` ${fold(text.toLowerCase()).replace(/[’‘ʼ]/g, "'").replace(/\s+/g, " ")} `;
}

function phrases(list: string[]): { analyzed: Phrase[]; raw: string[] } {
  const analyzed: Phrase[] = [];
  const raw: string[] = [];
  const seen = new Set<string>();
  for (const text of list) {
    const terms = analyze(text);
    const wordCount = words(text).length;
    if (text === "€" || terms.length < wordCount) {
      raw.push(foldForPhrases(text).trim());
      continue;
    }
    const key = terms.join(" ");
    if (terms.length > 0 && !seen.has(key)) {
      seen.add(key);
      analyzed.push(terms);
    }
  }
  return { analyzed, raw };
}

export const CONCEPTS: readonly Concept[] = (
  Object.entries(CONCEPT_WORDS) as [ConceptId, ConceptWords][]
).map(([id, w]) => {
  const ask = phrases(w.ask);
  const evidence = w.evidence === false ? { analyzed: [], raw: [] } : phrases(w.evidence ?? w.ask);
  return { id, ask: ask.analyzed, askRaw: ask.raw, evidence: evidence.analyzed, evidenceRaw: evidence.raw };
});

function containsPhrase(terms: readonly string[], phrase: Phrase): boolean {
  if (phrase.length === 1) return terms.includes(phrase[0] as string);
  outer: for (let i = 0; i + phrase.length <= terms.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (terms[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/** True when `folded` (from foldForPhrases) holds the raw phrase as whole words. */
function containsRaw(folded: string, phrase: string): boolean {
  if (!/^[\p{L}\p{N}]/u.test(phrase)) return folded.includes(phrase);
  let from = 0;
  for (;;) {
    const at = folded.indexOf(phrase, from);
    if (at < 0) return false;
    const before = folded[at - 1] ?? " ";
    const after = folded[at + phrase.length] ?? " ";
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
    from = at + 1;
  }
}

/** Concepts a question asks about: its analyzed terms and its raw text hold their words. */
export function askedConcepts(terms: readonly string[], text: string): Set<ConceptId> {
  const folded = foldForPhrases(text);
  const found = new Set<ConceptId>();
  for (const concept of CONCEPTS) {
    if (
      concept.ask.some((p) => containsPhrase(terms, p)) ||
      concept.askRaw.some((p) => containsRaw(folded, p))
    ) {
      found.add(concept.id);
    }
  }
  return found;
}

/** The analyzed terms that showed each asked concept (to leave question words out of searches). */
export function conceptTermsIn(
  terms: readonly string[],
  text: string,
  ids: Iterable<ConceptId>,
): Set<string> {
  const folded = foldForPhrases(text);
  const out = new Set<string>();
  for (const id of ids) {
    const concept = CONCEPTS.find((c) => c.id === id);
    for (const p of concept?.ask ?? []) if (containsPhrase(terms, p)) for (const t of p) out.add(t);
    // "est-il possible" shaped the question; its "possible" says nothing of the topic.
    for (const raw of concept?.askRaw ?? [])
      if (containsRaw(folded, raw)) for (const t of analyze(raw)) out.add(t);
  }
  return out;
}

/** Concepts a passage speaks of: its terms and its text hold their evidence. */
export function passageConcepts(terms: readonly string[], text: string): ConceptId[] {
  const folded = foldForPhrases(text);
  const ids: ConceptId[] = [];
  for (const concept of CONCEPTS) {
    if (
      concept.evidence.some((p) => containsPhrase(terms, p)) ||
      concept.evidenceRaw.some((p) => containsRaw(folded, p))
    ) {
      ids.push(concept.id);
    }
  }
  return ids;
}

/** The term stored in the `concepts` field for a concept. */
export function conceptTerm(id: ConceptId): string {
  return `concept${id.replace(/-/g, "")}`;
}
