/**
 * For bench/ops.ts: the report of a log, as a stream (ReportBuilder over eachEvent, what
 * `npm run report` does) or read whole first (the former way). Prints {ms, maxRssMb,
 * retainedMb}: retained is the heap still in use, after a garbage collection (--expose-gc),
 * once the whole log has been read and before the report is made from it.
 */
import { buildReport, ReportBuilder, resolvePeriod } from "../src/staff/report.js";
import { eachEvent, readLog } from "../src/staff/report-cli.js";

const [path, mode] = process.argv.slice(2);
if (!path) process.exit(2);
const period = resolvePeriod({
  since: "2026-10-01",
  until: "2026-12-31",
  today: new Date("2026-12-31T12:00:00Z"),
});
const heldNow = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1e6;
};
const started = performance.now();
let retainedMb: number;
let questions: number;
if (mode === "memory") {
  const { events, unreadable } = await readLog(path);
  retainedMb = heldNow();
  questions = buildReport(events, { period, unreadableLines: unreadable }).questions;
} else {
  const builder = new ReportBuilder({ period });
  const unreadable = await eachEvent(path, (e) => builder.add(e));
  retainedMb = heldNow();
  questions = builder.finish(unreadable).questions;
}
const ms = performance.now() - started;
if (questions === 0) process.exit(1);
process.stdout.write(
  `${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, retainedMb })}\n`,
);
