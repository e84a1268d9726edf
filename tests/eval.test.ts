/**
 * Answer quality, run inside the suite with floors: the scorer drives the command line exactly as
 * the external judge does (`npm run -s ask -- --jsonl`). The floors guard against regressions;
 * they are not targets. The held-out halves are written blind and measured only (see
 * docs/development.md, "How it answers").
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The evaluation outside the repository when present (it may be newer), else the copy in fixtures.
const dir = existsSync("../shared/eval/score.mjs") ? "../shared/eval" : "tests/fixtures/eval";
const faqFolder = existsSync("../shared/corpus/faq-administrations")
  ? "../shared/corpus/faq-administrations"
  : "tests/fixtures/eval/faq-administrations";

function score(questions: string, knowledge?: string): { score: number; output: string } {
  const run = spawnSync(
    process.execPath,
    [
      `${dir}/score.mjs`,
      "--questions",
      questions,
      "--project",
      ".",
      ...(knowledge ? ["--knowledge", knowledge] : []),
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
  return { score: Number(/score ([\d.]+)/.exec(run.stdout)?.[1]), output: run.stdout + run.stderr };
}

describe("answer quality", () => {
  it("scores at least 0.95 on the public questions", () => {
    const { score: s, output } = score(`${dir}/questions.public.jsonl`);
    expect(s, output).toBeGreaterThanOrEqual(0.95);
  }, 120_000);

  it("scores at least 0.9 on the FAQ questions, over the FAQ for administrations alone", () => {
    const { score: s, output } = score(`${dir}/questions.faq-admin.jsonl`, faqFolder);
    expect(s, output).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  /** The project's own sets (tests/fixtures/eval/own.mjs prints them all): floors per set and half. */
  const FLOORS: Record<string, { dev: number; heldout: number }> = {
    knowledge: { dev: 0.75, heldout: 0.45 },
    "site-eig": { dev: 0.5, heldout: 0.3 },
    "faq-admin": { dev: 0.6, heldout: 0.45 },
    "other-rules": { dev: 0.75, heldout: 0.5 },
  };
  it("keeps its floors on the project's own questions, both halves", () => {
    const run = spawnSync(process.execPath, ["tests/fixtures/eval/own.mjs", "--half", "both", "--json"], {
      encoding: "utf8",
      timeout: 600_000,
    });
    const line = run.stdout.trim().split("\n").pop() ?? "[]";
    const results = JSON.parse(line) as { set: string; half: "dev" | "heldout"; score: number }[];
    expect(results.length, run.stdout + run.stderr).toBe(8);
    for (const r of results)
      expect(r.score, `${r.set} ${r.half}`).toBeGreaterThanOrEqual(FLOORS[r.set]?.[r.half] ?? 1);
  }, 600_000);
});
