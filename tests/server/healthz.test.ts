/**
 * An honest /healthz: `status` is "degraded" (still HTTP 200) while the last edit of the
 * knowledge was refused or a file is left out, with the reason, and "ok" again once fixed.
 */
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import type { Health } from "../../src/server/healthz.js";
import {
  type Fixture,
  fixtureKnowledge,
  GARDEN_FILE,
  gardenDoc,
  otterDoc,
  startTestServer,
  type TestServer,
} from "./helpers.js";

const BROKEN = '---\ntitle: "Note du jardin\ndate: [2024\n---\n# Le jardin\n\nLe code est rhubarbe.\n';

let fixture: Fixture | undefined;
let app: TestServer | undefined;
afterEach(async () => {
  await app?.close();
  await fixture?.cleanup();
  app = undefined;
  fixture = undefined;
});

async function health(): Promise<{ code: number; body: Health }> {
  const response = await fetch(`${app?.url}/healthz`);
  return { code: response.status, body: (await response.json()) as Health };
}

describe("GET /healthz tells a refused edit and a skipped file", () => {
  it("is degraded while the last edit is refused, and ok once it is fixed", async () => {
    fixture = await fixtureKnowledge();
    app = await startTestServer({ knowledgeDir: fixture.dir });
    expect(await health()).toMatchObject({ code: 200, body: { status: "ok", reasons: [] } });

    const rejected = once(app.store, "rejected");
    await fixture.write(GARDEN_FILE, BROKEN);
    await app.store.reload();
    await rejected;
    const refused = await health();
    expect(refused.code).toBe(200);
    expect(refused.body.status).toBe("degraded");
    expect(refused.body.reasons).toHaveLength(1);
    expect(refused.body.reasons[0]).toMatch(
      /^the last edit was refused \(the last good knowledge answers\): .*jardin\.md(:\d+)?: .+/,
    );
    expect(refused.body.lastReloadRejected?.problems[0]?.file).toMatch(/jardin\.md$/);

    const reloaded = once(app.store, "reloaded");
    await fixture.write(GARDEN_FILE, gardenDoc());
    await app.store.reload();
    await reloaded;
    expect(await health()).toMatchObject({ code: 200, body: { status: "ok", reasons: [] } });
  });

  it("is degraded while a file is left out, even when it was broken from the start", async () => {
    fixture = await fixtureKnowledge({ [GARDEN_FILE]: BROKEN, "observatoire.md": otterDoc() });
    app = await startTestServer({ knowledgeDir: fixture.dir });
    const skipped = await health();
    expect(skipped.code).toBe(200);
    expect(skipped.body).toMatchObject({ status: "degraded", documents: 1, problems: 1 });
    expect(skipped.body.reasons).toEqual([expect.stringMatching(/jardin\.md(:\d+)? is left out: .+/)]);

    const reloaded = once(app.store, "reloaded");
    await fixture.write(GARDEN_FILE, gardenDoc());
    await app.store.reload();
    await reloaded;
    expect(await health()).toMatchObject({ code: 200, body: { status: "ok", documents: 2, problems: 0 } });
  });
});
