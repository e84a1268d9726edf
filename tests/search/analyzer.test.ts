import { describe, expect, it } from "vitest";
import { analyze, fold, foldKeepingLength, processTerm, stem, words } from "../../src/search/analyzer.js";

describe("analyzer", () => {
  it("folds accents and ligatures", () => {
    expect(fold("Œuvre élève à Noël")).toBe("OEuvre eleve a Noel");
    expect(foldKeepingLength("œuvre éé")).toHaveLength("œuvre éé".length);
  });

  it("splits French elisions written with ', ’ and ʼ", () => {
    for (const apostrophe of ["'", "’", "ʼ"]) {
      expect(
        words(`l${apostrophe}éligibilité d${apostrophe}un défi qu${apostrophe}il jusqu${apostrophe}au`),
      ).toEqual(["l", "éligibilité", "d", "un", "défi", "qu", "il", "jusqu", "au"]);
    }
  });

  it("drops stop words but keeps the question words that carry meaning", () => {
    expect(analyze("Quand et combien : deux défis avant le premier ?")).toEqual(
      expect.arrayContaining(["quand", "combien", "deux", "avant"]),
    );
    expect(analyze("le la les de des du et ou the of to")).toEqual([]);
  });

  it("gives the same term for a word typed with or without accents", () => {
    expect(stem("éligibilité")).toBe(stem("eligibilite"));
    expect(stem("rémunération")).toBe(stem("remuneration"));
    expect(analyze("Étudiants")).toEqual(analyze("etudiant"));
  });

  it("keeps numbers whole, grouped digits included", () => {
    expect(analyze("4 000 € net, 10 mois, 2 ou 3")).toEqual(["4000", "net", "10", "mois", "2", "3"]);
    expect(analyze("4\u202f000 €")).toEqual(["4000"]);
  });

  it("is MiniSearch's processTerm: null for stop words and lone letters", () => {
    expect(processTerm("les")).toBeNull();
    expect(processTerm("x")).toBeNull();
    expect(processTerm("7")).toBe("7");
    expect(processTerm("défis")).toBe(stem("défis"));
  });
});
