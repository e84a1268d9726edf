import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { shippedKnowledge, siteKnowledge, tempFolder } from "../helpers/knowledge.js";

describe("défi facts", () => {
  it("reads the défis of a table, of bold list items with a short name, and of 'Name : description' lines", async () => {
    const kb = await shippedKnowledge();
    const byKey = (key: string) => kb.facts.defis.filter((d) => d.key === key);
    // Table row of the rules.
    expect(byKey("cibnav").find((d) => d.docId === "reglement-eig3-2018")).toMatchObject({
      name: "CibNAV",
      short: true,
      promotion: 3,
      administration: "Direction des affaires maritimes (Ministère de la Transition écologique et solidaire)",
    });
    // "**… (CartoBIO) :** l'Agence …" in an article.
    expect(
      byKey("cartobio")
        .map((d) => d.docId)
        .sort(),
    ).toEqual(["2018-07-promotion-3-les-15-defis-laureats", "reglement-eig3-2018"]);
    // "Gobelins : concevoir … / Ministère de la Culture, …"
    expect(byKey("gobelins")[0]).toMatchObject({
      promotion: 2,
      administration: expect.stringMatching(/^Ministère de la Culture/),
    });
    // The mentors' table is not a table of défis.
    expect(kb.facts.defis.filter((d) => d.docId === "reglement-eig3-2018")).toHaveLength(15);
    expect(kb.facts.promotions).toEqual([1, 2, 3]);
  });

  it("reads défi pages and places them in a promotion from their year when the documents give start years", async () => {
    const kb = await siteKnowledge();
    const monitorfish = kb.facts.defis.find((d) => d.key === "monitorfish");
    expect(monitorfish).toMatchObject({
      administration: "Centre National de Surveillance des Pêches (CNSP)",
      promotion: 4,
    });
    expect(kb.byId.get("_defis/2020-01-01-monitorfish")?.promotionInferred).toBe(true);
  });

  describe("with no start year in the folder", () => {
    let kb: KnowledgeBase;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const folder = await tempFolder({
        "_defis/2019-01-01-alpha.md": "---\ntitle: Alpha\n---\nLa Direction des tests souhaite mesurer.\n",
      });
      cleanup = folder.cleanup;
      kb = await loadKnowledge(folder.dir);
    });
    afterAll(() => cleanup());

    it("does not guess a promotion", () => {
      expect(kb.facts.defis[0]).toMatchObject({ name: "Alpha", administration: "Direction des tests" });
      expect(kb.facts.defis[0]?.promotion).toBeUndefined();
    });
  });
});
