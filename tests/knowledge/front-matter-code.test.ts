/**
 * Knowledge files are data: a front matter written in JavaScript or CoffeeScript is never run,
 * whoever reads the folder (the loader, `npm run ask`, `npm run check-knowledge`, the live
 * reload). Each evil file writes a marker file when it runs; the marker must never appear.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FrontMatterError, parseFrontMatter } from "../../src/knowledge/front-matter.js";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import { KnowledgeStore } from "../../src/knowledge/knowledge-store.js";

let scratch: string;
let marker: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "eig-front-matter-code-"));
  marker = join(scratch, "pwned");
});
afterAll(() => rm(scratch, { recursive: true, force: true }));
afterEach(() => {
  // Every test ends with the marker absent; a leftover would hide the next test's failure.
  expect(existsSync(marker), `a front matter ran code: ${marker} exists`).toBe(false);
});

/** A front matter in `language` whose evaluation writes the marker. */
function evil(language: string): string {
  const run = `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`;
  const body = /coffee|cson/i.test(language)
    ? `title: do -> ${run}; "t"`
    : `{ title: (function(){ ${run}; return "t"; })() }`;
  return `---${language}\n${body}\n---\n# Piège\n\nLe salaire est de mille briques.\n`;
}

const GOOD = "---\ntitle: Rémunération\n---\n# Salaire\n\nLe salaire des EIG est de 4 000 € net par mois.\n";
const LANGUAGES = ["js", "javascript", "JS", " js", "coffee", "coffeescript", "cson", "toml"];

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(scratch, "kb-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe("front matter is only ever read as YAML", () => {
  it.each(LANGUAGES)("refuses ---%s with the language it names, on line 1", (language) => {
    let error: unknown;
    try {
      parseFrontMatter(evil(language));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FrontMatterError);
    expect((error as FrontMatterError).message).toBe(
      `front matter in ${language.trim()} is not read: only YAML`,
    );
    expect((error as FrontMatterError).line).toBe(1);
  });

  it("reads ---json with the YAML engine (YAML is a superset of JSON), lines unchanged", () => {
    const parsed = parseFrontMatter(
      '---json\n{ "title": "En JSON", "promotion": 3 }\n---\n# Corps\n\nTexte.\n',
    );
    expect(parsed.data).toMatchObject({ title: "En JSON", promotion: 3 });
    expect(parsed.bodyLineOffset).toBe(3);
    expect(parsed.content).toBe("# Corps\n\nTexte.\n");
    // And a JSON front matter is data too: a function call is not JSON, it is a YAML error.
    const code = `{ "title": (function(){ require("fs").writeFileSync(${JSON.stringify(marker)}, "x") })() }`;
    expect(() => parseFrontMatter(`---json\n${code}\n---\nTexte.\n`)).toThrow(/^invalid YAML front matter/);
    expect(parseFrontMatter("---YAML\ntitle: Majuscules\n---\nTexte.\n").data.title).toBe("Majuscules");
  });

  it("the loader reports the file with its path and line, skips it and loads the others", async () => {
    const dir = await folder({
      "salaire.md": GOOD,
      "evil-js.md": evil("js"),
      "evil-javascript.md": evil("javascript"),
      "evil-coffee.md": evil("coffee"),
      "json.md": '---json\n{ "title": "Fiche JSON" }\n---\nUn texte en JSON.\n',
    });
    const kb = await loadKnowledge(dir, { cwd: dir });
    expect(kb.documents.map((d) => d.file).sort()).toEqual(["json.md", "salaire.md"]);
    const refused = kb.problems.filter((p) => p.file.startsWith("evil-"));
    expect(refused.map((p) => [p.file, p.line, p.reason, p.severity]).sort()).toEqual([
      ["evil-coffee.md", 1, "front matter in coffee is not read: only YAML", "error"],
      ["evil-javascript.md", 1, "front matter in javascript is not read: only YAML", "error"],
      ["evil-js.md", 1, "front matter in js is not read: only YAML", "error"],
    ]);
  });

  it("the persisted index keeps the refusal: a cache hit reports the file, never runs it", async () => {
    const dir = await folder({ "salaire.md": GOOD, "evil.md": evil("javascript") });
    const events: string[] = [];
    const indexCache = { dir: join(dir, ".cache"), onEvent: (e: { type: string }) => events.push(e.type) };
    const built = await loadKnowledge(dir, { cwd: dir, indexCache });
    const cached = await loadKnowledge(dir, { cwd: dir, indexCache });
    expect(events).toEqual(["miss", "written", "hit"]);
    for (const kb of [built, cached]) {
      expect(kb.documents.map((d) => d.file)).toEqual(["salaire.md"]);
      expect(kb.problems.map((p) => `${p.file}:${p.line}: ${p.reason}`)).toEqual([
        "evil.md:1: front matter in javascript is not read: only YAML",
      ]);
    }
  });

  it("the live reload of the KnowledgeStore never runs a file's front matter", async () => {
    const dir = await folder({ "salaire.md": GOOD });
    const store = await KnowledgeStore.open(dir, { debounceMs: 20 });
    try {
      await store.watch();
      // The first outcome, whichever it is: a store that ran the file would report "reloaded".
      const outcome = new Promise<unknown>((resolve) => {
        store.once("rejected", resolve);
        store.once("reloaded", () => resolve("reloaded"));
      });
      await writeFile(join(dir, "evil.md"), evil("js"));
      const event = (await outcome) as { problems: { file: string; reason: string }[] };
      expect(event.problems.map((p) => p.reason)).toEqual(["front matter in js is not read: only YAML"]);
      expect(store.current.documents.map((d) => d.title)).toEqual(["Rémunération"]);
      // A manual reload reads the folder again, evil file included.
      await store.reload();
    } finally {
      await store.close();
    }
  });
});

function run(
  script: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      env: { ...process.env, EIG_TODAY: "2026-11-24", KNOWLEDGE_DIR: "", INDEX_CACHE_DIR: "" },
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
    child.stdin.end();
  });
}

describe("the command lines never run a front matter", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await folder({
      "salaire.md": GOOD,
      "evil-js.md": evil("js"),
      "evil-javascript.md": evil("javascript"),
      "evil-coffee.md": evil("coffee"),
    });
  });

  it("npm run ask -- --knowledge DIR answers from the good file and names the refused ones", async () => {
    const { code, stdout, stderr } = await run("src/adapters/cli/main.ts", ["--knowledge", dir, "salaire ?"]);
    expect(code).toBe(0);
    expect(stdout).toContain("4 000 €");
    expect(stdout).not.toContain("mille briques");
    expect(stderr).toContain("evil-js.md:1");
    expect(stderr).toContain("front matter in js is not read: only YAML");
  });

  it("npm run check-knowledge reports each refused file as an error", async () => {
    const { code, stdout } = await run("src/knowledge/check-cli.ts", [dir]);
    expect(code).toBe(1);
    for (const language of ["js", "javascript", "coffee"]) {
      expect(stdout).toMatch(
        new RegExp(`evil-${language}\\.md:1: error: front matter in ${language} is not read: only YAML`),
      );
    }
  });
});
