/**
 * What the bot says when asked for help (`/eig`, `/eig help`, the App Home, the web chat's
 * placeholder): what it can do and example questions. Platform-neutral: renderers format it.
 */
import type { KnowledgeBase } from "../knowledge/types.js";
import type { Language } from "./types.js";

export interface Help {
  intro: string;
  /** Example questions, one per kind the engine understands. */
  examples: string[];
  /** How answers work: sources, "I don't know", feedback. */
  footer: string;
}

const EXAMPLES: Record<Language, string[]> = {
  fr: [
    "Quelle est la date limite pour candidater ?",
    "Combien d'entrepreneurs par équipe ?",
    "Je suis étudiant, puis-je candidater ?",
    "Quels sont les défis de la promotion 3 ?",
    "C'est quoi le défi CibNAV ?",
    "Quel est le salaire d'un EIG ?",
    "Comment candidater ?",
  ],
  en: [
    "What is the deadline to apply?",
    "How many people are in each team?",
    "Can students apply?",
    "Which challenges does the third cohort take on?",
    "What is the salary?",
    "How do I apply?",
  ],
};

export interface HelpOptions {
  /** Say that answers can be voted on (false where the channel shows no vote buttons). Default: true. */
  votes?: boolean;
}

export function help(language: Language, kb?: KnowledgeBase, options: HelpOptions = {}): Help {
  const docs = kb ? kb.documents.length : 0;
  const votes = options.votes ?? true;
  if (language === "en") {
    return {
      intro:
        "I answer questions about the Entrepreneurs d'intérêt général (EIG) programme — défis, eligibility, deadlines, " +
        `team sizes, pay — from the programme's own documents${docs ? ` (${docs} documents)` : ""}, and I always say where I read it.`,
      examples: EXAMPLES.en,
      footer: `When the documents do not answer, I say so and give the programme's contact.${votes ? " Vote 👍 or 👎 under an answer to help the team." : ""}`,
    };
  }
  return {
    intro:
      "Je réponds aux questions sur le programme Entrepreneurs d'intérêt général (EIG) — défis, éligibilité, dates " +
      `limites, taille des équipes, rémunération — à partir des documents du programme${docs ? ` (${docs} documents)` : ""}, en citant toujours mes sources.`,
    examples: EXAMPLES.fr,
    footer: `Quand les documents ne répondent pas, je le dis et je donne le contact du programme.${votes ? " Votez 👍 ou 👎 sous une réponse pour aider l'équipe." : ""}`,
  };
}

/** The help as one plain text: intro, example questions, footer. The adapters and the engine say the same. */
export function helpText(language: Language, kb?: KnowledgeBase, options: HelpOptions = {}): string {
  const h = help(language, kb, options);
  const title = language === "en" ? "Example questions:" : "Exemples de questions :";
  return [h.intro, "", title, ...h.examples.map((e) => `• ${e}`), "", h.footer].join("\n");
}
