/**
 * `npm run bench`: speed, memory and scale of the bot, side by side with plain MiniSearch.
 *
 *   1. Shipped knowledge: process start → ready (imports, then load + parse + index), the real
 *      bot's start (src/main.ts → "listening"), answer latency over the public evaluation
 *      questions, heap and RSS once loaded.
 *   2. Scale: the same on the programme's website (tests/fixtures/site-eig) and on synthetic
 *      folders of about 1,000, 10,000 and 50,000 passages (bench/lib/corpus.ts), built without
 *      a cache (cold) and read from the persisted index (warm).
 *   3. Plain MiniSearch (default options, `search(q)`) over the same passages' text and the
 *      same questions, in the same processes: the floor for search cost.
 *   4. HTTP: autocannon against POST /api/ask of the real server and against a bare node:http
 *      handler returning a fixed JSON.
 *
 * Every measurement runs in a fresh child process (`node --expose-gc --import tsx …`). Tables
 * go to standard output, progress to standard error; the same figures are written to
 * bench/results/latest.json and latest.md (and, with `--save NAME`, NAME.json and NAME.md).
 *
 * Options: --quick (fewer runs, shorter timings, 1k and 10k only), --only a,b (targets among
 * shipped, site, 1000, 10000, 50000, ops), --no-http, --no-ops, --save NAME.
 *
 *   5. Operations (bench/ops.ts, also `npm run bench:ops`): live reload at 10,000 passages under
 *      ten clients' load, `npm run report` on a 100 MB log, vote latency with fdatasync.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, release, totalmem } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { type CorpusInfo, readVocabulary, syntheticCorpus, type Vocabulary } from "./lib/corpus.js";
import { type Distribution, int, mb, median, ms, ratio, table } from "./lib/stats.js";

const ROOT = resolve(import.meta.dirname, "..");
const CACHE = join(ROOT, "bench", ".cache");
const RESULTS = join(ROOT, "bench", "results");
const QUESTIONS = join(ROOT, "tests", "fixtures", "eval", "questions.public.jsonl");
const SITE = join(ROOT, "tests", "fixtures", "site-eig");
const SHIPPED = join(ROOT, "knowledge");

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const withHttp = !argv.includes("--no-http");
const onlyArg = argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : undefined;
const only = onlyArg ? new Set(onlyArg.split(",")) : undefined;
const saveAs = argv.includes("--save") ? argv[argv.indexOf("--save") + 1] : undefined;
const benchStarted = performance.now();

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Child processes

interface ChildResult {
  documents: number;
  passages: number;
  terms: number;
  importsMs: number;
  loadMs: number;
  /** A third load without cache in the same process (parsers imported, code compiled). */
  rebuildMs?: number;
  readyMs: number;
  /** Spawn → "ready" line, measured here: includes Node's own start before its time origin. */
  wallReadyMs: number;
  gcExposed: boolean;
  cache: { type: string; ms?: number; bytes?: number; reason?: string }[];
  memory: {
    before: Memory;
    loaded: Memory;
    afterAnswering?: Memory;
  };
  questions?: number;
  answered?: number;
  rounds?: number;
  firstAnswer?: Distribution;
  answer?: Distribution;
  /** CPU time of this process per answer (user + system, all its threads). */
  answerCpuMs?: number;
  plain?: { buildMs: number; heapBytes: number; search: Distribution; meanHits: number; cpuMs?: number };
  ratio?: { p50: number; p99: number };
}

interface Memory {
  heapUsed: number;
  rss: number;
}

function nodeArgs(script: string): string[] {
  return ["--expose-gc", "--import", "tsx", join(ROOT, "bench", script)];
}

function runChild(args: string[]): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    let wallReadyMs = Number.NaN;
    const child = spawn(process.execPath, [...nodeArgs("child.ts"), ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, INDEX_CACHE_DIR: "" },
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (Number.isNaN(wallReadyMs) && (out + chunk).includes("ready\n")) {
        wallReadyMs = Number(process.hrtime.bigint() - started) / 1e6;
      }
      out += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{")) {
        reject(new Error(`child ${args.join(" ")} exited with ${code}:\n${err.slice(-3000)}`));
        return;
      }
      resolvePromise({ ...(JSON.parse(last) as ChildResult), wallReadyMs });
    });
  });
}

/** Starts a child that prints one JSON line when listening; resolves with the port. */
function startTarget(kind: "real" | "bare"): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...nodeArgs("http-target.ts"), "--kind", kind], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, INDEX_CACHE_DIR: "" },
    });
    let out = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      out += chunk;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolvePromise({ child, port: (JSON.parse(line) as { port: number }).port });
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null) {
      resolvePromise();
      return;
    }
    child.once("exit", () => resolvePromise());
    child.kill("SIGTERM");
  });
}

/**
 * The real bot's start: `node --import tsx src/main.ts` until it prints "listening on", with the
 * persisted index in `indexCacheDir` (INDEX_CACHE_DIR) or none.
 */
function botStart(indexCacheDir = ""): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src", "main.ts")], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        KNOWLEDGE_DIR: SHIPPED,
        LOG_LEVEL: "warn",
        WATCH_KNOWLEDGE: "false",
        EVENT_LOG: "",
        INDEX_CACHE_DIR: indexCacheDir,
        SLACK_BOT_TOKEN: "",
        SLACK_APP_TOKEN: "",
        SLACK_SIGNING_SECRET: "",
        MATTERMOST_URL: "",
        MATTERMOST_BOT_TOKEN: "",
        MATTERMOST_COMMAND_TOKEN: "",
        MATTERMOST_WEBHOOK_TOKEN: "",
      },
    });
    let err = "";
    let done = false;
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      err += chunk;
      if (!done && err.includes("listening on")) {
        done = true;
        const wall = Number(process.hrtime.bigint() - started) / 1e6;
        child.once("exit", () => resolvePromise(wall));
        child.kill("SIGTERM");
      }
    });
    child.on("exit", (code) => {
      if (!done) reject(new Error(`src/main.ts exited with ${code} before listening:\n${err.slice(-2000)}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Part 1–3: knowledge folders

interface Target {
  name: string;
  label: string;
  dir: string;
  /** Start-ups measured (the median is reported). */
  runs: number;
  corpus?: CorpusInfo;
}

interface TargetResult {
  name: string;
  label: string;
  files?: number;
  cold: ChildResult[];
  warm: ChildResult[];
  latency: ChildResult;
}

async function measureTarget(target: Target): Promise<TargetResult> {
  const cacheDir = join(CACHE, "index-bench", target.name);
  const budget = String(quick ? 1500 : target.name === "shipped" ? 6000 : 5000);
  const cold: ChildResult[] = [];
  const warm: ChildResult[] = [];
  for (let i = 0; i < target.runs; i++) {
    // Cold: no cache file, so the folder is parsed and indexed, then the cache is written.
    await rm(cacheDir, { recursive: true, force: true });
    log(`${target.label}: cold start ${i + 1}/${target.runs}`);
    cold.push(await runChild(["--knowledge", target.dir, "--cache", cacheDir]));
    log(`${target.label}: warm start ${i + 1}/${target.runs}`);
    warm.push(await runChild(["--knowledge", target.dir, "--cache", cacheDir]));
  }
  log(`${target.label}: answer latency and plain MiniSearch`);
  const latency = await runChild([
    "--knowledge",
    target.dir,
    "--cache",
    cacheDir,
    ...(target.runs > 1 ? ["--rebuild"] : []),
    "--latency",
    "--questions",
    QUESTIONS,
    "--budget-ms",
    budget,
  ]);
  return { name: target.name, label: target.label, files: target.corpus?.files, cold, warm, latency };
}

// ---------------------------------------------------------------------------------------------
// Part 4: HTTP

interface HttpResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  throughputBytes: number;
}

async function loadTest(kind: "real" | "bare", seconds: number, bodies: string[]): Promise<HttpResult> {
  const { child, port } = await startTarget(kind);
  try {
    const options = {
      url: `http://127.0.0.1:${port}/api/ask`,
      method: "POST" as const,
      connections: 10,
      headers: { "content-type": "application/json" },
      requests: bodies.map((body) => ({ method: "POST" as const, body })),
    };
    // A short warm-up so that both servers are measured hot.
    await autocannon({ ...options, duration: Math.max(1, Math.round(seconds / 5)) });
    const r = await autocannon({ ...options, duration: seconds });
    return {
      name: kind,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      requests: r.requests.total,
      errors: r.errors,
      non2xx: r.non2xx,
      throughputBytes: r.throughput.average,
    };
  } finally {
    await stop(child);
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    node: process.version,
    os: `${process.platform} ${release()}`,
    memory: totalmem(),
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
    loadAverageAtEnd: [] as number[],
    date: new Date().toISOString(),
  };
}

const med = (runs: ChildResult[], pick: (r: ChildResult) => number | undefined) =>
  median(runs.map(pick).filter((v): v is number => v !== undefined && Number.isFinite(v)));
const cacheMs = (r: ChildResult, type: string) => r.cache.find((e) => e.type === type)?.ms;
const cacheBytes = (r: ChildResult) => r.cache.find((e) => e.type === "written")?.bytes;

function report(data: {
  machine: ReturnType<typeof machine>;
  targets: TargetResult[];
  bot?: number[];
  botWarm?: number[];
  http?: HttpResult[];
  durationMs?: number;
}): string {
  const m = data.machine;
  const out: string[] = [];
  out.push(
    `**Machine**: ${m.cpu}, ${m.cores} cores, ${mb(m.memory).replace(".0 MB", " MB")} RAM, Node ${m.node}, ${m.os}; ` +
      `load average (1/5/15 min) at start ${m.loadAverageAtStart.join(" / ")}, at end ${m.loadAverageAtEnd.join(" / ")}; ` +
      `${m.date.slice(0, 16).replace("T", " ")} UTC. Other people's jobs share these 2 cores: latencies are noisy.`,
  );
  const shipped = data.targets.find((t) => t.name === "shipped");
  if (shipped) {
    const c = shipped.cold;
    const w = shipped.warm;
    out.push(
      "",
      `### 1. Shipped knowledge (\`knowledge/\`: ${shipped.latency.documents} files, ${int(shipped.latency.passages)} passages)`,
      "",
    );
    const rows: string[][] = [
      [
        "process start → modules imported (tsx + engine)",
        ms(med(c, (r) => r.importsMs)),
        ms(med(w, (r) => r.importsMs)),
      ],
      ["load + parse + index (`loadKnowledge`)", ms(med(c, (r) => r.loadMs)), ms(med(w, (r) => r.loadMs))],
      [
        "  of which writing / reading the persisted index",
        ms(med(c, (r) => cacheMs(r, "written"))),
        ms(med(w, (r) => cacheMs(r, "hit"))),
      ],
      [
        "load + parse + index once more, same process (parsers imported, code compiled)",
        ms(shipped.latency.rebuildMs),
        "—",
      ],
      [
        "process start → ready (Node's time origin)",
        ms(med(c, (r) => r.readyMs)),
        ms(med(w, (r) => r.readyMs)),
      ],
      [
        "spawn → ready (wall clock, from the parent)",
        ms(med(c, (r) => r.wallReadyMs)),
        ms(med(w, (r) => r.wallReadyMs)),
      ],
    ];
    if (data.bot?.length) {
      rows.push([
        '`src/main.ts` spawn → "listening on" (the real bot: Fastify, channels, web chat)',
        ms(median(data.bot)),
        data.botWarm?.length ? ms(median(data.botWarm)) : "—",
      ]);
    }
    out.push(table(["start-up (median of runs)", "no cache (cold)", "persisted index (warm)"], rows));
    const l = shipped.latency;
    out.push(
      "",
      table(
        ["answer latency", "p50", "p95", "p99", "max", "samples"],
        [
          latencyRow("full answer (`answer()`)", l.answer),
          latencyRow("first ask of each question after start", l.firstAnswer),
          latencyRow("plain MiniSearch `search(q)`, same analyzer", l.plain?.search),
        ],
      ),
      "",
      table(
        ["memory (after GC)", "heap used", "RSS"],
        [
          ["after imports, before loading", mb(l.memory.before.heapUsed), mb(l.memory.before.rss)],
          ["knowledge loaded", mb(l.memory.loaded.heapUsed), mb(l.memory.loaded.rss)],
          [
            "after answering (warm-up rounds, caches filled)",
            mb(l.memory.afterAnswering?.heapUsed),
            mb(l.memory.afterAnswering?.rss),
          ],
        ],
      ),
    );
  }

  const scale = data.targets;
  if (scale.length > 0) {
    out.push("", "### 2. Scale: start-up and memory", "");
    out.push(
      table(
        [
          "knowledge",
          "files",
          "passages",
          "terms",
          "build, no cache",
          "cache write",
          "cache size",
          "load, warm cache",
          "ready, warm (process start →)",
          "heap loaded",
          "RSS loaded",
          "RSS after answering",
        ],
        scale.map((t) => [
          t.label,
          int(t.latency.documents),
          int(t.latency.passages),
          int(t.latency.terms),
          ms(med(t.cold, (r) => r.loadMs - (cacheMs(r, "written") ?? 0))),
          ms(med(t.cold, (r) => cacheMs(r, "written"))),
          mb(med(t.cold, cacheBytes)),
          ms(med(t.warm, (r) => r.loadMs)),
          ms(med(t.warm, (r) => r.readyMs)),
          mb(t.latency.memory.loaded.heapUsed),
          mb(t.latency.memory.loaded.rss),
          mb(t.latency.memory.afterAnswering?.rss),
        ]),
      ),
    );
    out.push("", "### 2–3. Scale: answer latency beside plain MiniSearch", "");
    out.push(
      table(
        [
          "knowledge",
          "passages",
          "answer p50",
          "answer p95",
          "answer p99",
          "plain p50",
          "plain p99",
          "ratio p50 (answer ÷ plain)",
          "ratio p99",
          "CPU/answer",
          "CPU/plain search",
          "CPU ratio",
          "plain build",
          "answered",
        ],
        scale.map((t) => {
          const l = t.latency;
          return [
            t.label,
            int(l.passages),
            ms(l.answer?.p50),
            ms(l.answer?.p95),
            ms(l.answer?.p99),
            ms(l.plain?.search.p50),
            ms(l.plain?.search.p99),
            ratio(l.ratio?.p50),
            ratio(l.ratio?.p99),
            ms(l.answerCpuMs),
            ms(l.plain?.cpuMs),
            ratio(l.answerCpuMs !== undefined && l.plain?.cpuMs ? l.answerCpuMs / l.plain.cpuMs : undefined),
            ms(l.plain?.buildMs),
            `${l.answered}/${l.questions}`,
          ];
        }),
      ),
    );
  }

  if (data.http?.length) {
    const real = data.http.find((h) => h.name === "real");
    const bare = data.http.find((h) => h.name === "bare");
    out.push("", "### 4. HTTP: `POST /api/ask` beside a bare `node:http` handler", "");
    out.push(
      table(
        ["server", "requests/s", "p50", "p99", "requests", "errors", "non-2xx"],
        data.http.map((h) => [
          h.name === "real"
            ? "real server (`createServer`, shipped knowledge)"
            : "bare `node:http`, fixed JSON",
          int(h.rps),
          `${h.p50} ms`,
          `${h.p99} ms`,
          int(h.requests),
          int(h.errors),
          int(h.non2xx),
        ]),
      ),
    );
    if (real && bare)
      out.push(
        "",
        `Real ÷ bare: ${(real.rps / bare.rps).toFixed(2)} of the requests per second; p99 ${ratio(real.p99 / bare.p99)}.`,
      );
  }
  out.push("", "### Targets", "", targetTable(data));
  if (data.durationMs !== undefined)
    out.push("", `Bench duration: ${(data.durationMs / 1000).toFixed(0)} s.`);
  return `${out.join("\n")}\n`;
}

function targetTable(data: { targets: TargetResult[]; http?: HttpResult[] }): string {
  const byName = (name: string) => data.targets.find((t) => t.name === name);
  const status = (ok: boolean | undefined) =>
    ok === undefined ? "not measured" : ok ? "**met**" : "**missed**";
  const rows: string[][] = [];
  for (const [name, label, limit] of [
    ["shipped", "shipped knowledge", 5],
    ["10000", "10,000 passages", 10],
    ["50000", "50,000 passages", 40],
  ] as const) {
    const t = byName(name);
    rows.push([
      `answer p99 ≤ ${limit} ms, ${label}`,
      t ? ms(t.latency.answer?.p99) : "—",
      status(t ? (t.latency.answer?.p99 ?? Number.POSITIVE_INFINITY) <= limit : undefined),
    ]);
  }
  const ratios = data.targets.map((t) => ({
    label: t.label,
    p50: t.latency.ratio?.p50 ?? Number.NaN,
    cpu:
      t.latency.answerCpuMs !== undefined && t.latency.plain?.cpuMs
        ? t.latency.answerCpuMs / t.latency.plain.cpuMs
        : Number.NaN,
  }));
  rows.push([
    "full answer within 3× plain MiniSearch (p50), every size",
    ratios.map((r) => `${r.label} ${ratio(r.p50)} (CPU time ${ratio(r.cpu)})`).join(", "),
    ratios.length === 0
      ? status(undefined)
      : ratios.every((r) => r.p50 <= 3)
        ? status(true)
        : `${status(false)} (${ratios
            .filter((r) => !(r.p50 <= 3))
            .map((r) => r.label)
            .join(", ")})`,
  ]);
  const shipped = byName("shipped");
  if (shipped) {
    const warmLoad = med(shipped.warm, (r) => r.loadMs);
    const rebuild = shipped.latency.rebuildMs;
    const warmReady = med(shipped.warm, (r) => r.readyMs);
    const coldReady = med(shipped.cold, (r) => r.readyMs);
    rows.push([
      "ready < 300 ms, shipped knowledge: load + parse + index",
      `${ms(warmLoad)} with the persisted index; ${ms(rebuild)} without (parsers imported, code compiled); ${ms(med(shipped.cold, (r) => r.loadMs))} without, in a fresh process`,
      `${status(warmLoad < 300 && (rebuild ?? Number.POSITIVE_INFINITY) < 300)} for the work itself`,
    ]);
    rows.push([
      "ready < 300 ms, shipped knowledge: from process start",
      `${ms(warmReady)} warm, ${ms(coldReady)} cold (of which tsx and imports ${ms(med(shipped.warm, (r) => r.importsMs))})`,
      status(warmReady < 300),
    ]);
  }
  const t50 = byName("50000");
  rows.push([
    "ready < 3 s at 50,000 passages, persisted index (process start → ready)",
    t50 ? ms(med(t50.warm, (r) => r.readyMs)) : "—",
    status(t50 ? med(t50.warm, (r) => r.readyMs) < 3000 : undefined),
  ]);
  const rssLoaded = t50?.latency.memory.loaded.rss;
  const rssAfter = t50?.latency.memory.afterAnswering?.rss;
  rows.push([
    "RSS < 200 MB at 50,000 passages",
    t50 ? `${mb(rssLoaded)} loaded, ${mb(rssAfter)} after answering` : "—",
    status(t50 ? Math.max(rssLoaded ?? 0, rssAfter ?? 0) < 200 * 1048576 : undefined),
  ]);
  const real = data.http?.find((h) => h.name === "real");
  const bare = data.http?.find((h) => h.name === "bare");
  rows.push([
    "/api/ask ≥ ½ the bare handler's requests/s",
    real && bare ? `${int(real.rps)} ÷ ${int(bare.rps)} = ${(real.rps / bare.rps).toFixed(2)}` : "—",
    status(real && bare ? real.rps / bare.rps >= 0.5 : undefined),
  ]);
  return table(["target (2 cores)", "measured", "status"], rows, ["l", "l", "l"]);
}

function latencyRow(label: string, d: Distribution | undefined): string[] {
  return [label, ms(d?.p50), ms(d?.p95), ms(d?.p99), ms(d?.max), int(d?.n ?? Number.NaN)];
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const info = machine();
  log(
    `${info.cpu}, ${info.cores} cores, Node ${info.node}; load average ${info.loadAverageAtStart.join(" ")}`,
  );
  const want = (name: string) =>
    only ? only.has(name) : !quick || ["shipped", "site", "1000", "10000"].includes(name);

  const targets: Target[] = [];
  if (want("shipped"))
    targets.push({ name: "shipped", label: "shipped `knowledge/`", dir: SHIPPED, runs: quick ? 2 : 5 });
  if (want("site"))
    targets.push({ name: "site", label: "site-eig (real website)", dir: SITE, runs: quick ? 1 : 3 });
  let vocabulary: Vocabulary | undefined;
  const vocab = async () => {
    vocabulary ??= await readVocabulary(SITE, SHIPPED);
    return vocabulary;
  };
  for (const size of [1000, 10000, 50000]) {
    if (!want(String(size))) continue;
    const corpus = await syntheticCorpus(size, {
      cacheDir: join(CACHE, "corpus"),
      siteDir: SITE,
      rulesDir: SHIPPED,
      vocabulary: vocab,
    });
    log(
      `synthetic ${size}: ${corpus.files} files, ${corpus.passages} passages ` +
        (corpus.reused ? "(reused)" : `(generated in ${ms(corpus.generatedMs)})`),
    );
    targets.push({ name: String(size), label: `synthetic ${int(size)}`, dir: corpus.dir, runs: 1, corpus });
  }

  const results: TargetResult[] = [];
  for (const target of targets) results.push(await measureTarget(target));

  const bot: number[] = [];
  const botWarm: number[] = [];
  if (targets.some((t) => t.name === "shipped")) {
    const botCache = join(CACHE, "index-bench", "bot");
    await rm(botCache, { recursive: true, force: true });
    log("src/main.ts: first start with INDEX_CACHE_DIR (writes the cache)");
    await botStart(botCache);
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      log(`src/main.ts start ${i + 1}, without and with the persisted index`);
      bot.push(await botStart());
      botWarm.push(await botStart(botCache));
    }
  }

  let http: HttpResult[] | undefined;
  if (withHttp) {
    const questions = (await import("node:fs"))
      .readFileSync(QUESTIONS, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.stringify({ question: (JSON.parse(l) as { q: string }).q }));
    const seconds = quick ? 3 : 10;
    http = [];
    for (const kind of ["real", "bare"] as const) {
      log(`HTTP: autocannon ${seconds} s against the ${kind} server`);
      http.push(await loadTest(kind, seconds, questions));
    }
  }

  const durationMs = performance.now() - benchStarted;
  info.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
  const data = { machine: info, targets: results, bot, botWarm, http, durationMs };
  const markdown = report(data);
  process.stdout.write(markdown);
  await mkdir(RESULTS, { recursive: true });
  const names = ["latest", ...(saveAs ? [saveAs] : [])];
  for (const name of names) {
    await writeFile(join(RESULTS, `${name}.json`), `${JSON.stringify(data, null, 2)}\n`);
    await writeFile(join(RESULTS, `${name}.md`), markdown);
  }
  log(
    `done in ${(durationMs / 1000).toFixed(0)} s; results in bench/results/${names.join(".{json,md}, ")}.{json,md}`,
  );
  // Operations at scale (reload under load, the report on a 100 MB log, votes): bench/ops.ts.
  if (!argv.includes("--no-ops") && (!only || only.has("ops"))) {
    const { runOps } = await import("./ops.js");
    process.stdout.write(await runOps());
    log("operations: results in bench/RESULTS-ops.md");
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
