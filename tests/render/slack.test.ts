import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { help } from "../../src/answer/help.js";
import type { Answer, Source } from "../../src/answer/types.js";
import type { KnowledgeBase, KnowledgeDocument } from "../../src/knowledge/types.js";
import {
  ACTION_IDS,
  escapeSlack,
  formatDate,
  languageOfBlock,
  renderAnswer,
  renderApology,
  renderFeedbackThanks,
  renderForgotten,
  renderHelp,
  renderHome,
  renderThanks,
  SLACK_LIMITS,
  type SlackMessage,
  sourceElement,
} from "../../src/render/slack.js";

const WJ = "\u2060";

const RULES: Source = {
  title: "Règlement de l'appel à candidature — promotion 3",
  url: "https://entrepreneur-interet-general.etalab.gouv.fr/docs/20180910_Règlement-AAC-EIG3.pdf#article-5",
  file: "knowledge/reglement-eig3-2018.md",
  section: "Article 5 – Dossier de candidature",
  date: "2018-09-10",
  line: 104,
};

const ARTICLE: Source = {
  title: "Relevez le défi : devenez entrepreneur.e d'intérêt général !",
  file: "knowledge/2017-automne-appel-a-candidatures-promotion-2.md",
  line: 21,
};

function answer(fields: Partial<Answer> = {}): Answer {
  return {
    id: "a-1",
    question: "Quelle est la date limite ?",
    answered: true,
    kind: "date",
    promotion: 3,
    language: "fr",
    text: "Date limite de candidature (promotion 3) : 15 octobre 2018 à 17h.",
    quotes: [
      { text: "La clôture de l'appel à candidatures aura lieu le 15 octobre 2018 à 17h.", source: 0 },
      { text: "Déposez votre candidature avant le 27 octobre.", source: 1 },
    ],
    sources: [RULES, ARTICLE],
    confidence: 0.9,
    notes: ["Cette date est passée."],
    ...fields,
  };
}

type Block = {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  elements?: Array<{ type: string; text?: string | { text: string }; action_id?: string; value?: string }>;
};

function blocks(message: SlackMessage | { blocks: unknown[] }): Block[] {
  return message.blocks as Block[];
}

/** Every mrkdwn/plain text in a message, in order. */
function texts(message: SlackMessage | { blocks: unknown[] }): string[] {
  const out: string[] = [];
  for (const b of blocks(message)) {
    if (b.text) out.push(b.text.text);
    for (const e of b.elements ?? []) {
      if (typeof e.text === "string") out.push(e.text);
      else if (e.text) out.push(e.text.text);
    }
  }
  return out;
}

/** Block Kit's limits, checked on a whole message. */
function expectWithinLimits(
  message: SlackMessage | { blocks: unknown[] },
  maxBlocks: number = SLACK_LIMITS.messageBlocks,
) {
  const all = blocks(message);
  expect(all.length).toBeLessThanOrEqual(maxBlocks);
  for (const b of all) {
    if (b.type === "section") expect(b.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    if (b.type === "context") {
      expect(b.elements?.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      for (const e of b.elements ?? []) {
        expect(typeof e.text === "string" ? e.text.length : 0).toBeLessThanOrEqual(
          SLACK_LIMITS.contextElementText,
        );
      }
    }
  }
}

/**
 * True when Slack could read a special mention in `text`: `<!…>`, `<@…>`, `<#…>` or a bare
 * `@channel`/`@here`/`@everyone`. Our own links (`<https://…|…>`) are taken out first.
 */
function canNotify(text: string): boolean {
  const withoutLinks = text.replace(/<https?:\/\/[^\s|<>]+\|[^<>]*>/g, "").replace(/^> /gm, "");
  return /[<>]/.test(withoutLinks) || /@(channel|here|everyone)/i.test(withoutLinks);
}

describe("escapeSlack", () => {
  it("escapes &, < and > and breaks broadcast words", () => {
    expect(escapeSlack("a & b < c > d")).toBe("a &amp; b &lt; c &gt; d");
    expect(escapeSlack("<!channel> <!here> <!everyone> <!subteam^S123|@eig>")).toBe(
      "&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;!subteam^S123|@eig&gt;",
    );
    expect(escapeSlack("@channel @HERE @Everyone")).toBe(`@${WJ}channel @${WJ}HERE @${WJ}Everyone`);
    // Email addresses and other @words are left alone.
    expect(escapeSlack("contact@etalab.gouv.fr @alice")).toBe("contact@etalab.gouv.fr @alice");
  });
});

describe("renderAnswer", () => {
  it("shows the answer, the quotes, the notes, the sources as dated links and the vote buttons", () => {
    const message = renderAnswer(answer());
    const all = blocks(message);
    expect(all.map((b) => b.type)).toEqual(["section", "section", "context", "context", "actions"]);
    expect(all[0]?.text?.text).toBe("Date limite de candidature (promotion 3) : 15 octobre 2018 à 17h.");
    expect(all[1]?.text?.text).toBe(
      "> La clôture de l'appel à candidatures aura lieu le 15 octobre 2018 à 17h. [1]\n" +
        "> Déposez votre candidature avant le 27 octobre. [2]",
    );
    expect(texts({ blocks: [all[2]] })).toEqual(["ℹ️ Cette date est passée."]);
    expect(texts({ blocks: [all[3]] })).toEqual([
      "*Sources :*",
      "[1] <https://entrepreneur-interet-general.etalab.gouv.fr/docs/20180910_R%C3%A8glement-AAC-EIG3.pdf#article-5|" +
        "Règlement de l'appel à candidature — promotion 3 — Article 5 – Dossier de candidature> · 10 septembre 2018",
      "[2] Relevez le défi : devenez entrepreneur.e d'intérêt général ! · non daté",
    ]);
    const actions = all[4];
    expect(actions?.block_id).toBe("eig_actions:fr");
    expect(actions?.elements?.map((e) => [e.action_id, e.value])).toEqual([
      [ACTION_IDS.feedbackUp, "a-1"],
      [ACTION_IDS.feedbackDown, "a-1"],
    ]);
    expect(message.text).toBe("Date limite de candidature (promotion 3) : 15 octobre 2018 à 17h.");
  });

  it("does not number quotes and sources when there is one source", () => {
    const message = renderAnswer(
      answer({ quotes: [{ text: "Une citation.", source: 0 }], sources: [RULES] }),
    );
    expect(texts(message)).toContain("> Une citation.");
    expect(texts(message).some((t) => t.startsWith("<https://"))).toBe(true);
  });

  it("adds the share button for a private answer, and no buttons at all when asked", () => {
    const shared = renderAnswer(answer(), { share: true });
    const actions = blocks(shared).find((b) => b.type === "actions");
    expect(actions?.elements?.map((e) => e.action_id)).toEqual([
      "eig_share",
      "eig_feedback_up",
      "eig_feedback_down",
    ]);
    expect(actions?.elements?.[0]?.text).toEqual({
      type: "plain_text",
      text: "Partager dans le canal",
      emoji: true,
    });
    expect(blocks(renderAnswer(answer(), { feedback: false })).some((b) => b.type === "actions")).toBe(false);
  });

  it("speaks English under an English answer", () => {
    const message = renderAnswer(answer({ language: "en" }), { share: true });
    const actions = blocks(message).find((b) => b.type === "actions");
    expect(actions?.block_id).toBe("eig_actions:en");
    expect(actions?.elements?.[0]?.text).toMatchObject({ text: "Share in channel" });
    expect(texts(message)).toContain("*Sources:*");
    expect(texts(message).join("\n")).toContain("10 September 2018");
    expect(texts(message).join("\n")).toContain("· undated");
  });

  it("says who shared a private answer, with the question", () => {
    const message = renderAnswer(answer({ question: "Quelle est la date <limite> ?" }), {
      sharedBy: "U0ASKER",
    });
    expect(texts(message)[0]).toBe("Partagé par <@U0ASKER> · Question : Quelle est la date &lt;limite&gt; ?");
    // Only real user ids become mentions.
    const forged = renderAnswer(answer(), { sharedBy: "!channel" });
    expect(texts(forged).join("\n")).not.toContain("Partagé par");
  });

  it("neutralises every kind of mention, whichever field it comes from", () => {
    const evil =
      "<!channel> <!here> <!everyone> <!subteam^S123|@eig> <@U999> <#C123> @channel @here @everyone";
    const message = renderAnswer(
      answer({
        question: evil,
        text: `Réponse ${evil}`,
        quotes: [{ text: `Citation ${evil}`, source: 0 }],
        notes: [`Note ${evil}`],
        sources: [
          {
            ...RULES,
            title: `Titre ${evil}`,
            section: `Section ${evil}`,
            url: "https://x.org/@here?<!channel>",
          },
          { ...ARTICLE, file: `knowledge/${evil}.md` },
        ],
      }),
      { sharedBy: "U0ASKER", share: true },
    );
    const sent = [message.text, ...texts(message)];
    for (const text of sent) {
      expect(canNotify(text.replace("<@U0ASKER>", "")), text).toBe(false);
    }
    expect(sent.join("\n")).toContain("&lt;!channel&gt;");
    expect(sent.join("\n")).toContain(`@${WJ}here`);
    expect(sent.join("\n")).toContain("<https://x.org/%40here?%3C!channel%3E|");
  });

  it("keeps a list of fifteen défis readable in one section", () => {
    const defis = Array.from({ length: 15 }, (_, i) => ({
      text: `Défi ${i + 1} — Ministère de l'Action et des comptes publics, direction interministérielle du numérique`,
      source: 0,
    }));
    const message = renderAnswer(
      answer({
        kind: "defi-list",
        text: "Les 15 défis de la promotion 3 :",
        quotes: defis,
        sources: [RULES],
      }),
    );
    const quoteSections = blocks(message).filter((b) => b.type === "section" && b.text?.text.startsWith(">"));
    expect(quoteSections).toHaveLength(1);
    expect(quoteSections[0]?.text?.text.split("\n")).toHaveLength(15);
    expectWithinLimits(message);
  });

  it("stays within Block Kit's limits for an answer far too long, cutting with …", () => {
    const long = Array.from({ length: 2000 }, (_, i) => `Ligne ${i} ${"texte ".repeat(20)}`).join("\n");
    const message = renderAnswer(
      answer({
        text: long,
        quotes: Array.from({ length: 60 }, (_, i) => ({
          text: `Citation ${i} ${"mot ".repeat(400)}`,
          source: i % 30,
        })),
        sources: Array.from({ length: 30 }, (_, i) => ({
          ...RULES,
          title: `Source ${i} ${"titre ".repeat(80)}`,
        })),
        notes: Array.from({ length: 25 }, (_, i) => `Note ${i} ${"x".repeat(4000)}`),
      }),
      { share: true },
    );
    expectWithinLimits(message);
    const all = blocks(message);
    expect(all.at(-1)?.type).toBe("actions");
    // The text is cut, the quotes still show.
    expect(all.filter((b) => b.type === "section" && b.text?.text.startsWith("Ligne"))).toHaveLength(4);
    expect(all.some((b) => b.type === "section" && b.text?.text.startsWith("> Citation 0"))).toBe(true);
    const all_texts = texts(message).join("\n");
    expect(all_texts).toContain("(réponse abrégée pour tenir dans Slack)");
    expect(all_texts).toContain("… et 11 autres sources");
    expect(all_texts).toContain("… et 40 autres extraits");
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    expect(message.text.endsWith("…")).toBe(true);
  });

  it("never cuts an escaped character in half", () => {
    const message = renderAnswer(answer({ text: "&".repeat(3000), quotes: [], notes: [], sources: [] }));
    const sections = blocks(message).flatMap((b) => (b.type === "section" && b.text ? [b.text.text] : []));
    expect(sections.length).toBeGreaterThan(1);
    for (const text of [message.text, ...sections]) {
      expect(text.replace(/&amp;/g, "")).toMatch(/^…?$/);
    }
  });

  it("holds its promises for any text (property)", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 300 });
    const special = fc.constantFrom(
      "<!channel>",
      "@here",
      "<!subteam^S1|@x>",
      "&",
      "<",
      ">",
      "|",
      "`",
      "\n",
      "@everyone",
    );
    const mixed = fc.array(fc.oneof(text, special), { maxLength: 12 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(
        mixed,
        fc.array(mixed, { maxLength: 25 }),
        fc.array(fc.record({ title: mixed, section: fc.option(mixed, { nil: undefined }) }), {
          maxLength: 25,
        }),
        mixed,
        (main, quotes, sources, note) => {
          const message = renderAnswer(
            answer({
              text: main,
              question: note,
              quotes: quotes.map((q, i) => ({ text: q, source: i % Math.max(1, sources.length) })),
              sources: sources.map((s, i) => ({
                ...RULES,
                ...s,
                url: i % 2 ? `https://x.org/${s.title}` : undefined,
              })),
              notes: [note, main],
            }),
            { share: true },
          );
          for (const t of [message.text, ...texts(message)]) {
            if (canNotify(t)) throw new Error(`could notify: ${JSON.stringify(t)}`);
            if (/&(?!amp;|lt;|gt;)/.test(t.replace(/<https?:[^|]*\|/g, ""))) throw new Error(`raw &: ${t}`);
          }
          expectWithinLimits(message);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("after a click", () => {
  it("replaces the vote buttons by thanks, keeping the answer and the share button", () => {
    const original = renderAnswer(answer(), { share: true });
    const after = renderFeedbackThanks(original, "up", "fr");
    const all = blocks(after);
    expect(all.slice(0, -2)).toEqual(blocks(original).slice(0, -1));
    expect(all.at(-2)?.elements?.map((e) => e.action_id)).toEqual(["eig_share"]);
    expect(texts({ blocks: [all.at(-1)] })).toEqual([
      "👍 Merci pour votre retour : il aide l'équipe à améliorer les réponses.",
    ]);
    expect(after.text).toBe(original.text);
  });

  it("thanks in English for a 👎, and alone when the blocks are unknown", () => {
    expect(texts(renderFeedbackThanks({ blocks: [] }, "down", "en"))).toEqual([
      "👎 Thanks for your feedback: the team will look at this answer more closely.",
    ]);
    expect(renderThanks("up", "en").text).toMatch(/^👍 Thanks/);
  });

  it("reads the language from the buttons block id", () => {
    expect(languageOfBlock("eig_actions:en")).toBe("en");
    expect(languageOfBlock("eig_actions:fr")).toBe("fr");
    expect(languageOfBlock(undefined)).toBe("fr");
  });

  it("has short messages for failures", () => {
    expect(renderApology("fr").text).toMatch(/^Désolé/);
    expect(renderApology("en").text).toMatch(/^Sorry/);
    expect(renderForgotten("fr").text).toContain("`/eig votre question`");
  });
});

describe("sources and dates", () => {
  it("formats dates in the answer's language and leaves odd ones as they are", () => {
    expect(formatDate("2018-09-10", "fr")).toBe("10 septembre 2018");
    expect(formatDate("2018-09-10", "en")).toBe("10 September 2018");
    expect(formatDate("2018", "fr")).toBe("2018");
  });

  it("shows the title and section, never a file path, when there is no url", () => {
    expect(sourceElement({ ...ARTICLE, date: "2017-10-01" }, undefined, "fr")).toBe(
      "Relevez le défi : devenez entrepreneur.e d'intérêt général ! · 1 octobre 2017",
    );
    expect(sourceElement({ ...ARTICLE, section: "Calendrier" }, 2, "fr")).toBe(
      "[2] Relevez le défi : devenez entrepreneur.e d'intérêt général ! — Calendrier · non daté",
    );
    // A url that is not http(s) is not a link.
    expect(sourceElement({ ...ARTICLE, url: "javascript:alert(1)" }, 1, "fr")).toMatch(/^\[1\] Relevez/);
  });
});

function kb(documents: Array<Partial<KnowledgeDocument>>): KnowledgeBase {
  return {
    documents: documents.map((d, i) => ({
      id: `d${i}`,
      file: `knowledge/d${i}.md`,
      title: `Doc ${i}`,
      frontMatter: {},
      ...d,
    })),
    loadedAt: new Date("2026-01-15T10:00:00Z"),
  } as unknown as KnowledgeBase;
}

describe("help and App Home", () => {
  it("renders /eig help with the command before each example", () => {
    const message = renderHelp(help("fr"), "fr", "/eig");
    const all = texts(message).join("\n");
    expect(all).toContain("• `/eig Quelle est la date limite pour candidater ?`");
    expect(all).toContain("`/eig votre question`");
    expectWithinLimits(message);
  });

  it("lists the documents newest first, as links when they have a url, with their dates, never a file path", () => {
    const view = renderHome(
      kb([
        { title: "Ancien <!here>", date: "2017-07-01", url: "https://example.org/old" },
        { title: "Récent", date: "2018-09-10" },
        { title: "Sans date" },
      ]),
      help("fr"),
      "fr",
    );
    expect(view.type).toBe("home");
    const all = texts(view).join("\n");
    expect(all).toContain(
      "• Récent · 10 septembre 2018\n" +
        "• <https://example.org/old|Ancien &lt;!here&gt;> · 1 juillet 2017\n" +
        "• Sans date · non daté",
    );
    expect(all).toContain("Mes documents (3)");
    expect(all).toContain("Connaissances chargées le 15 janvier 2026");
  });

  it("keeps a Home tab with thousands of documents within 100 blocks", () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({
      title: `Document ${i} ${"titre ".repeat(20)}`,
      date: "2018-01-01",
    }));
    const view = renderHome(kb(many), help("fr"), "fr");
    expectWithinLimits(view, SLACK_LIMITS.homeBlocks);
    expect(texts(view).join("\n")).toMatch(/… et \d+ autres documents/);
  });
});
