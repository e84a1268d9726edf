/**
 * README.md is what a newcomer reads first: its two set-up commands are the ones the project
 * runs, its internal links land on a heading, and every configuration variable the code reads is
 * documented both there and in .env.example.
 */
import { readFile } from "node:fs/promises";
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
    const outsideCode = readme.replace(/```[\s\S]*?```/g, "");
    const anchors = new Set(
      [...outsideCode.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug((m[1] ?? "").trim())),
    );
    const links = [...outsideCode.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1] ?? "");
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(anchors, `#${link}`).toContain(link);
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
