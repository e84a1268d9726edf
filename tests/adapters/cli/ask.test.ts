/** The command line, run as a real process: stdout carries answers only, logs go to stderr. */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { tempFolder } from "../../helpers/knowledge.js";

function run(args: string[], input = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/adapters/cli/main.ts", ...args], {
      env: { ...process.env, EIG_TODAY: "2026-11-24", KNOWLEDGE_DIR: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("npm run ask", () => {
  it("prints a readable answer with its sources", async () => {
    const { code, stdout } = await run(["Quel", "est", "le", "salaire", "?"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/4 000 € net par mois/);
    expect(stdout).toMatch(/Sources :\n\[1\] Règlement/);
  });

  it("shows the help for aide, help or ? alone, like /eig help", { timeout: 60_000 }, async () => {
    // A one-file folder: the help does not depend on the knowledge, and loading it is quick.
    const folder = await tempFolder({ "note.md": "---\ntitle: Note\n---\nUne note.\n" });
    try {
      const outputs: string[] = [];
      for (const word of ["aide", "help", "?"]) {
        const { code, stdout } = await run(["--knowledge", folder.dir, word]);
        expect(code).toBe(0);
        outputs.push(stdout);
      }
      const [fr, en, mark] = outputs;
      expect(fr).toMatch(/^Je réponds aux questions/);
      expect(fr).toContain("Exemples de questions :");
      expect(en).toMatch(/^I answer questions/);
      expect(mark).toMatch(/^Je réponds aux questions/);
    } finally {
      await folder.cleanup();
    }
  });

  it("--json prints the whole Answer", async () => {
    const { stdout } = await run(["--json", "combien par équipe ?"]);
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({ answered: true, kind: "count", language: "fr" });
    expect(answer.quotes.length).toBeGreaterThan(0);
  });

  it("--jsonl answers one JSON line per input line, in order, empty lines included", async () => {
    const input = "date limite promo 3 ?\n\nQuelle est la capitale du Pérou ?\n";
    const { code, stdout, stderr } = await run(["--jsonl"], input);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.question, l.answered])).toEqual([
      ["date limite promo 3 ?", true],
      ["", false],
      ["Quelle est la capitale du Pérou ?", false],
    ]);
    expect(Object.keys(lines[0]).sort()).toEqual(["answered", "question", "sources", "text"]);
    expect(Object.keys(lines[0].sources[0]).sort()).toEqual(["file", "section", "title", "url"]);
    expect(stderr).not.toContain("{");
  });

  it("--knowledge points at another folder and reports its problems on stderr", async () => {
    const { stdout, stderr } = await run([
      "--knowledge",
      "tests/fixtures/site-eig",
      "--json",
      "qui porte le défi MonitorFish ?",
    ]);
    expect(JSON.parse(stdout).sources[0].file).toContain("monitorfish");
    expect(stderr).toMatch(/warning: .*LICENSE\.md:1: no title in front matter/);
  });

  it("explains its usage on bad arguments", async () => {
    const { code, stderr, stdout } = await run(["--nope"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^ask: Unknown option '--nope'/);
    expect(stdout).toBe("");
  });
});
