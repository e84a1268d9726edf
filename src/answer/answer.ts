/**
 * The brain: answer(question, kb, {today, previous}) → Answer.
 *
 *   message ──read──▶ parts (type, slots, promotion, défis) + context     (reading.ts)
 *           ──for each part──▶ general path: windows → sentence → span    (general.ts)
 *                              behaviours that fit better (défis, calendar, contact)  (behaviours.ts)
 *           ──compose──▶ Answer: lead from the span, quotes, sources, notes
 *
 * No fact is written that is not in a quote; when nothing answers, the answer is
 * `answered: false` with what the documents come closest with and the programme's contact.
 * A conversation passes the previous turn's reading (`Turn`), not a rewritten question: "et pour
 * la 2 ?", "qui le porte ?", "à quelle heure ?" are read against it.
 */
import type { KnowledgeBase } from "../knowledge/types.js";
import { analyze } from "../search/analyzer.js";
import { BEHAVIOURS } from "./behaviours.js";
import { type Evidence, newAnswerId, quotesAndSources, unanswered } from "./compose.js";
import { Context } from "./context.js";
import { formatMention } from "./dates.js";
import { ENGINE } from "./defaults.js";
import type { Found } from "./found.js";
import { type Candidate, candidates, closest, evidenceOf, isTyped } from "./general.js";
import { helpText } from "./help.js";
import { type Message, type Reading, readMessage, readQuestion, type Slot } from "./reading.js";
import { absent } from "./retrieve.js";
import type { Answer, Language, QuestionKind } from "./types.js";
import { dateWithStatus, documentLabel, joinList, promotionLabel } from "./wording.js";

export { unanswered } from "./compose.js";

/** What a conversation remembers of a turn: how its question was read. */
export interface Turn {
  reading: Reading;
}

export interface AnswerOptions {
  /** The day dates are compared with. Default: now. */
  today?: Date;
  /** The previous turn of the same conversation, for follow-ups. */
  previous?: Turn;
  /** The previous question as text, when only that is known (read again). */
  previousQuestion?: string;
}

/** "et pour la 2 ?", "and for the third cohort?", "pareil pour…", "qui le porte ?". */
const FOLLOW_UP =
  /^\s*(?:et|and|what about|how about|pareil|idem|même question|same|aussi|also)\b|^\s*(?:pour|for)\s+(?:la|le|les|l'|the)\b|\b(?:le|la|les|l'|lui|leur|it|them|its|their|celui-ci|celle-ci|ce défi|ce projet|this one|that one)\s*\??\s*$|\b(?:le|la|les|l')\s+(?:porte|portent|pilote|finance|organise|accueille)\b|\bl'autre\b|\bthe other\b/i;

function subjectSlots(r: Reading): Slot[] {
  return r.slots.filter((s) => s.role === "subject");
}

/**
 * A short question with no subject of its own, or that opens like a follow-up, keeps the previous
 * reading's subject, défis and promotion, and takes what it says itself (a new type, promotion, défi).
 */
export function followUp(
  current: Reading,
  previous: Reading | undefined,
): { reading: Reading; merged: boolean } {
  if (!previous) return { reading: current, merged: false };
  const own = subjectSlots(current);
  const short = analyze(current.text).length <= 6;
  const opens = FOLLOW_UP.test(current.text);
  const bare =
    own.length === 0 &&
    (current.promotion !== undefined || current.defis.length > 0 || current.type !== "info");
  if (!short || !(opens || bare)) return { reading: current, merged: false };
  let defis = current.defis.length > 0 ? current.defis : previous.defis;
  // "et l'autre ?": the other défi of the previous answer (another of its names, or its other promotion).
  if (/\bl'autre\b|\bthe other\b/i.test(current.text) && current.defis.length === 0) {
    const keys = [...new Set(previous.defis.map((d) => d.key))];
    if (keys.length > 1) defis = previous.defis.filter((d) => d.key === keys[1]);
  }
  const keepsType = current.type === "info" || (current.type === "yes-no" && own.length === 0);
  return {
    reading: {
      ...previous,
      text: current.text,
      language: current.language,
      type: keepsType ? previous.type : current.type,
      yesNo: keepsType ? previous.yesNo : current.yesNo,
      slots: [...own, ...previous.slots.filter((s) => !own.some((o) => o.terms.join() === s.terms.join()))],
      ...(current.counted
        ? { counted: current.counted }
        : previous.counted
          ? { counted: previous.counted }
          : {}),
      ...((current.promotion ?? previous.promotion) !== undefined
        ? { promotion: current.promotion ?? previous.promotion }
        : {}),
      promotions: current.promotions.length > 0 ? current.promotions : previous.promotions,
      years: current.years.length > 0 ? current.years : previous.years,
      defis,
    },
    merged: true,
  };
}

/** Years (1990–2099) each knowledge base mentions, in a date or in its text; built once per base. */
const yearsByKb = new WeakMap<KnowledgeBase, { years: Set<string>; newest?: string }>();
const YEAR = /(?<![\d,.])(?:199\d|20\d\d)(?![\d,.]\d)/g;

function knowledgeYears(kb: KnowledgeBase): { years: Set<string>; newest?: string } {
  let known = yearsByKb.get(kb);
  if (!known) {
    const years = new Set<string>();
    for (const d of kb.documents) if (d.date) years.add(d.date.slice(0, 4));
    for (const p of kb.passages) for (const m of p.text.matchAll(YEAR)) years.add(m[0]);
    const newest = kb.documents
      .map((d) => d.date ?? "")
      .sort()
      .pop()
      ?.slice(0, 4);
    known = { years, newest: newest || undefined };
    yearsByKb.set(kb, known);
  }
  return known;
}

interface PartResult {
  reading: Reading;
  found?: Found;
  /** Why there is no answer, in the asker's language. */
  refusal?: string;
  candidate?: Candidate;
}

function says(en: boolean, fr: string, english: string): string {
  return en ? english : fr;
}

/** The figures or names of a candidate's spans, as written, for the lead. */
function spanText(reading: Reading, c: Candidate): string | undefined {
  const unique = [...new Set(c.spans.map((s) => s.text))];
  if (unique.length === 0) return undefined;
  // A name is led with only when the sentence gives one: several would be a guess.
  if (["organisation", "person", "place"].includes(reading.type) && unique.length > 1) return undefined;
  return unique.slice(0, 3).join(" ; ");
}

function when(ctx: Context, c: Candidate): string | undefined {
  if (!c.mention) return undefined;
  if (c.from) {
    return ctx.en
      ? `from ${formatMention(c.from, "en")} to ${dateWithStatus(ctx, c.mention)}`
      : `du ${formatMention(c.from, "fr")} au ${dateWithStatus(ctx, c.mention)}`;
  }
  return dateWithStatus(ctx, c.mention);
}

/** The short answer of a candidate: the span of the expected type, or yes/no, then where it is read. */
function lead(ctx: Context, reading: Reading, c: Candidate, promotionShown: boolean): string {
  const first = c.sentences[0];
  const where = first ? documentLabel(ctx, first.passage) : "";
  const promo = promotionShown && c.promotion !== undefined ? promotionLabel(ctx, c.promotion, true) : "";
  const head = promo ? `${promo.charAt(0).toUpperCase()}${promo.slice(1)}${ctx.en ? ": " : " : "}` : "";
  let fact: string | undefined;
  if (reading.type === "date") fact = when(ctx, c);
  else if (reading.type === "time")
    fact = [spanText(reading, c), c.mention ? formatMention(c.mention, ctx.language) : ""]
      .filter(Boolean)
      .join(", ");
  else if (isTyped(reading.type)) fact = spanText(reading, c);
  if (!fact && reading.yesNo && c.polarity)
    fact = c.polarity === "yes" ? says(ctx.en, "Oui", "Yes") : says(ctx.en, "Non", "No");
  if (fact) return ctx.en ? `${head}${fact}, according to ${where}:` : `${head}${fact}, d'après ${where} :`;
  return ctx.en ? `${head}According to ${where}:` : `${head}D'après ${where} :`;
}

/** Notes on what the documents also say: other promotions (none was asked), other figures elsewhere. */
function competing(
  ctx: Context,
  reading: Reading,
  main: Candidate,
  close: Candidate[],
): { notes: string[]; evidence: Evidence[] } {
  const notes: string[] = [];
  const evidence: Evidence[] = [];
  if (!isTyped(reading.type)) return { notes, evidence };
  // What a candidate states: its date, or its first span as written, compared by value
  // ("2 à 3" and "2 ou 3" are one figure).
  const shown = (c: Candidate) =>
    reading.type === "date"
      ? c.mention
        ? formatMention(c.mention, ctx.language)
        : ""
      : (c.spans[0]?.text ?? "");
  const key = (c: Candidate) =>
    reading.type === "date"
      ? shown(c)
      : c.spans[0]?.value !== undefined
        ? String(c.spans[0].value)
        : shown(c).toLowerCase();
  const seen = new Set([key(main)]);
  const docs = new Set([main.window.section.docId]);
  const others: string[] = [];
  for (const c of close) {
    // One figure per document: its best candidate.
    if (c === main || docs.has(c.window.section.docId)) continue;
    docs.add(c.window.section.docId);
    const v = shown(c);
    if (!v || seen.has(key(c))) continue;
    seen.add(key(c));
    const first = c.sentences[0];
    if (!first) continue;
    const label =
      reading.promotion === undefined && c.promotion !== undefined && c.promotion !== main.promotion
        ? `${promotionLabel(ctx, c.promotion)}${ctx.en ? ": " : " : "}`
        : "";
    others.push(`${label}${v} (${documentLabel(ctx, first.passage)})`);
    evidence.push({ passage: first.passage, text: first.text });
    if (others.length >= 2) break;
  }
  if (others.length > 0) {
    notes.push(
      ctx.en
        ? `${reading.promotion === undefined && main.promotion !== undefined ? `No promotion was named: this is the latest. ` : ""}Elsewhere in my documents: ${joinList(ctx, others)}.`
        : `${reading.promotion === undefined && main.promotion !== undefined ? `Aucune promotion précisée : voici la plus récente. ` : ""}Ailleurs dans mes documents : ${joinList(ctx, others)}.`,
    );
  }
  return { notes, evidence };
}

/** Types whose answer is a figure that documents may repeat (or contradict). */
const COUNTED = new Set(["count", "amount", "duration", "proportion"]);

/** Of the candidates nearly as good as the best, the one to lead with: the latest promotion, then the most recent document. */
function choose(ctx: Context, reading: Reading, list: Candidate[]): { main: Candidate; close: Candidate[] } {
  let best = list[0] as Candidate;
  // A figure of the programme ("combien d'EIG pour la promo 3 ?") is the one most documents
  // state; a figure of a rule ("à combien de défis puis-je candidater ?") is the rule's.
  if (COUNTED.has(reading.type) && !reading.modal) {
    const support = new Map<string, Set<string>>();
    const good = list.filter((c) => c.score >= best.score * ENGINE.supportShare);
    for (const c of good) {
      const v = String(c.spans[0]?.value ?? c.spans[0]?.text ?? "");
      const docs = support.get(v) ?? new Set<string>();
      docs.add(c.window.section.docId);
      support.set(v, docs);
    }
    const top = [...support].sort((a, b) => b[1].size - a[1].size)[0];
    const value = (c: Candidate) => String(c.spans[0]?.value ?? c.spans[0]?.text ?? "");
    if (top && top[1].size > (support.get(value(best))?.size ?? 0))
      best = good.find((c) => value(c) === top[0]) ?? best;
  }
  const lead = best;
  const close = list.filter((c) => c.score >= best.score * ENGINE.closeShare);
  if (!close.includes(best)) close.unshift(best);
  const date = (c: Candidate) => ctx.kb.byId.get(c.window.section.docId)?.date ?? "";
  // The latest promotion when none was asked; a figure most documents state; then the most
  // recent document (a newer version of an FAQ entry is the right one).
  const leadValue = String(lead.spans[0]?.value ?? lead.spans[0]?.text ?? "");
  const agrees = (c: Candidate) =>
    COUNTED.has(reading.type) && !reading.modal
      ? Number(String(c.spans[0]?.value ?? c.spans[0]?.text ?? "") === leadValue)
      : 0;
  // A fact of a typed question changes with the promotion and the year: the latest leads among the
  // close candidates. An untyped answer (a list, a reason, a definition) is the best-matching one;
  // a later document leads only when it matches as well.
  const band =
    isTyped(reading.type) || reading.yesNo
      ? close
      : close.filter((c) => c.score >= best.score * ENGINE.untypedCloseShare);
  const main = [...(band.length > 0 ? band : close)].sort(
    (a, b) =>
      (reading.promotion === undefined ? (b.promotion ?? 0) - (a.promotion ?? 0) : 0) ||
      agrees(b) - agrees(a) ||
      date(b).localeCompare(date(a)) ||
      b.score - a.score,
  )[0] as Candidate;
  return { main, close };
}

function fromCandidates(ctx: Context, reading: Reading, list: Candidate[]): Found {
  const { main, close } = choose(ctx, reading, list);
  const promotions = new Set(close.map((c) => c.promotion).filter((p) => p !== undefined));
  const { notes, evidence } = competing(ctx, reading, main, close);
  const missing = main.missing.filter((s) => s.role === "subject" && s.terms.some((t) => t.length >= 4));
  if (missing.length > 0 && missing.length < reading.slots.length) {
    const list = [...new Set(missing.map((s) => `« ${s.word} »`))].join(", ");
    notes.push(
      ctx.en
        ? `My documents say nothing about ${list}; this answer leaves it aside.`
        : `Mes documents ne disent rien de ${list} : cette réponse n'en tient pas compte.`,
    );
  }
  if (main.mention?.yearOutside) {
    const first = main.sentences[0];
    if (first)
      notes.push(
        ctx.en
          ? `The year is not written next to this date in ${documentLabel(ctx, first.passage)}; whether the date is past is inferred from the rest of the document.`
          : `L'année n'est pas écrite à côté de cette date dans ${documentLabel(ctx, first.passage)} : la date est située d'après le reste du document.`,
      );
  }
  return {
    lead: lead(ctx, reading, main, reading.promotion !== undefined || promotions.size > 1),
    evidence: [...evidenceOf(main), ...evidence],
    ...(main.promotion !== undefined ? { promotion: main.promotion } : {}),
    confidence: Math.min(0.95, main.score),
    notes,
    kind: reading.type,
  };
}

/** Extra slots: the défi named (its name is matched as a whole) and the sentences around the question. */
function extraSlots(reading: Reading, context: Slot[]): Slot[] {
  const names = [...new Set(reading.defis.map((d) => d.name))].slice(0, 1).map(
    (name): Slot => ({
      word: name,
      terms: analyze(name),
      alternatives: [],
      groups: [],
      role: "subject",
      name: true,
    }),
  );
  return [...names.filter((s) => s.terms.length > 0), ...context];
}

function answerPart(ctx: Context, reading: Reading, context: Slot[]): PartResult {
  const kb = ctx.kb;
  const en = ctx.en;
  // A year the knowledge never mentions ("la promotion 2025"): another year's fact would be a guess.
  const { years } = knowledgeYears(kb);
  const missingYears = reading.years.filter((y) => !years.has(y));
  if (reading.defis.length === 0 && missingYears.length > 0 && missingYears.length === reading.years.length) {
    const newest = knowledgeYears(kb).newest;
    const list = joinList(ctx, missingYears);
    return {
      reading,
      refusal: says(
        en,
        `Je ne sais pas : mes documents ne disent rien de ${list}${newest ? ` (le plus récent date de ${newest})` : ""}.`,
        `I don't know: my documents say nothing about ${list}${newest ? ` (the most recent is from ${newest})` : ""}.`,
      ),
    };
  }
  const known = kb.facts.promotions;
  if (
    reading.promotion !== undefined &&
    known.length > 0 &&
    !known.includes(reading.promotion) &&
    reading.defis.length === 0
  ) {
    const list = joinList(ctx, known.map(String));
    return {
      reading,
      refusal: says(
        en,
        `Je ne sais pas : mes documents ne disent rien de la promotion ${reading.promotion} (ils portent sur ${known.length > 1 ? "les promotions" : "la promotion"} ${list}).`,
        `I don't know: my documents say nothing about promotion ${reading.promotion} (they cover promotion${known.length > 1 ? "s" : ""} ${list}).`,
      ),
    };
  }
  // A topic the lexicon knows ("congés", "télétravail") that no document mentions, in any of its
  // words: the documents do not cover it, whatever else the question shares with them.
  // Not one option of an alternative ("net or gross?"): one option may well be absent (the
  // options are one slot, absent only when neither is there).
  const options = new Set(
    [...reading.text.matchAll(/([\p{L}-]+)\s+(?:ou|or)\s+([\p{L}-]+)/gu)].flatMap((m) =>
      [m[1] ?? "", m[2] ?? ""].map((w) => w.toLowerCase()),
    ),
  );
  const lacking = reading.slots.filter(
    (s) =>
      s.role === "subject" &&
      // Options neither of which the documents name: they cannot say which holds.
      (s.groups.length > 0 || s.focus === true || s.options === true) &&
      !options.has(s.word.toLowerCase()) &&
      absent(kb, s),
  );
  if (lacking.length > 0 && reading.defis.length === 0) {
    const list = joinList(ctx, [...new Set(lacking.map((s) => `« ${s.word} »`))]);
    return {
      reading,
      refusal: says(
        en,
        `Je ne sais pas : mes documents ne disent rien de ${list}.`,
        `I don't know: my documents say nothing about ${list}.`,
      ),
    };
  }
  const general = candidates(ctx, reading, extraSlots(reading, context));
  const bar = Math.min(1, general[0]?.score ?? 0) * ENGINE.behaviourShare;
  let behaviour: { fit: number; found: Found } | undefined;
  for (const b of BEHAVIOURS) {
    const fit = b.fit(reading, kb);
    if (fit <= 0 || fit < bar || (behaviour && fit <= behaviour.fit)) continue;
    const found = b.run(ctx);
    if (found && (found.evidence.length > 0 || found.refusal)) behaviour = { fit, found };
  }
  if (behaviour?.found.refusal) return { reading, refusal: behaviour.found.refusal };
  if (behaviour) return { reading, found: behaviour.found };
  // The list of a promotion's défis is read from the défis the knowledge states: none for that
  // promotion, and a sentence that merely mentions it is no list.
  const list = BEHAVIOURS.find((b) => b.kind === "defi-list");
  if (
    list &&
    reading.promotion !== undefined &&
    list.fit(reading, kb) >= 0.9 &&
    !kb.facts.defis.some((d) => d.promotion === reading.promotion)
  ) {
    return {
      reading,
      refusal: says(
        en,
        `Je ne sais pas : mes documents ne donnent pas la liste des défis de la promotion ${reading.promotion}.`,
        `I don't know: my documents do not list the défis of promotion ${reading.promotion}.`,
      ),
    };
  }
  if (general.length > 0)
    return { reading, found: fromCandidates(ctx, reading, general), candidate: general[0] };
  const near = closest(ctx, reading);
  const doc = near ? kb.byId.get(near.section.docId) : undefined;
  const heading = near?.section.headings[near.section.headings.length - 1];
  const hint =
    near && doc
      ? says(
          en,
          ` Le plus proche dans mes documents : ${heading ? `« ${heading} » dans ` : ""}« ${doc.title} ».`,
          ` The closest in my documents: ${heading ? `“${heading}” in ` : ""}“${doc.title}”.`,
        )
      : "";
  const promo =
    reading.promotion !== undefined
      ? says(en, ` pour la promotion ${reading.promotion}`, ` for promotion ${reading.promotion}`)
      : "";
  return {
    reading,
    refusal: says(
      en,
      `Je ne sais pas : je n'ai rien trouvé dans les documents du programme qui réponde à cette question${promo}.${hint}`,
      `I don't know: I found nothing in the programme's documents that answers this question${promo}.${hint}`,
    ),
  };
}

function smallTalkAnswer(message: Message, kb: KnowledgeBase, asked: string): Answer {
  const en = message.language === "en";
  const talk = message.smallTalk ?? "empty";
  const kind: QuestionKind = talk === "empty" ? "unknown" : talk;
  const what = says(
    en,
    "le programme Entrepreneurs d'intérêt général : ses défis, qui peut candidater, les dates limites, la taille des équipes, la rémunération",
    "the Entrepreneurs d'intérêt général programme: its défis, who may apply, deadlines, team sizes, pay",
  );
  const text = {
    thanks: says(
      en,
      "Avec plaisir ! N'hésitez pas si vous avez d'autres questions sur le programme.",
      "You're welcome! Ask me anything else about the programme.",
    ),
    help: helpText(message.language, kb),
    statement: says(
      en,
      `C'est noté ! Je réponds aux questions sur ${what}. Que voulez-vous savoir ?`,
      `Noted! I answer questions about ${what}. What would you like to know?`,
    ),
    empty: says(
      en,
      `Je n'ai pas compris la question. Interrogez-moi sur ${what}.`,
      `I did not understand the question. Ask me about ${what}.`,
    ),
    greeting: says(
      en,
      `Bonjour ! Je réponds aux questions sur ${what}. Que voulez-vous savoir ?`,
      `Hello! I answer questions about ${what}. What would you like to know?`,
    ),
  }[talk];
  return unanswered(asked, kb, { language: message.language, kind, message: text, withContact: false });
}

function oldSourceNote(ctx: Context, dates: (string | undefined)[], en: boolean): string | undefined {
  const newest = dates
    .map((d) => d ?? "")
    .sort()
    .pop();
  if (!newest) return undefined;
  const ageYears = (ctx.today.getTime() - new Date(`${newest}T00:00:00Z`).getTime()) / (365.25 * 86_400_000);
  if (ageYears <= 2) return undefined;
  return en
    ? `My most recent source here dates from ${newest.slice(0, 4)}: check with the programme's team for a later promotion.`
    : `Ma source la plus récente ici date de ${newest.slice(0, 4)} : vérifiez auprès de l'équipe du programme pour une promotion plus récente.`;
}

/** Answers a message; also returns the turn to remember for the conversation's next message. */
export function answerTurn(
  question: string,
  kb: KnowledgeBase,
  options: AnswerOptions = {},
): { answer: Answer; turn?: Turn } {
  const message = readMessage(question, kb);
  if (message.smallTalk) return { answer: smallTalkAnswer(message, kb, question.trim()) };
  const today = options.today ?? new Date();
  const previous =
    options.previous?.reading ??
    (options.previousQuestion ? readQuestion(options.previousQuestion, kb) : undefined);
  const results: PartResult[] = [];
  let merged = false;
  let before = previous;
  for (const part of message.parts) {
    const resolved = followUp(part, before);
    merged ||= resolved.merged && before === previous;
    const ctx = new Context(kb, resolved.reading, today);
    results.push(answerPart(ctx, resolved.reading, message.context));
    before = resolved.reading;
  }
  const language: Language = message.language;
  const en = language === "en";
  const shown = question.trim();
  // A follow-up says what it was read against.
  const followed =
    merged && previous
      ? [en ? `Read as a follow-up of: “${previous.text}”.` : `Lu comme la suite de : « ${previous.text} ».`]
      : [];
  const last = results[results.length - 1] as PartResult;
  const turn: Turn = { reading: last.reading };
  const answered = results.filter((r) => r.found);
  if (answered.length === 0) {
    const text = results
      .map((r, i) => (results.length > 1 ? `${i + 1}. ${r.refusal ?? ""}` : (r.refusal ?? "")))
      .join("\n");
    const first = results[0] as PartResult;
    return {
      answer: unanswered(shown, kb, {
        language,
        kind: first.reading.type,
        message: text,
        notes: followed,
        ...(first.reading.promotion !== undefined ? { promotion: first.reading.promotion } : {}),
      }),
      turn,
    };
  }
  const evidence: Evidence[] = [];
  const notes: string[] = [];
  const leads: string[] = [];
  results.forEach((r, i) => {
    const number = results.length > 1 ? `${i + 1}. ` : "";
    if (r.found) {
      leads.push(`${number}${r.found.lead}`);
      evidence.push(...r.found.evidence);
      notes.push(...r.found.notes);
    } else {
      leads.push(
        `${number}${says(en, `« ${r.reading.text} » : `, `“${r.reading.text}”: `)}${r.refusal ?? ""}`,
      );
    }
  });
  const { quotes, sources } = quotesAndSources(kb, evidence);
  const ctx = new Context(kb, last.reading, today);
  const old = oldSourceNote(
    ctx,
    sources.map((s) => s.date),
    en,
  );
  if (old) notes.push(old);
  const main = answered[0]?.found as Found;
  return {
    answer: {
      id: newAnswerId(),
      question: shown,
      answered: true,
      kind: results.length > 1 ? "several" : (main.kind ?? "info"),
      ...(main.promotion !== undefined ? { promotion: main.promotion } : {}),
      language,
      text: leads.join("\n"),
      quotes,
      sources,
      confidence: Math.min(...answered.map((r) => r.found?.confidence ?? 0)),
      notes: [...followed, ...new Set(notes)],
    },
    turn,
  };
}

export function answer(question: string, kb: KnowledgeBase, options: AnswerOptions = {}): Answer {
  return answerTurn(question, kb, options).answer;
}
