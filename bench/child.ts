/**
 * One measurement in a fresh process (started by bench/run.ts as `node --expose-gc --import tsx
 * bench/child.ts …`): start-up, memory, and optionally answer latency beside plain MiniSearch.
 *
 *   --knowledge DIR        the folder to load
 *   --cache DIR            persisted index folder (omit for none)
 *   --latency              also time answers to the questions, and plain MiniSearch searches
 *   --questions FILE       JSON lines with a "q" (or "question") field
 *   --budget-ms N          time to spend on timed rounds (default 5000)
 *   --rebuild              also time a second load without cache, in the same process
 *
 * Prints `ready` on standard output as soon as the knowledge is loaded (the parent times it),
 * then one JSON line with the figures. Progress goes to standard error.
 */
import { readFileSync } from "node:fs";
import MiniSearch from "minisearch";
import { answer } from "../src/answer/answer.js";
import { type IndexCacheEvent, loadKnowledge } from "../src/knowledge/knowledge-base.js";
import { processTerm, words } from "../src/search/analyzer.js";
import { distribution } from "./lib/stats.js";

// Module bodies run once every static import is evaluated: this is the import cost (tsx
// transpiling, then every module the answer engine needs), from the process' time origin.
const importsMs = performance.now();

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

function memory() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers };
}

const dir = arg("knowledge");
if (!dir) throw new Error("--knowledge is required");
const cacheDir = arg("cache");
const before = memory();
const events: IndexCacheEvent[] = [];

const loadStart = performance.now();
const kb = await loadKnowledge(dir, {
  indexCache: cacheDir ? { dir: cacheDir, onEvent: (e) => events.push(e) } : false,
});
const readyMs = performance.now();
process.stdout.write("ready\n");
const loaded = memory();

const result: Record<string, unknown> = {
  pid: process.pid,
  gcExposed: typeof (globalThis as { gc?: unknown }).gc === "function",
  documents: kb.documents.length,
  passages: kb.passages.length,
  terms: kb.index.termCount,
  importsMs,
  loadMs: readyMs - loadStart,
  readyMs,
  cache: events,
  memory: { before, loaded },
};

// Load + parse + index twice more in this process, timing the second: the cost of the work
// itself, without the one-off costs of importing the parsers and compiling the code.
if (flag("rebuild")) {
  await loadKnowledge(dir, { indexCache: false }); // imports the parsers, compiles the code
  const t = performance.now();
  await loadKnowledge(dir, { indexCache: false });
  result.rebuildMs = performance.now() - t;
}

if (flag("latency")) {
  const file = arg("questions") ?? "tests/fixtures/eval/questions.public.jsonl";
  const questions = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => {
      const o = JSON.parse(l) as { q?: string; question?: string };
      return String(o.question ?? o.q ?? "");
    })
    .filter(Boolean);
  const budget = Number(arg("budget-ms") ?? 5000);

  // First answer to each question after loading: per-knowledge caches (sentences, terms) cold.
  const first: number[] = [];
  let answered = 0;
  for (const q of questions) {
    const t = performance.now();
    const a = answer(q, kb);
    first.push(performance.now() - t);
    if (a.answered) answered++;
  }

  // Warm-up (answers only), then the bot's memory once its per-knowledge caches are filled.
  for (let i = 0; i < 2; i++) for (const q of questions) answer(q, kb);
  const afterAnswering = memory();

  // Plain MiniSearch over the same passages' text, with the bot's analyzer (its tokenizer, stop
  // words and stemmer) and MiniSearch's default search (OR, no prefix, no fuzzy): the floor for
  // search cost.
  const plainBefore = memory();
  const plainStart = performance.now();
  const plain = new MiniSearch<{ id: number; text: string }>({
    fields: ["text"],
    storeFields: [],
    tokenize: (text) => words(text),
    processTerm: (term) => processTerm(term),
  });
  plain.addAll(kb.passages.map((p) => ({ id: p.id, text: p.text })));
  const plainBuildMs = performance.now() - plainStart;
  const plainAfter = memory();
  for (let i = 0; i < 2; i++) for (const q of questions) plain.search(q);

  // Timed rounds, answers and plain searches alternating so that both see the same machine
  // noise. CPU time (this process only: other processes' load does not count) beside wall time.
  const full: number[] = [];
  const bare: number[] = [];
  let fullCpu = 0;
  let bareCpu = 0;
  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  let hits = 0;
  const started = performance.now();
  let rounds = 0;
  while (rounds < 4 || (performance.now() - started < budget && rounds < 400)) {
    let c = cpu();
    for (const q of questions) {
      const t = performance.now();
      answer(q, kb);
      full.push(performance.now() - t);
    }
    fullCpu += cpu() - c;
    c = cpu();
    for (const q of questions) {
      const t = performance.now();
      hits += plain.search(q).length;
      bare.push(performance.now() - t);
    }
    bareCpu += cpu() - c;
    rounds++;
  }
  const answers = distribution(full);
  const plainSearch = distribution(bare);
  Object.assign(result, {
    questions: questions.length,
    answered,
    rounds,
    firstAnswer: distribution(first),
    answer: answers,
    answerCpuMs: fullCpu / full.length,
    plain: {
      cpuMs: bareCpu / bare.length,
      buildMs: plainBuildMs,
      heapBytes: plainAfter.heapUsed - plainBefore.heapUsed,
      search: plainSearch,
      meanHits: hits / bare.length,
    },
    ratio: { p50: answers.p50 / plainSearch.p50, p99: answers.p99 / plainSearch.p99 },
  });
  (result.memory as Record<string, unknown>).afterAnswering = afterAnswering;
}

process.stdout.write(`${JSON.stringify(result)}\n`);
