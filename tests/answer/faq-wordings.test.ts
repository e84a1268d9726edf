/**
 * An FAQ entry's other wordings ("Autres formulations :" under its heading) are matched like its
 * heading: a question worded as one of them is answered from that entry, with its source, and the
 * wordings are never quoted. The same folder without the list refuses the question.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer } from "../../src/answer/answer.js";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { tempFolder } from "../helpers/knowledge.js";

const entry = (wordings: string) => `---
title: FAQ des candidats
kind: faq
url: https://example.org/faq
---

## Le télétravail est-il possible ?
${wordings}
Oui, deux jours par semaine, selon les règles de l'administration d'accueil.

## Qui sélectionne les lauréats ?

Un jury composé de l'administration et de l'équipe du programme.
`;

const WITH = entry(
  "\nAutres formulations :\n\n- Puis-je bosser depuis chez moi ?\n- Can I work from home?\n",
);

let bare: KnowledgeBase;
let taught: KnowledgeBase;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  for (const [content, set] of [
    [entry(""), (kb: KnowledgeBase) => (bare = kb)],
    [WITH, (kb: KnowledgeBase) => (taught = kb)],
  ] as const) {
    const folder = await tempFolder({ "faq.md": content });
    cleanups.push(folder.cleanup);
    set(await loadKnowledge(folder.dir, { indexCache: false }));
  }
});
afterAll(() => Promise.all(cleanups.map((c) => c())));

describe("FAQ wordings", () => {
  it("answers a question worded as one of the entry's wordings, from that entry", () => {
    for (const q of ["Puis-je bosser depuis chez moi ?", "je peux bosser de chez moi ?"]) {
      expect(answer(q, bare).answered, `${q} without the wording`).toBe(false);
      const a = answer(q, taught);
      expect(a, q).toMatchObject({ answered: true, language: "fr" });
      expect(a.quotes[0]?.text).toMatch(/^Oui, deux jours par semaine/);
      expect(a.sources[0]?.url).toMatch(/^https:\/\/example\.org\/faq/);
    }
  });

  it("never quotes a wording as the answer", () => {
    const a = answer("Can I work from home?", taught);
    expect(a).toMatchObject({ answered: true, language: "en" });
    expect(a.quotes.map((q) => q.text).join(" ")).not.toMatch(/bosser|work from home|formulations/i);
  });

  it("leaves the other entries as they were", () => {
    const q = "Qui sélectionne les lauréats ?";
    expect(answer(q, taught).quotes[0]?.text).toBe(answer(q, bare).quotes[0]?.text);
  });
});

describe("the example FAQ file (tests/fixtures/faq-wordings)", () => {
  it("loads without problems, every entry's wordings matched to it", async () => {
    const kb = await loadKnowledge("tests/fixtures/faq-wordings", { indexCache: false });
    expect(kb.problems).toEqual([]);
    for (const [q, start] of [
      ["Je bosse de chez moi, c'est ok ?", "Oui, deux jours"],
      ["Do I need a team to apply?", "Oui : les candidatures"],
    ] as const) {
      const a = answer(q, kb);
      expect(a.answered, q).toBe(true);
      expect(a.quotes[0]?.text, q).toMatch(new RegExp(`^${start}`));
    }
  });
});

describe("an FAQ entry asked in its own words", () => {
  it("answers with its body even when the body holds no span of the type asked", async () => {
    const folder = await tempFolder({
      "faq.md": `---
title: FAQ
kind: faq
---

## Combien de temps prend la constitution du dossier ?

C'est variable : le dossier est volontairement court, soyez concis.

## Quand le jury se réunit-il ?

Le jury se réunit en juin.
`,
    });
    try {
      const kb = await loadKnowledge(folder.dir, { indexCache: false });
      const a = answer("Ça prend combien de temps, la constitution du dossier ?", kb);
      expect(a.answered).toBe(true);
      expect(a.quotes[0]?.text).toMatch(/^C'est variable/);
      // A question that only shares a word or two with an entry gets no such answer.
      expect(answer("Combien de temps dure la mission ?", kb).answered).toBe(false);
    } finally {
      await folder.cleanup();
    }
  });
});
