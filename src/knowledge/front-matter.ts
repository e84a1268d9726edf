/**
 * Front matter: parsed by gray-matter with js-yaml's CORE schema (so `date: 2018-01-15 23:00 +01:00`
 * stays the day that was written instead of becoming a UTC instant), then checked with a zod
 * schema. Unknown keys are kept: Jekyll sites carry many.
 */
import matter from "gray-matter";
import * as yaml from "js-yaml";
import { z } from "zod";

/** Front matter keys whose text is content (searched and quotable), not layout. */
export const CONTENT_KEYS = [
  "description",
  "chapeau-text",
  "chapeau",
  "summary",
  "excerpt",
  "subtitle",
  "sous-titre",
  "intro",
  "lead",
  "resume",
  "résumé",
  "abstract",
] as const;

const dateLike = z.union([z.string(), z.date(), z.number()]).optional();

/** What the loader relies on; everything else passes through untouched. */
export const frontMatterSchema = z
  .object({
    title: z.string().trim().min(1, "title is empty").optional(),
    date: dateLike,
    event_date: dateLike,
    url: z.string().trim().optional(),
    source_url: z.string().trim().optional(),
    permalink: z.string().trim().optional(),
    kind: z.string().trim().optional(),
    layout: z.string().trim().optional(),
    promotion: z.union([z.number().int().min(1).max(20), z.string().regex(/^\d{1,2}$/)]).optional(),
    published: z.boolean().optional(),
    lang: z.string().optional(),
  })
  .passthrough();

export type FrontMatter = z.infer<typeof frontMatterSchema>;

export interface ParsedFile {
  data: FrontMatter;
  /** The Markdown body. */
  content: string;
  /** Number of lines before the body, so body line N is file line N + bodyLineOffset. */
  bodyLineOffset: number;
}

export class FrontMatterError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = "FrontMatterError";
  }
}

const yamlEngine = {
  parse: (source: string): object => (yaml.load(source, { schema: yaml.CORE_SCHEMA }) ?? {}) as object,
};

export function parseFrontMatter(source: string): ParsedFile {
  let file: matter.GrayMatterFile<string>;
  try {
    // A fresh options object each time: gray-matter caches results by input otherwise.
    file = matter(source, { engines: { yaml: yamlEngine } });
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      // gray-matter hands js-yaml the text from the end of the opening "---" line, so js-yaml's
      // 0-based line N is file line N + 1.
      const line = error.mark ? error.mark.line + 1 : undefined;
      throw new FrontMatterError(`invalid YAML front matter: ${error.reason}`, line);
    }
    throw new FrontMatterError(`invalid front matter: ${(error as Error).message}`);
  }
  if (typeof file.data !== "object" || file.data === null || Array.isArray(file.data)) {
    throw new FrontMatterError("front matter must be a YAML mapping (key: value lines)", 2);
  }
  const checked = frontMatterSchema.safeParse(file.data);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const key = issue?.path.join(".") ?? "?";
    throw new FrontMatterError(`front matter field "${key}": ${issue?.message ?? "invalid"}`);
  }
  const offsetChars = source.length - file.content.length;
  const bodyLineOffset = offsetChars > 0 ? source.slice(0, offsetChars).split("\n").length - 1 : 0;
  return { data: checked.data, content: file.content, bodyLineOffset };
}

/** An ISO day from a front matter date ("2019-02-28 17:11:00 +01:00" → "2019-02-28"). */
export function isoDay(value: unknown): string | undefined {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value !== "string") return undefined;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(value.trim());
  if (!m) return undefined;
  const day = `${m[1]}-${m[2]?.padStart(2, "0")}-${m[3]?.padStart(2, "0")}`;
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day ? undefined : day;
}

/**
 * A day read from a Jekyll-style file name: "2019-01-01-cibnav.md" or the short "18-07-27-x.md".
 * Returns undefined when the name carries no valid date.
 */
export function dayFromFileName(name: string): string | undefined {
  const m = /^(\d{4}|\d{2})-(\d{2})-(\d{2})-/.exec(name);
  if (!m?.[1]) return undefined;
  const year = m[1].length === 2 ? `20${m[1]}` : m[1];
  return isoDay(`${year}-${m[2]}-${m[3]}`);
}
