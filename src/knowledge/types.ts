import type MiniSearch from "minisearch";
import type { Facts } from "./facts.js";

/** One knowledge file, after its front matter was parsed and validated. */
export interface KnowledgeDocument {
  /** Stable id: the path relative to the knowledge folder, without extension ("rules/reglement-eig3"). */
  id: string;
  /** Path as the user should see it: relative to the working directory when inside it ("knowledge/…"). */
  file: string;
  title: string;
  /** ISO day (YYYY-MM-DD) from `date`, or from a Jekyll-style file name; absent when unknown. */
  date?: string;
  /** Public address of the document, when known (`url`, `source_url`, `permalink`). */
  url?: string;
  /** What the document is: `article`, `rules`, `defi`, `page`… (front matter `kind` or `layout`). */
  kind?: string;
  /** The promotion the document is about, from front matter or read from its title. */
  promotion?: number;
  /** True when `promotion` was inferred from the document's year (see promotion-years.ts). */
  promotionInferred?: boolean;
  /** The front matter as written, for renderers that want more. */
  frontMatter: Record<string, unknown>;
}

export type PassageType =
  | "title"
  | "front-matter"
  | "heading"
  | "paragraph"
  | "list-item"
  | "table-row"
  | "quote";

/** The unit that is searched and quoted. */
export interface Passage {
  /** Position in `KnowledgeBase.passages`; also the MiniSearch document id. */
  id: number;
  docId: string;
  type: PassageType;
  /** Clean plain text: no Markdown, HTML, kramdown attributes or Liquid. */
  text: string;
  /** Heading path from the document's top (`["Article 4 – Conditions d'éligibilité"]`). */
  headings: string[];
  /** Slug of the nearest heading (or `p-<n>` when there is none), for links: `url#anchor`. */
  anchor: string;
  /** 1-based line in the file where the passage starts, when known. */
  line?: number;
  /** Promotion the passage is about: its own mention, else its section's, else its document's. */
  promotion?: number;
  /** For table rows: the header cells and this row's cells. */
  table?: { header: string[]; cells: string[] };
  /** Bold text opening the passage ("**CartoBIO :** …"), often a name. */
  lead?: string;
  /**
   * Other wordings of its section's question, from an FAQ entry's "Autres formulations :" list:
   * searched and matched like the heading, never quoted.
   */
  wordings?: string[];
}

/** A file that could not be loaded, or a part of it that was skipped. */
export interface LoadProblem {
  file: string;
  line?: number;
  reason: string;
  /** `error`: the file was skipped. `warning`: it loaded, with a fallback (no title, unreadable date…). */
  severity: "error" | "warning";
}

/** Everything the answer engine needs, built in one pass and swapped as a whole. */
export interface KnowledgeBase {
  /** Absolute path of the folder it was loaded from. */
  dir: string;
  documents: KnowledgeDocument[];
  /** Documents by id. */
  byId: Map<string, KnowledgeDocument>;
  passages: Passage[];
  index: MiniSearch<Passage>;
  facts: Facts;
  problems: LoadProblem[];
  /** Files left out on purpose (drafts, `published: false`). */
  skipped: string[];
  loadedAt: Date;
}
