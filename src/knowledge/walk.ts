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

/** Every Markdown file and folder under `dir`, in a stable order (names sorted in each folder). */
export async function walkKnowledgeFolder(dir: string): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  const seen = new Set<string>();
  async function visit(folder: string): Promise<void> {
    let real: string;
    try {
      real = await realpath(folder);
    } catch (error) {
      out.push({ type: "folder-error", path: folder, error: error as NodeJS.ErrnoException });
      return;
    }
    if (seen.has(real)) {
      out.push({ type: "loop", path: folder });
      return;
    }
    seen.add(real);
    const children = await readdir(folder, { withFileTypes: true });
    children.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of children) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
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
          out.push({ type: "link-error", path, error: error as NodeJS.ErrnoException, markdown });
          continue;
        }
      }
      if (isDir) {
        out.push({ type: "dir", path });
        await visit(path);
      } else if (isFile && markdown) {
        out.push({ type: "file", path });
      }
    }
  }
  await visit(dir);
  return out;
}
