import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createSlashCommandChannel,
  parseCommandText,
} from "../../../src/adapters/mattermost/slash-command.js";
import type { Assistant } from "../../../src/answer/assistant.js";
import type { KnowledgeBase } from "../../../src/knowledge/types.js";
import {
  BrokenAssistant,
  LIVE_MENTION,
  logger,
  makeAssistant,
  postForm,
  postJson,
  type RunningServer,
  shippedKnowledge,
  startServer,
} from "./helpers.js";

const TOKEN = "xbrkb8p393gjpq5cawei7npije";

/** The fields Mattermost sends (developers.mattermost.com, "Slash commands"). */
function command(text: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    channel_id: "jux16pkewjrkfj3ehep1psxyxc",
    channel_name: "town-square",
    command: "/eig",
    response_url: "http://localhost:8065/hooks/commands/zozc1xwxybdedeyz8djwjpngny",
    team_domain: "etalab",
    team_id: "carya1qs77bemjup96ff538snh",
    text,
    token: TOKEN,
    trigger_id: "NG1kM3lyN2NqYmQxcGNyc2s0Nmo5em0xb2M",
    user_id: "aoa1agao6t8fmx3ikt1j9w5ybw",
    user_name: "jdupont",
    ...extra,
  };
}

interface SlashReply {
  response_type: string;
  text: string;
}

let kb: KnowledgeBase;
let assistant: Assistant;
let running: RunningServer;
let url: string;

beforeAll(async () => {
  kb = await shippedKnowledge();
  assistant = makeAssistant(kb);
  running = await startServer([createSlashCommandChannel({ assistant, logger, token: TOKEN })]);
  url = `${running.url}/mattermost/command`;
});
afterAll(() => running.close());
afterEach(() => vi.restoreAllMocks());

describe("POST /mattermost/command", () => {
  it("answers a form-urlencoded command, privately, with source links", async () => {
    const ask = vi.spyOn(assistant, "ask");
    const response = await postForm(url, command("Quelle est la date limite pour candidater ?"), {
      authorization: `Token ${TOKEN}`,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as SlashReply;
    expect(body.response_type).toBe("ephemeral");
    expect(body.text).toContain("**Sources**");
    expect(body.text).toMatch(/\]\(https:\/\/[^)\s]+\)/);
    expect(ask).toHaveBeenCalledWith(
      expect.objectContaining({
        text: "Quelle est la date limite pour candidater ?",
        channel: "mattermost",
        user: "aoa1agao6t8fmx3ikt1j9w5ybw",
      }),
    );
  });

  it("answers a JSON command authenticated by the header alone", async () => {
    const { token: _omitted, ...fields } = command("Combien d'entrepreneurs par équipe ?");
    const response = await postJson(url, fields, { authorization: `Token ${TOKEN}` });
    expect(response.status).toBe(200);
    const body = (await response.json()) as SlashReply;
    expect(body.response_type).toBe("ephemeral");
    expect(body.text.length).toBeGreaterThan(0);
  });

  it.each([
    ["a wrong body token", command("Quelle date ?", { token: "nope" }), {}],
    ["no token at all", command("Quelle date ?", { token: "" }), {}],
    ["a wrong header token", command("Quelle date ?", { token: "" }), { authorization: "Token nope" }],
    [
      "a right header but a wrong body token",
      command("Quelle date ?", { token: "nope" }),
      { authorization: `Token ${TOKEN}` },
    ],
    [
      "a token that is a prefix of the right one",
      command("Quelle date ?", { token: TOKEN.slice(0, 10) }),
      {},
    ],
  ])("refuses %s with 401 and answers nothing", async (_label, fields, headers) => {
    const ask = vi.spyOn(assistant, "ask");
    const response = await postForm(url, fields, headers);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { statusCode: number; error: string; message: string };
    expect(body).toMatchObject({ statusCode: 401, error: "Unauthorized" });
    expect(body.message).toMatch(/MATTERMOST_COMMAND_TOKEN/);
    expect(JSON.stringify(body)).not.toContain(TOKEN);
    expect(ask).not.toHaveBeenCalled();
  });

  it.each([
    ["", "Exemples"],
    ["  ", "Exemples"],
    ["aide", "Exemples"],
    ["help", "Examples"],
  ])("shows the help for %j", async (text, heading) => {
    const ask = vi.spyOn(assistant, "ask");
    const response = await postForm(url, command(text));
    expect(response.status).toBe(200);
    const body = (await response.json()) as SlashReply;
    expect(body.response_type).toBe("ephemeral");
    expect(body.text).toContain(heading);
    expect(body.text).toContain("`/eig ");
    expect(ask).not.toHaveBeenCalled();
  });

  it("reads Unicode intact, from forms and JSON alike", async () => {
    const question = "Quelle est la date limite ? 🇫🇷 — « éàçœ » 日本語 \u{1F600}";
    const ask = vi.spyOn(assistant, "ask");
    for (const send of [postForm, postJson]) {
      const response = await send(url, command(question));
      expect(response.status).toBe(200);
      expect(((await response.json()) as SlashReply).text.length).toBeGreaterThan(0);
    }
    expect(ask.mock.calls.map((c) => c[0].text)).toEqual([question, question]);
  });

  it("answers a 20,000-character text politely, within Mattermost's post limit", async () => {
    const ask = vi.spyOn(assistant, "ask");
    const text = `Quelle est la date limite ? ${"candidature ".repeat(2000)}`.slice(0, 20_000);
    const response = await postForm(url, command(text));
    expect(response.status).toBe(200);
    const body = (await response.json()) as SlashReply;
    expect(body.response_type).toBe("ephemeral");
    expect(Array.from(body.text).length).toBeLessThanOrEqual(16_383);
    expect(ask.mock.results[0]?.value).toMatchObject({ truncated: true });
  });

  it("refuses a body over the limit with 413", async () => {
    const ask = vi.spyOn(assistant, "ask");
    const response = await postForm(url, command("x".repeat(300 * 1024)));
    expect(response.status).toBe(413);
    expect(ask).not.toHaveBeenCalled();
  });

  it("posts for the whole channel with `public`, showing who asked, mentions made inert", async () => {
    const response = await postForm(url, command("public @channel @all <!here> quelle est la date limite ?"));
    const body = (await response.json()) as SlashReply;
    expect(body.response_type).toBe("in_channel");
    expect(body.text.split("\n")[0]).toMatch(/^\*\*jdupont\*\* a demandé : « /);
    expect(body.text).toContain("@\u200Dchannel");
    expect(body.text).not.toMatch(LIVE_MENTION);
  });

  it("keeps a rate-limit notice private even when asked in public", async () => {
    const limited = makeAssistant(kb, { rateLimitPerMinute: 1 });
    const server = await startServer([
      createSlashCommandChannel({ assistant: limited, logger, token: TOKEN }),
    ]);
    try {
      const first = await postForm(
        `${server.url}/mattermost/command`,
        command("public Quelle date limite ?"),
      );
      expect(((await first.json()) as SlashReply).response_type).toBe("in_channel");
      const second = await postForm(
        `${server.url}/mattermost/command`,
        command("public Quelle date limite ?"),
      );
      expect(((await second.json()) as SlashReply).response_type).toBe("ephemeral");
    } finally {
      await server.close();
    }
  });

  it("apologises, privately and with a 200, when answering fails", async () => {
    const broken = new BrokenAssistant({ knowledge: () => kb });
    const server = await startServer([
      createSlashCommandChannel({ assistant: broken, logger, token: TOKEN }),
    ]);
    try {
      const response = await postForm(`${server.url}/mattermost/command`, command("public Quelle date ?"));
      expect(response.status).toBe(200);
      const body = (await response.json()) as SlashReply;
      expect(body.response_type).toBe("ephemeral");
      expect(body.text).toMatch(/^Désolé/);
      expect(body.text).not.toContain("exploded");
    } finally {
      await server.close();
    }
  });
});

describe("parseCommandText", () => {
  it("reads visibility and help words", () => {
    expect(parseCommandText("public Quelle date ?")).toEqual({
      question: "Quelle date ?",
      visibility: "in_channel",
    });
    expect(parseCommandText("PUBLIC")).toEqual({ help: "fr", question: "", visibility: "ephemeral" });
    expect(parseCommandText("publication des défis ?")).toEqual({
      question: "publication des défis ?",
      visibility: "ephemeral",
    });
  });
});
