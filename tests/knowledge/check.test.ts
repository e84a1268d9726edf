import { spawn } from "node:child_process";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assistant } from "../../src/answer/assistant.js";
import {
  type CheckReport,
  checkKnowledge,
  checkKnowledgeFolder,
  formatProblem,
  type Problem,
} from "../../src/knowledge/check.js";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import { tempFolder } from "../helpers/knowledge.js";

const FACT = "Le code du portail du jardin botanique est zanzibar-quarante-deux.";
const QUESTION = "Quel est le code du portail du jardin botanique ?";

/** Two good files that link to each other, to an image, to anchors and to the published site. */
const ARTICLE = `---
title: Note du jardin
date: 2024-05-01
url: https://example.org/jardin
---
# Le jardin

${FACT}

Voir [les conditions](sous-dossier/reglement.md#article-2-conditions-d-eligibilite),
[plus haut](#le-jardin), ![le plan](./images/plan.png), [la photo](/uploads/photo.jpg),
[un défi]({{ site.baseurl }}/defis/2018/x.html), [le site](https://example.org) et
[écrire](mailto:contact@example.org).
`;
const REGLEMENT = `---
title: Règlement du jardin
date: 2024-06-01
---
# Règlement

## Article 1 – Objet

Le règlement fixe les horaires d'ouverture des serres tropicales.

## Article 2 – Conditions d’éligibilité

Les visiteurs munis d'un badge vert entrent par la porte nord ([la note](../article.md), [racine](/article.md#le-jardin)).
`;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49]);
const TEN_MB = 10 * 1024 * 1024;

/** What each broken file must produce: exactly one problem. */
const EXPECTED: Record<string, { severity: Problem["severity"]; line?: number; reason: RegExp }> = {
  "bad-yaml.md": {
    severity: "error",
    reason: /^invalid YAML front matter: bad indentation of a mapping entry$/,
  },
  "sans-front-matter.md": {
    severity: "warning",
    line: 1,
    reason: /^no front matter: .*"Une page sans en-tête"/,
  },
  "binaire.md": { severity: "error", reason: /^binary file \(it contains NUL bytes\)/ },
  "latin1.md": { severity: "error", line: 4, reason: /^not UTF-8 text \(invalid byte 0xE9 at offset 26\)/ },
  "vide.md": { severity: "error", reason: /^empty file$/ },
  "enorme.md": { severity: "error", reason: /^file too large \(10\.0 MiB; the limit is 2\.0 MiB\)$/ },
  "sous-dossier/boucle": {
    severity: "warning",
    reason: /^symbolic link loop: this folder was already read$/,
  },
  "date-illisible.md": {
    severity: "warning",
    line: 3,
    reason: /^date cannot be read: "le 3 mars 2018" \(write it as YYYY-MM-DD\)$/,
  },
  "vieux/doublon.md": {
    severity: "warning",
    reason: /^duplicate of sous-dossier\/reglement\.md \(same text\)$/,
  },
  "lien-mort.md": {
    severity: "warning",
    line: 7,
    reason: /^dead link: "sous-dossier\/absent\.md" \(no such file in the knowledge folder\)$/,
  },
  "ancre-morte.md": {
    severity: "warning",
    line: 8,
    reason:
      /^dead anchor: "sous-dossier\/reglement\.md#article-99" \(no heading or id "article-99" in sous-dossier\/reglement\.md\)$/,
  },
  // Beyond the list of the issue: the other ways a file goes wrong.
  "ancre-locale.md": {
    severity: "warning",
    line: 7,
    reason: /^dead anchor: "#nulle-part" \(no heading or id "nulle-part" in this file\)$/,
  },
  "image-morte.md": {
    severity: "warning",
    line: 5,
    reason: /^dead image: "\.\.\/images\/absente\.png" \(no such file in the knowledge folder\)$/,
  },
  "sans-titre.md": {
    severity: "warning",
    line: 1,
    reason: /^no title in front matter \(required; the bot uses "Sans titre"\)$/,
  },
  "non-ferme.md": { severity: "error", line: 1, reason: /^front matter not closed/ },
  "titre-nombre.md": { severity: "error", line: 2, reason: /^front matter field "title": .*expected string/ },
  "utf16.md": { severity: "error", line: 1, reason: /^not UTF-8 text \(UTF-16/ },
  "sans-texte.md": { severity: "error", reason: /^no text: the file has no body and no description$/ },
  "que-des-titres.md": { severity: "warning", reason: /^empty document: headings only, no text to quote$/ },
  "meme-titre.md": {
    severity: "warning",
    reason: /^duplicate of article\.md \(same title and date \("Note du jardin", 2024-05-01\)\)$/,
  },
  "boucle-fichier.md": { severity: "error", reason: /^symbolic link loop$/ },
  "autre-date.md": {
    severity: "warning",
    line: 4,
    reason: /^date cannot be read: "bientôt" \(write it as YYYY-MM-DD\)$/,
  },
};

let dir: string;
let cleanup: () => Promise<void>;
let report: CheckReport;

beforeAll(async () => {
  const folder = await tempFolder({
    "article.md": ARTICLE,
    "sous-dossier/reglement.md": REGLEMENT,
    "images/plan.png": PNG,
    "bad-yaml.md":
      "---\ntitle: Mauvais YAML\nurl: https://example.org/x\n  retrait: faux\n---\nTexte du YAML cassé.\n",
    "sans-front-matter.md": "# Une page sans en-tête\n\nDu texte écrit sans front matter.\n",
    "binaire.md": PNG,
    "latin1.md": Buffer.from("---\ntitle: Cafe\n---\nUn caf\xe9 cr\xe8me.\n", "latin1"),
    "vide.md": "",
    "date-illisible.md":
      "---\ntitle: Date illisible\ndate: le 3 mars 2018\n---\nUn texte daté bizarrement.\n",
    // Same body as the rules, another title: a copy left behind.
    "vieux/doublon.md": REGLEMENT.replace("title: Règlement du jardin", "title: Copie du règlement"),
    "lien-mort.md":
      "---\ntitle: Lien mort\ndate: 2024-01-02\n---\n# Liens\n\n[Le règlement supprimé](sous-dossier/absent.md) n'existe plus.\n",
    "ancre-morte.md":
      "---\ntitle: Ancre morte\ndate: 2024-01-03\n---\n# Ancres\n\nUn renvoi\nvers [l'article 99](sous-dossier/reglement.md#article-99) du règlement.\n",
    "ancre-locale.md":
      "---\ntitle: Ancre locale\ndate: 2024-01-04\n---\nTexte avant le renvoi.\n\n[Plus bas](#nulle-part) il n'y a rien.\n",
    "image-morte.md":
      "---\ntitle: Image morte\n---\nUne figure manquante :\n![schéma](../images/absente.png)\n",
    "sans-titre.md":
      "---\ndate: 2024-01-05\n---\n# Sans titre\n\nUn document dont l'en-tête n'a pas de titre.\n",
    "non-ferme.md": "---\ntitle: Pas fermé\n\n# Titre\n\nLe front matter ne se ferme jamais.\n",
    "titre-nombre.md": "---\ntitle: 2018\n---\nUn titre qui est un nombre.\n",
    "utf16.md": Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("---\ntitle: Seize\n---\n", "utf16le"),
    ]),
    "sans-texte.md": "---\ntitle: Rien\n---\n\n",
    "que-des-titres.md": "---\ntitle: Des titres\n---\n# Un\n\n## Deux\n",
    "meme-titre.md":
      "---\ntitle: Note du jardin\ndate: 2024-05-01\n---\nUne autre version de la note, réécrite.\n",
    "autre-date.md":
      "---\ntitle: Deux dates\nevent_date: 2024-02-01\ndate: bientôt\n---\nL'événement a une date lisible, la publication non.\n",
  });
  dir = folder.dir;
  cleanup = folder.cleanup;
  await writeFile(join(dir, "enorme.md"), Buffer.alloc(TEN_MB, "x"));
  await mkdir(join(dir, "sous-dossier"), { recursive: true });
  await symlink("..", join(dir, "sous-dossier", "boucle"));
  await symlink("boucle-fichier.md", join(dir, "boucle-fichier.md"));
  report = await checkKnowledgeFolder(dir, { cwd: dir });
});
afterAll(() => cleanup());

describe("checkKnowledge on a folder of broken files", () => {
  it("reports one problem per broken file, with its path, line and reason", () => {
    const files = report.problems.map((p) => p.file);
    expect(files).toEqual([...new Set(files)]);
    expect(new Set(files)).toEqual(new Set(Object.keys(EXPECTED)));
    for (const [file, expected] of Object.entries(EXPECTED)) {
      const problem = report.problems.find((p) => p.file === file);
      expect(problem, file).toMatchObject({
        severity: expected.severity,
        reason: expect.stringMatching(expected.reason),
      });
      if (expected.line !== undefined) expect(problem?.line, file).toBe(expected.line);
    }
  });

  it("gives a line to bad YAML", () => {
    expect(report.problems.find((p) => p.file === "bad-yaml.md")?.line).toBeTypeOf("number");
  });

  it("points bad YAML at the line it is on", () => {
    expect(report.problems.find((p) => p.file === "bad-yaml.md")?.line).toBe(4);
  });

  it("names both files of a duplicate", () => {
    expect(report.problems.find((p) => p.file === "vieux/doublon.md")?.other).toBe(
      "sous-dossier/reglement.md",
    );
  });

  it("sorts problems by path, then line", () => {
    const keys = report.problems.map((p) => [p.file, p.line ?? 0] as const);
    const sorted = [...keys].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
    expect(keys).toEqual(sorted);
  });

  it("counts links to the published site as unchecked, never as dead", () => {
    expect(report.unchecked.map((u) => u.url).sort()).toEqual(["/defis/2018/x.html", "/uploads/photo.jpg"]);
  });

  it("still loads the good files and answers from them", async () => {
    const kb = await loadKnowledge(dir, { cwd: dir });
    const files = kb.documents.map((d) => d.file);
    expect(files).toEqual(expect.arrayContaining(["article.md", "sous-dossier/reglement.md"]));
    const assistant = new Assistant({ knowledge: () => kb, rateLimitPerMinute: 0 });
    const { answer } = assistant.ask({ text: QUESTION, channel: "cli" });
    expect(answer.answered).toBe(true);
    expect(answer.quotes.map((q) => q.text)).toContain(FACT);
    expect(answer.sources[0]?.file).toBe("article.md");
  });

  it("formats a problem the way compilers do", () => {
    expect(formatProblem({ file: "a.md", line: 3, reason: "bad", severity: "warning" })).toBe(
      "a.md:3: warning: bad",
    );
    expect(formatProblem({ file: "a.md", reason: "empty file", severity: "error" })).toBe(
      "a.md: error: empty file",
    );
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node --import tsx src/knowledge/check-cli.ts …args`, from the project's root. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/knowledge/check-cli.ts", ...args], {
      env: { ...process.env, KNOWLEDGE_DIR: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run check-knowledge", () => {
  let broken: Run;
  let json: Run;
  let fromEnv: Run;
  let shipped: Run;
  let site: Run;
  let warningsOnly: { dir: string; cleanup: () => Promise<void> };
  let lenient: Run;
  let strict: Run;

  beforeAll(async () => {
    warningsOnly = await tempFolder({ "page.md": "# Page\n\nUn texte sans front matter.\n" });
    [broken, json, fromEnv, shipped, site, lenient, strict] = await Promise.all([
      cli([dir]),
      cli([dir, "--json"]),
      cli([], { KNOWLEDGE_DIR: dir }),
      cli(["knowledge"]),
      cli(["tests/fixtures/site-eig"]),
      cli([warningsOnly.dir]),
      cli([warningsOnly.dir, "--strict"]),
    ]);
  }, 90_000);
  afterAll(() => warningsOnly.cleanup());

  it("exits 1 on the broken folder with one compiler-style line per problem, then a summary", async () => {
    expect(broken.code).toBe(1);
    const lines = broken.stdout.trimEnd().split("\n");
    const absolute = await checkKnowledge(dir);
    expect(lines.slice(0, -1)).toEqual(absolute.map(formatProblem));
    expect(lines).toContain(
      `${dir}/date-illisible.md:3: warning: date cannot be read: "le 3 mars 2018" (write it as YYYY-MM-DD)`,
    );
    expect(lines).toContain(`${dir}/vide.md: error: empty file`);
    expect(lines).toContain(
      `${dir}/latin1.md:4: error: not UTF-8 text (invalid byte 0xE9 at offset 26); save the file as UTF-8`,
    );
    const errors = Object.values(EXPECTED).filter((e) => e.severity === "error").length;
    const warnings = Object.keys(EXPECTED).length - errors;
    expect(lines.at(-1)).toBe(
      `${dir}: ${report.documents} documents, ${report.passages} passages, ${errors} errors, ${warnings} warnings`,
    );
    // Logs (the unchecked site links) go to standard error, never to standard output.
    expect(broken.stderr).toMatch(/2 link\(s\) not checked/);
  });

  it("prints only a JSON array with --json", () => {
    expect(json.code).toBe(1);
    const problems = JSON.parse(json.stdout) as Problem[];
    expect(problems).toHaveLength(Object.keys(EXPECTED).length);
    expect(problems.find((p) => p.file.endsWith("/latin1.md"))).toMatchObject({ line: 4, severity: "error" });
  });

  it("checks $KNOWLEDGE_DIR when no folder is given", () => {
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stdout).toBe(broken.stdout);
  });

  it("exits 0 on the shipped knowledge, with a one-line summary", () => {
    expect(shipped.code).toBe(0);
    expect(shipped.stdout).toMatch(/^knowledge: 6 documents, \d+ passages, no problems\n$/);
  });

  it("runs on the programme's website: one real warning, site links left unchecked", () => {
    expect(site.code).toBe(0);
    expect(site.stdout.trimEnd().split("\n")).toEqual([
      'tests/fixtures/site-eig/LICENSE.md:1: warning: no front matter: start the file with "---", "title: …", "---" (the bot uses "LICENCE OUVERTE / OPEN LICENCE")',
      expect.stringMatching(/^tests\/fixtures\/site-eig: \d+ documents, \d+ passages, 1 warning$/),
    ]);
    expect(site.stderr).toMatch(/\d+ link\(s\) not checked/);
  });

  it("exits 0 on warnings, 1 with --strict", () => {
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/page\.md:1: warning: no front matter/);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe(lenient.stdout);
  });
});
