/**
 * The documents' pages (GET /docs/<id>) and the links every renderer gives to them: each link
 * answers 200 from the real server and lands on an element of the page with that id. On a
 * fixture folder of this file's own (hostile HTML, front matter that must not show, headings
 * repeated, text before the first heading, kramdown HTML blocks, a sub-folder) and on the shipped
 * knowledge/.
 */
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Element, Nodes } from "hast";
import { fromHtml } from "hast-util-from-html";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSourceLinks } from "../../../src/adapters/source-links.js";
import type { Assistant } from "../../../src/answer/assistant.js";
import type { Answer } from "../../../src/answer/types.js";
import { documentPageHref } from "../../../src/render/links.js";
import { renderMattermost } from "../../../src/render/mattermost.js";
import { renderAnswer } from "../../../src/render/slack.js";
import { renderText } from "../../../src/render/text.js";
import { type Fixture, fixtureKnowledge, startTestServer, type TestServer } from "../../server/helpers.js";

const MARKER = "zorglub-front-matter-must-not-show";

const FILES: Record<string, string> = {
  "reglement.md": `---
title: Règlement du concours de potirons
date: 2024-03-01
note_interne: ${MARKER}
description: Le concours de potirons récompense le plus gros potiron du village.
---
Ce règlement fixe les règles du concours de potirons du village de Sainte-Citrouille.

- Un seul potiron par jardinier.

# Article 1 – Inscription

L'inscription au concours de potirons se fait à la mairie avant le 1er septembre.

## Pièces à fournir

Une photo du potiron et une attestation de culture sont demandées pour l'inscription.

# Article 2 – Jury

Le jury du concours de potirons réunit trois maraîchers du canton.

## Pièces à fournir

Le jury demande aussi le poids du potiron, pesé le matin du concours.

| Catégorie | Prix du concours de potirons |
| --- | --- |
| Géant | Une brouette dorée |
| Décoratif | Un arrosoir d'argent |

Voir aussi le [calendrier des potirons](saisons/calendrier.md#recolte).
`,
  "saisons/calendrier.md": `---
title: Calendrier des potirons
date: 2024-02-01
---
# Récolte

La récolte des potirons du concours commence le 15 octobre, à l'aube.

{% include encart.html %}

<figure>
<img src="https://tracker.example/pixel.gif" alt="La balance communale" onerror="document.title='pwned'">
<script>document.title = 'pwned'</script>
<style>body { display: none }</style>
<figcaption>La pesée officielle des potirons a lieu sur la place du marché.</figcaption>
</figure>
## Pesée

La pesée des potirons du concours se fait sur la balance communale {: .encadre}

<a href="javascript:alert(1)">un lien piégé vers les potirons</a>
`,
};

const QUESTIONS = [
  "Où se fait l'inscription au concours de potirons ?",
  "Qui est dans le jury du concours de potirons ?",
  "Quand commence la récolte des potirons ?",
  "Où a lieu la pesée des potirons ?",
  "Quels prix pour le concours de potirons ?",
  "Combien de potirons par jardinier ?",
];

/** Every element id of a page, and the page's tree. */
function idsOf(html: string): Set<string> {
  const ids = new Set<string>();
  const visit = (node: Nodes) => {
    if (node.type === "element" && typeof (node as Element).properties.id === "string") {
      ids.add((node as Element).properties.id as string);
    }
    if ("children" in node) for (const child of node.children) visit(child);
  };
  visit(fromHtml(html));
  return ids;
}

/** Fetches each link of the bot's own origin once: 200, HTML, and its #anchor among the page's ids. */
async function expectAllResolve(app: TestServer, links: Iterable<string>): Promise<number> {
  const pages = new Map<string, Set<string>>();
  let checked = 0;
  for (const link of new Set(links)) {
    const url = new URL(link, `${app.url}/`);
    if (url.origin !== app.url) continue; // a public page of the programme: not ours to fetch
    const key = url.pathname;
    let ids = pages.get(key);
    if (!ids) {
      const response = await fetch(url);
      expect(response.status, link).toBe(200);
      expect(response.headers.get("content-type"), link).toBe("text/html; charset=utf-8");
      ids = idsOf(await response.text());
      pages.set(key, ids);
    }
    if (url.hash) expect(ids, link).toContain(decodeURIComponent(url.hash.slice(1)));
    checked++;
  }
  return checked;
}

/** The links of an answer in each renderer: Slack, Mattermost, plain text, and the web chat's. */
function renderedLinks(answer: Answer): {
  slack: string[];
  mattermost: string[];
  text: string[];
  web: string[];
} {
  const slack = [...JSON.stringify(renderAnswer(answer).blocks).matchAll(/<(https?:\/\/[^|>]+)\|/g)].map(
    (m) => m[1] ?? "",
  );
  const mattermost = [...renderMattermost(answer).matchAll(/\]\((https?:\/\/[^)]+)\)/g)].map(
    (m) => m[1] ?? "",
  );
  const text = [...renderText(answer).matchAll(/^ {4}(https?:\/\/\S+)$/gm)].map((m) => m[1] ?? "");
  // The web chat's rule (chat.js): the url, else the same-origin page of the document.
  const web = answer.sources.map((s) => s.url ?? documentPageHref(s, "") ?? "").filter(Boolean);
  return { slack, mattermost, text, web };
}

function ask(assistant: Assistant, text: string): Answer {
  return assistant.ask({ text, channel: "slack", user: "U1" }).answer;
}

describe("the documents' pages, on a fixture folder", () => {
  let fixture: Fixture;
  let app: TestServer;
  let linked: Assistant;

  beforeAll(async () => {
    const { "saisons/calendrier.md": nested, ...flat } = FILES;
    fixture = await fixtureKnowledge(flat);
    await mkdir(join(fixture.dir, "saisons"));
    await fixture.write("saisons/calendrier.md", nested ?? "");
    app = await startTestServer({
      knowledgeDir: fixture.dir,
      env: { RATE_LIMIT_PER_MINUTE: "0", WATCH_KNOWLEDGE: "false" },
    });
    linked = withSourceLinks(app.assistant, app.url);
  });

  afterAll(async () => {
    await app?.close();
    await fixture?.cleanup();
  });

  it("has on each page an element for every anchor a passage of the document carries", async () => {
    const kb = app.assistant.knowledge;
    const links = kb.passages.map((p) =>
      documentPageHref({ title: "", file: "", docId: p.docId, anchor: p.anchor }, ""),
    );
    expect(
      await expectAllResolve(
        app,
        links.filter((l): l is string => l !== undefined),
      ),
    ).toBeGreaterThan(8);
    // The anchors are the passages' own: markdown.ts's slugs, and p-<n> before the first heading.
    const anchors = new Set(kb.passages.filter((p) => p.docId === "reglement").map((p) => p.anchor));
    expect([...anchors]).toEqual(
      expect.arrayContaining(["p-1", "article-1-inscription", "pieces-a-fournir", "article-2-jury"]),
    );
  });

  it("puts a heading's anchor on the heading itself", async () => {
    const html = await (await fetch(`${app.url}/docs/reglement`)).text();
    expect(html).toContain('<h1 id="article-1-inscription">Article 1 – Inscription</h1>');
    expect(html).toContain('<h2 id="pieces-a-fournir">Pièces à fournir</h2>');
    // Markdown after a kramdown HTML block's closing tag is Markdown, as the loader reads it.
    const calendar = await (await fetch(`${app.url}/docs/saisons/calendrier`)).text();
    expect(calendar).toContain('<h2 id="pesee">Pesée</h2>');
  });

  it("shows the body and the description, never the front matter, Liquid or kramdown attributes", async () => {
    const html = await (await fetch(`${app.url}/docs/reglement`)).text();
    expect(html).toContain("<title>Règlement du concours de potirons</title>");
    expect(html).toContain("Le concours de potirons récompense le plus gros potiron du village.");
    expect(html).toContain("Une brouette dorée");
    expect(html).not.toContain(MARKER);
    expect(html).not.toContain("note_interne");
    expect(html).not.toMatch(/^---$/m);
    const calendar = await (await fetch(`${app.url}/docs/saisons/calendrier`)).text();
    expect(calendar).not.toContain("{%");
    expect(calendar).not.toContain("{:");
  });

  it("treats the knowledge's HTML as data: no script, handler, style or javascript: link survives", async () => {
    const html = await (await fetch(`${app.url}/docs/saisons/calendrier`)).text();
    expect(html).toContain("La pesée officielle des potirons a lieu sur la place du marché.");
    expect(html).toContain('<span class="doc-image">[La balance communale]</span>');
    expect(html).toContain("un lien piégé vers les potirons");
    expect(html).not.toMatch(/<script|<style|onerror|javascript:|pwned|display: none/i);
    // Images are their alt text: the bot serves no knowledge file, and a remote image would track.
    expect(html).not.toContain("<img");
  });

  it("links a knowledge file's link to another file to that file's page", async () => {
    const html = await (await fetch(`${app.url}/docs/reglement`)).text();
    expect(html).toContain('<a href="../docs/saisons/calendrier#recolte">calendrier des potirons</a>');
    expect(await expectAllResolve(app, [`${app.url}/docs/saisons/calendrier#recolte`])).toBe(1);
  });

  it("lists the documents at /docs/, each linked to its page", async () => {
    const response = await fetch(`${app.url}/docs/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const hrefs = [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1] ?? "").filter((h) => h !== "../");
    expect(hrefs.sort()).toEqual(["reglement", "saisons/calendrier"]);
    expect(
      await expectAllResolve(
        app,
        hrefs.map((h) => `${app.url}/docs/${h}`),
      ),
    ).toBe(2);
    expect((await fetch(`${app.url}/docs`, { redirect: "manual" })).headers.get("location")).toBe("docs/");
  });

  it("answers 404 for a document the bot does not answer from, and reads no other file", async () => {
    for (const path of ["nope", "..%2F..%2Fpackage", "..%2Fpackage.json", "%2Fetc%2Fpasswd"]) {
      const response = await fetch(`${app.url}/docs/${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).toMatch(/is not a document the bot answers from/);
    }
  });

  it("gives links that resolve, at the section quoted, in Slack, Mattermost, text and the web chat", async () => {
    const all: string[] = [];
    let answered = 0;
    for (const question of QUESTIONS) {
      const answer = ask(linked, question);
      // The engine's wording and reach are not under test here: only answers with sources count.
      if (answer.sources.length === 0) continue;
      answered++;
      const links = renderedLinks(answer);
      for (const [renderer, list] of Object.entries(links)) {
        expect(list.length, `${renderer}: ${question}`).toBeGreaterThan(0);
        for (const link of list) expect(link, renderer).toMatch(/\/docs\/[^#]+(#.+)?$/);
      }
      all.push(...links.slack, ...links.mattermost, ...links.text, ...links.web);
    }
    expect(answered).toBeGreaterThanOrEqual(3);
    expect(all.some((l) => l.includes("#"))).toBe(true);
    expect(await expectAllResolve(app, all)).toBeGreaterThanOrEqual(3);
  });

  it("without PUBLIC_URL, shows the title and section in Slack and Mattermost, never a file path", () => {
    for (const question of QUESTIONS) {
      const answer = ask(app.assistant, question);
      const slack = JSON.stringify(renderAnswer(answer).blocks);
      const mattermost = renderMattermost(answer);
      for (const rendered of [slack, mattermost]) {
        expect(rendered).not.toMatch(/\.md\b|saisons\/|eig-knowledge-/);
        expect(rendered).toContain(answer.sources[0]?.title.replace(/'/g, "\\'").slice(0, 10) ?? "");
      }
    }
  });

  it("links what recall hands back too (votes, shares)", () => {
    const answer = linked.ask({ text: QUESTIONS[0] ?? "", channel: "slack", user: "U2" }).answer;
    const recalled = linked.recall(answer.id);
    expect(recalled?.sources.every((s) => s.url?.startsWith(`${app.url}/docs/`))).toBe(true);
    // The engine's own answer is left as it was.
    expect(app.assistant.recall(answer.id)?.sources.every((s) => s.url === undefined)).toBe(true);
  });
});

describe("the documents' pages, on the shipped knowledge", () => {
  let app: TestServer;

  beforeAll(async () => {
    app = await startTestServer({ knowledgeDir: "knowledge", env: { RATE_LIMIT_PER_MINUTE: "0" } });
  });

  afterAll(async () => {
    await app?.close();
  });

  it("has every anchor of every passage on its document's page", async () => {
    const kb = app.assistant.knowledge;
    expect(kb.documents.length).toBeGreaterThanOrEqual(6);
    const links = kb.passages
      .map((p) => documentPageHref({ title: "", file: "", docId: p.docId, anchor: p.anchor }, ""))
      .filter((l): l is string => l !== undefined);
    expect(await expectAllResolve(app, links)).toBeGreaterThan(30);
  });

  it("gives links that resolve in every renderer, for the public evaluation's questions", async () => {
    const lines = (await readFile("tests/fixtures/eval/questions.public.jsonl", "utf8"))
      .split("\n")
      .filter(Boolean);
    const linked = withSourceLinks(app.assistant, app.url);
    const all: string[] = [];
    for (const line of lines) {
      const { q } = JSON.parse(line) as { q: string };
      const links = renderedLinks(ask(linked, q));
      all.push(...links.slack, ...links.mattermost, ...links.text, ...links.web);
    }
    // Most shipped documents have a public url; the others' pages are linked from some answers.
    expect(all.filter((l) => l.startsWith(`${app.url}/docs/`)).length).toBeGreaterThanOrEqual(3);
    expect(await expectAllResolve(app, all)).toBeGreaterThanOrEqual(3);
  });
});
