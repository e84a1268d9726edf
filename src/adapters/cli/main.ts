/**
 * The command line (the shell adapter, as in Hubot):
 *
 *   npm run ask -- "Quelle est la date limite ?"          readable answer with its sources
 *   npm run ask -- --json "Combien par équipe ?"           the Answer as JSON
 *   npm run -s ask -- --jsonl < questions.txt              one JSON object per input line
 *   … --knowledge DIR                                      another knowledge folder
 *   … --today 2018-10-01                                   compare dates with another day
 *   npm run ask -- aide      (or help, ?)                  what the bot does, like `/eig help`
 *
 * Standard output carries answers only; logs and knowledge problems go to standard error.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import dotenv from "dotenv";
import { Assistant } from "../../answer/assistant.js";
import type { Answer } from "../../answer/types.js";
import { loadKnowledge } from "../../knowledge/knowledge-base.js";
import { renderText } from "../../render/text.js";
import { runIfInvoked } from "../../run-command.js";
import { helpAnswer, helpRequest } from "../help-request.js";

const USAGE = `usage: npm run ask -- [--json | --jsonl] [--knowledge DIR] [--today YYYY-MM-DD] "question"
  --json        print the Answer as JSON
  --jsonl       read one question per line on stdin, print one JSON object per line
  --knowledge   knowledge folder (default: $KNOWLEDGE_DIR or ./knowledge)
  --today       the day dates are compared with (default: $EIG_TODAY or today)`;

/** The line format of ../shared/eval/README.md: question, answered, text, sources. */
export function toJsonLine(question: string, answer: Answer): string {
  return JSON.stringify({
    question,
    answered: answer.answered,
    text: renderText(answer, { sources: false }),
    sources: answer.sources.map((s) => ({
      title: s.title,
      url: s.url ?? "",
      file: s.file,
      section: s.section ?? "",
    })),
  });
}

export async function main(argv: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  let args: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        jsonl: { type: "boolean", default: false },
        knowledge: { type: "string" },
        today: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  }
  try {
    args = parse();
  } catch (error) {
    console.error(`ask: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const todayText = values.today ?? process.env.EIG_TODAY;
  const today = todayText ? new Date(`${todayText}T12:00:00Z`) : undefined;
  if (today && Number.isNaN(today.getTime())) {
    console.error(`ask: --today must be a day as YYYY-MM-DD (got "${todayText}")`);
    return 2;
  }
  // Set but empty means the default, as in src/config.ts (not the working directory, whose
  // README and docs/ are no knowledge).
  const dir = values.knowledge ?? (process.env.KNOWLEDGE_DIR?.trim() || "knowledge");
  const kb = await loadKnowledge(dir);
  for (const p of kb.problems) {
    console.error(`${p.severity}: ${p.file}${p.line ? `:${p.line}` : ""}: ${p.reason}`);
  }
  if (kb.documents.length === 0) {
    console.error(`ask: no document could be loaded from ${kb.dir}`);
  }
  const assistant = new Assistant({
    knowledge: () => kb,
    today: today ? () => today : undefined,
    rateLimitPerMinute: 0,
  });
  const ask = (question: string) => {
    // "aide", "help" or "?" alone: the help, as on every channel (an empty line stays a question).
    const helpLanguage = question.trim() ? helpRequest(question) : undefined;
    if (helpLanguage) return helpAnswer(helpLanguage, kb, { votes: false });
    return assistant.ask({ text: question, channel: "cli" }).answer;
  };

  if (values.jsonl) {
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      let result: Answer;
      try {
        result = ask(line);
      } catch (error) {
        console.error(`ask: failed on ${JSON.stringify(line.slice(0, 200))}: ${(error as Error).stack}`);
        result = { ...ask(""), answered: false, text: "Internal error while answering this question." };
      }
      process.stdout.write(`${toJsonLine(line, result)}\n`);
    }
    return 0;
  }

  const question = positionals.join(" ").trim();
  if (!question) {
    console.error(`ask: a question is needed\n${USAGE}`);
    return 2;
  }
  const result = ask(question);
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderText(result)}\n`);
  return 0;
}

runIfInvoked(import.meta.url, "ask", main);
