/**
 * The Assistant as the Slack and Mattermost channels see it when `PUBLIC_URL` is set: every
 * source without a public `url` of its own gets the bot's page of its document as its `url`
 * (`PUBLIC_URL/docs/<document id>#<anchor>`, src/render/links.ts), so the renderers link it
 * like any other source. Answers and what `recall` returns (votes, shares) are both linked; the
 * engine's own answers, the event log and the web chat (same origin, relative links) are left
 * as they are.
 *
 * A Proxy rather than a hand-written wrapper: the channels use the Assistant's whole surface
 * (ask, recall, feedback, knowledge, inConversation…), which other work keeps growing; only the
 * two methods that hand out answers are changed here.
 */
import type { Assistant } from "../answer/assistant.js";
import type { Answer } from "../answer/types.js";
import { sourceHref } from "../render/links.js";

/** A copy of the answer whose sources all carry a link when one can be given. */
export function linkSources(answer: Answer, publicUrl: string): Answer {
  if (answer.sources.every((s) => s.url)) return answer;
  return {
    ...answer,
    sources: answer.sources.map((s) => {
      const url = sourceHref(s, publicUrl);
      return url ? { ...s, url } : s;
    }),
  };
}

export function withSourceLinks(assistant: Assistant, publicUrl: string | undefined): Assistant {
  if (!publicUrl) return assistant;
  return new Proxy(assistant, {
    get(target, property) {
      if (property === "ask") {
        return (...args: Parameters<Assistant["ask"]>) => {
          const outcome = target.ask(...args);
          return { ...outcome, answer: linkSources(outcome.answer, publicUrl) };
        };
      }
      if (property === "recall") {
        return (...args: Parameters<Assistant["recall"]>) => {
          const answer = target.recall(...args);
          return answer && linkSources(answer, publicUrl);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
