/**
 * `npm run report`: what people asked the bot, for the programme's staff.
 *
 *   npm run -s report                                  the last 30 days of $EVENT_LOG
 *   npm run -s report -- --days 7                      the last 7 days
 *   npm run -s report -- --since 2026-11-01 --until 2026-11-30
 *   npm run -s report -- --log other.jsonl --json      one JSON object (the Report)
 *
 * Standard output carries the report only; problems go to standard error. Exit codes: 0 done,
 * 1 no log to read, 2 bad arguments.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import dotenv from "dotenv";
import type { BotEvent } from "../answer/events.js";
import { runIfInvoked } from "../run-command.js";
import {
  DEFAULT_TIME_ZONE,
  type Period,
  parseLine,
  type Report,
  ReportBuilder,
  type ReportOptions,
  renderReport,
  resolvePeriod,
} from "./report.js";

/** The same default as src/config.ts. */
const DEFAULT_EVENT_LOG = "data/events.jsonl";

const USAGE = `usage: npm run -s report -- [--log FILE] [--since YYYY-MM-DD | --days N] [--until YYYY-MM-DD] [--json]
  --log     the event log (default: $EVENT_LOG, else ${DEFAULT_EVENT_LOG})
  --since   first day of the period (default: 30 days before --until)
  --days    the period's length in days, ending on --until (default 30)
  --until   last day of the period (default: today)
  --tz      time zone of the days (default: ${DEFAULT_TIME_ZONE})
  --json    print the report as one JSON object`;

/** Calls `each` with every event of the log, line by line; returns the count of lines that are not one. */
export async function eachEvent(path: string, each: (event: BotEvent) => void): Promise<number> {
  let unreadable = 0;
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8", highWaterMark: 256 * 1024 }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const event = parseLine(line);
    if (event) each(event);
    else unreadable++;
  }
  return unreadable;
}

/** Reads the whole log into memory: its events and the count of lines that are not one (tests). */
export async function readLog(path: string): Promise<{ events: BotEvent[]; unreadable: number }> {
  const events: BotEvent[] = [];
  const unreadable = await eachEvent(path, (e) => events.push(e));
  return { events, unreadable };
}

/**
 * The report of a log file, read as a stream (memory does not grow with the file; see
 * ReportBuilder). A second read happens only for 👎 votes that lack their question.
 */
export async function reportFromFile(
  path: string,
  options: Omit<ReportOptions, "unreadableLines">,
): Promise<Report> {
  const builder = new ReportBuilder(options);
  const unreadable = await eachEvent(path, (e) => builder.add(e));
  const wanted = builder.missingQuestions();
  if (wanted.size > 0) await eachEvent(path, (e) => builder.addQuestionSource(e, wanted));
  return builder.finish(unreadable);
}

export async function main(argv: string[], today = new Date()): Promise<number> {
  dotenv.config({ quiet: true });
  let values: {
    log?: string;
    since?: string;
    until?: string;
    days?: string;
    tz?: string;
    json?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        log: { type: "string" },
        since: { type: "string" },
        until: { type: "string" },
        days: { type: "string" },
        tz: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    console.error(`report: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }

  const timeZone = values.tz ?? DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    console.error(`report: --tz must be a time zone such as Europe/Paris or UTC (got "${timeZone}")`);
    return 2;
  }
  if (values.since !== undefined && values.days !== undefined) {
    console.error("report: give --since or --days, not both");
    return 2;
  }
  let period: Period;
  try {
    period = resolvePeriod({
      since: values.since,
      until: values.until,
      days: values.days === undefined ? undefined : Number(values.days),
      today,
      timeZone,
    });
  } catch (error) {
    console.error(`report: ${(error as Error).message}`);
    return 2;
  }

  const log = values.log ?? (process.env.EVENT_LOG ?? DEFAULT_EVENT_LOG).trim();
  if (!log) {
    console.error("report: the event log is off (EVENT_LOG is empty): pass --log FILE");
    return 1;
  }
  try {
    const info = await stat(log);
    if (!info.isFile()) {
      console.error(`report: ${log} is not a file: pass the event log with --log FILE`);
      return 1;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      code === "ENOENT"
        ? `report: no event log at ${log} (nothing was logged yet, or EVENT_LOG points elsewhere: pass --log FILE)`
        : `report: cannot read ${log}: ${(error as Error).message}`,
    );
    return 1;
  }

  const report = await reportFromFile(log, { period, timeZone });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, { log }));
  return 0;
}

runIfInvoked(import.meta.url, "report", main);
