/**
 * Asking the Assistant and posting its answer: shared by mentions, direct messages and thread
 * follow-ups. The asker always hears back: when answering throws or Slack refuses the rendered
 * blocks, a short apology is posted instead, and what went wrong is logged as an error.
 */
import type { AllMiddlewareArgs, RespondArguments, RespondFn } from "@slack/bolt";
import { help } from "../../answer/help.js";
import { detectLanguage } from "../../answer/language.js";
import type { Language } from "../../answer/types.js";
import {
  escapeSlack,
  renderAnswer,
  renderApology,
  renderHelp,
  type SlackMessage,
} from "../../render/slack.js";
import type { SlackDeps } from "./deps.js";

type WebClient = AllMiddlewareArgs["client"];

export interface Question {
  text: string;
  /** Slack user id of the asker (rate limit; hashed in the event log). */
  user: string;
  channel: string;
  /** Thread to answer in; absent for a top-level direct message. */
  threadTs?: string;
  conversation: string;
}

/** Runs the question through the Assistant; an apology when that throws. */
export function answerMessage(deps: SlackDeps, question: Question, render = renderAnswer): SlackMessage {
  try {
    const outcome = deps.assistant.ask({
      text: question.text,
      channel: "slack",
      user: question.user,
      conversation: question.conversation,
    });
    // No 👍/👎 under "please wait": there is no answer to judge.
    return render(outcome.answer, { feedback: !outcome.rateLimited });
  } catch (error) {
    deps.logger.error({ err: error, channel: question.channel }, "slack: answering failed; apologising");
    return renderApology(detectLanguage(question.text));
  }
}

/** What the bot does, with examples; an apology if even that cannot be built. */
export function helpMessage(
  deps: SlackDeps,
  language: Language = "fr",
  command = deps.command,
): SlackMessage {
  try {
    return renderHelp(help(language, deps.assistant.knowledge), language, command);
  } catch (error) {
    deps.logger.error({ err: error }, "slack: rendering the help failed; apologising");
    return renderApology(language);
  }
}

/** A one-line reply ("Avec plaisir !"): plain text, escaped, no blocks. */
export function shortReply(text: string): { text: string } {
  return { text: escapeSlack(text) };
}

/** Answers in the channel (and thread) the question came from. */
export async function postAnswer(deps: SlackDeps, client: WebClient, question: Question): Promise<void> {
  const message = answerMessage(deps, question);
  await postOrApologise(deps, client, question, message);
}

/**
 * Posts `message`; when Slack refuses it (blocks it does not accept, a channel it cannot write
 * in), tries a plain apology so the asker is not left waiting, and logs both failures.
 */
export async function postOrApologise(
  deps: SlackDeps,
  client: WebClient,
  where: { channel: string; threadTs?: string; text: string },
  message: SlackMessage | { text: string; blocks?: undefined },
): Promise<void> {
  try {
    await client.chat.postMessage({
      channel: where.channel,
      thread_ts: where.threadTs,
      text: message.text,
      blocks: message.blocks,
      // Source links are documents, not something to preview under every answer.
      unfurl_links: false,
      unfurl_media: false,
    });
  } catch (error) {
    deps.logger.error(
      { err: error, channel: where.channel },
      "slack: posting the answer failed; apologising",
    );
    const apology = renderApology(detectLanguage(where.text));
    try {
      await client.chat.postMessage({
        channel: where.channel,
        thread_ts: where.threadTs,
        text: apology.text,
        blocks: apology.blocks,
      });
    } catch (again) {
      deps.logger.error({ err: again, channel: where.channel }, "slack: posting the apology failed too");
    }
  }
}

/**
 * `respond()` (a `response_url` post) that fails like a Web API call would: Bolt throws on an
 * HTTP error status (an expired url), and Slack can also answer 200 with `{"ok": false}`.
 */
export async function respondChecked(respond: RespondFn, message: RespondArguments): Promise<void> {
  const response = await respond(message);
  const body = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // A plain-text body ("ok") is a success: only a JSON error says otherwise.
    return;
  }
  if (typeof parsed === "object" && parsed !== null && (parsed as { ok?: unknown }).ok === false) {
    const code = String((parsed as { error?: unknown }).error ?? "unknown_error");
    throw new Error(`Slack refused the response_url message (${code})`);
  }
}
