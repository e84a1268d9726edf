import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { help } from "../../src/answer/help.js";
import type { Answer, Source } from "../../src/answer/types.js";
import {
  escapeMarkdown,
  MATTERMOST_POST_LIMIT,
  neutralizeMentions,
  renderMattermost,
  renderMattermostApology,
  renderMattermostHelp,
  renderMattermostQuestion,
  renderSource,
} from "../../src/render/mattermost.js";

const REGLEMENT: Source = {
  title: "Règlement de l'appel à candidature",
  url: "https://entrepreneur-interet-general.etalab.gouv.fr/docs/20180910_Règlement-AAC-EIG3.pdf",
  file: "knowledge/reglement-eig3-2018.md",
  section: "Article 5 – Dossier de candidature",
  date: "2018-09-10",
  line: 80,
};
const ARTICLE: Source = {
  title: "Entrepreneur d’intérêt général, 3e promotion",
  file: "knowledge/2018-07-promotion-3-les-15-defis-laureats.md",
  line: 12,
};

function answer(overrides: Partial<Answer> = {}): Answer {
  return {
    id: "a1",
    question: "Quelle est la date limite ?",
    answered: true,
    kind: "date",
    language: "fr",
    text: "Date limite de candidature (promotion 3) : 15 octobre 2018 à 17h.",
    quotes: [
      { text: "La clôture de l’appel à candidatures aura lieu le 15 octobre 2018 à 17h.", source: 0 },
      { text: "Les candidatures sont ouvertes jusqu'au 15 octobre.", source: 1 },
    ],
    sources: [REGLEMENT, ARTICLE],
    confidence: 0.9,
    notes: ["Cette date est passée."],
    ...overrides,
  };
}

/** A mention that could notify: `@` at a word start not followed by the joiner, or `<!`. */
const LIVE = /(^|[^\p{L}\p{N}_])@(?!\u200D)|<!/u;

describe("renderMattermost", () => {
  it("shows the answer, the quotes as > lines, the notes and the numbered sources", () => {
    const text = renderMattermost(answer());
    const lines = text.split("\n");
    expect(lines[0]).toBe("Date limite de candidature (promotion 3) : 15 octobre 2018 à 17h.");
    expect(lines).toContain(
      "> « La clôture de l’appel à candidatures aura lieu le 15 octobre 2018 à 17h. » \\[1\\]",
    );
    expect(lines).toContain("> « Les candidatures sont ouvertes jusqu'au 15 octobre. » \\[2\\]");
    expect(lines).toContain("_NB : Cette date est passée._");
    expect(lines).toContain("**Sources**");
    expect(lines).toContain(
      "1. [Règlement de l'appel à candidature — Article 5 – Dossier de candidature](https://entrepreneur-interet-general.etalab.gouv.fr/docs/20180910_R%C3%A8glement-AAC-EIG3.pdf) · 2018-09-10",
    );
    // No link (no public address, no PUBLIC_URL): the title alone, never a file path; no date: said so.
    expect(lines).toContain("2. Entrepreneur d’intérêt général, 3e promotion · non daté");
    expect(text).not.toContain("knowledge/");
  });

  it("leaves out source numbers when there is one source, and speaks English for English answers", () => {
    const text = renderMattermost(
      answer({
        language: "en",
        sources: [{ ...ARTICLE }],
        quotes: [{ text: "Teams of 2 or 3.", source: 0 }],
      }),
    );
    expect(text).toContain("> « Teams of 2 or 3. »\n");
    expect(text).toContain("_Note: Cette date est passée._");
    expect(text).toContain("· undated");
  });

  it("makes @channel, @all, @here, @someone and Slack announcements inert, but keeps e-mail addresses", () => {
    const text = renderMattermost(
      answer({
        text: "@channel @all @here (@alice) x.@bob <!channel> <!here> <@U12345> écrivez à entrepreneur-interet-general@data.gouv.fr",
        quotes: [{ text: "@all: rendez-vous", source: 0 }],
        notes: ["@here note"],
        sources: [{ ...REGLEMENT, title: "Titre @channel", section: "@all" }],
      }),
    );
    expect(text).not.toMatch(LIVE);
    expect(text).toContain("@\u200Dchannel");
    expect(text).toContain("entrepreneur-interet-general@data.gouv.fr");
  });

  it("keeps Markdown in quotes and texts harmless", () => {
    const text = renderMattermost(
      answer({
        text: "# Titre\n> citation\n---\n1. numéro\n- item *gras*",
        quotes: [
          {
            text: "# Heading\n![pixel](https://tracker.example/p.png) [clic](javascript:alert(1)) | a | b |\n|---|---|\n```\ncode\n``` **gras** ~~barré~~ $x$ <b>html</b>",
            source: 0,
          },
        ],
      }),
    );
    const lines = text.split("\n");
    // The only block syntax is ours: the quote lines, the list of sources, the engine's list item.
    for (const line of lines) expect(line).not.toMatch(/^\s*(#|```|\||---|>(?! «))/);
    expect(text).not.toContain("![");
    expect(text).not.toMatch(/(^|[^\\])\]\(javascript/);
    expect(text).not.toMatch(/(^|[^\\])\*\*gras/m);
    expect(text).toContain("\\# Titre");
    expect(text).toContain("\n1. numéro\n");
    expect(text).toContain("- item \\*gras\\*");
    // A quote is one line, whatever newlines it had.
    expect(lines.filter((l) => l.startsWith("> «"))).toHaveLength(1);
  });

  it("never links anything but http(s), and keeps parentheses from ending a link", () => {
    expect(renderSource({ ...REGLEMENT, url: "javascript:alert(1)" })).not.toContain("](");
    expect(renderSource({ ...REGLEMENT, url: "https://fr.wikipedia.org/wiki/EIG_(programme)" })).toContain(
      "(https://fr.wikipedia.org/wiki/EIG_%28programme%29)",
    );
    expect(renderSource({ ...ARTICLE, file: "knowledge/`odd`.md", line: undefined })).not.toContain("odd");
  });

  it("keeps bare links clickable (not escaped)", () => {
    const text = renderMattermost(answer({ text: "Voir https://www.data.gouv.fr/fr/x_y*z et la_suite" }));
    expect(text).toContain("https://www.data.gouv.fr/fr/x_y*z");
    expect(text).toContain("la\\_suite");
  });

  it("stays under Mattermost's post limit, dropping quotes first and saying so", () => {
    const quotes = Array.from({ length: 400 }, (_, i) => ({
      text: `Extrait ${i} ${"mot ".repeat(40)}`,
      source: 0,
    }));
    const text = renderMattermost(answer({ quotes }));
    expect(Array.from(text).length).toBeLessThanOrEqual(16_000);
    expect(text).toMatch(/autres extraits/);
    expect(text).toContain("**Sources**");
  });

  it("cuts an enormous text and says so", () => {
    // Its speed is the benchmark's business (npm run bench), not a test's: no clock here.
    const text = renderMattermost(answer({ text: "é".repeat(40_000) }), { maxLength: 20_000 });
    expect(Array.from(text).length).toBeLessThanOrEqual(MATTERMOST_POST_LIMIT);
    expect(text).toMatch(/réponse coupée/);
  });

  it("for any text: no live mention, and never over the limit", () => {
    const piece = fc.constantFrom(
      "@",
      "channel",
      "all",
      "here",
      "<!",
      "<@",
      ">",
      " ",
      "\n",
      "a",
      "é",
      ".",
      "-",
      "_",
      "*",
      "#",
      "[",
      "](",
    );
    const words = fc.string({ unit: piece, maxLength: 60 });
    fc.assert(
      fc.property(words, fc.array(words, { maxLength: 5 }), words, (text, quoteTexts, title) => {
        const rendered = renderMattermost(
          answer({
            text,
            quotes: quoteTexts.map((t) => ({ text: t, source: 0 })),
            notes: [text],
            sources: [{ ...REGLEMENT, title, section: text }],
          }),
          { maxLength: 2_000 },
        );
        expect(rendered).not.toMatch(LIVE);
        expect(Array.from(rendered).length).toBeLessThanOrEqual(2_000);
      }),
      { numRuns: 300 },
    );
  });
});

describe("neutralizeMentions and escapeMarkdown", () => {
  it("are idempotent on plain words", () => {
    expect(neutralizeMentions("bonjour à tous")).toBe("bonjour à tous");
    expect(escapeMarkdown("Chaque défi est relevé par une équipe de 2 à 3 entrepreneurs.")).toBe(
      "Chaque défi est relevé par une équipe de 2 à 3 entrepreneurs.",
    );
  });
});

describe("renderMattermostHelp, renderMattermostQuestion, renderMattermostApology", () => {
  it("lists the examples as copyable commands", () => {
    const text = renderMattermostHelp(help("fr"), "fr", { prefix: "/eig" });
    expect(text).toContain("**Exemples :**");
    expect(text).toContain("- `/eig Quelle est la date limite pour candidater ?`");
  });

  it("shows who asked what, mentions made inert", () => {
    expect(renderMattermostQuestion("jdupont", "@all la date ?", "fr")).toBe(
      "**jdupont** a demandé : « @\u200Dall la date ? »",
    );
    expect(renderMattermostQuestion("jdupont", "date?", "en")).toBe("**jdupont** asked: « date? »");
  });

  it("apologises in the asker's language", () => {
    expect(renderMattermostApology("fr")).toMatch(/^Désolé/);
    expect(renderMattermostApology("en")).toMatch(/^Sorry/);
  });
});
