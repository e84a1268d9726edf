import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("config", () => {
  it("has working defaults with no variable at all", () => {
    const config = loadConfig({}, "/srv/bot");
    expect(config).toMatchObject({
      port: 3000,
      knowledgeDir: "/srv/bot/knowledge",
      rateLimitPerMinute: 10,
      maxQuestionLength: 2000,
    });
    expect(config.slack).toBeUndefined();
    expect(config.mattermost).toBeUndefined();
  });

  it("listens on this machine only unless HOST says otherwise, with justified HTTP limits", () => {
    expect(loadConfig({}).host).toBe("127.0.0.1");
    expect(loadConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    expect(loadConfig({}).http).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      maxConnections: 500,
      stopGraceMs: 3_000,
    });
    expect(
      loadConfig({
        HEADERS_TIMEOUT_SECONDS: "5",
        REQUEST_TIMEOUT_SECONDS: "20",
        MAX_CONNECTIONS: "50",
        STOP_GRACE_SECONDS: "0",
      }).http,
    ).toEqual({ headersTimeoutMs: 5_000, requestTimeoutMs: 20_000, maxConnections: 50, stopGraceMs: 0 });
    expect(problems({ MAX_CONNECTIONS: "many" })).toEqual([
      'MAX_CONNECTIONS must be an integer from 1 to 1000000 (got "many")',
    ]);
    expect(problems({ HEADERS_TIMEOUT_SECONDS: "40", REQUEST_TIMEOUT_SECONDS: "30" })).toEqual([
      'HEADERS_TIMEOUT_SECONDS (got "40") must not exceed REQUEST_TIMEOUT_SECONDS (got "30")',
    ]);
  });

  it("reads TRUST_PROXY as off, on, a hop count or a list of addresses, and refuses anything else", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, ::1" }).trustProxy).toBe("10.0.0.0/8,::1");
    expect(problems({ TRUST_PROXY: "nginx" })[0]).toMatch(/^TRUST_PROXY must be/);
  });

  it("reads PUBLIC_URL as an http(s) address without its trailing slash, and refuses anything else", () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: " " }).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: "https://eig-bot.example.org/" }).publicUrl).toBe(
      "https://eig-bot.example.org",
    );
    expect(loadConfig({ PUBLIC_URL: "https://example.org/eig/" }).publicUrl).toBe("https://example.org/eig");
    for (const bad of [
      "eig-bot.example.org",
      "ftp://example.org",
      "https://example.org/?a=1",
      "https://x.org/#a",
    ]) {
      expect(problems({ PUBLIC_URL: bad }), bad).toEqual([
        `PUBLIC_URL must be the bot's public http(s) address, such as https://eig-bot.example.org, with no query or # (got "${bad}")`,
      ]);
    }
  });

  it("keeps the persisted index in .cache/index unless INDEX_CACHE_DIR says otherwise or is empty", () => {
    expect(loadConfig({}, "/srv/bot").indexCacheDir).toBe("/srv/bot/.cache/index");
    expect(loadConfig({ INDEX_CACHE_DIR: "/var/cache/eig" }, "/srv/bot").indexCacheDir).toBe(
      "/var/cache/eig",
    );
    expect(loadConfig({ INDEX_CACHE_DIR: "" }, "/srv/bot").indexCacheDir).toBeUndefined();
  });

  it("picks Socket Mode with an app token, HTTP with a signing secret", () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }).slack?.mode).toBe("socket");
    expect(
      loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "0123456789abcdef0123" }).slack,
    ).toMatchObject({
      mode: "http",
    });
    expect(
      loadConfig({
        SLACK_BOT_TOKEN: "xoxb-1",
        SLACK_APP_TOKEN: "xapp-1",
        SLACK_API_URL: "http://127.0.0.1:9/api",
      }).slack?.apiUrl,
    ).toBe("http://127.0.0.1:9/api/");
  });

  it("names each missing or malformed variable on its own line, without printing secrets", () => {
    expect(problems({ SLACK_APP_TOKEN: "xapp-secret-value" })).toEqual([
      "SLACK_BOT_TOKEN is missing: Slack needs the bot token (xoxb-…) from OAuth & Permissions",
    ]);
    const lines = problems({
      SLACK_BOT_TOKEN: "abcdefghijkl-secret",
      SLACK_APP_TOKEN: "xapp-1",
      PORT: "70000",
    });
    expect(lines).toContain('SLACK_BOT_TOKEN must start with "xoxb-" (got "abcde…")');
    expect(lines.join("\n")).not.toContain("secret");
    expect(problems({ PORT: "abc" })).toEqual(['PORT must be an integer from 0 to 65535 (got "abc")']);
    expect(problems({ SLACK_BOT_TOKEN: "xoxb-1" })[0]).toMatch(/SLACK_APP_TOKEN .* or SLACK_SIGNING_SECRET/);
    expect(problems({ MATTERMOST_URL: "chat.example.org" })).toEqual([
      'MATTERMOST_URL must be an http(s) URL such as https://chat.example.org (got "chat.example.org")',
      "MATTERMOST_BOT_TOKEN is missing: the bot account needs its access token",
    ]);
    expect(problems({ EIG_TODAY: "2018-13-45" })).toEqual([
      'EIG_TODAY must be a day as YYYY-MM-DD (got "2018-13-45")',
    ]);
  });
});
