/**
 * `npm start` as a newcomer runs it: no token, a free port, the shipped knowledge. The process
 * is node with tsx's loader (what the `start` script runs, minus the tsx wrapper), not npm or
 * npx: those do not pass SIGTERM on to their child, and the point here is the bot's own graceful
 * stop and exit code. Without a wrapper, a test that fails and kills the process leaves no
 * orphan behind.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Health } from "../../src/server/healthz.js";

const CHAT_VARIABLES = [
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "MATTERMOST_URL",
  "MATTERMOST_BOT_TOKEN",
  "MATTERMOST_COMMAND_TOKEN",
  "MATTERMOST_WEBHOOK_TOKEN",
];

function start(env: Record<string, string>): ChildProcessWithoutNullStreams {
  // Only what the bot needs from the parent. The chat tokens are set, empty, because dotenv
  // never overrides a variable that is set: a developer's .env cannot turn Slack on here.
  const { PATH, HOME } = process.env;
  const noChats = Object.fromEntries(CHAT_VARIABLES.map((name) => [name, ""]));
  return spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { PATH: PATH ?? "", HOME: HOME ?? "", LOG_LEVEL: "warn", EVENT_LOG: "", ...noChats, ...env },
  });
}

interface Output {
  stdout: string;
  stderr: string;
}

function collect(child: ChildProcessWithoutNullStreams): Output {
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk) => {
    output.stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output.stderr += chunk;
  });
  return output;
}

/** Resolves with the first match of `pattern` on standard error; rejects if the process exits first. */
function waitForLine(
  child: ChildProcessWithoutNullStreams,
  output: Output,
  pattern: RegExp,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output.stderr.match(pattern);
      if (!match) return;
      child.stderr.off("data", check);
      child.off("exit", early);
      resolve(match);
    };
    const early = (code: number | null) =>
      reject(new Error(`exited (${code}) before ${pattern}:\n${output.stderr}`));
    child.stderr.on("data", check);
    child.once("exit", early);
  });
}

describe("npm start", () => {
  it("serves the web chat and /healthz with no token, says how to add a chat, and stops cleanly on SIGTERM", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "eig-main-cache-"));
    const child = start({ PORT: "0", HOST: "127.0.0.1", INDEX_CACHE_DIR: cacheDir });
    const output = collect(child);
    try {
      const [, url] = await waitForLine(child, output, /listening on (http:\/\/\S+\/)/);
      // The persisted index was written for the next start.
      expect((await readdir(cacheDir)).length).toBe(1);
      expect(output.stderr).toMatch(/channels on: web chat\n/);
      expect(output.stderr).toMatch(/no Slack or Mattermost token is set.*README section "Slack"/);
      expect(output.stderr).toMatch(/knowledge: \d+ documents, \d+ passages from knowledge/);

      const page = await fetch(url ?? "");
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html lang="fr">');
      const health = (await (await fetch(`${url}healthz`)).json()) as Health;
      expect(health.status).toBe("ok");
      expect(health.documents).toBeGreaterThan(0);
      expect(health.watching).toBe(true);

      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = await exited;
      expect(code).toBe(0);
      expect(output.stderr).toMatch(/SIGTERM: stopping[^\n]*\n(.*\n)*.*stopped\n/);
      expect(output.stdout).toBe("");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it("names a bad variable in one line and exits 1, without a stack trace", async () => {
    const child = start({ PORT: "eighty" });
    const output = collect(child);
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output.stderr).toContain('PORT must be an integer from 0 to 65535 (got "eighty")');
    expect(output.stderr).not.toMatch(/\n\s+at /);
    expect(output.stdout).toBe("");
  });

  it("says when the port is taken", async () => {
    const first = start({ PORT: "0", HOST: "127.0.0.1" });
    const firstOutput = collect(first);
    try {
      const [, port] = await waitForLine(first, firstOutput, /listening on http:\/\/[^:]+:(\d+)\//);
      const second = start({ PORT: port ?? "", HOST: "127.0.0.1", WATCH_KNOWLEDGE: "false" });
      const output = collect(second);
      const [code] = await once(second, "exit");
      expect(code).toBe(1);
      expect(output.stderr).toContain(`port ${port} is already in use`);
    } finally {
      const exited = once(first, "exit");
      first.kill("SIGTERM");
      await exited;
    }
  });
});
