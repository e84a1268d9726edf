/**
 * README.md is what a newcomer reads first: its two set-up commands are the ones the project
 * runs, and every configuration variable the code reads is documented both there and in
 * .env.example. It links to one guide per reader (docs/*.md, bench/README.md); in all of them,
 * every relative link lands on a file that exists, and every anchor on a heading of its page.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, normalize } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

let readme: string;
let envExample: string;
let configSource: string;

beforeAll(async () => {
  [readme, envExample, configSource] = await Promise.all([
    readFile("README.md", "utf8"),
    readFile(".env.example", "utf8"),
    readFile("src/config.ts", "utf8"),
  ]);
});

/** The text outside fenced code blocks, where links are links. */
function outsideCode(markdown: string): string {
  return markdown.replace(/```[\s\S]*?```/g, "");
}

/** The anchors of a Markdown page's headings, as GitHub makes them. */
function headingAnchors(markdown: string): Set<string> {
  return new Set(
    [...outsideCode(markdown).matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug((m[1] ?? "").trim())),
  );
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

describe("README.md", () => {
  it("gives exactly the two commands: install and run, then test", () => {
    const quickStart = readme.split("## Quick start")[1]?.split("\n## ")[0] ?? "";
    const commands = [...quickStart.matchAll(/^(npm [^#\n]*?)\s*(#|$)/gm)].map((m) => m[1]);
    expect(commands).toEqual(["npm install && npm start", "npm test"]);
  });

  it("links only to headings that exist", () => {
    const links = [...outsideCode(readme).matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1] ?? "");
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(headingAnchors(readme), `#${link}`).toContain(link);
  });

  it("links each reader to their guide", () => {
    for (const guide of [
      "docs/slack.md",
      "docs/mattermost.md",
      "docs/staff.md",
      "docs/knowledge.md",
      "docs/web-chat.md",
      "docs/development.md",
      "bench/README.md",
    ]) {
      expect(readme, guide).toContain(`](${guide}`);
    }
  });

  it("has a Deploy section with a service manager unit, HOST, TRUST_PROXY and PUBLIC_URL", () => {
    const deploy = readme.split("\n## Deploy\n")[1]?.split("\n## ")[0] ?? "";
    expect(deploy).toContain("[Service]");
    expect(deploy).toContain("ExecStart=");
    for (const name of ["HOST", "TRUST_PROXY", "PUBLIC_URL"]) expect(deploy, name).toContain(name);
  });

  it("documents every variable the configuration reads, as does .env.example", () => {
    const list = configSource.match(/Object\.fromEntries\(\s*\[([\s\S]*?)\]\.map/)?.[1] ?? "";
    const variables = [...list.matchAll(/"([A-Z_]+)"/g)].map((m) => m[1] ?? "");
    expect(variables.length).toBeGreaterThan(15);
    for (const name of variables) {
      expect(readme, name).toContain(`\`${name}\``);
      expect(envExample, name).toMatch(new RegExp(`^#? ?${name}=`, "m"));
    }
  });
});

describe("the guides linked from README.md", () => {
  it("have no dead relative link or anchor, in README.md, docs/*.md and bench/README.md", async () => {
    const docs = (await readdir("docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`);
    const pages = ["README.md", "bench/README.md", ...docs];
    expect(docs.length).toBeGreaterThanOrEqual(6);
    let checked = 0;
    for (const page of pages) {
      const text = await readFile(page, "utf8");
      const targets = [...outsideCode(text).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "");
      for (const target of targets) {
        if (/^[a-z]+:/i.test(target)) continue; // https:, mailto: — not ours to check
        const [path = "", anchor] = target.split("#");
        const file = path === "" ? page : normalize(join(dirname(page), decodeURI(path)));
        expect(existsSync(file), `${page}: ${target} (no file ${file})`).toBe(true);
        if (anchor !== undefined && file.endsWith(".md")) {
          const anchors = headingAnchors(await readFile(file, "utf8"));
          expect(anchors, `${page}: ${target}`).toContain(anchor);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("keep the staff guide in French", async () => {
    const staff = await readFile("docs/staff.md", "utf8");
    expect(staff).toMatch(/^# Guide de l'équipe du programme/);
    expect(staff).toContain("Ce qui est enregistré");
  });
});
