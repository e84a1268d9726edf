import { describe, expect, it } from "vitest";
import { helpAnswer, helpRequest } from "../../src/adapters/help-request.js";

describe("helpRequest", () => {
  it.each([
    ["", "fr"],
    ["aide", "fr"],
    ["  Aide ! ", "fr"],
    ["aide ?", "fr"],
    ["?", "fr"],
    ["help", "en"],
    ["HELP.", "en"],
    ["--help", "en"],
  ])("%j asks for help in %s", (text, language) => {
    expect(helpRequest(text)).toBe(language);
  });

  it.each(["aide au logement ?", "help me apply", "??", "quelle aide ?"])("%j is a question", (text) => {
    expect(helpRequest(text)).toBeUndefined();
  });

  it("builds the help as an Answer with no quotes nor sources", () => {
    const answer = helpAnswer("en");
    expect(answer).toMatchObject({ answered: true, language: "en", quotes: [], sources: [], notes: [] });
    expect(answer.text).toMatch(/^I answer questions/);
    expect(answer.text).toContain("Example questions:\n• ");
  });
});
