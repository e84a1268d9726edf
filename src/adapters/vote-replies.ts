/**
 * What a voter reads, privately, after clicking 👍 or 👎 (Slack, Mattermost): plain text, one
 * table so the platforms say the same thing. Slack's thank-you itself is rendered by
 * src/render/slack.ts (`renderThanks`), with the same words.
 */
import type { VoteOutcome } from "../answer/assistant.js";
import type { Language } from "../answer/types.js";

const THANKS: Record<"up" | "down", Record<Language, string>> = {
  up: {
    fr: "👍 Merci pour votre retour : il aide l'équipe à améliorer les réponses.",
    en: "👍 Thanks for your feedback: it helps the team improve the answers.",
  },
  down: {
    fr: "👎 Merci pour votre retour : l'équipe regardera cette réponse de plus près.",
    en: "👎 Thanks for your feedback: the team will look at this answer more closely.",
  },
};

/** Why a vote changed nothing. */
export const REFUSED_VOTE: Record<Exclude<VoteOutcome["status"], "recorded">, Record<Language, string>> = {
  duplicate: {
    fr: "Vous avez déjà voté pour cette réponse : votre premier vote est gardé.",
    en: "You already voted on this answer: your first vote is kept.",
  },
  expired: {
    fr: "Cette réponse a plus de 7 jours : elle ne peut plus être notée. Reposez la question pour voter.",
    en: "This answer is more than 7 days old and can no longer be rated. Ask again to vote.",
  },
  unknown: {
    fr: "Cette réponse n'est pas connue du bot : elle ne peut pas être notée. Reposez la question pour voter.",
    en: "The bot does not know this answer, so it cannot be rated. Ask again to vote.",
  },
};

/** The private reply to a vote, plain text. */
export function voteReply(status: VoteOutcome["status"], vote: "up" | "down", language: Language): string {
  return status === "recorded" ? THANKS[vote][language] : REFUSED_VOTE[status][language];
}
