/**
 * The bot's own words around the quotes, in French or English. Facts never come from here:
 * only connecting words, labels and dates reformatted from a quoted mention.
 */
import type { Passage } from "../knowledge/types.js";
import type { Context } from "./context.js";
import { type DateMention, endOf, formatMention } from "./dates.js";

/** "la promotion 3" / "promotion 3"; `bare` drops the French article (inside parentheses). */
export function promotionLabel(ctx: Context, promotion: number | undefined, bare = false): string {
  if (promotion === undefined) return ctx.en ? "the programme" : "le programme";
  return ctx.en || bare ? `promotion ${promotion}` : `la promotion ${promotion}`;
}

/** "« Title » (2018-09-10)" / "“Title” (2018-09-10)"; "(non daté)" when the document has no date. */
export function documentLabel(ctx: Context, passage: Passage): string {
  const doc = ctx.doc(passage);
  const title = doc?.title ?? passage.docId;
  const short = title.length > 70 ? `${title.slice(0, 67).trimEnd()}…` : title;
  const date = doc?.date ?? (ctx.en ? "undated" : "non daté");
  return ctx.en ? `“${short}” (${date})` : `« ${short} » (${date})`;
}

/** Whole days from today to a date mention's end (negative when past). */
export function daysFromToday(ctx: Context, mention: DateMention): number {
  return Math.floor((endOf(mention).getTime() - ctx.today.getTime()) / 86_400_000);
}

/** "15 octobre 2018 à 17h (date passée)" — reformatted from the quote, with where it stands. */
export function dateWithStatus(ctx: Context, mention: DateMention): string {
  const days = daysFromToday(ctx, mention);
  const text = formatMention(mention, ctx.language);
  const inferred = mention.yearInferred
    ? ctx.en
      ? ", year inferred from the document"
      : ", année déduite du document"
    : "";
  if (days < 0) return `${text} (${ctx.en ? "past" : "date passée"}${inferred})`;
  if (days === 0) return `${text} (${ctx.en ? "today" : "aujourd'hui"}${inferred})`;
  // No count of days: every figure of an answer is one its quotes hold.
  return `${text} (${ctx.en ? "upcoming" : "à venir"}${inferred})`;
}

/** "a, b et c" / "a, b and c". Needs only the language, so answers built before a Context can use it. */
export function joinList(ctx: Pick<Context, "en">, items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${ctx.en ? "and" : "et"} ${items[items.length - 1]}`;
}

/**
 * The note under an answer given for the latest promotion when none was asked: the others, each
 * as "la promotion 2 : <what it has>".
 */
export function latestPromotionNote(ctx: Pick<Context, "en">, others: string[]): string | undefined {
  const list = joinList(ctx, others.filter(Boolean));
  if (!list) return undefined;
  return ctx.en
    ? `No promotion was named: this is the latest in my documents. Also: ${list.replace(/ : /g, ": ")}.`
    : `Aucune promotion précisée : voici la plus récente de mes documents. Pour mémoire, ${list}.`;
}
