/** The staff's event log: JSON lines, hashes only, appends across opens, retention, write errors. */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rmdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Assistant } from "../../src/answer/assistant.js";
import type { BotEvent, QuestionEvent } from "../../src/answer/events.js";
import type { Config } from "../../src/config.js";
import { type Logger, silentLogger } from "../../src/logger.js";
import {
  EventLog,
  openConfiguredEventLog,
  persistentSalt,
  pruneEventLog,
  redactSecrets,
  toLogLine,
} from "../../src/staff/event-log.js";
import { shippedKnowledge, TODAY, tempFolder } from "../helpers/knowledge.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function temp(files: Record<string, string> = {}): Promise<string> {
  const { dir, cleanup } = await tempFolder(files);
  cleanups.push(cleanup);
  return dir;
}

/** A pino logger whose lines land in an array. */
function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "debug" }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { logger, lines };
}

function question(at: string, extra: Partial<QuestionEvent> = {}): QuestionEvent {
  return {
    type: "question",
    at,
    answerId: `a-${at}`,
    channel: "web",
    user: "0123456789abcdef",
    question: "date limite ?",
    truncated: false,
    rateLimited: false,
    answered: true,
    kind: "date",
    promotion: 3,
    confidence: 0.9,
    sources: ["Règlement — Article 5"],
    latencyMs: 12.5,
    ...extra,
  };
}

async function lines(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

describe("EventLog", () => {
  it("writes one JSON line per event, in order, with hashed users only, in a new folder, mode 0600", async () => {
    const dir = await temp();
    const path = join(dir, "data", "sub", "events.jsonl");
    const log = await EventLog.open({ path, retentionDays: 90 });
    const kb = await shippedKnowledge();
    const assistant = new Assistant({
      knowledge: () => kb,
      today: () => TODAY,
      events: log,
      userHashSalt: "s",
    });
    const first = assistant.ask({ text: "date limite promo 3 ?", channel: "slack", user: "U0RAWUSERID" });
    assistant.ask({ text: "Où est la cantine ?", channel: "mattermost", user: "mm-raw-user-42" });
    assistant.feedback({ answerId: first.answer.id, vote: "down", channel: "slack", user: "U0RAWUSERID" });
    expect(await log.close()).toEqual({ written: 3, dropped: 0 });

    const text = await readFile(path, "utf8");
    expect(text).not.toContain("U0RAWUSERID");
    expect(text).not.toContain("mm-raw-user-42");
    const events = await lines(path);
    expect(events.map((e) => e.type)).toEqual(["question", "question", "feedback"]);
    expect(events[0]).toMatchObject({ channel: "slack", question: "date limite promo 3 ?", answered: true });
    expect(events[1]).toMatchObject({ channel: "mattermost", answered: false });
    expect(events[2]).toMatchObject({
      vote: "down",
      answerId: first.answer.id,
      question: "date limite promo 3 ?",
    });
    for (const e of events) expect(e.user).toMatch(/^[0-9a-f]{16}$/);
    expect(events[0]?.user).toBe(events[2]?.user);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("writes known fields only: a raw user id, an unknown field and a pasted token stay out", () => {
    const event = {
      ...question("2026-11-20T10:00:00.000Z", {
        user: "U0RAWUSERID",
        question: "mon token xoxb-1234-5678-abcdefgh ?",
      }),
      email: "someone@example.org",
    } as BotEvent;
    const line = toLogLine(event, ["super-secret-value"]);
    const parsed = JSON.parse(line);
    expect(line.endsWith("\n")).toBe(true);
    expect(parsed.user).toBeUndefined();
    expect(line).not.toContain("U0RAWUSERID");
    expect(line).not.toContain("example.org");
    expect(parsed.question).toBe("mon token [secret] ?");
    expect(
      redactSecrets("voici super-secret-value et Bearer abcdefghijklmnopqrstu", ["super-secret-value"]),
    ).toBe("voici [secret] et [secret]");
  });

  it("appends across a close and a reopen", async () => {
    const path = join(await temp(), "events.jsonl");
    const now = () => new Date("2026-11-24T12:00:00Z");
    const a = await EventLog.open({ path, retentionDays: 90, now });
    a.record(question("2026-11-24T10:00:00.000Z"));
    await a.close();
    const b = await EventLog.open({ path, retentionDays: 90, now });
    b.record(question("2026-11-24T11:00:00.000Z"));
    await b.close();
    expect((await lines(path)).map((e) => e.at)).toEqual([
      "2026-11-24T10:00:00.000Z",
      "2026-11-24T11:00:00.000Z",
    ]);
  });

  it("drops events recorded after close, and close is safe twice", async () => {
    const path = join(await temp(), "events.jsonl");
    const log = await EventLog.open({ path, retentionDays: 90 });
    await log.close();
    log.record(question("2026-11-24T10:00:00.000Z"));
    expect(await log.close()).toEqual({ written: 0, dropped: 1 });
  });

  it("prunes events older than the retention at open, atomically, keeping undatable lines it cannot place", async () => {
    const old = JSON.stringify(question("2026-01-01T10:00:00.000Z"));
    const recent = JSON.stringify(question("2026-11-20T10:00:00.000Z"));
    const dir = await temp({
      "events.jsonl": [
        "not json, before an old event", // dated by the old event after it: goes
        old,
        "",
        '{"type":"question"}', // no date, before a kept event: stays
        recent,
        "{truncated by a cra", // last line, no newline: stays, and is ended
      ].join("\n"),
    });
    const path = join(dir, "events.jsonl");
    const log = await EventLog.open({ path, retentionDays: 30, now: () => new Date("2026-11-24T12:00:00Z") });
    expect(log.pruned).toEqual({ kept: 3, removed: 2, unreadableKept: 2 });
    log.record(question("2026-11-24T12:00:00.000Z"));
    await log.close();
    const text = await readFile(path, "utf8");
    expect(text.split("\n")).toEqual([
      '{"type":"question"}',
      recent,
      "{truncated by a cra",
      JSON.stringify(JSON.parse(toLogLine(question("2026-11-24T12:00:00.000Z")))),
      "",
    ]);
    expect(await readdir(dir)).toEqual(["events.jsonl"]);
  });

  it("prunes again while running: events recorded meanwhile wait and are written after, in order", async () => {
    const path = join(await temp(), "events.jsonl");
    let now = new Date("2026-11-01T12:00:00Z");
    const log = await EventLog.open({ path, retentionDays: 2, now: () => now, pruneEveryMs: 0 });
    log.record(question("2026-11-01T12:00:00.000Z"));
    log.record(question("2026-11-03T12:00:00.000Z"));
    now = new Date("2026-11-04T00:00:00Z");
    const pruning = log.prune();
    log.record(question("2026-11-04T00:00:01.000Z"));
    log.record(question("2026-11-04T00:00:02.000Z"));
    expect(await pruning).toEqual({ kept: 1, removed: 1, unreadableKept: 0 });
    log.record(question("2026-11-04T00:00:03.000Z"));
    expect(await log.close()).toEqual({ written: 5, dropped: 0 });
    expect((await lines(path)).map((e) => e.at)).toEqual([
      "2026-11-03T12:00:00.000Z",
      "2026-11-04T00:00:01.000Z",
      "2026-11-04T00:00:02.000Z",
      "2026-11-04T00:00:03.000Z",
    ]);
  });

  it("leaves a log with nothing to prune untouched, and ends a cut last line", async () => {
    const recent = JSON.stringify(question("2026-11-20T10:00:00.000Z"));
    const path = join(await temp({ "events.jsonl": recent }), "events.jsonl");
    const before = await stat(path);
    const summary = await pruneEventLog(path, 30, new Date("2026-11-24T12:00:00Z"));
    expect(summary).toEqual({ kept: 1, removed: 0, unreadableKept: 0 });
    expect(await readFile(path, "utf8")).toBe(`${recent}\n`);
    expect((await stat(path)).ino).toBe(before.ino);
    expect(await pruneEventLog(join(path, "..", "missing.jsonl"), 30)).toEqual({
      kept: 0,
      removed: 0,
      unreadableKept: 0,
    });
  });

  it("survives a path that is a directory: logs the error once, never throws, drops the events", async () => {
    const dir = await temp();
    const path = join(dir, "events.jsonl");
    await mkdir(path);
    const { logger, lines: logged } = capturingLogger();
    const log = await EventLog.open({ path, retentionDays: 90, logger });
    expect(log.problem).toMatch(/EISDIR/);
    for (let i = 0; i < 5; i++) expect(() => log.record(question("2026-11-24T10:00:00.000Z"))).not.toThrow();
    expect(await log.close()).toEqual({ written: 0, dropped: 5 });
    expect(logged.filter((l) => l.level === 50)).toHaveLength(1);
    expect(logged.find((l) => l.level === 50)?.msg).toMatch(/cannot write the event log/);
  });

  it("tries the file again a minute after a write error, and says when it is writable again", async () => {
    const dir = await temp();
    const path = join(dir, "events.jsonl");
    await mkdir(path);
    const { logger, lines: logged } = capturingLogger();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const log = await EventLog.open({ path, retentionDays: 90, logger });
      log.record(question("2026-11-24T10:00:00.000Z"));
      await rmdir(path);
      log.record(question("2026-11-24T10:00:30.000Z"));
      vi.setSystemTime(Date.now() + 61_000);
      log.record(question("2026-11-24T10:01:01.000Z"));
      log.record(question("2026-11-24T10:01:02.000Z"));
      expect(await log.close()).toEqual({ written: 2, dropped: 2 });
      expect((await lines(path)).map((e) => e.at)).toEqual([
        "2026-11-24T10:01:01.000Z",
        "2026-11-24T10:01:02.000Z",
      ]);
      expect(logged.filter((l) => l.level === 50)).toHaveLength(1);
      expect(logged.find((l) => l.level === 30)?.msg).toMatch(/writable again/);
    } finally {
      vi.useRealTimers();
    }
  });

  it.skipIf(!existsSync("/dev/full"))(
    "survives write errors after opening (a full disk): one error logged, answering goes on",
    async () => {
      const { logger, lines: logged } = capturingLogger();
      const log = await EventLog.open({ path: "/dev/full", retentionDays: 90, logger });
      expect(log.problem).toBeUndefined();
      const kb = await shippedKnowledge();
      const assistant = new Assistant({ knowledge: () => kb, today: () => TODAY, events: log });
      for (let i = 0; i < 3; i++) {
        expect(assistant.ask({ text: "date limite ?", channel: "web", user: "w1" }).answer.answered).toBe(
          true,
        );
        // The write of that line has met the full disk: the next ones are dropped, not retried.
        expect(await log.sync()).toBe(false);
      }
      const stats = await log.close();
      expect(stats.written).toBe(0);
      expect(stats.dropped).toBe(3);
      expect(logged.filter((l) => l.level === 50)).toHaveLength(1);
    },
  );
});

describe("persistentSalt", () => {
  it("creates <log>.salt once (mode 0600) and reads the same salt back", async () => {
    const path = join(await temp(), "data", "events.jsonl");
    const first = await persistentSalt(path);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await persistentSalt(path)).toBe(first);
    expect((await stat(`${path}.salt`)).mode & 0o777).toBe(0o600);
  });

  it("gives undefined, with a warning, when the salt file is unusable", async () => {
    const dir = await temp({ "events.jsonl.salt": "short\n" });
    const { logger, lines: logged } = capturingLogger();
    expect(await persistentSalt(join(dir, "events.jsonl"), logger)).toBeUndefined();
    expect(logged.some((l) => l.level === 40)).toBe(true);
  });
});

describe("openConfiguredEventLog", () => {
  const config = (eventLog: string, extra: Partial<Config> = {}) =>
    ({ eventLog, eventLogRetentionDays: 90, ...extra }) as Config;

  it("is off when EVENT_LOG is empty", async () => {
    expect(await openConfiguredEventLog(config(""), silentLogger())).toBeUndefined();
  });

  it("opens the log, keeps the salt stable, says one line, and keeps the configured tokens out", async () => {
    const dir = await temp();
    const path = join(dir, "events.jsonl");
    await writeFile(path, `${JSON.stringify(question("2000-01-01T00:00:00.000Z"))}\n`);
    const token = "xoxb-123456789012-abcdefABCDEF";
    const opened = await openConfiguredEventLog(
      config(path, { slack: { botToken: token, mode: "socket", appToken: "xapp-1-A0-123-abcdef" } }),
      silentLogger(),
      () => "data/events.jsonl",
    );
    expect(opened?.line).toBe("staff log: data/events.jsonl (90 days kept; 1 older line removed)");
    expect(opened?.userHashSalt).toMatch(/^[0-9a-f]{64}$/);
    opened?.events.record(question("2026-11-24T10:00:00.000Z", { question: `is ${token} secret?` }));
    await opened?.events.close();
    const text = await readFile(path, "utf8");
    expect(text).not.toContain(token);
    expect(text).toContain("is [secret] secret?");

    const again = await openConfiguredEventLog(config(path), silentLogger());
    expect(again?.userHashSalt).toBe(opened?.userHashSalt);
    await again?.events.close();
    const salted = await openConfiguredEventLog(config(path, { userHashSalt: "from-env" }), silentLogger());
    expect(salted?.userHashSalt).toBe("from-env");
    await salted?.events.close();
  });

  it("says plainly when the log cannot be written", async () => {
    const dir = await temp();
    await mkdir(join(dir, "events.jsonl"));
    const opened = await openConfiguredEventLog(config(join(dir, "events.jsonl")), silentLogger(), () => "x");
    expect(opened?.line).toMatch(/^staff log: cannot write x \(EISDIR.*\): questions are not logged$/);
    await opened?.events.close();
  });
});
