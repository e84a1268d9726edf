import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { shippedKnowledge, siteKnowledge, tempFolder } from "../helpers/knowledge.js";

const good =
  "---\ntitle: Bon document\ndate: 2020-05-04\nurl: https://example.org/bon\n---\n# Bon\n\nLe défi Zéphyr est porté par la Direction des vents.\n";

describe("loading a folder with broken files", () => {
  let kb: KnowledgeBase;
  let cleanup: () => Promise<void>;
  let dir: string;

  beforeAll(async () => {
    const latin1 = Buffer.from("---\ntitle: Caf\xe9\n---\nUn caf\xe9 cr\xe8me.\n", "latin1");
    const folder = await tempFolder({
      "good.md": good,
      "sub/also-good.markdown": "---\ntitle: Sous-dossier\n---\nUn autre texte utile.\n",
      "bad-yaml.md": "---\ntitle: [oops\n---\nTexte.\n",
      "no-text.md": "---\ntitle: Vide\n---\n\n",
      "empty.md": "",
      "latin1.md": latin1,
      "binary.md": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]),
      "no-front-matter.md": "# Un titre de page\n\nDu texte sans front matter.\n",
      "bad-date.md": "---\ntitle: Date illisible\ndate: le 3 mars\n---\nTexte daté bizarrement.\n",
      "_draft.md": "---\ntitle: Brouillon\n---\nPas publié.\n",
      "unpublished.md": "---\ntitle: Retiré\npublished: false\n---\nPas publié.\n",
      "notes.txt": "not markdown",
    });
    dir = folder.dir;
    cleanup = folder.cleanup;
    await symlink(dir, join(dir, "sub", "loop"));
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dir, "huge.md"), `---\ntitle: Énorme\n---\n${"x".repeat(3 * 1024 * 1024)}`);
    kb = await loadKnowledge(dir, { cwd: dir });
  });
  afterAll(() => cleanup());

  const problem = (file: string) => kb.problems.find((p) => p.file === file);

  it("loads every good file", () => {
    expect(kb.documents.map((d) => d.file).sort()).toEqual([
      "bad-date.md",
      "good.md",
      "no-front-matter.md",
      "sub/also-good.markdown",
    ]);
    const doc = kb.documents.find((d) => d.file === "good.md");
    expect(doc).toMatchObject({ title: "Bon document", date: "2020-05-04", url: "https://example.org/bon" });
  });

  it("reports each broken file with its path and reason", () => {
    expect(problem("bad-yaml.md")).toMatchObject({
      severity: "error",
      reason: expect.stringMatching(/^invalid YAML front matter/),
    });
    expect(problem("no-text.md")?.reason).toBe("no text: the file has no body and no description");
    expect(problem("empty.md")?.reason).toBe("empty file");
    expect(problem("latin1.md")?.reason).toMatch(/^not UTF-8 text/);
    expect(problem("binary.md")?.reason).toMatch(/^binary file/);
    expect(problem("huge.md")?.reason).toMatch(/^file too large \(3\.0 MiB; the limit is 2\.0 MiB\)/);
    expect(kb.problems.some((p) => /symbolic link loop/.test(p.reason))).toBe(true);
  });

  it("loads with a warning what it can repair", () => {
    expect(problem("no-front-matter.md")).toMatchObject({
      severity: "warning",
      reason: 'no title in front matter; using "Un titre de page"',
    });
    expect(problem("bad-date.md")).toMatchObject({
      severity: "warning",
      reason: expect.stringMatching(/^date cannot be read/),
    });
  });

  it("skips drafts and unpublished files without calling them broken", () => {
    expect(kb.skipped.sort()).toEqual(["_draft.md", "unpublished.md"]);
  });

  it("reports a missing folder instead of throwing", async () => {
    const missing = await loadKnowledge(join(dir, "nope"), { cwd: dir });
    expect(missing.documents).toEqual([]);
    expect(missing.problems[0]?.reason).toMatch(/^knowledge folder cannot be read/);
  });
});

describe("the shipped knowledge", () => {
  it("loads six documents with no problem, front matter text included", async () => {
    const kb = await shippedKnowledge();
    expect(kb.documents).toHaveLength(6);
    expect(kb.problems).toEqual([]);
    // The jury dates of promotion 2 live only in the front matter's chapeau-text.
    expect(
      kb.passages.some((p) => p.type === "front-matter" && p.text.includes("Les 4 et 5 juillet 2017")),
    ).toBe(true);
    expect(kb.passages.every((p) => !/\{:|<\/?[a-z]+[ >]/i.test(p.text))).toBe(true);
  });

  it("reads the rules' tables as rows", async () => {
    const kb = await shippedKnowledge();
    const rules = kb.documents.find((d) => d.kind === "rules");
    const rows = kb.passages.filter((p) => p.docId === rules?.id && p.type === "table-row");
    expect(rows).toHaveLength(30);
  });
});

describe("the programme website's content", () => {
  it("loads every published page, Jekyll mess included", async () => {
    const kb = await siteKnowledge();
    expect(kb.documents.length).toBeGreaterThan(110);
    expect(kb.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(kb.skipped.length).toBe(5);
    expect(kb.passages.every((p) => !/\{%|\{\{|<iframe/.test(p.text))).toBe(true);
    const cibnav = kb.documents.find((d) => d.id === "_defis/2019-01-01-cibnav");
    expect(cibnav).toMatchObject({ title: "CibNav", date: "2019-01-01" });
  });
});
