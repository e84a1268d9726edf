/**
 * Checks a knowledge folder before the bot reads it:
 *
 *   npm run check-knowledge -- [DIR] [--strict] [--json]
 *
 * One line per problem on standard output, `path:line: error|warning: reason`, sorted by path
 * then line, then a summary line; `--json` prints only a JSON array of the problems. Logs go to
 * standard error. Exit code: 1 when a file would be left out by the bot (an error), or with
 * `--strict` on any warning too; 2 on a usage error; 0 otherwise.
 */
import { parseArgs } from "node:util";
import dotenv from "dotenv";
import { runIfInvoked } from "../run-command.js";
import { checkKnowledgeFolder, formatProblem, summarize } from "./check.js";

const USAGE = `usage: npm run check-knowledge -- [DIR] [--strict] [--json]
  DIR        knowledge folder (default: $KNOWLEDGE_DIR, else ./knowledge)
  --strict   warnings fail too (exit code 1)
  --json     print the problems as a JSON array, nothing else`;

export async function main(argv: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        strict: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    console.error(`check-knowledge: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    console.error(`check-knowledge: one folder at a time (got ${positionals.length})\n${USAGE}`);
    return 2;
  }
  const dir = positionals[0] ?? (process.env.KNOWLEDGE_DIR?.trim() || "knowledge");
  const report = await checkKnowledgeFolder(dir);

  if (report.unchecked.length > 0) {
    const first = report.unchecked[0];
    console.error(
      `check-knowledge: ${report.unchecked.length} link(s) not checked: addresses of the published site, not files of the folder (first: ${first?.file}${first?.line ? `:${first.line}` : ""} ${first?.url})`,
    );
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report.problems, null, 2)}\n`);
  } else {
    const lines = report.problems.map(formatProblem);
    lines.push(summarize(report));
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  const errors = report.problems.some((p) => p.severity === "error");
  const fails = errors || (values.strict && report.problems.length > 0);
  return fails ? 1 : 0;
}

runIfInvoked(import.meta.url, "check-knowledge", main);
