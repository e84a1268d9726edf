/**
 * `npm run bench` (last part; alone: `npm run bench:ops`): operations at scale.
 *
 *   1. Live reload at 10,000 passages under load: ten autocannon connections ask questions
 *      against the real server while a file in the middle of the folder is edited three times;
 *      for each edit, the time from the write to the new knowledge answering, and the longest
 *      the event loop was held meanwhile (what a request waited at most). Both the in-place
 *      update and the full rebuild it replaces (BENCH_INCREMENTAL=false), same run.
 *   2. `npm run report` on a generated 100 MB log (and a 10 MB one): time and peak memory,
 *      streamed (report-cli.ts) and read whole into memory (the former way), each in its own
 *      process.
 *   3. Votes: latency of `POST /api/feedback`, which now waits for fdatasync, beside `/api/help`.
 *
 * Results on standard output (Markdown) and in bench/RESULTS-ops.md.
 */
import { fork, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync } from "node:fs";
import { cp, mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import autocannon, { type Histogram } from "autocannon";
import { readVocabulary, syntheticCorpus } from "./lib/corpus.js";

const ROOT = resolve(import.meta.dirname, "..");
const CACHE = join(ROOT, "bench", ".cache");
const SITE = join(ROOT, "tests", "fixtures", "site-eig");
const SHIPPED = join(ROOT, "knowledge");
const QUESTIONS = join(ROOT, "tests", "fixtures", "eval", "questions.public.jsonl");
const quick = process.argv.includes("--quick");

function log(line: string): void {
  process.stderr.write(`bench ops: ${line}\n`);
}

const f1 = (n: number) => n.toFixed(1);
const f0 = (n: number) => Math.round(n).toLocaleString("en-US");

/** The first line a child prints (it may come in several chunks). */
function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += String(chunk);
      const end = text.indexOf("\n");
      if (end < 0) return;
      stream.off("data", onData);
      resolveLine(text.slice(0, end));
    };
    stream.on("data", onData);
    stream.once("end", () =>
      reject(new Error(`the child ended before its first line: ${text.slice(0, 200)}`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// 1. Reload under load

interface EditResult {
  word: string;
  liveMs: number;
  mode: string;
  blockedMs?: number;
  maxLoopDelayMs: number;
  passages: number;
}

async function reloadUnderLoad(incremental: boolean): Promise<{
  edits: EditResult[];
  baselines: number[];
  latency: Histogram;
  requests: number;
  errors: number;
  passages: number;
}> {
  const corpus = await syntheticCorpus(10_000, {
    cacheDir: join(CACHE, "corpus"),
    siteDir: SITE,
    rulesDir: SHIPPED,
    vocabulary: () => readVocabulary(SITE, SHIPPED),
  });
  const dir = join(CACHE, "ops-reload");
  await rm(dir, { recursive: true, force: true });
  await cp(corpus.dir, dir, { recursive: true });
  // A file in the middle: every passage after it is renumbered.
  const parts = (await readdir(dir)).filter((n) => n.startsWith("part-")).sort();
  const middle = join(dir, parts[Math.floor(parts.length / 2)] ?? "");
  const file = join(middle, ((await readdir(middle)).sort()[0] ?? "") as string);
  const child = fork(join(ROOT, "bench", "ops-target.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      BENCH_KNOWLEDGE: dir,
      BENCH_EDIT_FILE: file,
      BENCH_INCREMENTAL: String(incremental),
    },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  try {
    const line = await firstLine(child.stdout as NodeJS.ReadableStream);
    const { port, passages } = JSON.parse(String(line)) as { port: number; passages: number };
    const questions = (await import("node:fs"))
      .readFileSync(QUESTIONS, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.stringify({ question: (JSON.parse(l) as { q: string }).q }));
    const seconds = incremental ? (quick ? 8 : 15) : quick ? 25 : 40;
    const load = autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 10,
      duration: seconds,
      requests: questions.map((body) => ({
        method: "POST" as const,
        path: "/api/ask",
        headers: { "content-type": "application/json" },
        body,
      })),
    });
    const edits: EditResult[] = [];
    const edit = (word: string) =>
      new Promise<EditResult>((resolveEdit) => {
        const onMessage = (m: EditResult) => {
          if (m.word !== word) return;
          child.off("message", onMessage);
          resolveEdit(m);
        };
        child.on("message", onMessage);
        child.send({ edit: word });
      });
    await new Promise((r) => setTimeout(r, 1_000));
    const baselines: number[] = [];
    const baseline = () =>
      new Promise<number>((resolveBaseline) => {
        child.once("message", (m: { baselineMaxLoopDelayMs: number }) =>
          resolveBaseline(m.baselineMaxLoopDelayMs),
        );
        child.send({ baseline: 1_500 });
      });
    for (let i = 0; i < 3; i++) {
      baselines.push(await baseline());
      const result = await edit(`capybara${i}${incremental ? "u" : "f"}`);
      log(
        `${incremental ? "in place" : "full"}: edit ${i + 1} live in ${f0(result.liveMs)} ms, loop held ≤ ${f0(result.maxLoopDelayMs)} ms (${result.mode})`,
      );
      edits.push(result);
    }
    const result = await load;
    return {
      edits,
      baselines,
      latency: result.latency,
      requests: result.requests.total,
      errors: result.errors + result.non2xx,
      passages,
    };
  } finally {
    child.kill("SIGTERM");
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// 2. The report on a big log

/** A log of about `bytes`, spread over 60 days, with a few thousand distinct wordings. */
async function generatedLog(bytes: number): Promise<string> {
  const path = join(CACHE, `events-${Math.round(bytes / 1e6)}MB.jsonl`);
  if (existsSync(path) && (await stat(path)).size >= bytes) return path;
  await mkdir(CACHE, { recursive: true });
  const out = createWriteStream(path);
  const words = [
    "salaire",
    "date limite",
    "promotion",
    "défi",
    "candidature",
    "jury",
    "mentor",
    "contrat",
    "durée",
    "lieu",
    "cantine",
    "télétravail",
  ];
  let written = 0;
  let i = 0;
  const start = Date.parse("2026-10-01T00:00:00Z");
  while (written < bytes) {
    const at = new Date(start + Math.floor((i / (bytes / 550)) * 60 * 86_400_000)).toISOString();
    const w = words[i % words.length];
    const question = `Quel est le ${w} pour la promotion ${(i % 7) + 1} ? (variante ${i % 400})`;
    const answered = i % 5 !== 0;
    const line =
      i % 4 === 3
        ? JSON.stringify({
            type: "feedback",
            at,
            answerId: `a${i - 1}`,
            channel: "web",
            user: (i % 5000).toString(16).padStart(16, "0"),
            vote: i % 8 === 3 ? "down" : "up",
            question,
            kind: "general",
            sources: ["Règlement — Article 4"],
          })
        : JSON.stringify({
            type: "question",
            at,
            answerId: `a${i}`,
            channel: i % 3 ? "web" : "slack",
            user: (i % 5000).toString(16).padStart(16, "0"),
            question,
            truncated: false,
            rateLimited: i % 97 === 0,
            answered,
            kind: "general",
            confidence: 0.7,
            sources: answered ? ["Règlement — Article 4", "Page — Contact"] : [],
            latencyMs: (i % 50) / 10 + 1,
          });
    const ok = out.write(`${line}\n`);
    written += line.length + 1;
    i++;
    if (!ok) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return path;
}

async function reportRun(
  path: string,
  mode: "stream" | "memory",
): Promise<{ ms: number; maxRssMb: number; retainedMb: number }> {
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--import", "tsx", join(ROOT, "bench", "report-child.ts"), path, mode],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  await once(child, "exit");
  return JSON.parse(out) as { ms: number; maxRssMb: number; retainedMb: number };
}

// ---------------------------------------------------------------------------------------------
// 3. Votes

async function voteLatency(): Promise<{
  feedback: Histogram;
  help: Histogram;
}> {
  const child = fork(join(ROOT, "bench", "vote-target.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_EVENT_LOG: join(CACHE, "vote-bench.jsonl") },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  try {
    const line = await firstLine(child.stdout as NodeJS.ReadableStream);
    const { port, answerIds } = JSON.parse(String(line)) as { port: number; answerIds: string[] };
    const seconds = quick ? 3 : 8;
    const feedback = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 10,
      duration: seconds,
      requests: answerIds.map((answerId, i) => ({
        method: "POST" as const,
        path: "/api/feedback",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ answerId, vote: i % 2 ? "up" : "down" }),
      })),
    });
    const help = await autocannon({
      url: `http://127.0.0.1:${port}/api/help`,
      connections: 10,
      duration: seconds,
    });
    return { feedback: feedback.latency, help: help.latency };
  } finally {
    child.kill("SIGTERM");
    await rm(join(CACHE, "vote-bench.jsonl"), { force: true });
  }
}

// ---------------------------------------------------------------------------------------------

export async function runOps(): Promise<string> {
  const lines: string[] = [];
  lines.push("# Operations benchmark (bench/ops.ts)", "");
  lines.push(
    `Machine: ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores, Node ${process.version}; load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}.`,
    "",
  );

  log("reload under load: in place");
  const inPlace = await reloadUnderLoad(true);
  log("reload under load: full rebuild (the former way)");
  const full = await reloadUnderLoad(false);
  lines.push(`## Live reload at ${f0(inPlace.passages)} passages, ten clients asking`, "");
  lines.push(
    "An edit appends a paragraph to a file in the middle of the folder (every later passage is renumbered). Live: from the write to the new knowledge answering (includes about 200 ms for the write to settle and the 100 ms debounce). Reload's longest step: the longest synchronous step of the in-place update (assembling the new knowledge, or updating the index and swapping), i.e. the most a request waited for the reload itself. Loop held: the longest the event loop was blocked from the write to 300 ms after the swap; baseline: the same measure over 1.5 s of the same load just before, with no edit (other requests and garbage collection). The reload's own share of a request's wait is the difference.",
    "",
  );
  lines.push(
    "| reload | edit | live (ms) | reload's longest step (ms) | loop held (ms) | baseline, no edit (ms) | mode |",
    "| --- | --- | ---: | ---: | ---: | ---: | --- |",
  );
  for (const [label, run] of [
    ["in place", inPlace],
    ["full rebuild", full],
  ] as const) {
    for (const [i, e] of run.edits.entries())
      lines.push(
        `| ${label} | ${i + 1} | ${f0(e.liveMs)} | ${e.blockedMs === undefined ? "–" : f0(e.blockedMs)} | ${f0(e.maxLoopDelayMs)} | ${f0(run.baselines[i] ?? Number.NaN)} | ${e.mode} |`,
      );
  }
  lines.push("");
  lines.push(
    "| reload | requests | errors | p50 (ms) | p99 (ms) | max (ms) |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const [label, run] of [
    ["in place", inPlace],
    ["full rebuild", full],
  ] as const) {
    lines.push(
      `| ${label} | ${f0(run.requests)} | ${run.errors} | ${f1(run.latency.p50)} | ${f1(run.latency.p99)} | ${f1(run.latency.max)} |`,
    );
  }
  lines.push(
    "",
    "Request latencies are over the whole run (ten connections queue behind each other, so a request's latency includes the answers ahead of it).",
    "",
  );

  lines.push("## `npm run report` on a big log", "");
  lines.push(
    "| log | read | time (s) | peak RSS (MB) | heap held after GC (MB) |",
    "| --- | --- | ---: | ---: | ---: |",
  );
  for (const size of quick ? [10e6, 100e6] : [10e6, 100e6]) {
    const path = await generatedLog(size);
    const bytes = (await stat(path)).size;
    for (const mode of ["stream", "memory"] as const) {
      log(`report on ${f0(bytes / 1e6)} MB, ${mode}`);
      const r = await reportRun(path, mode);
      lines.push(
        `| ${f0(bytes / 1e6)} MB | ${mode === "stream" ? "as a stream (now)" : "whole, in memory (before)"} | ${(r.ms / 1000).toFixed(1)} | ${f0(r.maxRssMb)} | ${f0(r.retainedMb)} |`,
      );
    }
  }
  lines.push("");

  log("vote latency");
  const votes = await voteLatency();
  lines.push("## Votes synced before they are acknowledged", "");
  lines.push(
    "`POST /api/feedback` answers once the vote's line is fdatasync'ed (votes arriving together share one sync); `GET /api/help` beside it for the server's own cost. Ten connections.",
    "",
  );
  lines.push("| route | p50 (ms) | p99 (ms) | max (ms) |", "| --- | ---: | ---: | ---: |");
  lines.push(
    `| POST /api/feedback | ${f1(votes.feedback.p50)} | ${f1(votes.feedback.p99)} | ${f1(votes.feedback.max)} |`,
  );
  lines.push(`| GET /api/help | ${f1(votes.help.p50)} | ${f1(votes.help.p99)} | ${f1(votes.help.max)} |`);
  lines.push("");
  const markdown = `${lines.join("\n")}\n`;
  await writeFile(join(ROOT, "bench", "RESULTS-ops.md"), markdown);
  return markdown;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runOps()
    .then((markdown) => process.stdout.write(markdown))
    .catch((error: unknown) => {
      process.stderr.write(`bench ops: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    });
}
