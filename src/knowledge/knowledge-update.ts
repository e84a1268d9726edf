/**
 * A live reload that re-reads only the files that changed. At 10,000 passages, reading and
 * indexing the whole folder again takes seconds of CPU, most of it on the thread that answers;
 * an edit touches one file. So:
 *
 *   1. the folder is walked (walk.ts reads each level's folders at once) and every Markdown
 *      file's `stat` compared with the last accepted state (plus the paths the watcher
 *      reported): only new and changed files are read. Each step awaits once, not once per file
 *      or folder: under load, every await waits for the requests queued before it;
 *   2. the next KnowledgeBase is assembled in the loader's order (files in walk order, each
 *      document's passages in order), reusing the Passage and Document objects of unchanged
 *      files; a passage whose position moved is copied with its new id, so `kb.passages[p.id]
 *      === p` holds for every passage, in the new base as in the old one;
 *   3. défi promotions are inferred for the new documents (promotion-years.ts) when the
 *      promotions' start years are unchanged; facts are extracted for the new documents only
 *      (each document's are cached) and put together;
 *   4. then, in one synchronous step with the swap, the MiniSearch index is updated in place:
 *      the passages of changed and deleted files are discarded, the ids of moved passages are
 *      renumbered, and the new passages added.
 *
 * Step 4 mutates the index that the previous KnowledgeBase holds: that base is replaced in the
 * same tick, and answering is synchronous, so no question sees both. MiniSearch has no public
 * way to renumber a document, so `renumber()` rewrites its two id maps (MiniSearch 7's
 * `_documentIds` and `_idToShortId`; checked at run time, and the reload falls back to a full
 * build when they are not there). Discarded passages stay in MiniSearch's term tree until its
 * vacuum, started after the swap, removes them; until then their terms still count in
 * document frequencies, so scores differ from a fresh build in their last digits, and results
 * of equal score may come in another order than after a restart.
 *
 * A full build is done instead when there is no state yet, when the start years of the
 * promotions changed (every défi page may then belong elsewhere), or when most files changed.
 */
import { stat } from "node:fs/promises";
import { isAbsolute, relative, sep } from "node:path";
import type MiniSearch from "minisearch";
import { indexOptions } from "../search/index.js";
import { type DefiFact, extractFacts, type Facts } from "./facts.js";
import { loadKnowledgeFiles } from "./loader.js";
import { isDefiPage, promotionStartYears, yearOffset } from "./promotion-years.js";
import type { KnowledgeBase, KnowledgeDocument, LoadProblem, Passage } from "./types.js";
import { type WalkEntry, walkKnowledgeFolder } from "./walk.js";

/** What identifies a version of a file without reading it. */
function statKey(info: { size: number; mtimeMs: number; ctimeMs: number; ino: number }): string {
  return `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
}

/** A file's path as the loader shows it (relative to the working directory when inside it). */
function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : path;
}

/** The Markdown files of a folder with their stat keys, in the loader's order. */
export async function folderState(dir: string): Promise<Map<string, string>> {
  return (await walkWithState(dir)).files;
}

/** The folder's walk and its Markdown files' stat keys. */
async function walkWithState(dir: string): Promise<{ walk: WalkEntry[]; files: Map<string, string> }> {
  const walk = await walkKnowledgeFolder(dir);
  const paths = walk.filter((e) => e.type === "file").map((e) => e.path);
  // All at once: one turn of the event loop, not one per file (under load, a turn can be long).
  const keys = await Promise.all(paths.map(keyOf));
  return { walk, files: new Map(paths.map((path, i) => [path, keys[i] ?? "missing"])) };
}

/** The stat key of a file, or "missing" when it is gone: a changed file the loader will report, or not find. */
function keyOf(path: string): Promise<string> {
  return stat(path).then(statKey, () => "missing");
}

/** Each document's défi facts, with passage ids relative to its first passage. */
const factsCache = new WeakMap<KnowledgeDocument, { defis: DefiFact[]; promotions: number[] }>();

/**
 * `extractFacts` of the whole, from each document's own facts (cached per Document object, so
 * only new documents are read): extractFacts treats each document apart (its `seen` names are
 * per document) and unions the promotions, so the result is the same.
 */
function factsOf(documents: readonly KnowledgeDocument[], passages: readonly Passage[]): Facts {
  const byDoc = new Map<string, Passage[]>();
  for (const p of passages) {
    const own = byDoc.get(p.docId);
    if (own) own.push(p);
    else byDoc.set(p.docId, [p]);
  }
  const defis: DefiFact[] = [];
  const promotions = new Set<number>();
  for (const doc of documents) {
    const own = byDoc.get(doc.id) ?? [];
    const first = own[0]?.id ?? 0;
    let cached = factsCache.get(doc);
    if (!cached) {
      const facts = extractFacts(own, [doc]);
      cached = {
        defis: facts.defis.map((f) => ({ ...f, passageId: f.passageId - first })),
        promotions: facts.promotions,
      };
      factsCache.set(doc, cached);
    }
    for (const f of cached.defis) {
      const fact = { ...f, passageId: f.passageId + first };
      // A défi page's fact also carries its passage (facts.ts): the one at its new place.
      if ("passage" in fact) (fact as { passage?: Passage }).passage = passages[fact.passageId];
      defis.push(fact);
    }
    for (const p of cached.promotions) promotions.add(p);
  }
  return { defis, promotions: [...promotions].sort((a, b) => a - b) };
}

/** What the update needs to remember between reloads. */
export interface UpdateState {
  /** Each Markdown file's stat key when the current knowledge was built. */
  files: Map<string, string>;
  /** year − promotion of the current knowledge's start sentences, or undefined (see promotion-years.ts). */
  offset: number | undefined;
}

/** Memo: does this passage text state the start of a promotion? Most do not. */
const startsCache = new Map<string, boolean>();
const STARTS_CACHE_MAX = 500_000;

function statesStart(passage: Passage): boolean {
  let known = startsCache.get(passage.text);
  if (known === undefined) {
    known = promotionStartYears([passage]).size > 0;
    if (startsCache.size >= STARTS_CACHE_MAX) startsCache.clear();
    startsCache.set(passage.text, known);
  }
  return known;
}

/**
 * The offset that `inferDefiPromotions` would use for these passages: the same computation
 * (promotionStartYears reads each passage's text alone), on the passages that state a start.
 */
export function promotionOffset(passages: readonly Passage[]): number | undefined {
  return yearOffset(promotionStartYears(passages.filter(statesStart)));
}

/**
 * The state of `kb`, given its folder's files as they were just before it was read (a file that
 * changes while it is read then differs at the next reload).
 */
export function stateOf(kb: KnowledgeBase, files: Map<string, string>): UpdateState {
  return { files, offset: promotionOffset(kb.passages) };
}

/** MiniSearch's private id maps (version 7), which `renumber` rewrites. */
interface MiniSearchInternals {
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _options: { extractField: unknown };
}

function internals(index: MiniSearch<Passage>): MiniSearchInternals | undefined {
  const ms = index as unknown as Partial<MiniSearchInternals>;
  return ms._documentIds instanceof Map && ms._idToShortId instanceof Map && ms._options
    ? (ms as MiniSearchInternals)
    : undefined;
}

/** True when this MiniSearch can be updated in place (its internals are the ones known here). */
export function updatable(index: MiniSearch<Passage>): boolean {
  return internals(index) !== undefined;
}

/**
 * Gives documents of the index new ids (old id → new id), keeping everything they indexed. The
 * index's ids are the passages' ids as text (index.ts's `extractField`), as MiniSearch stores them.
 */
function renumber(ms: MiniSearchInternals, moves: Map<number, number>): void {
  if (moves.size === 0) return;
  for (const [shortId, id] of ms._documentIds) {
    const to = moves.get(Number(id));
    if (to !== undefined) ms._documentIds.set(shortId, String(to));
  }
  const inverse = new Map<unknown, number>();
  for (const [shortId, id] of ms._documentIds) inverse.set(id, shortId);
  ms._idToShortId = inverse;
}

export interface Update {
  /** The base to swap in. Its index is the current one, updated only by `apply()`. */
  next: KnowledgeBase;
  /** The state that goes with `next`. */
  state: UpdateState;
  /** Files read again (new or changed) and files gone. */
  read: string[];
  /** How long the synchronous part of preparing the update held the event loop, in ms. */
  blockedMs: number;
  removed: string[];
  /**
   * Updates the shared index for `next`. Call it in the same synchronous step as the swap, and
   * only when `next` is accepted. Returns MiniSearch's vacuum of the discarded passages.
   */
  apply(): Promise<void>;
}

/** Why an update cannot be done in place: a full build is needed. */
export type UpdateRefusal = { full: string };

export interface UpdateOptions {
  /** Paths the watcher reported: read again even if their stat looks the same. */
  changed?: Iterable<string>;
  /** Working directory for shown paths; the loader's default. */
  cwd?: string;
  /** More changed files than this share of the folder: a full build. Default 0.5. */
  maxChangedShare?: number;
}

export async function prepareUpdate(
  current: KnowledgeBase,
  state: UpdateState,
  options: UpdateOptions = {},
): Promise<Update | UpdateRefusal> {
  const ms = internals(current.index);
  if (!ms) return { full: "the index cannot be updated in place" };
  const cwd = options.cwd ?? process.cwd();
  const dir = current.dir;
  const forced = new Set(options.changed ?? []);
  const { walk, files } = await walkWithState(dir);
  const read = [...files]
    .filter(([path, key]) => state.files.get(path) !== key || forced.has(path))
    .map(([p]) => p);
  const removed = [...state.files.keys()].filter((path) => !files.has(path));
  if (read.length > Math.max(1, files.size * (options.maxChangedShare ?? 0.5))) {
    return { full: `${read.length} of ${files.size} files changed` };
  }

  const fresh = await loadKnowledgeFiles(dir, { only: new Set(read), cwd, walk });
  // From here to the return, one synchronous step: its length is `blockedMs`.
  const blockStart = performance.now();
  const readShown = new Set(read.map((p) => shownPath(p, cwd)));
  const goneShown = new Set([...readShown, ...removed.map((p) => shownPath(p, cwd))]);

  // Old contributions by file, for the files kept as they were.
  const oldDocByFile = new Map(current.documents.map((d) => [d.file, d]));
  const passagesByDoc = new Map<string, Passage[]>();
  const group = (list: readonly Passage[]) => {
    const byDoc = new Map<string, Passage[]>();
    for (const p of list) {
      const own = byDoc.get(p.docId) ?? [];
      own.push(p);
      byDoc.set(p.docId, own);
    }
    return byDoc;
  };
  for (const [docId, list] of group(current.passages)) passagesByDoc.set(docId, list);
  const freshByDoc = group(fresh.passages);
  const freshDocByFile = new Map(fresh.documents.map((d) => [d.file, d]));

  // Défi promotions: the start years of the new whole decide; unchanged, only new pages need them.
  const candidate: Passage[] = [];
  for (const path of files.keys()) {
    const shown = shownPath(path, cwd);
    const doc = readShown.has(shown) ? freshDocByFile.get(shown) : oldDocByFile.get(shown);
    if (!doc) continue;
    const own = (readShown.has(shown) ? freshByDoc : passagesByDoc).get(doc.id) ?? [];
    for (const p of own) candidate.push(p);
  }
  const offset = promotionOffset(candidate);
  if (offset !== state.offset) return { full: "the promotions' start years changed" };
  if (offset !== undefined) {
    for (const doc of fresh.documents) {
      if (doc.promotion !== undefined || !doc.date || !isDefiPage(doc)) continue;
      const promotion = Number(doc.date.slice(0, 4)) - offset;
      if (promotion < 1 || promotion > 20) continue;
      doc.promotion = promotion;
      doc.promotionInferred = true;
      for (const p of freshByDoc.get(doc.id) ?? []) p.promotion ??= promotion;
    }
  }

  // Assemble in the loader's order, numbering passages by position.
  const documents: KnowledgeDocument[] = [];
  const passages: Passage[] = [];
  const moves = new Map<number, number>();
  const added: Passage[] = [];
  const discarded: number[] = [];
  for (const doc of current.documents) {
    if (goneShown.has(doc.file)) for (const p of passagesByDoc.get(doc.id) ?? []) discarded.push(p.id);
  }
  for (const path of files.keys()) {
    const shown = shownPath(path, cwd);
    if (readShown.has(shown)) {
      const doc = freshDocByFile.get(shown);
      if (!doc) continue;
      documents.push(doc);
      for (const p of freshByDoc.get(doc.id) ?? []) {
        // A fresh object, read just now and seen by nobody else yet: numbered in place.
        p.id = passages.length;
        passages.push(p);
        added.push(p);
      }
    } else {
      const doc = oldDocByFile.get(shown);
      if (!doc) continue;
      documents.push(doc);
      for (const p of passagesByDoc.get(doc.id) ?? []) {
        const id = passages.length;
        if (p.id === id) passages.push(p);
        else {
          moves.set(p.id, id);
          passages.push({ ...p, id });
        }
      }
    }
  }

  // Problems: the walk's, fresh; the kept files' own, as they were; the files read, fresh.
  const keptFiles = new Set([...files.keys()].map((p) => shownPath(p, cwd)).filter((f) => !readShown.has(f)));
  const walkProblems = fresh.problems.filter((p) => !readShown.has(p.file));
  const fileProblems = new Map<string, LoadProblem[]>();
  for (const p of current.problems) {
    if (!keptFiles.has(p.file)) continue;
    fileProblems.set(p.file, [...(fileProblems.get(p.file) ?? []), p]);
  }
  for (const p of fresh.problems) {
    if (!readShown.has(p.file)) continue;
    fileProblems.set(p.file, [...(fileProblems.get(p.file) ?? []), p]);
  }
  const problems = [...walkProblems];
  for (const path of files.keys()) problems.push(...(fileProblems.get(shownPath(path, cwd)) ?? []));
  const skippedSet = new Set([...current.skipped.filter((f) => keptFiles.has(f)), ...fresh.skipped]);
  const skipped = [...files.keys()].map((p) => shownPath(p, cwd)).filter((f) => skippedSet.has(f));

  const byId = new Map(documents.map((d) => [d.id, d]));
  const facts = factsOf(documents, passages);
  const next: KnowledgeBase = {
    dir,
    documents,
    byId,
    passages,
    index: current.index,
    facts,
    problems,
    skipped,
    loadedAt: new Date(),
  };
  let applied = false;
  return {
    next,
    state: { files, offset },
    blockedMs: performance.now() - blockStart,
    read,
    removed,
    apply: () => {
      if (applied) throw new Error("knowledge update: apply() was already called for this update");
      applied = true;
      const index = current.index;
      for (const id of discarded) index.discard(String(id));
      renumber(ms, moves);
      // The title field reads each passage's document: the new ones.
      ms._options = { ...ms._options, extractField: indexOptions(byId).extractField };
      for (const p of added) index.add(p);
      if (discarded.length === 0) return Promise.resolve();
      return index.vacuum({ batchSize: 2000, batchWait: 5 }).then(() => undefined);
    },
  };
}
