import { describe, expect, it } from "vitest";
import { htmlToText, markdownToBlocks, preclean, slugify } from "../../src/knowledge/markdown.js";

describe("Markdown to passages", () => {
  const md = [
    "# Règlement", // 1
    "", // 2
    "## Article 4 – Conditions d’éligibilité", // 3
    "", // 4
    'Peut participer toute personne.{:target="_blank"}', // 5
    "", // 6
    "* premier point", // 7
    "* **CibNAV :** second point", // 8
    "", // 9
    "| Nom du défi | Administration porteuse |", // 10
    "| --- | --- |", // 11
    "| CibNAV | Direction des affaires maritimes |", // 12
    "", // 13
    "{: .encadre}", // 14
    "{% include note.html %} Texte après Liquid {{ site.url }}", // 15
  ].join("\n");
  const blocks = markdownToBlocks(md);

  it("gives paragraphs, list items and table rows with their heading path, anchor and line", () => {
    const paragraph = blocks.find((b) => b.text.startsWith("Peut participer"));
    expect(paragraph).toMatchObject({
      type: "paragraph",
      headings: ["Règlement", "Article 4 – Conditions d’éligibilité"],
      anchor: "article-4-conditions-d-eligibilite",
      line: 5,
    });
    expect(blocks.filter((b) => b.type === "list-item").map((b) => b.text)).toEqual([
      "premier point",
      "CibNAV : second point",
    ]);
    expect(blocks.find((b) => b.type === "list-item" && b.lead)?.lead).toBe("CibNAV :");
    const row = blocks.find((b) => b.type === "table-row");
    expect(row).toMatchObject({
      text: "CibNAV | Direction des affaires maritimes",
      table: {
        header: ["Nom du défi", "Administration porteuse"],
        cells: ["CibNAV", "Direction des affaires maritimes"],
      },
      line: 12,
    });
  });

  it("cleans kramdown attribute lists and Liquid away", () => {
    const all = blocks.map((b) => b.text).join("\n");
    expect(all).not.toMatch(/\{:|\{%|\{\{|target=/);
    expect(all).toContain("Texte après Liquid");
    expect(preclean("a{: .x}\nb")).toBe("a\nb");
  });

  it("reduces raw HTML to its text and drops iframes and scripts", () => {
    const html = markdownToBlocks(
      '<div class="x"><p>Un paragraphe en HTML assez long pour compter.</p><script>alert(1)</script><iframe src="https://x"></iframe></div>',
    );
    expect(html.map((b) => b.text)).toEqual(["Un paragraphe en HTML assez long pour compter."]);
    expect(htmlToText("A &amp; B <b>gras</b>")).toBe("A & B gras");
  });

  it("reads the Markdown written right after a closing HTML tag, as kramdown does", () => {
    const after = markdownToBlocks(
      "<figure>\n  <img src='x.jpg'/>\n</figure>\nSuite à l’appel [à projets](https://example.org) lancé.",
    );
    expect(after.map((b) => b.text)).toContain("Suite à l’appel à projets lancé.");
  });

  it("does not let a lone <br> line swallow the heading after it", () => {
    const withBreak = markdownToBlocks("Texte.\n<br>\n## Les 15 défis\n\nUn paragraphe.");
    expect(withBreak.find((b) => b.type === "heading")?.text).toBe("Les 15 défis");
  });

  it("joins wrapped lines and keeps a line that starts a new item", () => {
    const [wrapped] = markdownToBlocks("15 défis de\ntransformation numérique.");
    expect(wrapped?.text).toBe("15 défis de transformation numérique.");
    const [item] = markdownToBlocks(
      "Gobelins : une interface pour en révéler les richesses\nMinistère de la Culture",
    );
    expect(item?.text).toBe(
      "Gobelins : une interface pour en révéler les richesses\nMinistère de la Culture",
    );
  });

  it("keeps link text, not link targets, and turns broken links into text", () => {
    const [p] = markdownToBlocks("Voir [le site](https://example.org) et [un lien cassé](pas une url).");
    expect(p?.text).toBe("Voir le site et un lien cassé.");
  });

  it("slugs headings for anchors", () => {
    expect(slugify("Article 6 – Sélection des candidats")).toBe("article-6-selection-des-candidats");
  });

  it("keeps the address of an e-mail link whose text does not show it", () => {
    const [block] = markdownToBlocks("Besoin d'aide ? [Prenez contact avec nous](mailto:eig@data.gouv.fr).");
    expect(block?.text).toBe("Besoin d'aide ? Prenez contact avec nous (eig@data.gouv.fr).");
    const [plain] = markdownToBlocks("Écrivez à [eig@data.gouv.fr](mailto:eig@data.gouv.fr).");
    expect(plain?.text).toBe("Écrivez à eig@data.gouv.fr.");
  });
});

describe("FAQ entries' other wordings", () => {
  const md = [
    "## Le télétravail est-il possible ?",
    "",
    "Autres formulations :",
    "",
    "- Puis-je bosser depuis chez moi ?",
    "- Can I work *from home*?",
    "",
    "Oui, deux jours par semaine.",
    "",
    "### Et en déplacement ?",
    "",
    "Selon l'administration.",
    "",
    "## Autre question ?",
    "",
    "Other wordings:",
    "",
    "Not a list: a plain paragraph.",
  ].join("\n");
  const blocks = markdownToBlocks(md);

  it("gives the section's heading and body their wordings, and quotes neither marker nor list", () => {
    const wordings = ["Puis-je bosser depuis chez moi ?", "Can I work from home?"];
    expect(blocks.find((b) => b.type === "heading" && b.text.startsWith("Le télétravail"))?.wordings).toEqual(
      wordings,
    );
    expect(blocks.find((b) => b.text.startsWith("Oui, deux jours"))?.wordings).toEqual(wordings);
    expect(blocks.some((b) => /formulations|bosser|from home/i.test(b.text))).toBe(false);
  });

  it("keeps them to their own section, not its sub-sections", () => {
    expect(blocks.find((b) => b.text.startsWith("Selon"))?.wordings).toBeUndefined();
  });

  it("reads a marker not followed by a list as no wordings, and drops only the marker", () => {
    expect(blocks.find((b) => b.text.startsWith("Not a list"))).toMatchObject({ type: "paragraph" });
    expect(blocks.find((b) => b.text.startsWith("Not a list"))?.wordings).toBeUndefined();
  });
});
