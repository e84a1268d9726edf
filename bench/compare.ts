/**
 * Before/after table from two results of `npm run bench`:
 *
 *   node --import tsx bench/compare.ts bench/results/before.json bench/results/latest.json
 *
 * Prints Markdown on standard output: per knowledge folder, answer latency, build time, warm
 * start and RSS once loaded, and the HTTP requests per second, each with the factor between the
 * runs.
 */
import { readFileSync } from "node:fs";
import { int, mb, median, ms, table } from "./lib/stats.js";

interface Run {
  loadMs: number;
  readyMs: number;
  passages: number;
  cache: { type: string; ms?: number }[];
  memory: { loaded: { heapUsed: number; rss: number }; afterAnswering?: { heapUsed: number; rss: number } };
  answer?: { p50: number; p95: number; p99: number; mean: number };
  firstAnswer?: { p50: number; p99: number };
  ratio?: { p50: number; p99: number };
}

interface Results {
  machine: { date: string; loadAverageAtStart: number[] };
  targets: { name: string; label: string; cold: Run[]; warm: Run[]; latency: Run }[];
  http?: { name: string; rps: number; p99: number }[];
}

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  process.stderr.write("usage: compare.ts BEFORE.json AFTER.json\n");
  process.exit(2);
}
const before = JSON.parse(readFileSync(beforeFile, "utf8")) as Results;
const after = JSON.parse(readFileSync(afterFile, "utf8")) as Results;

const written = (r: Run) => r.cache.find((e) => e.type === "written")?.ms ?? 0;
const build = (t: Results["targets"][number]) => median(t.cold.map((r) => r.loadMs - written(r)));
const warm = (t: Results["targets"][number]) => median(t.warm.map((r) => r.readyMs));

function factor(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return "—";
  return `${(a / b).toFixed(1)}×`;
}

const rows: string[][] = [];
for (const b of before.targets) {
  const a = after.targets.find((t) => t.name === b.name);
  if (!a) continue;
  const metric = (label: string, x: number | undefined, y: number | undefined, format = ms) =>
    rows.push([`${b.label}: ${label}`, format(x), format(y), factor(x, y)]);
  metric("answer p50", b.latency.answer?.p50, a.latency.answer?.p50);
  metric("answer p99", b.latency.answer?.p99, a.latency.answer?.p99);
  metric("answer mean", b.latency.answer?.mean, a.latency.answer?.mean);
  metric("first ask p50", b.latency.firstAnswer?.p50, a.latency.firstAnswer?.p50);
  metric("build, no cache", build(b), build(a));
  metric("ready, warm cache", warm(b), warm(a));
  // RSS once loaded: "after answering" is not comparable across versions of the bench (it used to
  // include the plain MiniSearch index built beside the bot's).
  metric("RSS loaded", b.latency.memory.loaded.rss, a.latency.memory.loaded.rss, mb);
}
for (const b of before.http ?? []) {
  const a = after.http?.find((h) => h.name === b.name);
  if (a) rows.push([`HTTP ${b.name}: requests/s`, int(b.rps), int(a.rps), factor(a.rps, b.rps)]);
}
const when = (r: Results) =>
  `${r.machine.date.slice(0, 16).replace("T", " ")} UTC, load ${r.machine.loadAverageAtStart.join(" / ")}`;
process.stdout.write(
  `Before: ${when(before)}. After: ${when(after)}. Factor: before ÷ after (requests/s: after ÷ before).\n\n`,
);
process.stdout.write(`${table(["measure", "before", "after", "factor"], rows)}\n`);
