/**
 * Facts read once, at load time, from the passages: the défis (name, administration, promotion,
 * the passage that states them) and which year each promotion started. Everything is found by
 * the shape of the text (tables with a "défi" column, "Name : description" lines under a heading
 * about défis, bold titles ending with "(ShortName)", défi pages), never by a list of names.
 */
import { fold, STOPWORDS, words } from "../search/analyzer.js";
import { isDefiPage } from "./promotion-years.js";
import type { KnowledgeDocument, Passage } from "./types.js";

export interface DefiFact {
  /** The name people use: "CibNAV", "Gobelins"; or the défi's title when it has no short name. */
  name: string;
  /** True when `name` is a short name (a few words) that people may type. */
  short: boolean;
  /** The défi's long title or description, when the source gives one. */
  title?: string;
  /** The host administration as the source writes it. */
  administration?: string;
  promotion?: number;
  /** The passage that states the défi. */
  passageId: number;
  docId: string;
  /** `name` folded to lower-case letters and digits ("b@liseNAV" → "blisenav"), for matching. */
  key: string;
}

export interface Facts {
  defis: DefiFact[];
  /** Promotions the knowledge speaks of, ascending. */
  promotions: number[];
}

/** Words that open the name of a French public body. */
const ADMINISTRATION_HEAD =
  /^(?:l['’]|la |le |les )?(minist[eè]re|direction|d[ée]l[ée]gation|secr[ée]tariat|commissariat|mission|agence|service|cour|autorit[ée]|caisse|institut|conseil|pr[ée]fecture|haute autorit[ée]|centre|office|[ée]tablissement|inspection|observatoire|gendarmerie|police|universit[ée]|r[ée]gion|d[ée]partement|m[ée]tropole|administration|etalab|dinsic|acoss|arcep|cnaf|dgfip|insee|ign|bnf|shom)(?=[\s,.(’']|$)/i;

/** "b@liseNAV" → "blisenav": lower-case letters and digits only. */
export function nameKey(name: string): string {
  return fold(name.toLowerCase()).replace(/[^a-z0-9]/g, "");
}

function isDefiHeading(text: string): boolean {
  return /\b(defis?|challenges?|projets?)\b/.test(fold(text.toLowerCase()));
}

/** A short name looks like a name: few words, not opened by an article or a common word. */
function looksLikeName(candidate: string): boolean {
  const text = candidate.trim().replace(/\*+$/, "");
  if (text.length < 2 || text.length > 40) return false;
  const ws = text.split(/\s+/);
  if (ws.length > 5) return false;
  const first = words(ws[0] ?? "")[0] ?? "";
  if (
    STOPWORDS.has(first) ||
    /^(pour|plusieurs|prochaine|informations?|objectifs?|exemple|note|rappel|contact)$/i.test(fold(first))
  ) {
    return false;
  }
  // A name carries a capital letter, a digit or a sign that ordinary words do not.
  return /[A-ZÀ-Ý0-9@]/.test(text);
}

/** Verbs that end the name of the body doing a défi: "La Cour des comptes souhaite développer…". */
const ACTION_VERB =
  /\s+(?:souhaite|souhaitent|veut|veulent|propose|proposent|a pour|ont pour|cherche|entend|est charg[ée]e?|sont charg[ée]s|assure|g[èe]re|pilote|d[ée]veloppe|produit|m[èe]ne|accompagne|travaille|met en (?:œuvre|oeuvre)|s'est|a lanc[ée])(?=[\s,.;:]|$)/;

/** "la direction générale … (DGCCRF) souhaite développer …" → "direction générale … (DGCCRF)". */
function administrationFrom(text: string): string | undefined {
  const stripped = text.trim().replace(/^(?:l['’]|la |le |les )/i, "");
  const cut = ACTION_VERB.exec(stripped);
  if (!cut) return undefined;
  const clause = stripped
    .slice(0, cut.index)
    .replace(/[,;:]\s*$/, "")
    .trim();
  if (clause.length < 3 || clause.length > 220) return undefined;
  return ADMINISTRATION_HEAD.test(clause) ? clause : undefined;
}

/** Splits "Title, Ministère de …, Direction …" at the first administration word after a comma. */
function splitAtAdministration(text: string): { title: string; administration?: string } {
  const parts = text.split(/,\s+/);
  for (let i = 1; i < parts.length; i++) {
    if (ADMINISTRATION_HEAD.test(parts[i] ?? "")) {
      return { title: parts.slice(0, i).join(", "), administration: parts.slice(i).join(", ") };
    }
  }
  return { title: text };
}

function fromTableRow(
  passage: Passage,
): Omit<DefiFact, "passageId" | "docId" | "key" | "promotion"> | undefined {
  const table = passage.table;
  if (!table) return undefined;
  const header = table.header.map((h) => fold(h.toLowerCase()));
  // A table of défis names them in its first column; a table of mentors is not a table of défis.
  if (
    !/\b(defi|challenge|projet|nom)\b/.test(header[0] ?? "") ||
    header.some((h) => /mentor|jury|membre/.test(h))
  ) {
    return undefined;
  }
  const name = table.cells[0]?.trim();
  if (!name) return undefined;
  const col = (pattern: RegExp) => {
    const i = header.findIndex((h, k) => k > 0 && pattern.test(h));
    return i > 0 ? table.cells[i]?.trim() || undefined : undefined;
  };
  return {
    name,
    short: looksLikeName(name),
    title: col(/descri|objet|resume|intitule|titre/),
    administration: col(/administr|porteu|accueil|ministere|structure|organisme|host/),
  };
}

function fromItem(passage: Passage): Omit<DefiFact, "passageId" | "docId" | "key" | "promotion"> | undefined {
  const text = passage.text;
  const lead = passage.lead?.replace(/\s*:\s*$/, "").trim();
  if (lead) {
    const rest = text
      .slice(text.indexOf(passage.lead ?? "") + (passage.lead?.length ?? 0))
      .replace(/^\s*:?\s*/, "");
    const paren = /^(.*?)\s*\(([^()]{2,30})\)$/.exec(lead);
    const firstLine = rest.split("\n")[0] ?? "";
    const administration =
      administrationFrom(firstLine) ??
      (rest.includes("\n") || ADMINISTRATION_HEAD.test(firstLine)
        ? firstLine.trim() || undefined
        : undefined);
    if (paren?.[2] && looksLikeName(paren[2])) {
      return { name: paren[2].trim(), short: true, title: paren[1]?.trim(), administration };
    }
    if (looksLikeName(lead)) return { name: lead, short: true, administration };
    // A long bold title is a défi in a list, or when an administration follows it.
    if (passage.type !== "list-item" && !administration) return undefined;
    return { name: lead, short: false, title: lead, administration };
  }
  // "Gobelins : concevoir une interface … \n Ministère de la Culture, …"
  const named = /^([^:\n]{2,40}?)\s*:\s*([\s\S]+)$/.exec(text);
  if (named?.[1] && named[2] && looksLikeName(named[1])) {
    const [description, ...others] = named[2].split("\n");
    const administration = others.join(", ").trim() || administrationFrom(description ?? "");
    return {
      name: named[1].replace(/\*+$/, "").trim(),
      short: true,
      title: description?.trim(),
      administration,
    };
  }
  // "3.Développement d'outils …, Ministère de la Culture, Direction générale …"
  const numbered = /^\d{1,2}\s*[.)]\s*(.+)$/s.exec(text.replace(/\n/g, " "));
  if (numbered?.[1]) {
    const { title, administration } = splitAtAdministration(numbered[1]);
    if (administration) {
      const inner = /^([^:]{2,40}?)\s*:\s*(.+)$/.exec(title);
      if (inner?.[1] && looksLikeName(inner[1]))
        return { name: inner[1], short: true, title: inner[2], administration };
      return { name: title, short: false, title, administration };
    }
  }
  return undefined;
}

/** The défi a défi page is about: its title, and the administration its first paragraph names. */
function fromDefiPage(
  doc: KnowledgeDocument,
  passages: Passage[],
): (Omit<DefiFact, "passageId" | "docId" | "key" | "promotion"> & { passage: Passage }) | undefined {
  const title = passages.find((p) => p.type === "title");
  if (!title) return undefined;
  const first = passages.find((p) => p.type === "paragraph" || p.type === "front-matter");
  const administration = first ? administrationFrom(first.text.split(/(?<=[.!?])\s/)[0] ?? "") : undefined;
  return { name: doc.title, short: looksLikeName(doc.title), administration, passage: first ?? title };
}

export function extractFacts(passages: Passage[], documents: KnowledgeDocument[]): Facts {
  const defis: DefiFact[] = [];
  const seen = new Set<string>();
  const add = (
    fact: Omit<DefiFact, "passageId" | "docId" | "key" | "promotion">,
    passage: Passage,
    promotion?: number,
  ) => {
    const key = nameKey(fact.name);
    if (!key || seen.has(`${passage.docId}\u0000${key}`)) return;
    seen.add(`${passage.docId}\u0000${key}`);
    defis.push({
      ...fact,
      key,
      passageId: passage.id,
      docId: passage.docId,
      promotion: promotion ?? passage.promotion,
    });
  };

  const byDoc = new Map<string, Passage[]>();
  for (const p of passages) {
    const list = byDoc.get(p.docId) ?? [];
    list.push(p);
    byDoc.set(p.docId, list);
  }
  for (const doc of documents) {
    const own = byDoc.get(doc.id) ?? [];
    if (isDefiPage(doc)) {
      const page = fromDefiPage(doc, own);
      if (page) add(page, page.passage, doc.promotion);
      continue;
    }
    for (const passage of own) {
      if (passage.type === "table-row") {
        const row = fromTableRow(passage);
        if (row) add(row, passage);
      } else if (
        (passage.type === "list-item" || passage.type === "paragraph" || passage.type === "quote") &&
        passage.headings.some(isDefiHeading)
      ) {
        const item = fromItem(passage);
        if (item) add(item, passage);
      }
    }
  }

  const promotions = [
    ...new Set(
      [...documents.map((d) => d.promotion), ...passages.map((p) => p.promotion)].filter(
        (p): p is number => p !== undefined,
      ),
    ),
  ].sort((a, b) => a - b);
  return { defis, promotions };
}
