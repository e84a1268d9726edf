/** For bench/ops.ts: the report of a log, as a stream or read whole; prints {ms, maxRssMb}. */

import { buildReport, resolvePeriod } from "../src/staff/report.js";
import { readLog, reportFromFile } from "../src/staff/report-cli.js";

const [path, mode] = process.argv.slice(2);
if (!path) process.exit(2);
const period = resolvePeriod({
  since: "2026-10-01",
  until: "2026-12-31",
  today: new Date("2026-12-31T12:00:00Z"),
});
const started = performance.now();
const report =
  mode === "memory"
    ? await readLog(path).then(({ events, unreadable }) =>
        buildReport(events, { period, unreadableLines: unreadable }),
      )
    : await reportFromFile(path, { period });
const ms = performance.now() - started;
if (report.questions === 0) process.exit(1);
process.stdout.write(`${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
