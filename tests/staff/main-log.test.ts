/**
 * `npm start` with the staff log on: the start-up line, questions and votes written by the real
 * process, flushed on SIGTERM, and a stable salt file. The process is node itself (with tsx as a
 * loader), so the signal reaches the bot and nothing is left running.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempFolder } from "../helpers/knowledge.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function start(env: Record<string, string>): { child: ChildProcessWithoutNullStreams; stderr: () => string } {
  const { PATH, HOME } = process.env;
  const noChats = Object.fromEntries(
    [
      "SLACK_BOT_TOKEN",
      "SLACK_APP_TOKEN",
      "SLACK_SIGNING_SECRET",
      "MATTERMOST_URL",
      "MATTERMOST_BOT_TOKEN",
      "MATTERMOST_COMMAND_TOKEN",
      "MATTERMOST_WEBHOOK_TOKEN",
      "USER_HASH_SALT",
    ].map((name) => [name, ""]),
  );
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: {
      PATH: PATH ?? "",
      HOME: HOME ?? "",
      LOG_LEVEL: "warn",
      PORT: "0",
      HOST: "127.0.0.1",
      WATCH_KNOWLEDGE: "false",
      ...noChats,
      ...env,
    },
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  return { child, stderr: () => stderr };
}

/** Resolves with the first match of `pattern` on standard error, as soon as it is written; rejects if the process exits first. */
function waitFor(
  child: ChildProcessWithoutNullStreams,
  stderr: () => string,
  pattern: RegExp,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = stderr().match(pattern);
      if (!match) return;
      child.stderr.off("data", check);
      child.off("exit", early);
      resolve(match);
    };
    const early = () => reject(new Error(`no ${pattern} before the process exited:\n${stderr()}`));
    child.stderr.on("data", check);
    child.once("exit", early);
    check();
  });
}

describe("npm start with EVENT_LOG", () => {
  it("says where it logs, writes questions and votes, and flushes them on SIGTERM", async () => {
    const { dir, cleanup } = await tempFolder({});
    cleanups.push(cleanup);
    const path = join(dir, "data", "events.jsonl");
    const { child, stderr } = start({ EVENT_LOG: path, EVENT_LOG_RETENTION_DAYS: "30" });
    try {
      await waitFor(child, stderr, /staff log: .*events\.jsonl \(30 days kept\)\n/);
      const [, url] = await waitFor(child, stderr, /listening on (http:\/\/\S+\/)/);
      const ask = async (question: string) => {
        const response = await fetch(`${url}api/ask`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ question }),
        });
        return (await response.json()) as { id: string; answered: boolean };
      };
      const first = await ask("date limite promo 3 ?");
      await ask("Où est la cantine ?");
      const voted = await fetch(`${url}api/feedback`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ answerId: first.id, vote: "down" }),
      });
      expect(voted.status).toBe(200);

      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }

    const events = (await readFile(path, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.map((e) => [e.type, e.question, e.answered ?? e.vote])).toEqual([
      ["question", "date limite promo 3 ?", true],
      ["question", "Où est la cantine ?", false],
      ["feedback", "date limite promo 3 ?", "down"],
    ]);
    expect(events[0].user).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(events)).not.toContain("127.0.0.1");
    expect((await stat(`${path}.salt`)).mode & 0o777).toBe(0o600);
  });

  it("keeps every acknowledged vote through a kill -9", async () => {
    const { dir, cleanup } = await tempFolder({});
    cleanups.push(cleanup);
    const path = join(dir, "events.jsonl");
    const { child, stderr } = start({ EVENT_LOG: path, RATE_LIMIT_PER_MINUTE: "0" });
    const acknowledged: string[] = [];
    try {
      const [, url] = await waitFor(child, stderr, /listening on (http:\/\/\S+\/)/);
      const post = (route: string, body: unknown) =>
        fetch(`${url}${route}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      for (let i = 0; i < 20; i++) {
        const answer = (await (
          await post("api/ask", { question: `date limite promo 3 ? (${i})` })
        ).json()) as {
          id: string;
        };
        const voted = await post("api/feedback", { answerId: answer.id, vote: i % 2 ? "up" : "down" });
        if (((await voted.json()) as { recorded?: boolean }).recorded === true) acknowledged.push(answer.id);
      }
      const killed = once(child, "exit");
      child.kill("SIGKILL");
      await killed;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    expect(acknowledged).toHaveLength(20);
    const votes = (await readFile(path, "utf8"))
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l))
      .filter((e) => e.type === "feedback")
      .map((e) => e.answerId);
    expect(votes).toEqual(acknowledged);
  });
});
