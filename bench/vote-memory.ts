/**
 * Heap used by the vote record (src/answer/votes.ts) when full at its default bounds:
 *
 *   node --expose-gc --import tsx bench/vote-memory.ts
 */
import { VOTE_DEFAULTS, VoteLedger } from "../src/answer/votes.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("vote-memory: run with node --expose-gc");
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const keep: VoteLedger[] = [];

let before = heap();
const votes = new VoteLedger({ secret: "bench" });
keep.push(votes);
for (let i = 0; i < VOTE_DEFAULTS.maxVotes; i++)
  votes.vote(votes.issueId(), `slack:${i.toString(16).padStart(16, "0")}`);
console.log(`${VOTE_DEFAULTS.maxVotes} votes: ${mb(heap() - before)}`);

for (const [name, question, sources] of [
  [
    "long",
    (i: number) => `Question numéro ${i} `.repeat(12),
    (i: number) => [
      `Règlement de la promotion ${i % 7} — Article 2 : Conditions d'éligibilité`,
      `Article ${i} — Section`,
      `FAQ ${i}`,
    ],
  ],
  ["usual", (i: number) => `Quel est le salaire ${i} ?`, () => ["Règlement — Article 2"]],
] as const) {
  before = heap();
  const records = new VoteLedger({ secret: "bench" });
  keep.push(records);
  for (let i = 0; i < VOTE_DEFAULTS.maxRecords; i++) {
    records.record(records.issueId(), { question: question(i), kind: "amount", sources: [...sources(i)] });
  }
  console.log(`${VOTE_DEFAULTS.maxRecords} answer records (${name} questions): ${mb(heap() - before)}`);
}
console.log(keep.map((k) => k.size));
