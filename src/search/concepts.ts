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
import { analyze } from "./analyzer.js";

export type ConceptId =
  | "deadline"
  | "when"
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
  | "promotion";

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
      "limite",
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
      "droit",
      "autorisé",
      "allowed",
      "qui peut",
      "who can",
      "étudiant",
      "étudiante",
      "étudiants",
      "student",
      "students",
      "fonctionnaire",
      "fonctionnaires",
      "civil servant",
      "agent public",
      "public servant",
      "étranger",
      "étrangère",
      "foreigner",
      "foreign",
      "nationalité",
      "nationality",
      "âge",
      "age",
      "diplôme",
      "degree",
      "apprenti",
      "alternance",
      "scolarité",
      "entreprise",
      "société",
      "company",
      "personne morale",
      "freelance",
      "indépendant",
      "concourir",
      "participer",
    ],
    evidence: [
      "éligibilité",
      "peut participer",
      "ne peuvent concourir",
      "personne physique",
      "personne morale",
    ],
  },
  ability: {
    ask: [
      "puis-je",
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
  count: { ask: ["combien", "how many", "nombre", "number of", "total"], evidence: false },
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
      "jury",
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
};

/** A phrase as analyzed terms: ["date limite"] → ["dat", "limit"]. */
type Phrase = string[];

export interface Concept {
  id: ConceptId;
  ask: Phrase[];
  evidence: Phrase[];
}

function phrases(list: string[]): Phrase[] {
  const out: Phrase[] = [];
  const seen = new Set<string>();
  for (const text of list) {
    const terms = text === "€" ? ["€"] : analyze(text);
    const key = terms.join(" ");
    if (terms.length > 0 && !seen.has(key)) {
      seen.add(key);
      out.push(terms);
    }
  }
  return out;
}

export const CONCEPTS: readonly Concept[] = (
  Object.entries(CONCEPT_WORDS) as [ConceptId, ConceptWords][]
).map(([id, words]) => ({
  id,
  ask: phrases(words.ask),
  evidence: words.evidence === false ? [] : phrases(words.evidence ?? words.ask),
}));

/** Raw words of the question-only lists, unanalysed: phrases such as "puis-je" lose meaning in analysis. */
export const RAW_ASK: Readonly<Record<ConceptId, readonly string[]>> = Object.fromEntries(
  Object.entries(CONCEPT_WORDS).map(([id, w]) => [id, w.ask]),
) as Record<ConceptId, string[]>;

function containsPhrase(terms: readonly string[], phrase: Phrase): boolean {
  if (phrase.length === 1) return terms.includes(phrase[0] as string);
  outer: for (let i = 0; i + phrase.length <= terms.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (terms[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/** Concepts whose question words appear in the analyzed terms, with the terms that showed them. */
export function askedConcepts(terms: readonly string[]): Map<ConceptId, string[]> {
  const found = new Map<ConceptId, string[]>();
  for (const concept of CONCEPTS) {
    const hits = concept.ask.filter((p) => containsPhrase(terms, p)).flat();
    if (hits.length > 0) found.set(concept.id, hits);
  }
  return found;
}

/** Concepts a passage speaks of: its terms (and raw text, for "€") hold their evidence. */
export function passageConcepts(terms: readonly string[], text: string): ConceptId[] {
  const ids: ConceptId[] = [];
  for (const concept of CONCEPTS) {
    if (concept.evidence.some((p) => (p[0] === "€" ? text.includes("€") : containsPhrase(terms, p))))
      ids.push(concept.id);
  }
  return ids;
}

/** The term stored in the `concepts` field for a concept. */
export function conceptTerm(id: ConceptId): string {
  return `concept${id.replace(/-/g, "")}`;
}
