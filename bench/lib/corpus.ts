/**
 * Synthetic knowledge folders of about N passages, made deterministically (seeded PRNG) from the
 * real programme website (tests/fixtures/site-eig): its words, sentences, headings and titles,
 * and the shipped rules' table headers.
 *
 *   - Text: an order-1 Markov chain over the website's words (so word frequencies and the
 *     vocabulary look like the real corpus'), plus 2 % invented words (the prefix of one real
 *     word and the suffix of another) so that the vocabulary keeps growing with size as real
 *     text does.
 *   - Structure, per file: front matter (title, date, layout, sometimes a description), 2 to 5
 *     sections (`##` heading, sometimes a `###`), 1 to 4 paragraphs of 1 to 4 sentences, often a
 *     list (some items with a bold lead), sometimes a GFM table.
 *
 * File k is the same whatever the size, so the 1,000-passage folder is the start of the
 * 10,000-passage one. Folders are cached under bench/.cache/corpus (git-ignored) with a marker
 * naming the generator's version; they are made again when this file changes.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadKnowledgeFiles } from "../../src/knowledge/loader.js";
import { Random } from "./random.js";

export interface Vocabulary {
  /** Sentence-opening words, with repeats (frequency-weighted). */
  starts: string[];
  /** Next words of each word, with repeats. */
  next: Map<string, string[]>;
  /** Real words of five letters or more, for invented words. */
  longWords: string[];
  headings: string[];
  titles: string[];
  tableHeaders: string[][];
}

export interface CorpusInfo {
  dir: string;
  files: number;
  /** Passages as written by the generator (the loader finds the same number). */
  passages: number;
  generatedMs: number;
  reused: boolean;
}

const SEED = 20_181_015;
const MARKOV_MAX_WORDS = 40;

/** Characters that would change the Markdown structure (tables, emphasis, links, HTML, Liquid). */
const MARKDOWN_CHARS = /[|#*_[\]<>`{}~\\]/g;

function clean(token: string): string {
  return token.replace(MARKDOWN_CHARS, "");
}

/** Words that must not open a line: they would start a list, a quote or a thematic break. */
function badOpener(token: string): boolean {
  return /^(\d+[.)]|[-+=]+|:)$/.test(token) || token === "";
}

export async function readVocabulary(siteDir: string, rulesDir: string): Promise<Vocabulary> {
  const site = await loadKnowledgeFiles(resolve(siteDir));
  const rules = await loadKnowledgeFiles(resolve(rulesDir));
  const starts: string[] = [];
  const next = new Map<string, string[]>();
  const longWords = new Set<string>();
  for (const passage of site.passages) {
    if (passage.type === "title" || passage.type === "heading") continue;
    for (const sentence of passage.text.split(/(?<=[.!?])\s+/)) {
      const tokens = sentence.split(/\s+/).map(clean).filter(Boolean);
      if (tokens.length < 3) continue;
      if (!badOpener(tokens[0] as string)) starts.push(tokens[0] as string);
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i] as string;
        const following = tokens[i + 1];
        if (following !== undefined) {
          const list = next.get(token) ?? [];
          list.push(following);
          next.set(token, list);
        }
        const word = token.toLowerCase().replace(/[^\p{L}]/gu, "");
        if (word.length >= 5) longWords.add(word);
      }
    }
  }
  const headings = site.passages
    .filter((p) => p.type === "heading")
    .map((p) => clean(p.text).trim())
    .filter(Boolean);
  const titles = site.documents.map((d) => clean(d.title).trim()).filter(Boolean);
  const seen = new Set<string>();
  const tableHeaders: string[][] = [];
  for (const p of rules.passages) {
    const header = p.table?.header.map(clean).filter(Boolean);
    if (header && header.length >= 2 && !seen.has(header.join("|"))) {
      seen.add(header.join("|"));
      tableHeaders.push(header);
    }
  }
  if (tableHeaders.length === 0) tableHeaders.push(["Nom", "Description"]);
  return { starts, next, longWords: [...longWords].sort(), headings, titles, tableHeaders };
}

/** Writes one file's Markdown; returns it and the number of passages it holds. */
export function makeDocument(
  vocab: Vocabulary,
  index: number,
): { name: string; text: string; passages: number } {
  const rng = new Random(SEED ^ Math.imul(index + 1, 0x9e3779b1));
  const invent = (): string => {
    const a = rng.pick(vocab.longWords);
    const b = rng.pick(vocab.longWords);
    return a.slice(0, rng.int(3, 5)) + b.slice(-rng.int(3, 5));
  };
  const word = (token: string): string => (rng.chance(0.02) ? invent() : token);
  const sentence = (maxWords = MARKOV_MAX_WORDS): string => {
    let token = rng.pick(vocab.starts);
    const out = [word(token)];
    while (out.length < maxWords && !/[.!?]$/.test(token)) {
      const options = vocab.next.get(token);
      if (!options) break;
      token = rng.pick(options);
      out.push(word(token));
    }
    let text = out.join(" ");
    if (!/[.!?]$/.test(text)) text += ".";
    return text;
  };
  const phrase = (min: number, max: number): string =>
    sentence(rng.int(min, max))
      .replace(/[.!?,;:]+$/, "")
      .trim();

  const year = rng.int(2016, 2022);
  const month = String(rng.int(1, 12)).padStart(2, "0");
  const day = String(rng.int(1, 28)).padStart(2, "0");
  const title = rng.chance(0.3) ? `${rng.pick(vocab.titles)} (${index})` : phrase(4, 12);
  const lines: string[] = ["---", `title: ${JSON.stringify(title)}`, `date: ${year}-${month}-${day}`];
  lines.push("layout: post");
  let passages = 1;
  if (rng.chance(0.3)) {
    lines.push(`description: ${JSON.stringify(sentence())}`);
    passages++;
  }
  lines.push("---", "");
  const sections = rng.int(2, 5);
  for (let s = 0; s < sections; s++) {
    const heading = rng.chance(0.6) ? rng.pick(vocab.headings) : phrase(3, 9);
    lines.push(`## ${heading}`, "");
    passages++;
    if (rng.chance(0.2)) {
      lines.push(`### ${phrase(3, 8)}`, "");
      passages++;
    }
    const paragraphs = rng.int(1, 4);
    for (let p = 0; p < paragraphs; p++) {
      const count = rng.int(1, 4);
      const text = Array.from({ length: count }, () => sentence()).join(" ");
      lines.push(badOpener(text.split(" ")[0] ?? "") ? `Note : ${text}` : text, "");
      passages++;
    }
    if (rng.chance(0.35)) {
      const items = rng.int(2, 6);
      for (let i = 0; i < items; i++) {
        const lead = rng.chance(0.15) ? `**${phrase(1, 3)} :** ` : "";
        lines.push(`- ${lead}${sentence(25)}`);
        passages++;
      }
      lines.push("");
    }
    if (rng.chance(0.08)) {
      const header = rng.pick(vocab.tableHeaders);
      lines.push(`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`);
      const rows = rng.int(2, 8);
      for (let r = 0; r < rows; r++) {
        lines.push(`| ${header.map(() => phrase(1, 6) || "—").join(" | ")} |`);
        passages++;
      }
      lines.push("");
    }
  }
  const slug = `article-${String(index).padStart(5, "0")}`;
  return { name: `${year}-${month}-${day}-${slug}.md`, text: `${lines.join("\n")}\n`, passages };
}

async function generatorVersion(): Promise<string> {
  const here = fileURLToPath(import.meta.url);
  const random = fileURLToPath(new URL("./random.ts", import.meta.url));
  const hash = createHash("sha256");
  hash.update(await readFile(here));
  hash.update(await readFile(random));
  return hash.digest("hex").slice(0, 16);
}

/**
 * A folder of about `target` passages under `cacheDir`, reused when already made by this very
 * generator. Files go 200 to a sub-folder.
 */
export async function syntheticCorpus(
  target: number,
  options: { cacheDir: string; siteDir: string; rulesDir: string; vocabulary?: () => Promise<Vocabulary> },
): Promise<CorpusInfo> {
  const version = await generatorVersion();
  const dir = resolve(join(options.cacheDir, `synthetic-${target}`));
  const marker = join(dir, ".complete.json");
  if (existsSync(marker)) {
    try {
      const info = JSON.parse(await readFile(marker, "utf8")) as {
        version: string;
        files: number;
        passages: number;
      };
      if (info.version === version) {
        return { dir, files: info.files, passages: info.passages, generatedMs: 0, reused: true };
      }
    } catch {
      // Made again below.
    }
  }
  const started = performance.now();
  const vocab = await (options.vocabulary?.() ?? readVocabulary(options.siteDir, options.rulesDir));
  await rm(dir, { recursive: true, force: true });
  let passages = 0;
  let files = 0;
  while (passages < target) {
    const doc = makeDocument(vocab, files);
    const folder = join(dir, `part-${String(Math.floor(files / 200)).padStart(3, "0")}`);
    if (files % 200 === 0) await mkdir(folder, { recursive: true });
    await writeFile(join(folder, doc.name), doc.text);
    passages += doc.passages;
    files++;
  }
  await writeFile(marker, JSON.stringify({ version, files, passages, target }));
  return { dir, files, passages, generatedMs: performance.now() - started, reused: false };
}
