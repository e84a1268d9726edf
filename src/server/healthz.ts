/**
 * `GET /healthz`: is the bot up, and what does it know right now. Always 200 while the process
 * serves (a monitor restarting the bot would not fix a knowledge folder). `status` is "ok" only
 * when the knowledge is whole: it says "degraded", with the reasons in `reasons`, when no
 * document is loaded, when the last edit of the knowledge was refused (the last good knowledge
 * keeps answering) or when a file is left out (skipped for an error). A monitor that reads only
 * `status` notices all three; `lastReloadRejected` tells staff why their last edit is not showing.
 */
import type { FastifyInstance } from "fastify";
import type { Rejection } from "../knowledge/knowledge-store.js";
import type { KnowledgeBase } from "../knowledge/types.js";

export interface HealthSource {
  knowledge(): KnowledgeBase;
  rejection?(): Rejection | undefined;
  watching?(): boolean;
}

export interface Health {
  status: "ok" | "degraded";
  /** Why `status` is "degraded", one line each ("knowledge/x.md is left out: …"); empty when ok. */
  reasons: string[];
  documents: number;
  passages: number;
  /** ISO time the answering knowledge was built. */
  loadedAt: string;
  /** Knowledge problems (skipped files and fallbacks) in the answering knowledge. */
  problems: number;
  /** True when edits under the knowledge folder are picked up live. */
  watching: boolean;
  /** Present when the last reload was refused: the last good knowledge is still answering. */
  lastReloadRejected?: { at: string; problems: { file: string; line?: number; reason: string }[] };
  uptimeSeconds: number;
}

function where(p: { file: string; line?: number }): string {
  return p.line === undefined ? p.file : `${p.file}:${p.line}`;
}

export function health(source: HealthSource): Health {
  const kb = source.knowledge();
  const rejection = source.rejection?.();
  const reasons: string[] = [];
  if (kb.documents.length === 0) reasons.push(`no document is loaded from ${kb.dir}`);
  for (const p of rejection?.problems ?? []) {
    reasons.push(`the last edit was refused (the last good knowledge answers): ${where(p)}: ${p.reason}`);
  }
  for (const p of kb.problems) {
    if (p.severity === "error") reasons.push(`${where(p)} is left out: ${p.reason}`);
  }
  return {
    status: reasons.length === 0 ? "ok" : "degraded",
    reasons,
    documents: kb.documents.length,
    passages: kb.passages.length,
    loadedAt: kb.loadedAt.toISOString(),
    problems: kb.problems.length,
    watching: source.watching?.() ?? false,
    ...(rejection
      ? {
          lastReloadRejected: {
            at: rejection.at.toISOString(),
            problems: rejection.problems.map(({ file, line, reason }) => ({ file, line, reason })),
          },
        }
      : {}),
    uptimeSeconds: Math.round(process.uptime()),
  };
}

export function registerHealthz(server: FastifyInstance, source: HealthSource): void {
  server.get("/healthz", async (_request, reply) => {
    reply.header("cache-control", "no-store");
    return health(source);
  });
}
