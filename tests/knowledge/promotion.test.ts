import { describe, expect, it } from "vitest";
import { findPromotions } from "../../src/knowledge/promotion.js";

describe("findPromotions", () => {
  it.each([
    ["la promo 3", [3]],
    ["la 3e promotion", [3]],
    ["la 2ème promotion d’entrepreneurs", [2]],
    ["EIG 3 et EIG2", [3, 2]],
    ["la troisième promotion", [3]],
    ["the third cohort", [3]],
    ["cohort 2", [2]],
    ["la 2e vague du programme", [2]],
    ["la 1re promotion de 11 entrepreneurs", [1]],
    ["Promotion 3, septembre 2018", [3]],
  ])("%s → %j", (text, expected) => {
    expect(findPromotions(text)).toEqual(expected);
  });

  it("does not read headcounts, years or team sizes as promotions", () => {
    expect(findPromotions("32 EIG en 2019, par équipe de 2 ou 3")).toEqual([]);
    expect(findPromotions("EIG 2018")).toEqual([]);
    expect(findPromotions("une promotion de 28 entrepreneurs")).toEqual([]);
  });

  it("accepts a bare ordinal only when asked to (short follow-ups)", () => {
    expect(findPromotions("et la troisième ?")).toEqual([]);
    expect(findPromotions("et la troisième ?", { loose: true })).toEqual([3]);
  });
});
