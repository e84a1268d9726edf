/**
 * Front matter: parsed by gray-matter with js-yaml's CORE schema (so `date: 2018-01-15 23:00 +01:00`
 * stays the day that was written instead of becoming a UTC instant), then checked with a zod
 * schema. Unknown keys are kept: Jekyll sites carry many.
 *
 * Knowledge files are data, never code. gray-matter picks a parser from the word after the
 * opening delimiter (`---js`, `---coffee`…) and its `javascript` engine runs the block through
 * `eval`. So only YAML is ever parsed here:
 *   - the language word is read first (as gray-matter reads it) and anything but `yaml`, `yml`
 *     or `json` is refused with "front matter in js is not read: only YAML", on line 1, before
 *     gray-matter sees the text;
 *   - gray-matter gets engines for every name it knows (and its aliases, in any case) that
 *     refuse, so even a path around the check above never reaches `eval` or `require`;
 *   - `---json` is read by the YAML engine: YAML is a superset of JSON, so a JSON object parses
 *     to the same mapping, with no other parser involved.
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

/** Front matter languages that are read, all by the YAML engine (JSON is a subset of YAML). */
const YAML_LANGUAGES: ReadonlySet<string> = new Set(["", "yaml", "yml", "json"]);

/** The message for a front matter written in another language than YAML. */
export function notYamlMessage(language: string): string {
  return `front matter in ${language} is not read: only YAML`;
}

/** An engine that never parses: gray-matter's own engines for these names run code. */
function refusing(language: string) {
  return {
    parse: (): object => {
      throw new FrontMatterError(notYamlMessage(language), 1);
    },
  };
}

/**
 * Every engine name gray-matter has or aliases (lib/engines.js, lib/engine.js), so its defaults
 * (`javascript` is `eval`) are never used. Names are looked up as written, then by alias.
 */
const ENGINES = {
  yaml: yamlEngine,
  yml: yamlEngine,
  json: yamlEngine,
  javascript: refusing("javascript"),
  js: refusing("js"),
  coffee: refusing("coffee"),
  coffeescript: refusing("coffeescript"),
  cson: refusing("cson"),
};

/**
 * The language word after the opening "---", as gray-matter reads it (the rest of the first line,
 * trimmed), or "" when there is none or no front matter at all.
 */
export function frontMatterLanguage(source: string): string {
  if (!source.startsWith("---") || source.charAt(3) === "-") return "";
  const rest = source.slice(3);
  const end = rest.search(/\r?\n/);
  return (end === -1 ? rest : rest.slice(0, end)).trim();
}

export function parseFrontMatter(original: string): ParsedFile {
  const language = frontMatterLanguage(original);
  if (!YAML_LANGUAGES.has(language.toLowerCase())) throw new FrontMatterError(notYamlMessage(language), 1);
  // "---json" or "---YAML": the word is dropped so gray-matter takes the YAML engine whatever the
  // spelling; the line count, hence every line number, stays the same.
  const source = language ? `---${original.slice(original.indexOf(language) + language.length)}` : original;
  let file: matter.GrayMatterFile<string>;
  try {
    // A fresh options object each time: gray-matter caches results by input otherwise.
    file = matter(source, { language: "yaml", engines: { ...ENGINES } });
  } catch (error) {
    if (error instanceof FrontMatterError) throw error;
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
