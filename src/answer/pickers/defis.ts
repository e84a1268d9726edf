/**
 * Questions about défis: the list of a promotion's défis, and one défi by name, by
 * administration or by theme. They read the défi facts extracted at load time
 * (src/knowledge/facts.ts) and quote the rows and items that state them.
 */
import type { DefiFact } from "../../knowledge/facts.js";
import { isDefiPage } from "../../knowledge/promotion-years.js";
import type { KnowledgeBase, Passage } from "../../knowledge/types.js";
import { fold } from "../../search/analyzer.js";
import type { Evidence } from "../compose.js";
import { type Context, choosePromotion, passagesOf } from "../context.js";
import type { Found, Picker } from "../found.js";
import { documentLabel, joinList, latestPromotionNote, promotionLabel } from "../wording.js";

/**
 * The quote for a défi in a list: its name and administration as written (a table row's cells, a
 * défi page's title and the body it names), else the passage that states it.
 */
function quoteOf(ctx: Context, fact: DefiFact): Evidence {
  const passage = ctx.kb.passages[fact.passageId] as Passage;
  const doc = ctx.kb.byId.get(fact.docId);
  if (fact.administration && (passage.table || (doc && isDefiPage(doc)))) {
    return { passage, text: `${fact.name} — ${fact.administration}` };
  }
  if (doc && isDefiPage(doc)) return { passage, text: `${fact.name} — ${ctx.sentences(passage)[0] ?? ""}` };
  return { passage, text: passage.text };
}

/** Défi pages form one list (their folder); any other document is a list of its own. */
function listKey(ctx: Context, fact: DefiFact): string {
  const doc = ctx.kb.byId.get(fact.docId);
  return doc && isDefiPage(doc) ? `pages:${fact.docId.replace(/[^/]*$/, "")}` : fact.docId;
}

/** "« Title » (date)" for a document, "the défi pages (_defis/)" for a folder of défi pages. */
function listLabel(ctx: Context, facts: DefiFact[]): string {
  const first = facts[0] as DefiFact;
  const key = listKey(ctx, first);
  if (key.startsWith("pages:")) {
    const folder = key.slice(6) || "./";
    return ctx.en ? `the défi pages (${folder})` : `les pages des défis (${folder})`;
  }
  return documentLabel(ctx, ctx.kb.passages[first.passageId] as Passage);
}

/** How complete a document's list of défis is: how many, with short names and administrations. */
function completeness(facts: DefiFact[]): number {
  return facts.reduce((n, f) => n + 1 + (f.short ? 0.5 : 0) + (f.administration ? 0.5 : 0), 0);
}

export const defiList: Picker = (ctx) => {
  const facts = ctx.kb.facts.defis;
  const choice = choosePromotion(ctx, facts);
  if (!choice || choice.chosen.length === 0) return undefined;
  const byDoc = new Map<string, DefiFact[]>();
  for (const f of choice.chosen) byDoc.set(listKey(ctx, f), [...(byDoc.get(listKey(ctx, f)) ?? []), f]);
  const docs = [...byDoc.values()].sort(
    (a, b) =>
      completeness(b) - completeness(a) ||
      (ctx.kb.byId.get(b[0]?.docId ?? "")?.date ?? "").localeCompare(
        ctx.kb.byId.get(a[0]?.docId ?? "")?.date ?? "",
      ),
  );
  const main = docs[0] as DefiFact[];
  const who =
    choice.promotion !== undefined
      ? promotionLabel(ctx, choice.promotion)
      : ctx.en
        ? "the programme"
        : "le programme";
  const lead = ctx.en
    ? `The ${main.length} défis of ${who}, as listed in ${listLabel(ctx, main)}:`
    : `Les ${main.length} défis de ${who}, d'après ${listLabel(ctx, main)} :`;
  const evidence = main.map((f) => quoteOf(ctx, f));
  const notes: string[] = [];
  const otherDocs = docs.slice(1);
  if (otherDocs.length > 0) {
    const listed = otherDocs.map((list) => `${listLabel(ctx, list)} (${list.length})`);
    notes.push(
      ctx.en ? `Also listed in ${joinList(ctx, listed)}.` : `Également listés dans ${joinList(ctx, listed)}.`,
    );
    // Cited as sources, not quoted: their lists repeat this one.
    for (const list of otherDocs)
      evidence.push({ passage: ctx.kb.passages[list[0]?.passageId ?? 0] as Passage, text: "" });
  }
  const inferred = main.map((f) => ctx.kb.byId.get(f.docId)).find((d) => d?.promotionInferred);
  if (inferred?.date) {
    notes.push(
      ctx.en
        ? `These pages name no promotion: it was inferred from their year (${inferred.date.slice(0, 4)} → promotion ${inferred.promotion}), from the start years the documents give.`
        : `Ces pages ne nomment pas leur promotion : elle est déduite de leur année (${inferred.date.slice(0, 4)} → promotion ${inferred.promotion}), d'après les années de démarrage que donnent les documents.`,
    );
  }
  if (choice.others.size > 0) {
    const others = [...choice.others.keys()].map((p) => promotionLabel(ctx, p));
    notes.push(
      ctx.en
        ? `No promotion was named: this is the latest in my documents. Ask about ${joinList(ctx, others)} for theirs.`
        : `Aucune promotion précisée : voici la plus récente de mes documents. Demandez-moi aussi ceux de ${joinList(ctx, others)}.`,
    );
  }
  return { lead, evidence, promotion: choice.promotion, confidence: 0.9, notes };
};

/** Rows of tables whose header names mentors, found once per knowledge base. */
const mentorTables = new WeakMap<KnowledgeBase, Passage[]>();

/** Mentor rows (a table whose header names mentors) that name the défi. */
function mentorRows(ctx: Context, fact: DefiFact): Passage[] {
  let rows = mentorTables.get(ctx.kb);
  if (!rows) {
    rows = ctx.kb.passages.filter((p) => p.table?.header.some((h) => /mentor/i.test(fold(h))));
    mentorTables.set(ctx.kb, rows);
  }
  return rows.filter((p) =>
    p.table?.cells.some(
      (c) =>
        fold(c)
          .toLowerCase()
          .replace(/[^a-z0-9]/g, "") === fact.key,
    ),
  );
}

function describeOne(ctx: Context, facts: DefiFact[]): Found | undefined {
  const choice = choosePromotion(ctx, facts) ?? {
    promotion: undefined,
    chosen: facts,
    others: new Map<number, DefiFact[]>(),
  };
  // The most informative statement first: one with an administration, from a table (the rules), then the most recent.
  const ranked = [...choice.chosen].sort(
    (a, b) =>
      Number(!!b.administration) - Number(!!a.administration) ||
      Number(!!ctx.kb.passages[b.passageId]?.table) - Number(!!ctx.kb.passages[a.passageId]?.table) ||
      (ctx.kb.byId.get(b.docId)?.date ?? "").localeCompare(ctx.kb.byId.get(a.docId)?.date ?? ""),
  );
  const main = ranked[0];
  if (!main) return undefined;
  const name = main.name;
  const promo = choice.promotion !== undefined ? ` (${promotionLabel(ctx, choice.promotion, true)})` : "";
  const evidence: Evidence[] = [];
  let lead: string;
  const aspect = ctx.intent.aspect;
  if (aspect === "mentor") {
    const rows = mentorRows(ctx, main);
    if (rows.length > 0) {
      const row = rows[0] as Passage;
      const mentor = row.table?.cells[1] ?? "";
      lead = ctx.en
        ? `The operational mentor of ${name}${promo}: ${mentor}.`
        : `Mentor opérationnel du défi ${name}${promo} : ${mentor}.`;
      evidence.push({ passage: row, text: row.text });
    } else {
      lead = ctx.en
        ? `My documents name no mentor for ${name}; here is what they say of it:`
        : `Mes documents ne nomment pas de mentor pour ${name} ; voici ce qu'ils en disent :`;
    }
  } else if (main.administration) {
    lead = ctx.en
      ? `${name}${promo} is a défi of: ${main.administration}.`
      : `Le défi ${name}${promo} est porté par : ${main.administration}.`;
  } else {
    lead = ctx.en
      ? `${name}${promo}, as my documents describe it:`
      : `${name}${promo}, d'après mes documents :`;
  }
  for (const f of ranked) {
    const passage = ctx.kb.passages[f.passageId] as Passage;
    evidence.push({ passage, text: passage.text });
    if (evidence.length >= 3) break;
  }
  const notes: string[] = [];
  if (choice.others.size > 0) {
    const others = [...choice.others.keys()].map((p) => promotionLabel(ctx, p));
    notes.push(
      ctx.en
        ? `A défi of this name also ran in ${joinList(ctx, others)}.`
        : `Un défi de ce nom existe aussi pour ${joinList(ctx, others)}.`,
    );
  }
  return { lead, evidence, promotion: choice.promotion, confidence: 0.9, notes };
}

/** Défis whose name, title or administration share the question's topic words ("ministère de la Justice"). */
function byTheme(ctx: Context): Found | undefined {
  const terms = ctx.intent.topicTerms;
  if (terms.length === 0) return undefined;
  // A défi's own page opens on what it is about ("…anticiper les crues"): its first passages count too.
  const pageOpening = (f: DefiFact) => {
    const doc = ctx.kb.byId.get(f.docId);
    if (!doc || !isDefiPage(doc)) return "";
    return passagesOf(ctx.kb, f.docId)
      .filter((p) => p.type === "paragraph" || p.type === "front-matter")
      .slice(0, 2)
      .map((p) => p.text)
      .join(" ");
  };
  const scored = ctx.kb.facts.defis
    .map((f) => ({
      f,
      n: ctx.overlap(`${f.name} ${f.title ?? ""} ${f.administration ?? ""} ${pageOpening(f)}`, terms),
    }))
    .filter((x) => x.n > 0);
  const bestN = Math.max(0, ...scored.map((x) => x.n));
  // A défi that shares one word of three with the question is not what it asks about.
  if (bestN === 0 || bestN * 2 < terms.length) return undefined;
  const matches = scored.filter((x) => x.n === bestN).map((x) => ({ ...x.f }));
  const choice = choosePromotion(ctx, matches);
  if (!choice) return undefined;
  // One line per défi name; the table row (rules) preferred as the statement.
  const seen = new Map<string, DefiFact>();
  for (const f of choice.chosen) {
    const known = seen.get(f.key);
    if (
      !known ||
      (!known.administration && f.administration) ||
      (!ctx.kb.passages[known.passageId]?.table && ctx.kb.passages[f.passageId]?.table)
    ) {
      seen.set(f.key, f);
    }
  }
  const list = [...seen.values()].filter(
    (f) => f.short || ![...seen.values()].some((g) => g.short && g.administration === f.administration),
  );
  if (list.length === 0) return undefined;
  const who = choice.promotion !== undefined ? ` (${promotionLabel(ctx, choice.promotion, true)})` : "";
  const lead = ctx.en
    ? `Défis matching your question${who}:`
    : `Défis correspondant à votre question${who} :`;
  const notes: string[] = [];
  if (choice.others.size > 0) {
    // No promotion was asked: the latest leads, the others are named with their défis.
    const others = [...choice.others]
      .sort((a, b) => b[0] - a[0])
      .map(
        ([p, facts]) =>
          `${promotionLabel(ctx, p)} : ${joinList(ctx, [...new Set(facts.map((f) => f.name))])}`,
      );
    const note = latestPromotionNote(ctx, others);
    if (note) notes.push(note);
  }
  return {
    lead,
    evidence: list.slice(0, 8).map((f) => quoteOf(ctx, f)),
    promotion: choice.promotion,
    confidence: 0.7,
    notes,
  };
}

export const defiDetail: Picker = (ctx) => {
  if (ctx.intent.defis.length > 0) {
    const key = ctx.intent.defis[0]?.key;
    return describeOne(
      ctx,
      ctx.intent.defis.filter((d) => d.key === key),
    );
  }
  return byTheme(ctx);
};
