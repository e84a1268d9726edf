/**
 * No number or date in an answer that its cited passages (or their sources' titles and dates) do
 * not hold: every answered question of the public set and of the project's own questions, both
 * halves, on their knowledge folders. A figure the engine composed, inferred or carried over from
 * another passage fails here with the question and the answer.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { answer } from "../../src/answer/answer.js";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import { TODAY } from "../helpers/knowledge.js";

const own = "tests/fixtures/eval/own";
const questions = (file: string): string[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { q: string }).q);
const faq = existsSync("../shared/corpus/faq-administrations")
  ? "../shared/corpus/faq-administrations"
  : "tests/fixtures/eval/faq-administrations";

const SETS: [string, string[]][] = [
  [
    "knowledge",
    [
      "tests/fixtures/eval/questions.public.jsonl",
      `${own}/knowledge.dev.jsonl`,
      `${own}/knowledge.heldout.jsonl`,
    ],
  ],
  ["tests/fixtures/site-eig", [`${own}/site-eig.dev.jsonl`, `${own}/site-eig.heldout.jsonl`]],
  [
    faq,
    [
      "tests/fixtures/eval/questions.faq-admin.jsonl",
      `${own}/faq-admin.dev.jsonl`,
      `${own}/faq-admin.heldout.jsonl`,
    ],
  ],
];

describe("every figure of an answer is in its sources", () => {
  for (const [dir, files] of SETS) {
    it(`on ${dir}`, async () => {
      const kb = await loadKnowledge(dir, { indexCache: false });
      const unfounded: string[] = [];
      for (const q of files.flatMap(questions)) {
        const a = answer(q, kb, { today: TODAY });
        if (!a.answered) continue;
        const held = [...a.quotes.map((x) => x.text), ...a.sources.map((s) => `${s.title} ${s.date ?? ""}`)]
          .join(" ")
          .replace(/\s/g, "");
        // Names quoted in the text (« Foire aux questions — administrations (2018) », the closest
        // section of a refusal) are titles, not figures.
        const figures = a.text.replace(/«[^»]*»|“[^”]*”/g, " ");
        const missing = (figures.match(/\d+/g) ?? []).filter(
          (n) => !held.includes(n) && !(a.promotion !== undefined && n === String(a.promotion)),
        );
        if (missing.length > 0) unfounded.push(`${missing.join(",")} | ${q} | ${a.text.slice(0, 160)}`);
      }
      expect(unfounded).toEqual([]);
    }, 120_000);
  }
});
