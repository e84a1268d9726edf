/**
 * Specialised behaviours: answers that read the facts extracted at load time (the défis, the
 * programme's contact) or a whole document (a calendar) rather than one sentence. One table; each
 * entry declares the answer type it gives and how well it fits a reading (0–1). The engine runs
 * the entries that fit better than the general path's best candidate, and keeps the best answer.
 * Adding a behaviour is one entry here, plus its words in src/search/lexicon.ts.
 */
import type { DefiFact } from "../knowledge/facts.js";
import { isDefiPage } from "../knowledge/promotion-years.js";
import type { KnowledgeBase, Passage } from "../knowledge/types.js";
import { fold } from "../search/analyzer.js";
import { type Evidence, findContact } from "./compose.js";
import { type Context, choosePromotion, passagesOf } from "./context.js";
import { endOf } from "./dates.js";
import type { Found } from "./found.js";
import type { AnswerType, Reading, Slot } from "./reading.js";
import { absent, slotCredit, slotWeights, termSet } from "./retrieve.js";
import type { QuestionKind } from "./types.js";
import { documentLabel, joinList, latestPromotionNote, promotionLabel } from "./wording.js";

export interface Behaviour {
  kind: QuestionKind;
  /** The answer type it gives. */
  type: AnswerType;
  /** 0–1: how well it fits the reading. 0: not at all. */
  fit(reading: Reading, kb: KnowledgeBase): number;
  run(ctx: Context): Found | undefined;
}

const inGroups = (slot: Slot, ...ids: string[]) => slot.groups.some((g) => ids.includes(g));
const DEFI_GROUPS = ["challenge", "project"];
/** Slots that are about something besides "the défis" and "the programme". */
function themeSlots(reading: Reading): Slot[] {
  return reading.slots.filter(
    (s) =>
      s.role === "subject" &&
      !inGroups(s, ...DEFI_GROUPS, "programme", "promotion", "entrepreneur", "count", "selection") &&
      !/^(?:eig|liste|list|all|tous|toutes|nom|noms|name|names|intitul|titr)$/.test(s.terms[0] ?? ""),
  );
}
const asksDefis = (r: Reading) => r.slots.some((s) => inGroups(s, ...DEFI_GROUPS));

/** The quote for a défi in a list: its name and administration as written, else its passage. */
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

function othersNote(ctx: Context, others: Map<number, DefiFact[]>): string[] {
  if (others.size === 0) return [];
  const list = [...others.keys()].sort((a, b) => b - a).map((p) => promotionLabel(ctx, p));
  return [
    ctx.en
      ? `No promotion was named: this is the latest in my documents. Ask about ${joinList(ctx, list)} for theirs.`
      : `Aucune promotion précisée : voici la plus récente de mes documents. Demandez-moi aussi ceux de ${joinList(ctx, list)}.`,
  ];
}

const defiList: Behaviour = {
  kind: "defi-list",
  type: "list",
  fit(reading, kb) {
    if (kb.facts.defis.length === 0 || !asksDefis(reading) || reading.defis.length > 0) return 0;
    if (themeSlots(reading).length > 0) return 0;
    if (reading.type === "count")
      return reading.counted && inGroups(reading.counted, ...DEFI_GROUPS) && !reading.perUnit ? 0.6 : 0;
    return reading.type === "list" || reading.type === "info" ? 0.9 : 0;
  },
  run(ctx) {
    const choice = choosePromotion(ctx, ctx.kb.facts.defis);
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
      ? `The défis of ${who}, as listed in ${listLabel(ctx, main)}:`
      : `Les défis de ${who}, d'après ${listLabel(ctx, main)} :`;
    const evidence = main.map((f) => quoteOf(ctx, f));
    const notes: string[] = [];
    const otherDocs = docs.slice(1);
    if (otherDocs.length > 0) {
      // Without a count: every figure of an answer is one its quotes hold.
      const listed = otherDocs.map((list) => listLabel(ctx, list));
      notes.push(
        ctx.en
          ? `Also listed in ${joinList(ctx, listed)}.`
          : `Également listés dans ${joinList(ctx, listed)}.`,
      );
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
    notes.push(...othersNote(ctx, choice.others));
    return { lead, evidence, promotion: choice.promotion, confidence: 0.9, notes, kind: "defi-list" };
  },
};

/** Rows of tables whose header names mentors. */
const mentorTables = new WeakMap<KnowledgeBase, Passage[]>();

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

/** What a défi's card can answer. */
const CARD_TYPES: ReadonlySet<string> = new Set([
  "organisation",
  "definition",
  "info",
  "person",
  "yes-no",
  "list",
  "link",
  "place",
  "reason",
  "procedure",
]);

const defiCard: Behaviour = {
  kind: "defi-card",
  type: "organisation",
  fit(reading) {
    if (reading.defis.length === 0) return 0;
    // A card says who carries a défi, what it is, its promotion, its team and its page: a figure,
    // a date or a contact asked about it ("combien de lignes de code compte MonitorFish ?") is not
    // on it, and the general path answers or says it does not know.
    if (!CARD_TYPES.has(reading.type)) return 0;
    const other = themeSlots(reading).filter(
      (s) => !inGroups(s, "administration", "host", "mentor", "goal", "carry", "owner", "operational"),
    );
    if (
      ["organisation", "definition", "info", "person", "yes-no", "list"].includes(reading.type) &&
      other.length === 0
    )
      return 0.95;
    return 0.4;
  },
  run(ctx) {
    const key = ctx.reading.defis[0]?.key;
    const facts = ctx.reading.defis.filter((d) => d.key === key);
    const choice = choosePromotion(ctx, facts) ?? {
      promotion: undefined,
      chosen: facts,
      others: new Map<number, DefiFact[]>(),
    };
    if (choice.chosen.length === 0) return undefined;
    const ranked = [...choice.chosen].sort(
      (a, b) =>
        Number(!!b.administration) - Number(!!a.administration) ||
        Number(!!ctx.kb.passages[b.passageId]?.table) - Number(!!ctx.kb.passages[a.passageId]?.table) ||
        (ctx.kb.byId.get(b.docId)?.date ?? "").localeCompare(ctx.kb.byId.get(a.docId)?.date ?? ""),
    );
    const main = ranked[0] as DefiFact;
    const promo = choice.promotion !== undefined ? ` (${promotionLabel(ctx, choice.promotion, true)})` : "";
    const evidence: Evidence[] = [];
    const mentor = ctx.reading.slots.some((s) => inGroups(s, "mentor"));
    let lead: string;
    if (mentor) {
      const row = mentorRows(ctx, main)[0];
      if (!row)
        return {
          lead: "",
          evidence: [],
          confidence: 0,
          notes: [],
          refusal: ctx.en
            ? `I don't know: my documents name no mentor for ${main.name}${promo}.`
            : `Je ne sais pas : mes documents ne nomment pas de mentor pour ${main.name}${promo}.`,
        };
      lead = ctx.en
        ? `The operational mentor of ${main.name}${promo}: ${row.table?.cells[1] ?? ""}.`
        : `Mentor opérationnel du défi ${main.name}${promo} : ${row.table?.cells[1] ?? ""}.`;
      evidence.push({ passage: row, text: row.text });
    } else if (main.administration && ctx.reading.type !== "definition") {
      lead = ctx.en
        ? `${main.name}${promo} is a défi of: ${main.administration}.`
        : `Le défi ${main.name}${promo} est porté par : ${main.administration}.`;
    } else {
      lead = ctx.en
        ? `${main.name}${promo}, as my documents describe it:`
        : `${main.name}${promo}, d'après mes documents :`;
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
    return { lead, evidence, promotion: choice.promotion, confidence: 0.9, notes, kind: "defi-card" };
  },
};

/** Défis whose name, title, administration or page opening hold the question's theme words. */
const defisByTheme: Behaviour = {
  kind: "defi-theme",
  type: "list",
  fit(reading, kb) {
    if (kb.facts.defis.length === 0 || reading.defis.length > 0 || !asksDefis(reading)) return 0;
    if (themeSlots(reading).length === 0) return 0;
    return ["list", "info", "yes-no", "organisation", "definition"].includes(reading.type) ? 0.9 : 0;
  },
  run(ctx) {
    const slots = themeSlots(ctx.reading);
    const pageOpening = (f: DefiFact) => {
      const doc = ctx.kb.byId.get(f.docId);
      if (!doc || !isDefiPage(doc)) return "";
      return passagesOf(ctx.kb, f.docId)
        .filter((p) => p.type === "paragraph" || p.type === "front-matter")
        .slice(0, 2)
        .map((p) => p.text)
        .join(" ");
    };
    // Words weigh by their rarity: "la santé ça me parle beaucoup" is about health.
    const weights = slotWeights(ctx.kb, slots);
    const total = weights.reduce((a, b) => a + b, 0);
    const scored = ctx.kb.facts.defis
      .map((f) => {
        const set = termSet(`${f.name} ${f.title ?? ""} ${f.administration ?? ""} ${pageOpening(f)}`);
        return { f, n: slots.reduce((n, s, i) => n + slotCredit(s, set) * (weights[i] ?? 0), 0) };
      })
      .filter((x) => x.n > 0);
    const bestN = Math.max(0, ...scored.map((x) => x.n));
    if (bestN === 0 || bestN < total * 0.4) return undefined;
    const matches = scored.filter((x) => x.n >= bestN * 0.99).map((x) => x.f);
    // Words every défi shares ("données") pick no theme: most of the défis are no answer.
    const named = new Set(ctx.kb.facts.defis.map((f) => f.key)).size;
    if (new Set(matches.map((f) => f.key)).size > Math.max(6, named / 3)) return undefined;
    const choice = choosePromotion(ctx, matches);
    if (!choice || choice.chosen.length === 0) return undefined;
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
      kind: "defi-theme",
    };
  },
};

/** "Quel est le calendrier ?": every dated step of one promotion, in order, from the document that dates most. */
const calendar: Behaviour = {
  kind: "calendar",
  type: "list",
  fit(reading) {
    return reading.slots.some((s) => inGroups(s, "calendar")) ? 0.85 : 0;
  },
  run(ctx) {
    const byDoc = new Map<string, { passage: Passage; text: string; at: number; key: string }[]>();
    for (const doc of ctx.kb.documents) {
      const year = Number((doc.date ?? "0").slice(0, 4));
      const steps: { passage: Passage; text: string; at: number; key: string }[] = [];
      for (const passage of passagesOf(ctx.kb, doc.id)) {
        if (passage.type === "title" || passage.type === "heading" || passage.type === "front-matter")
          continue;
        for (const text of ctx.sentences(passage)) {
          const promotion = ctx.promotionOf(text, passage);
          if (
            ctx.reading.promotion !== undefined &&
            promotion !== undefined &&
            promotion !== ctx.reading.promotion
          )
            continue;
          for (const m of ctx.dates(text, passage)) {
            if (m.yearInferred || (year && Math.abs(m.year - year) > 1)) continue;
            steps.push({
              passage,
              text,
              at: endOf(m).getTime(),
              key: `${m.year}-${m.month}-${m.days.join(",")}`,
            });
          }
        }
      }
      if (steps.length > 0) byDoc.set(doc.id, steps);
    }
    const docs = [...byDoc.entries()].filter(
      ([id]) =>
        ctx.reading.promotion === undefined || ctx.kb.byId.get(id)?.promotion === ctx.reading.promotion,
    );
    const pool = docs.length > 0 ? docs : [...byDoc.entries()];
    // The document that dates the most distinct steps; the most recent on a tie.
    const best = pool.sort(
      (a, b) =>
        new Set(b[1].map((s) => s.key)).size - new Set(a[1].map((s) => s.key)).size ||
        (ctx.kb.byId.get(b[0])?.date ?? "").localeCompare(ctx.kb.byId.get(a[0])?.date ?? ""),
    )[0];
    if (!best || new Set(best[1].map((s) => s.key)).size < 3) return undefined;
    const seen = new Set<string>();
    const ordered = best[1]
      .sort((a, b) => a.at - b.at)
      .filter((s) => {
        if (seen.has(s.text)) return false;
        seen.add(s.text);
        return true;
      });
    const first = ordered[0] as { passage: Passage };
    const promotion = ctx.kb.byId.get(best[0])?.promotion;
    const who = promotion !== undefined ? ` (${promotionLabel(ctx, promotion, true)})` : "";
    return {
      lead: ctx.en
        ? `Calendar${who}, in order, according to ${documentLabel(ctx, first.passage)}:`
        : `Calendrier${who}, dans l'ordre, d'après ${documentLabel(ctx, first.passage)} :`,
      evidence: ordered.slice(0, 8).map((s) => ({ passage: s.passage, text: s.text })),
      promotion,
      confidence: 0.75,
      notes: [],
      kind: "calendar",
    };
  },
};

/** "Qui contacter ?": the programme's contact, read from the knowledge. */
const contact: Behaviour = {
  kind: "contact",
  type: "contact",
  fit(reading, kb) {
    if (reading.type !== "contact") return 0;
    const specific = themeSlots(reading).filter(
      (s) => !inGroups(s, "contact", "address", "team", "question", "help", "result") && !absent(kb, s),
    );
    return specific.length === 0 ? 0.85 : 0;
  },
  run(ctx) {
    const found = findContact(ctx.kb);
    if (!found) return undefined;
    const sentence = ctx.sentences(found.passage).find((t) => t.includes("@")) ?? found.passage.text;
    return {
      lead: ctx.en
        ? `The programme's team can be reached at ${found.email}.`
        : `L'équipe du programme est joignable à ${found.email}.`,
      evidence: [{ passage: found.passage, text: sentence }],
      confidence: 0.9,
      notes: [],
      kind: "contact",
    };
  },
};

export const BEHAVIOURS: readonly Behaviour[] = [defiCard, defiList, defisByTheme, calendar, contact];
