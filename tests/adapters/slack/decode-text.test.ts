import { describe, expect, it } from "vitest";
import { decodeSlackText } from "../../../src/adapters/slack/decode-text.js";

describe("decodeSlackText", () => {
  it.each([
    ["Quel est le salaire ? &lt;3", "Quel est le salaire ? <3"],
    ["salaire &amp; contrat ?", "salaire & contrat ?"],
    ["a &gt; b &amp;&amp; c &lt; d", "a > b && c < d"],
    // An escaped entity stays what was typed: "&amp;lt;" is "&lt;" written by the person.
    ["écrire &amp;lt; en HTML", "écrire &lt; en HTML"],
    ["voir <https://eig.etalab.gouv.fr/defis/|le site des défis>", "voir le site des défis"],
    ["voir <https://eig.etalab.gouv.fr>", "voir https://eig.etalab.gouv.fr"],
    ["voir <https://example.org/?a=1&amp;b=2|a &amp; b>", "voir a & b"],
    ["écrire à <mailto:eig@example.org|eig@example.org>", "écrire à eig@example.org"],
    ["dans <#C0123|general> ?", "dans #general ?"],
    ["dans <#C0123> ?", "dans ?"],
    ["<@U0FRIEND|alice> et moi, on candidate ?", "@alice et moi, on candidate ?"],
    ["<@U0FRIEND> et moi, on candidate ?", "et moi, on candidate ?"],
    ["<!here> date limite ?", "@here date limite ?"],
    ["<!channel> <!everyone> salaire ?", "@channel @everyone salaire ?"],
    ["<!subteam^S0123|@eig-team> salaire ?", "@eig-team salaire ?"],
    ["<!subteam^S0123> salaire ?", "salaire ?"],
    ["depuis le <!date^1392734382^{date_short}|18 février 2014> ?", "depuis le 18 février 2014 ?"],
    ["ligne 1\nligne 2", "ligne 1\nligne 2"],
  ])("%s", (raw, typed) => {
    expect(decodeSlackText(raw)).toBe(typed);
  });

  it("never leaves a token Slack would read as a mention", () => {
    const decoded = decodeSlackText("<@U1> <@W2|bob> <!here> <!channel|channel> <#C3> <!subteam^S4|@team>");
    expect(decoded).not.toMatch(/[<>]/);
  });
});
