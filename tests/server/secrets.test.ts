/**
 * Secrets never reach the logs: `npm start` with every channel on (Slack Socket Mode against the
 * local fake Web API, the Mattermost slash command and webhook) at the most verbose log level,
 * fed requests with right and wrong tokens, then stopped. No token, secret or signature appears
 * on standard error or standard output, whole or in part.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSlack } from "../adapters/slack/helpers.js";

const SECRETS = {
  SLACK_BOT_TOKEN: "xoxb-4242-4343-SECRETbottokenvalue",
  SLACK_APP_TOKEN: "xapp-1-A0APP-4444-SECRETapptokenvalue",
  MATTERMOST_COMMAND_TOKEN: "mmcommandSECRETtoken0001",
  MATTERMOST_WEBHOOK_TOKEN: "mmwebhookSECRETtoken0002",
  USER_HASH_SALT: "saltSECRETvalue0003",
};

let slack: FakeSlack;

beforeAll(async () => {
  slack = await FakeSlack.start();
});

afterAll(async () => {
  await slack.close();
});

describe("secrets in logs", () => {
  it("never prints a token, even at trace level", async () => {
    const { PATH, HOME } = process.env;
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        PATH: PATH ?? "",
        HOME: HOME ?? "",
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "trace",
        EVENT_LOG: "",
        WATCH_KNOWLEDGE: "false",
        SLACK_API_URL: slack.apiUrl,
        SLACK_SIGNING_SECRET: "",
        MATTERMOST_URL: "",
        MATTERMOST_BOT_TOKEN: "",
        ...SECRETS,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += c;
    });
    const ready = new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (c) => {
        stderr += c;
        const url = stderr.match(/listening on (http:\/\/\S+\/)/)?.[1];
        if (url) resolve(url);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}:\n${stderr}`)));
    });
    try {
      const url = await ready;
      expect(stderr).toMatch(
        /channels on: web chat, slack \(socket mode\), mattermost slash command, mattermost outgoing webhook/,
      );
      await slack.waitFor("apps.connections.open");
      const form = (token: string, text: string) =>
        fetch(`${url}mattermost/command`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ token, text, command: "/eig", user_id: "u1", channel_id: "c1" }),
        });
      expect((await form(SECRETS.MATTERMOST_COMMAND_TOKEN, "Combien par équipe ?")).status).toBe(200);
      expect((await form(`${SECRETS.MATTERMOST_COMMAND_TOKEN}x`, "date limite ?")).status).toBe(401);
      const hook = await fetch(`${url}mattermost/webhook`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Token ${SECRETS.MATTERMOST_WEBHOOK_TOKEN}`,
        },
        body: JSON.stringify({
          token: SECRETS.MATTERMOST_WEBHOOK_TOKEN,
          text: "eig date limite ?",
          trigger_word: "eig",
        }),
      });
      expect(hook.status).toBe(200);
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    // The fake did receive the tokens (they were used)…
    expect(slack.callsOf("auth.test")[0]?.headers.authorization).toBe(`Bearer ${SECRETS.SLACK_BOT_TOKEN}`);
    // …and the bot's output never shows them, nor a long piece of them.
    const output = stdout + stderr;
    expect(output.length).toBeGreaterThan(500);
    for (const secret of Object.values(SECRETS)) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(secret.slice(-16));
    }
    expect(stdout).toBe("");
  }, 30_000);
});
