import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WEB_QUESTION_HARD_LIMIT } from "../../../src/adapters/web/requests.js";
import type { Help } from "../../../src/answer/help.js";
import type { Answer } from "../../../src/answer/types.js";
import type { ErrorBody } from "../../../src/server/errors.js";
import {
  type Fixture,
  fixtureKnowledge,
  GARDEN_FACT,
  GARDEN_FILE,
  GARDEN_QUESTION,
  OTTER_QUESTION,
  OTTER_URL,
  post,
  startTestServer,
  type TestServer,
} from "../../server/helpers.js";

let fixture: Fixture;
let app: TestServer;

beforeAll(async () => {
  fixture = await fixtureKnowledge();
  app = await startTestServer({ knowledgeDir: fixture.dir, env: { RATE_LIMIT_PER_MINUTE: "0" } });
});

afterAll(async () => {
  await app?.close();
  await fixture?.cleanup();
});

const ask = (body: unknown) => post(`${app.url}/api/ask`, JSON.stringify(body));

async function errorOf(response: Response): Promise<ErrorBody> {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as ErrorBody;
}

describe("POST /api/ask", () => {
  it("answers a question with the Answer as JSON, quoting the fixture and citing it", async () => {
    const response = await ask({ question: GARDEN_QUESTION });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const answer = (await response.json()) as Answer;
    expect(answer).toMatchObject({ answered: true, language: "fr", question: GARDEN_QUESTION });
    expect(typeof answer.id).toBe("string");
    expect(answer.quotes.map((q) => q.text)).toContain(GARDEN_FACT);
    expect(answer.sources.some((s) => s.file.endsWith(GARDEN_FILE) && s.url === undefined)).toBe(true);
  });

  it("keeps a source's public url", async () => {
    const answer = (await (await ask({ question: OTTER_QUESTION })).json()) as Answer;
    expect(answer.sources.map((s) => s.url?.split("#")[0])).toContain(OTTER_URL);
  });

  it("accepts a conversation id and a charset in the content type", async () => {
    const response = await post(
      `${app.url}/api/ask`,
      JSON.stringify({ question: GARDEN_QUESTION, conversation: "tab-0123456789abcdef" }),
      "application/json; charset=utf-8",
    );
    expect(response.status).toBe(200);
  });

  it("refuses malformed JSON with a clear 400", async () => {
    const response = await post(`${app.url}/api/ask`, '{"question": "oops"');
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe("The request body is not valid JSON.");
  });

  it("refuses an empty body", async () => {
    const response = await post(`${app.url}/api/ask`, "");
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(/body is empty/);
  });

  it("names the missing question and shows what to send", async () => {
    const response = await ask({ text: "hello" });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: 'question is missing: send {"question": "Quelle est la date limite pour candidater ?"}.',
    });
  });

  it.each([
    [{ question: "" }, "question is empty: type a question."],
    [{ question: "   \n " }, "question is empty: type a question."],
    [{ question: 42 }, "question must be a string (got number)."],
    [["question"], /the body must be a JSON object/],
    [{ question: "ok", conversation: "x" }, "conversation must be 8 to 64 letters, digits, - or _."],
  ])("refuses %j with a 400 that says why", async (body, message) => {
    const response = await ask(body);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(message);
  });

  it("refuses a question longer than the web limit with a 400", async () => {
    const response = await ask({ question: "a".repeat(WEB_QUESTION_HARD_LIMIT + 1) });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe(
      `question is too long: at most ${WEB_QUESTION_HARD_LIMIT} characters.`,
    );
  });

  it("reads a message longer than MAX_QUESTION_LENGTH by its questions, wherever they are, with a note", async () => {
    for (const question of [
      `${GARDEN_QUESTION} ${"blabla ".repeat(500)}`,
      `${"Je vous écris au sujet du jardin botanique et de ses visites. ".repeat(40)}${GARDEN_QUESTION}`,
    ]) {
      const answer = (await (await ask({ question })).json()) as Answer;
      expect(answer.question).toContain("code du portail du jardin botanique");
      expect(answer.notes.join(" ")).toMatch(/j'en ai lu les questions/);
      expect(answer.quotes.map((q) => q.text).join(" ")).toContain("zanzibar-quarante-deux");
    }
  });

  it.each([
    ["aide", "fr", /Je réponds aux questions/],
    ["?", "fr", /Je réponds aux questions/],
    ["help", "en", /I answer questions/],
  ])("answers %s alone with the help, not as a question", async (question, language, intro) => {
    const response = await ask({ question });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Answer;
    expect(answer).toMatchObject({ answered: true, language, quotes: [], sources: [] });
    expect(answer.text).toMatch(intro);
    expect(answer.text).toContain("•");
  });

  it("refuses an oversized body with 413 before reading it", async () => {
    const response = await post(`${app.url}/api/ask`, JSON.stringify({ question: "x".repeat(200_000) }));
    expect(response.status).toBe(413);
    expect((await errorOf(response)).message).toMatch(/too large: this endpoint accepts at most \d+ bytes/);
  });

  it.each([
    ["text/plain", "text/plain"],
    ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded"],
    [null, "no content type"],
  ])("refuses content type %s with 415", async (type, shown) => {
    const response = await post(`${app.url}/api/ask`, JSON.stringify({ question: GARDEN_QUESTION }), type);
    expect(response.status).toBe(415);
    expect((await errorOf(response)).message).toContain(shown);
  });

  it("answers 429 with the polite Answer once a client asked too often", async () => {
    const limited = await startTestServer({ knowledgeDir: fixture.dir, env: { RATE_LIMIT_PER_MINUTE: "2" } });
    try {
      const statuses: number[] = [];
      let last: Answer | undefined;
      for (let i = 0; i < 3; i++) {
        const response = await post(`${limited.url}/api/ask`, JSON.stringify({ question: GARDEN_QUESTION }));
        statuses.push(response.status);
        last = (await response.json()) as Answer;
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(last?.answered).toBe(false);
      expect(last?.text).toMatch(/patienter|wait/);
    } finally {
      await limited.close();
    }
  });

  it("keys the limit on X-Forwarded-For only behind a trusted proxy (TRUST_PROXY)", async () => {
    const statuses = async (env: Record<string, string>) => {
      const server = await startTestServer({
        knowledgeDir: fixture.dir,
        env: { RATE_LIMIT_PER_MINUTE: "1", ...env },
      });
      try {
        const result: number[] = [];
        // Two visitors behind the same proxy, one question each.
        for (const visitor of ["203.0.113.7", "198.51.100.23"]) {
          const response = await fetch(`${server.url}/api/ask`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-forwarded-for": visitor },
            body: JSON.stringify({ question: GARDEN_QUESTION }),
          });
          result.push(response.status);
        }
        return result;
      } finally {
        await server.close();
      }
    };
    // Not trusted: a forged header changes nothing, both share the proxy's (the peer's) bucket.
    expect(await statuses({})).toEqual([200, 429]);
    expect(await statuses({ TRUST_PROXY: "127.0.0.1" })).toEqual([200, 200]);
    expect(await statuses({ TRUST_PROXY: "1" })).toEqual([200, 200]);
  });
});

describe("POST /api/feedback", () => {
  const vote = (body: unknown) => post(`${app.url}/api/feedback`, JSON.stringify(body));

  it("records a vote on an answer once", async () => {
    const answer = (await (await ask({ question: GARDEN_QUESTION })).json()) as Answer;
    const first = await vote({ answerId: answer.id, vote: "up" });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ recorded: true });
    const again = await vote({ answerId: answer.id, vote: "down" });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).message).toBe("This answer already has a vote.");
  });

  it("says when the answer is too old to be rated", async () => {
    const answer = (await (await ask({ question: GARDEN_QUESTION })).json()) as Answer;
    const vote = vi.spyOn(app.assistant, "vote").mockReturnValueOnce({ status: "expired" });
    const response = await post(
      `${app.url}/api/feedback`,
      JSON.stringify({ answerId: answer.id, vote: "up" }),
    );
    expect(response.status).toBe(410);
    expect((await errorOf(response)).message).toMatch(/more than 7 days old/);
    vote.mockRestore();
  });

  it("says when the answer is not known (any more)", async () => {
    const response = await vote({ answerId: "no-such-answer", vote: "down" });
    expect(response.status).toBe(404);
    expect((await errorOf(response)).message).toMatch(/no longer known/);
  });

  it("refuses a bad vote with a 400", async () => {
    const response = await vote({ answerId: "x", vote: "maybe" });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe('vote must be "up" or "down".');
  });

  it("refuses a body that is not JSON", async () => {
    const response = await post(
      `${app.url}/api/feedback`,
      "answerId=x&vote=up",
      "application/x-www-form-urlencoded",
    );
    expect(response.status).toBe(415);
  });
});

describe("GET /api/help", () => {
  it("gives the intro and example questions in French and English", async () => {
    const response = await fetch(`${app.url}/api/help`);
    expect(response.status).toBe(200);
    const help = (await response.json()) as { fr: Help; en: Help; maxQuestionLength: number };
    expect(help.fr.examples.length).toBeGreaterThan(2);
    expect(help.en.examples.length).toBeGreaterThan(2);
    expect(help.fr.intro).toContain("(2 documents)");
    expect(help.maxQuestionLength).toBe(WEB_QUESTION_HARD_LIMIT);
  });
});

describe("the sources of an answer", () => {
  it("name the document and the section quoted, for a link to the bot's page of it", async () => {
    const answer = (await (await ask({ question: GARDEN_QUESTION })).json()) as Answer;
    const source = answer.sources.find((s) => s.file.endsWith(GARDEN_FILE));
    expect(source).toMatchObject({ docId: "jardin", anchor: "le-jardin" });
    const page = await fetch(`${app.url}/docs/${source?.docId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1 id="le-jardin">Le jardin</h1>');
  });

  it("leave the raw file route gone: /source serves nothing", async () => {
    expect(
      (await fetch(`${app.url}/source?file=${encodeURIComponent(`${fixture.dir}/${GARDEN_FILE}`)}`)).status,
    ).toBe(404);
  });
});

describe("the page", () => {
  it.each([
    ["/", "text/html; charset=utf-8"],
    ["/chat.js", "text/javascript; charset=utf-8"],
    ["/chat.css", "text/css; charset=utf-8"],
    ["/docs.css", "text/css; charset=utf-8"],
    ["/favicon.svg", "image/svg+xml"],
  ])("serves %s as %s, revalidated by ETag", async (path, type) => {
    const response = await fetch(`${app.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    const etag = response.headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await fetch(`${app.url}${path}`, { headers: { "if-none-match": etag ?? "" } });
    expect(again.status).toBe(304);
  });

  it("is French, labelled, and carries no inline script or style for the CSP to block", async () => {
    const html = await (await fetch(`${app.url}/`)).text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/<label[^>]*for="question"/);
    expect(html).toMatch(/aria-live="polite"/);
    expect(html).toMatch(/<meta name="viewport"/);
    for (const script of html.match(/<script[^>]*>/g) ?? []) expect(script).toMatch(/ src="/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it("never builds the page from answer data with innerHTML", async () => {
    const js = await (await fetch(`${app.url}/chat.js`)).text();
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});
