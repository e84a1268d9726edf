/**
 * `npm run report` as a real process, and end to end: an Assistant writing to the event log,
 * questions and a 👎, then the report of that log.
 */
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Assistant } from "../../src/answer/assistant.js";
import type { QuestionEvent } from "../../src/answer/events.js";
import { EventLog } from "../../src/staff/event-log.js";
import { buildReport, renderReport, resolvePeriod } from "../../src/staff/report.js";
import { readLog, reportFromFile } from "../../src/staff/report-cli.js";
import { shippedKnowledge, TODAY, tempFolder } from "../helpers/knowledge.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function temp(): Promise<string> {
  const { dir, cleanup } = await tempFolder({});
  cleanups.push(cleanup);
  return dir;
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/staff/report-cli.ts", ...args], {
      env: { ...process.env, EVENT_LOG: "", LOG_LEVEL: "info" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function question(at: string, text: string, answered: boolean, sources: string[] = []): QuestionEvent {
  return {
    type: "question",
    at,
    answerId: `id-${at}`,
    channel: "web",
    question: text,
    truncated: false,
    rateLimited: false,
    answered,
    kind: "info",
    confidence: 0.5,
    sources,
    latencyMs: 10,
  };
}

async function sampleLog(): Promise<string> {
  const path = join(await temp(), "events.jsonl");
  const lines = [
    JSON.stringify(question("2026-11-20T10:00:00.000Z", "date limite ?", true, ["Règlement — Article 5"])),
    JSON.stringify(question("2026-11-20T11:00:00.000Z", "Où est la cantine ?", false)),
    "this line is broken",
    JSON.stringify(question("2026-11-21T10:00:00.000Z", "Y a-t-il une cantine ?", false)),
    '{"type":"question","at":',
  ];
  await writeFile(path, `${lines.join("\n")}\n`);
  return path;
}

describe("npm run report", () => {
  it("--json prints one JSON object on stdout and nothing else, with the unreadable lines counted", async () => {
    const log = await sampleLog();
    const { code, stdout, stderr } = await run([
      "--log",
      log,
      "--json",
      "--since",
      "2026-11-15",
      "--until",
      "2026-11-24",
      "--tz",
      "UTC",
    ]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout);
    expect(stdout.trim().startsWith("{")).toBe(true);
    expect(report).toMatchObject({
      period: { since: "2026-11-15", until: "2026-11-24", days: 10, timeZone: "UTC" },
      unreadableLines: 2,
      asked: 3,
      answered: 1,
      topSources: [{ source: "Règlement — Article 5", count: 1 }],
    });
    expect(report.unanswered).toHaveLength(1);
    expect(report.unanswered[0]).toMatchObject({ count: 2, question: "Y a-t-il une cantine ?" });
  });

  it("prints readable text by default", async () => {
    const log = await sampleLog();
    const { code, stdout } = await run(["--log", log, "--days", "10", "--until", "2026-11-24"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# EIG bot — questions from 2026-11-15 to 2026-11-24 \(10 days, Europe\/Paris\)/);
    expect(stdout).toContain("2 lines of the log could not be read and were skipped.");
    expect(stdout).toContain("- Answered: 1 of 3 (33%)");
    expect(stdout).toContain("## Unanswered questions (2, 1 group)");
  });

  it("says in one line that the log is missing, and exits 1", async () => {
    const missing = join(await temp(), "nothing.jsonl");
    const { code, stdout, stderr } = await run(["--log", missing]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toEqual([
      `report: no event log at ${missing} (nothing was logged yet, or EVENT_LOG points elsewhere: pass --log FILE)`,
    ]);
  });

  it("refuses bad arguments with exit code 2", async () => {
    const log = await sampleLog();
    expect((await run(["--log", log, "--since", "yesterday"])).code).toBe(2);
    expect((await run(["--log", log, "--since", "2026-11-01", "--days", "3"])).stderr).toMatch(/not both/);
    expect((await run(["--log", log, "--tz", "Mars/Olympus"])).code).toBe(2);
    expect((await run(["--log", log, "--bogus"])).code).toBe(2);
  });

  it("says the log is off when EVENT_LOG is empty and no --log is given", async () => {
    const { code, stderr } = await run([]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/event log is off/);
  });
});

describe("end to end", () => {
  it("questions asked through the Assistant and a 👎 show in the report", async () => {
    const path = join(await temp(), "data", "events.jsonl");
    const kb = await shippedKnowledge();
    const log = await EventLog.open({ path, retentionDays: 90 });
    const assistant = new Assistant({
      knowledge: () => kb,
      today: () => TODAY,
      events: log,
      rateLimitPerMinute: 0,
    });
    const ask = (text: string, user: string) => assistant.ask({ text, channel: "slack", user }).answer;
    const deadline = ask("Quelle est la date limite pour candidater à la promo 3 ?", "U111RAW");
    const pay = ask("Quel est le salaire ?", "U222RAW");
    expect(deadline.answered && pay.answered).toBe(true);
    expect(ask("Où se trouve la cantine des EIG ?", "U111RAW").answered).toBe(false);
    expect(ask("où trouve-t-on la cantine des EIG", "U333RAW").answered).toBe(false);
    expect(ask("Quelle est la capitale du Pérou ?", "U333RAW").answered).toBe(false);
    assistant.feedback({ answerId: pay.id, vote: "down", channel: "slack", user: "U222RAW" });
    assistant.feedback({ answerId: deadline.id, vote: "up", channel: "slack", user: "U111RAW" });
    expect(await log.close()).toEqual({ written: 7, dropped: 0 });

    const { events, unreadable } = await readLog(path);
    expect(unreadable).toBe(0);
    const report = buildReport(events, { period: resolvePeriod({ today: new Date(), days: 2 }) });
    expect(report).toMatchObject({ asked: 5, answered: 2, users: 3, votes: { up: 1, down: 1 } });
    expect(report.unanswered.map((g) => [g.question, g.count])).toEqual([
      ["où trouve-t-on la cantine des EIG", 2],
      ["Quelle est la capitale du Pérou ?", 1],
    ]);
    expect(report.downVoted).toHaveLength(1);
    expect(report.downVoted[0]).toMatchObject({ question: "Quel est le salaire ?", count: 1 });
    expect(report.downVoted[0]?.sources?.[0]?.source).toMatch(/Règlement/);
    expect(report.topSources.length).toBeGreaterThan(0);
    expect(report.latencyMs.p50).toBeGreaterThan(0);

    const text = renderReport(report);
    expect(text).toContain("- Answered: 2 of 5 (40%)");
    expect(text).toContain("“où trouve-t-on la cantine des EIG” — last");
    expect(text).toContain("“Quel est le salaire ?”");
    expect(JSON.stringify(report)).not.toMatch(/U\d{3}RAW/);

    const cli = await run(["--log", path, "--json", "--days", "2"]);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ asked: 5, answered: 2, votes: { up: 1, down: 1 } });
  });
});

describe("reportFromFile", () => {
  it("reads the log as a stream and gives the report the whole log in memory gives", async () => {
    const path = join(await temp(), "events.jsonl");
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 8, minute)).toISOString();
    const lines: string[] = [];
    const question = (i: number, text: string, answered: boolean, latencyMs: number) =>
      lines.push(
        JSON.stringify({
          type: "question",
          at: at(i),
          answerId: `a${i}`,
          channel: i % 2 ? "web" : "slack",
          user: `${i % 3}`.repeat(16),
          question: text,
          truncated: i === 4,
          rateLimited: i === 5,
          answered,
          kind: "general",
          confidence: 0.5,
          sources: answered ? ["Règlement — Article 4"] : [],
          latencyMs,
        }),
      );
    for (let i = 0; i < 40; i++)
      question(i, i % 4 ? "Où est la cantine ?" : "Quel est le salaire ?", i % 4 === 0, i % 7);
    // A 👎 without its question (the answer was no longer in memory), a 👍 changed into a 👎.
    lines.push(
      JSON.stringify({ type: "feedback", at: at(50), answerId: "a8", channel: "slack", vote: "down" }),
    );
    lines.push(
      JSON.stringify({
        type: "feedback",
        at: at(51),
        answerId: "a4",
        channel: "web",
        user: "1".repeat(16),
        vote: "up",
      }),
    );
    lines.push(
      JSON.stringify({
        type: "feedback",
        at: at(52),
        answerId: "a4",
        channel: "web",
        user: "1".repeat(16),
        vote: "down",
        question: "Quel est le salaire ?",
        sources: [],
      }),
    );
    lines.push("not json");
    await writeFile(path, `${lines.join("\n")}\n`);

    const period = resolvePeriod({ today: new Date("2026-11-21T12:00:00Z"), days: 7 });
    const { events, unreadable } = await readLog(path);
    const streamed = await reportFromFile(path, { period });
    expect(streamed).toEqual(buildReport(events, { period, unreadableLines: unreadable }));
    expect(streamed).toMatchObject({
      questions: 40,
      rateLimited: 1,
      truncated: 1,
      unreadableLines: 1,
      votes: { up: 0, down: 2 },
    });
    expect(streamed.unanswered[0]).toMatchObject({ question: "Où est la cantine ?", count: 29 });
    expect(streamed.downVoted.map((g) => [g.question, g.count])).toEqual([["Quel est le salaire ?", 2]]);
  });

  it("counts votes older than a week as it reads, with the same result", async () => {
    const path = join(await temp(), "events.jsonl");
    const day = (d: number, h = 8) => new Date(Date.UTC(2026, 10, d, h)).toISOString();
    const user = "ab".repeat(8);
    const lines = [
      {
        type: "question",
        at: day(1),
        answerId: "q1",
        channel: "web",
        question: "Où est la cantine ?",
        truncated: false,
        rateLimited: false,
        answered: true,
        kind: "general",
        confidence: 0.5,
        sources: ["S — 1"],
        latencyMs: 2,
      },
      { type: "feedback", at: day(1, 9), answerId: "q1", channel: "web", user, vote: "up" },
      { type: "feedback", at: day(1, 10), answerId: "q1", channel: "web", user, vote: "down" },
      {
        type: "feedback",
        at: day(2),
        answerId: "q2",
        channel: "web",
        user,
        vote: "down",
        question: "Quel salaire ?",
        sources: ["S — 2"],
      },
      {
        type: "feedback",
        at: day(3),
        answerId: "q3",
        channel: "web",
        user,
        vote: "down",
        question: "Quel salaire ?",
        sources: ["S — 2"],
      },
      // Weeks later: the votes above are settled while reading.
      { type: "feedback", at: day(25), answerId: "q4", channel: "web", user, vote: "up" },
    ];
    await writeFile(path, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
    const period = resolvePeriod({
      since: "2026-11-01",
      until: "2026-11-30",
      today: new Date("2026-11-30T12:00:00Z"),
    });
    const report = await reportFromFile(path, { period });
    expect(report.votes).toEqual({ up: 1, down: 3 });
    expect(report.downVoted.map((g) => [g.question, g.count, g.sources])).toEqual([
      ["Quel salaire ?", 2, [{ source: "S — 2", count: 2 }]],
      ["Où est la cantine ?", 1, [{ source: "S — 1", count: 1 }]],
    ]);
  });
});
