/**
 * The one walk of a knowledge folder, shared by the loader (which reads the files) and the
 * persisted index (which fingerprints them, and must see exactly the same files without importing
 * the parsers). Hidden names and node_modules are left out; symbolic links are followed, a folder
 * reached twice (a link back to a parent) is reported once as a loop and not read again.
 */
import { readdir, realpath, stat } from "node:fs/promises";
import { extname, join } from "node:path";

export const MARKDOWN_EXTENSIONS: ReadonlySet<string> = new Set([".md", ".markdown", ".mdown", ".mkd"]);

export type WalkEntry =
  | { type: "file"; path: string }
  | { type: "dir"; path: string }
  | { type: "folder-error"; path: string; error: NodeJS.ErrnoException }
  | { type: "loop"; path: string }
  | { type: "link-error"; path: string; error: NodeJS.ErrnoException; markdown: boolean };

/** A folder as read: its real path, and its entries (folders read in turn). */
interface FolderNode {
  path: string;
  real?: string;
  error?: NodeJS.ErrnoException;
  children?: ChildNode[];
}

type ChildNode =
  | { kind: "dir"; path: string; node: FolderNode }
  | { kind: "file"; path: string; markdown: boolean }
  | { kind: "link-error"; path: string; error: NodeJS.ErrnoException; markdown: boolean };

/** Deeper than this, a folder is not read (a chain of links, not a real tree). */
const MAX_DEPTH = 64;

/**
 * Reads the tree, every folder's children at once: the walk takes as many turns of the event
 * loop as the tree is deep, not one per folder (under load a turn waits for the requests queued
 * before it; the live reload walks the folder at each edit). A folder whose real path is one of
 * its ancestors' (a link back up) is not read: it is a loop.
 */
async function gather(folder: string, ancestors: ReadonlySet<string>, depth: number): Promise<FolderNode> {
  let real: string;
  try {
    real = await realpath(folder);
  } catch (error) {
    return { path: folder, error: error as NodeJS.ErrnoException };
  }
  if (ancestors.has(real) || depth > MAX_DEPTH) return { path: folder, real };
  const inner = new Set(ancestors).add(real);
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const children = await Promise.all(
    entries
      .filter((entry) => !entry.name.startsWith(".") && entry.name !== "node_modules")
      .map(async (entry): Promise<ChildNode | undefined> => {
        const path = join(folder, entry.name);
        const markdown = MARKDOWN_EXTENSIONS.has(extname(entry.name).toLowerCase());
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          try {
            const target = await stat(path);
            isDir = target.isDirectory();
            isFile = target.isFile();
          } catch (error) {
            return { kind: "link-error", path, error: error as NodeJS.ErrnoException, markdown };
          }
        }
        if (isDir) return { kind: "dir", path, node: await gather(path, inner, depth + 1) };
        if (isFile) return { kind: "file", path, markdown };
        return undefined;
      }),
  );
  return { path: folder, real, children: children.filter((c): c is ChildNode => c !== undefined) };
}

/** The entries of a read tree, depth first in name order; a folder met twice is a loop, once. */
function emit(node: FolderNode, out: WalkEntry[], seen: Set<string>): void {
  if (node.error || node.real === undefined) {
    out.push({ type: "folder-error", path: node.path, error: node.error as NodeJS.ErrnoException });
    return;
  }
  if (seen.has(node.real)) {
    out.push({ type: "loop", path: node.path });
    return;
  }
  seen.add(node.real);
  for (const child of node.children ?? []) {
    if (child.kind === "link-error") {
      out.push({ type: "link-error", path: child.path, error: child.error, markdown: child.markdown });
    } else if (child.kind === "dir") {
      out.push({ type: "dir", path: child.path });
      emit(child.node, out, seen);
    } else if (child.markdown) {
      out.push({ type: "file", path: child.path });
    }
  }
}

/** Every Markdown file and folder under `dir`, in a stable order (names sorted in each folder). */
export async function walkKnowledgeFolder(dir: string): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  emit(await gather(dir, new Set(), 0), out, new Set());
  return out;
}
