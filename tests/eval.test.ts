/**
 * The public answer-quality evaluation, run inside the suite with a floor: the scorer drives the
 * command line exactly as the external judge does (`npm run -s ask -- --jsonl`).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The evaluation outside the repository when present (it may be newer), else the copy in fixtures.
const dir = existsSync("../shared/eval/score.mjs") ? "../shared/eval" : "tests/fixtures/eval";
const FLOOR = 0.92;

describe("public evaluation", () => {
  it(`scores at least ${FLOOR} on ${dir}/questions.public.jsonl`, () => {
    const run = spawnSync(
      process.execPath,
      [`${dir}/score.mjs`, "--questions", `${dir}/questions.public.jsonl`, "--project", "."],
      {
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    const score = Number(/score ([\d.]+)/.exec(run.stdout)?.[1]);
    expect(score, run.stdout + run.stderr).toBeGreaterThanOrEqual(FLOOR);
  }, 120_000);
});
