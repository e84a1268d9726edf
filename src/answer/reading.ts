/**
 * Reading a message: what it expects and what it is about, the classic first step of question
 * answering (question → expected answer type → passage retrieval → answer extraction).
 *
 *   "slt, je suis dev. c koi la date limite pr la promo 3 ??"
 *     → { language: fr, parts: [{ type: date, slots: [date limite], promotion: 3 }],
 *         context: [dev] }
 *
 * A message is cleaned (chat spellings written out, greetings and thanks put aside), split into
 * sentences; the sentences that ask something are its parts (two questions in one message are two
 * parts), the others are context ("je suis étudiant", said before the question, still matters).
 * Each part gets:
 *   - an expected answer **type**, from its interrogative form ("combien de temps" → duration,
 *     "qui porte" → organisation, "peut-on" → yes/no); the interrogative that opens the question
 *     decides, a content word refines a vague "quel" ("quel est le salaire" → amount);
 *   - its **slots**: the words that say what it is about, each with the other words of its
 *     lexicon group (src/search/lexicon.ts), and the word counted by "combien de …";
 *   - the **promotion** and years it names, and the **défis** it names (from the knowledge).
 * The form words (question words, auxiliaries, "je voudrais savoir") are never searched.
 */
import type { DefiFact } from "../knowledge/facts.js";
import { findPromotions } from "../knowledge/promotion.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import { fold, processTerm, words } from "../search/analyzer.js";
import { groupsOf, phrasesIn } from "../search/lexicon.js";
import { findDefis } from "./defi-names.js";
import { detectLanguage } from "./language.js";
import { parseNumber } from "./numbers.js";
import type { AnswerType, Language } from "./types.js";

export type { AnswerType };

/** A word (or phrase) the question is about, with the words that may stand for it. */
export interface Slot {
  /** As written in the question ("bosse", "date limite"). */
  word: string;
  /** Analyzed terms of the word itself. */
  terms: string[];
  /** Analyzed terms of each other word of its lexicon groups ("salary" → [["salair"], ["remuner"], …]). */
  alternatives: string[][];
  /** Lexicon groups it belongs to. */
  groups: string[];
  /**
   * `subject`: what the question is about; `form`: a word of the question's form that is also a
   * word of documents ("date" in "à quelle date"), weighed less; `context`: said around the
   * question ("je suis étudiant. …").
   */
  role: "subject" | "form" | "context";
  /** The name of a défi the question names: what it is about, above all. */
  name?: boolean;
  /** The noun the question asks for ("selon quel barème" → barème): its focus. */
  focus?: boolean;
  /** The options of an alternative ("net ou brut"), read as one slot. */
  options?: boolean;
}

export interface Reading {
  /** The part as asked, cleaned. */
  text: string;
  language: Language;
  type: AnswerType;
  /** True when the question can be answered by yes or no ("Un fonctionnaire peut-il candidater ?"). */
  yesNo: boolean;
  /** True when it asks what one may or must do ("puis-je", "faut-il", "can I"): a rule answers it. */
  modal: boolean;
  /** Words the question puts a figure on ("8 ans d'expérience" → expérience): a condition, which a
   * sentence giving figures for the same thing ("jusqu'à 5 ans d'expérience") answers best. */
  conditions: Slot[];
  /** For a duration: it asks how long after or before something ("combien de temps après la signature"). */
  delay: boolean;
  /** For a count given per unit: "combien par équipe ?", "how many per team?". */
  perUnit: boolean;
  /** For a count: the slot of the thing counted ("combien de défis" → défis), and its complement
   * ("combien de lignes de code" → code), which the counting sentence must name too. */
  counted?: Slot;
  countedOf?: Slot;
  slots: Slot[];
  promotion?: number;
  /** Every promotion named ("les promos 1 et 2"): passages about any of them may answer. */
  promotions: number[];
  /** Four-digit years named. */
  years: string[];
  defis: DefiFact[];
}

export type SmallTalk = "greeting" | "thanks" | "statement" | "help" | "empty";

export interface Message {
  text: string;
  language: Language;
  /** The questions of the message, in order (at most MAX_PARTS). */
  parts: Reading[];
  /** Slots of the sentences around the questions. */
  context: Slot[];
  /** Set when the message asks nothing. */
  smallTalk?: SmallTalk;
}

const MAX_PARTS = 3;

/** Chat spellings and abbreviations, written out before anything else reads the message. */
const CHAT: Record<string, string> = {
  cb: "combien",
  cbn: "combien",
  cmb: "combien",
  pk: "pourquoi",
  pq: "pourquoi",
  pkoi: "pourquoi",
  koi: "quoi",
  kan: "quand",
  qd: "quand",
  ke: "que",
  ki: "qui",
  pr: "pour",
  ds: "dans",
  ac: "avec",
  avc: "avec",
  bcp: "beaucoup",
  tt: "tout",
  tjrs: "toujours",
  dc: "donc",
  mm: "même",
  qq: "quelques",
  qqn: "quelqu'un",
  qqch: "quelque chose",
  jpeux: "je peux",
  jveux: "je veux",
  jvoudrais: "je voudrais",
  jsuis: "je suis",
  chui: "je suis",
  jsais: "je sais",
  g: "j'ai",
  c: "c'est",
  ct: "c'était",
  slt: "salut",
  bjr: "bonjour",
  cc: "coucou",
  svp: "s'il vous plaît",
  stp: "s'il te plaît",
  mtn: "maintenant",
  rdv: "rendez-vous",
  dev: "développeur",
  devs: "développeurs",
  promo: "promotion",
  promos: "promotions",
  ok: "ok",
};

/** Greetings, thanks and fillers: a message of only these asks nothing. */
const SMALL_TALK = new Set(
  (
    "bonjour bonsoir salut hello hi hey coucou yo merci thanks thank thx remercie remerciements super génial " +
    "genial cool top parfait nickel bravo ok okay d'accord daccord bye revoir ciao bonne journée soirée " +
    "plait plaît please cordialement mdr lol ptdr there guys everyone tout monde"
  ).split(" "),
);
const THANKS = /\b(merci|thanks|thank you|thx|remercie)\b/i;
const HELP =
  /^\s*(\?+|aide|help|aidez[- ]moi|help me|que sais[- ]tu faire|what can you do|que peux[- ]tu faire)\s*[?!.]*\s*$/i;

const GREETING_START =
  /^\s*(?:bonjour|bonsoir|salut|coucou|hello|hi|hey|yo)\b[\s,!.]*(?:(?:à|a) (?:tous|toutes|vous)|everyone|all)?[\s,!.]*/i;

/** A sentence about oneself, not a question: "je suis data scientist depuis six ans". */
const STATEMENT = /^(je|j'|moi|i|i'm|i am|my|mon|ma|nous|on)\b/i;

/**
 * Interrogative cues, each with the type it announces. The cue that opens the question wins;
 * at one position the longest cue wins ("combien de temps" over "combien"). `strength`: 2 for a
 * cue that fixes the type, 1 for a vague one ("quel", "what") that a content cue may refine.
 */
const CUES: { pattern: RegExp; type: AnswerType; strength: 1 | 2 }[] = [
  {
    pattern:
      /\b(a quelle heure|quelle heure|what time|heure precise|a quel moment|quel moment|quel jour de la semaine|what day of the week)\b/,
    type: "time",
    strength: 2,
  },
  {
    pattern:
      /\b(combien de temps|pendant combien|for how long|how long|quelle (?:est la )?duree|dure combien|ca dure|combien de (?:mois|jours|semaines|annees|ans|heures)|how many (?:months|days|weeks|years|hours))\b/,
    type: "duration",
    strength: 2,
  },
  {
    pattern:
      /\b(tous les combien|toutes les combien|a quelle frequence|quelle frequence|a quel rythme|quel rythme|combien de fois|how often|how frequently|how many times)\b/,
    type: "frequency",
    strength: 2,
  },
  {
    pattern:
      /\b(quelle part|quel pourcentage|quelle proportion|what share|what percentage|what proportion|what part|how much of|combien de ?%|what fraction)\b/,
    type: "proportion",
    strength: 2,
  },
  {
    pattern:
      /\b(combien (?:\w+ ){0,3}(?:paye|payes|payee|payees|paie|paient|remunere|remuneres|gagne|gagnent|touche|touchent|coute|coutent)|(?:paye|payes|payee|payees|paie|remuneres?|gagne|touche|ca paye|ca paie) combien|how much|quel (?:est le )?montant|quelle somme|combien d'argent|combien d'euros|quel salaire|quelle remuneration)\b/,
    type: "amount",
    strength: 2,
  },
  { pattern: /\b(combien de|combien d'|nombre de|how many|number of)\b/, type: "count", strength: 2 },
  // "combien" alone is vague: "c'est combien le salaire ?" is an amount, "cb ça dure ?" a duration.
  { pattern: /\b(combien)\b/, type: "count", strength: 1 },
  {
    pattern:
      /\b(a partir de quand|jusqu'a quand|depuis quand|d'ici quand|quand(?! meme\b)|quelle date|a quelle date|quel jour|quel mois|quelle annee|en quelle annee|quelle periode|a quelle periode|when|what date|which date|by when|what day|what year|which year|which month)\b/,
    type: "date",
    strength: 2,
  },
  {
    pattern:
      /\b(quelles? (?:administrations?|structures?|institutions?|directions?|agences?|entreprises?|ecoles?|organisations?|entites?)|quels? (?:ministeres?|services?|organismes?|operateurs?|etablissements?|partenaires?)|which (?:administrations?|ministry|ministries|agency|agencies|department|departments|organi[sz]ations?|bodies|body|schools?|partners?)|qui (?:porte|portait|portent|pilote|pilotait|finance|organise|organisait|accueille|accueillait|heberge|recrute|emploie|signe|paie|paye)|who (?:runs|ran|carries|carried|hosts|hosted|funds|funded|organi[sz]es|employs|signs|pays)|par qui)\b/,
    type: "organisation",
    strength: 2,
  },
  {
    pattern:
      /\b(a qui (?:ecrire|m'adresser|poser|envoyer|demander)|qui contacter|contacter|joindre|who (?:can|do|should) i (?:contact|email|write|ask)|adresse (?:mail|e-?mail|electronique|postale)|quelle adresse|what address|which address|e-?mail address)\b/,
    type: "contact",
    strength: 2,
  },
  {
    pattern:
      /\b(quel lien|le lien|quel site|quelle url|site web|ou trouver|ou (?:je peux|puis-je|peut-on|on peut) (?:trouver|lire|voir|consulter|telecharger)|where (?:can|do|could) (?:i|we|you) (?:find|read|see|download|get)|what(?:'s| is) the (?:link|url|website)|link to)\b/,
    type: "link",
    strength: 2,
  },
  {
    pattern:
      /\b(pourquoi|pour quelle raison|dans quel but|why|what for|for what purpose|a quoi sert|a quoi servent|a quoi ca sert)\b/,
    type: "reason",
    strength: 2,
  },
  {
    pattern:
      /\b(qui est|qui sont|qui etait|qui etaient|c'est qui|c'etait qui|who is|who was|who are|who were|who)\b/,
    type: "person",
    strength: 2,
  },
  {
    pattern:
      /\b(dans quelles? villes?|quelles? villes?|quel lieu|quel endroit|quels locaux|which city|which cities|which town|where)\b/,
    type: "place",
    strength: 2,
  },
  {
    pattern:
      /\b(qu'est-ce qu'il faut|qu'est ce qu'il faut|que faut-il|quels documents|quelles pieces|what do (?:i|we) need to|what should (?:i|we) (?:include|put|send|provide|prepare))\b/,
    type: "list",
    strength: 2,
  },
  {
    pattern:
      /\b(c'est quoi|c'etait quoi|qu'est-ce que|qu'est ce que|qu'est-ce qu|que signifie|que veut dire|ca veut dire|what is|what's|what was|what does \w+ mean|definition|kesako)\b/,
    type: "definition",
    strength: 1,
  },
  {
    pattern:
      /\b(comment|how do|how can|how should|how to|how does|how is|how are|how were|how will|quelles? (?:sont les )?etapes|quelle (?:est la )?(?:procedure|demarche)|marche a suivre|what steps|what should (?:i|we) do)\b/,
    type: "procedure",
    strength: 2,
  },
  {
    pattern:
      /\b(quels sont|quelles sont|quels etaient|quelles etaient|lesquels|lesquelles|liste|lister|enumere|what are the|which are|list (?:of|the|all)|name the)\b/,
    type: "list",
    strength: 1,
  },
  {
    pattern:
      /\b(comment (?:il|elle|ils|elles|ca|ça|ce defi|ce projet) s'appel(?:le|lent)|quel (?:est )?(?:son|leur|le) nom|what(?:'s| is) (?:it|its name|the name)|what is it called)\b/,
    type: "definition",
    strength: 2,
  },
  { pattern: /\b(quels|quelles)\b/, type: "list", strength: 1 },
  { pattern: /\b(quel|quelle|what|which|qui)\b/, type: "info", strength: 1 },
];

/** Content words that say what a vague question expects ("Quel est le salaire ?"). */
const CONTENT_CUES: { pattern: RegExp; type: AnswerType }[] = [
  { pattern: /\b(date limite|deadline|date de cloture|closing date)\b/, type: "date" },
  { pattern: /\b(salaire|remuneration|salary|wage|paie)\b/, type: "amount" },
  { pattern: /\b(duree|duration|ca dure|dure)\b/, type: "duration" },
  { pattern: /\b(date|dates)\b/, type: "date" },
  { pattern: /\b(pourcentage|percentage|proportion)\b/, type: "proportion" },
  { pattern: /\b(e-?mail|courriel|adresse mail|contact)\b/, type: "contact" },
  { pattern: /\b(lien|url|link|website)\b/, type: "link" },
];

/** Inversion ("peut-il", "puis-je", "y a-t-il"), "est-ce que", English auxiliary first. */
const YES_NO =
  /\b\w+-(?:t-)?(?:je|tu|il|elle|on|nous|vous|ils|elles)\b|(?<!qu')\best[- ]ce qu|^(?:can|could|is|are|was|were|do|does|did|should|may|must|will|would|am|have|has|shall)\b|\b(?:c'est (?:ok|possible|grave|autorise|permis|obligatoire)|ou pas|oui ou non|possible de|on a le droit|j'ai le droit|ai-je le droit|il faut)\b/;

/** Words of a question's form, never searched (interrogatives, auxiliaries, requests, fillers). */
const FORM_WORDS = new Set(
  (
    "quand combien comment pourquoi quel quelle quels quelles qui que quoi où lequel laquelle lesquels lesquelles " +
    "est-ce peut peux peuvent pouvons pouvez pourrai pourrais pourrait pourra pourront pourrions puis puisse " +
    "dois doit doivent devons devez devrai devrais devrait devra devront faut faudra faudrait fallait " +
    "sera serai serais serait seront sont suis es est sommes êtes etes était etait étaient etaient été ete être etre " +
    "ai as avons avez ont avoir aura auront avait avaient aurai aurais aurait fait faire font fais faites va vais vas vont aller allez " +
    "savoir sais sait saurais connaître connaitre connais voudrais voudrait voulais veux veut vouloir voulez " +
    "aimerais aimerait souhaite souhaiterais souhaitons dire dis dites expliquer explique expliquez " +
    "question questions info infos information informations renseignement renseignements svp stp merci " +
    "bonjour salut hello coucou bonsoir ok okay oui non si alors donc coup bref genre vraiment exactement " +
    "environ peu près gros vrai truc trucs chose choses quelqu quelque quelques tout tous toute toutes bien " +
    "aussi encore déjà deja toujours jamais plutôt plutot sinon mais car puisque lorsque là ici ça ca cela ceci " +
    "il y a-t-il existe existent concrètement concretement actuellement exact exacte précis precis précise precise " +
    "what when where why how who whom whose which whether is are was were be been being do does did can could should " +
    "would will shall may might must have has had tell know please thanks hi hello want wanted like get got " +
    "any some much many exactly actually really roughly there anyone someone something " +
    "mdr lol ptdr plait plaît chaque pendant durant selon chez comme sorte sortes type types " +
    "kind kinds sort sorts isn aren doesn don didn wasn weren won wouldn couldn shouldn ll ve re " +
    "vrai vraie vraiment gros grosso modo ok même mêmes meme memes devant " +
    "up out off just also only even still yet ever again then than too very well way actually currently " +
    "beaucoup bcp trop tres très plein appelle appellent appelé appelée per each mettre mets met mis mise"
  ).split(" "),
);

/** Words of interrogative phrases that say how to answer, not what about. */
const CUE_ONLY = new Set(
  (
    "temps heure heures moment rythme frequence fois periode date jour jours mois semaines annees ans part proportion pourcentage somme montant duree nom time long often frequently much many share percentage proportion part name called day year month " +
    "porte portait portent pilote pilotait finance organise organisait accueille accueillait heberge recrute emploie signe runs ran carries carried hosts hosted funds funded organises organizes employs signs"
  ).split(" "),
);

/** Words of the question's form that documents use too: searched, but weighed less. */
const SOFT_FORM = new Set([
  "date",
  "dates",
  "jour",
  "duree",
  "durée",
  "nombre",
  "lien",
  "liste",
  "heure",
  "periode",
  "période",
]);

/** English phrases whose words say nothing of the topic ("end up", "so far"). */
const FILLERS =
  /\b(?:end(?:ed)? up|so far|right now|at all|in fact|by the way|en fait|du coup|en gros|à peu près|a peu pres|en vrai|au juste)\b/gi;

function normalize(text: string): string {
  return text
    .replace(/[’‘ʼ`´′]/g, "'")
    .replace(FILLERS, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Chat spellings written out, word by word ("cb de défis pr la promo 3" → "combien de défis pour la promotion 3"). */
export function expandChat(text: string): string {
  // A word before an apostrophe is elided ("c'est", "j'ai"): it is no chat spelling.
  return text.replace(/[\p{L}]+(?!['’])/gu, (w) => {
    const out = CHAT[w.toLowerCase()];
    if (out === undefined) return w;
    // "C" at a sentence start before a verb is "c'est"; a lone capital "C" in "langage C" stays.
    if (w === "C" || w === "G") return w;
    return out;
  });
}

/** Lower case, accents folded, apostrophes plain: the form cues are matched on this. */
function flat(text: string): string {
  return ` ${fold(text.toLowerCase()).replace(/[’‘ʼ]/g, "'")} `;
}

/** Sentences of a message: split after ? ! . and line breaks, keeping the mark. */
function sentencesOf(text: string): string[] {
  return (text.match(/[^?!.\n]+(?:[?!.]+|$)|[?!.]+/g) ?? [])
    .flatMap((s) => s.split(QUESTION_AFTER_COMMA))
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/** "je suis data scientist, est-ce qu'il y a …": a clause about oneself, then the question. */
const QUESTION_AFTER_COMMA =
  /[,;:]\s+(?=(?:est-ce|est ce|y a-t-il|y a t il|peut-on|puis-je|quels?|quelles?|combien|quand|comment|pourquoi|c'est quoi|is there|are there|can i|can we|what|when|how|why|which)\b)/i;

function asks(sentence: string): boolean {
  if (/\?\s*$/.test(sentence)) return true;
  const f = flat(sentence);
  if (CUES.some((c) => c.strength === 2 && c.pattern.test(f)) || YES_NO.test(f.trim())) return true;
  // "je voudrais savoir quel est le salaire": a question put as a request.
  return /\b(?:savoir|connaitre|demande|wonder|know)\b/.test(f) && CUES.some((c) => c.pattern.test(f));
}

/** True when every word is a greeting, a thank-you or a filler. */
function onlySmallTalk(text: string): boolean {
  const ws = words(text).map((w) => fold(w));
  return (
    ws.length > 0 &&
    ws.every(
      (w) =>
        SMALL_TALK.has(w) ||
        (w.length < 2 && !/\d/.test(w)) ||
        /^(a|de|et|vous|tu|te|toi|pour|la|le|d|l|beaucoup|bien|tres|the|you|for|so|much|very|all|your)$/.test(
          w,
        ),
    )
  );
}

/** The expected answer type, and whether the question is a yes/no one. */
export function answerType(text: string): { type: AnswerType; yesNo: boolean; cue?: string } {
  // "Où" folds to "ou" (or): it is read on the text as typed, or as the question's first word.
  const where =
    /(?:^|[\s,;:(])où(?![\p{L}])/iu.exec(text.replace(/[’‘ʼ]/g, "'")) ?? /^\s*ou\s+(?!pas\b)/i.exec(text);
  // Interrogative "où" opens the question ("Où …", "Et où …", "…, où …"); "le ministère où je
  // bosse" is a relative one.
  const before = where ? text.slice(0, where.index + (where[0].length - where[0].trimStart().length)) : "";
  const opens = /^\s*(?:\p{L}+\s+){0,2}$|[,;:(]\s*$|\b(?:et|mais|alors|donc|and)\s+$/iu.test(before);
  if (where && opens && !/\b(?:quand|combien|comment|pourquoi|when|how|why)\b/i.test(fold(before))) {
    // "Où candidater ?", "où trouver le règlement ?": a link, not a place.
    const next = fold(text.slice(where.index + where[0].length).toLowerCase());
    const link =
      /^\s*(?:(?:puis-je|peut-on|peux-tu|pouvez-vous|est-ce qu'on peut|est-ce que je peux|est ce que je peux|est-ce que l'on peut|je peux|on peut|faut-il|dois-je)\s+)?(?:candidat|postul|trouv|lir|voir|consult|telecharg|inscri|depos|envoy|remplir)/.test(
        next,
      );
    return { type: link ? "link" : "place", yesNo: false, cue: fold(where[0].trim().toLowerCase()) };
  }
  const f = flat(text);
  let best: { at: number; length: number; type: AnswerType; strength: number } | undefined;
  for (const cue of CUES) {
    const m = cue.pattern.exec(f);
    if (!m) continue;
    const at = m.index;
    const length = m[0].length;
    // The first cue wins, except that a vague cue gives way to a strong one anywhere after it
    // ("quel est le délai … combien de temps" is about the time).
    if (
      !best ||
      (cue.strength > best.strength && (best.strength === 1 || at < best.at)) ||
      (cue.strength === best.strength && (at < best.at || (at === best.at && length > best.length)))
    ) {
      best = { at, length, type: cue.type, strength: cue.strength };
    }
  }
  const yesNo = YES_NO.test(f.trim()) && (!best || best.strength === 1);
  if (!best || best.strength === 1) {
    const content = CONTENT_CUES.find((c) => c.pattern.test(f));
    if (content) return { type: content.type, yesNo };
  }
  if (yesNo) return { type: "yes-no", yesNo: true };
  if (best) return { type: best.type, yesNo: false, cue: f.slice(best.at, best.at + best.length) };
  // A few words with no question form ("date limite promo 3", "salaire ?"): what they name.
  return {
    type: /\?\s*$/.test(text) && words(text).length > 3 ? "yes-no" : "info",
    yesNo: /\?\s*$/.test(text) && words(text).length > 3,
  };
}

/** The complement of the word counted: "lignes de code" → "code", "lines of code" → "code". */
function countedComplement(text: string, head: string): string | undefined {
  const escaped = head.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`\\b${escaped}\\s+(?:de|d'|du|des|of)\\s*([\\p{L}-]+)`, "iu").exec(
    text.replace(/[’‘ʼ]/g, "'"),
  );
  const w = m?.[1];
  return w && processTerm(w.toLowerCase()) !== null && !FORM_WORDS.has(fold(w.toLowerCase())) ? w : undefined;
}

/** The word counted: the first content word after "combien de", "how many", "nombre de". */
function countedWord(text: string): string | undefined {
  const m =
    /\b(?:combien d(?:e|es|u|')?\s*|nombre d(?:e|es|')\s*|how many\s+|number of\s+)((?:[\p{L}'-]+\s*){1,3})/iu.exec(
      text.replace(/[’‘ʼ]/g, "'"),
    );
  if (!m?.[1]) return undefined;
  return m[1]
    .split(/\s+/)
    .map((w) => w.replace(/^[ldj]'/i, ""))
    .find((w) => processTerm(w.toLowerCase()) !== null && !FORM_WORDS.has(fold(w.toLowerCase())));
}

/** Slots of a text: its content words, phrases of the lexicon kept whole. */
export function slotsOf(text: string, role: Slot["role"], exclude: ReadonlySet<string> = new Set()): Slot[] {
  const raw = words(text).filter((w) => !FORM_WORDS.has(w) && !FORM_WORDS.has(fold(w)));
  const items: { word: string; term: string }[] = [];
  for (const w of raw) {
    const term = processTerm(w);
    // Numbers are read as spans and promotions, not matched as words ("pendant les dix mois").
    if (term && !exclude.has(term) && !/^\d{1,2}$/.test(term) && parseNumber(w) === undefined)
      items.push({ word: w, term });
  }
  const terms = items.map((i) => i.term);
  const slots: Slot[] = [];
  const used = new Set<number>();
  for (const { start, length, group } of phrasesIn(terms)) {
    if ([...Array(length).keys()].some((k) => used.has(start + k))) continue;
    for (let k = 0; k < length; k++) used.add(start + k);
    const own = terms.slice(start, start + length);
    slots.push({
      word: items
        .slice(start, start + length)
        .map((i) => i.word)
        .join(" "),
      terms: own,
      alternatives: group.members.filter((m) => m.join(" ") !== own.join(" ")),
      groups: [group.id],
      role,
    });
  }
  items.forEach((item, i) => {
    if (used.has(i)) return;
    if (slots.some((s) => s.terms.length === 1 && s.terms[0] === item.term)) return;
    const groups = groupsOf(item.term);
    const alternatives = groups.flatMap((g) =>
      g.members.filter((m) => !(m.length === 1 && m[0] === item.term)),
    );
    slots.push({
      word: item.word,
      terms: [item.term],
      alternatives,
      groups: groups.map((g) => g.id),
      role: role === "subject" && SOFT_FORM.has(fold(item.word)) ? "form" : role,
    });
  });
  return slots;
}

const YEAR = /(?<![\d,.])(?:199\d|20\d\d)(?![\d,.]\d)/g;

/** "puis-je", "peut-on", "dois-je", "faut-il", "ai-je le droit", "can I", "must we". */
const MODAL =
  /\b(?:puis|peux|peut|peuvent|pouvons|pouvez|pourrai|pourrais|pourrait|dois|doit|doivent|devons|devez|faut|faudra|droit|autorise|possible|can|could|may|must|allowed|have to|need to)\b/;

/**
 * "net ou brut ?", "CDD or permanent?": the options of an alternative are one slot, held by a
 * passage that holds either (the documents state the one that is true). The first option keeps
 * the slot; the second becomes one of its alternatives. Mutates `slots`.
 */
function mergeOptions(text: string, slots: Slot[]): void {
  for (const m of text.matchAll(
    /([\p{L}-]+)\s+(?:ou|or)\s+(?:(?:le|la|les|l'|un|une|des|du|en|the|a|an)\s+)?([\p{L}-]+)/giu,
  )) {
    const a = slots.find((s) => s.terms.length === 1 && s.word.toLowerCase() === (m[1] ?? "").toLowerCase());
    const bi = slots.findIndex(
      (s) => s.terms.length === 1 && s.word.toLowerCase() === (m[2] ?? "").toLowerCase(),
    );
    const b = slots[bi];
    if (!a || !b || a === b || a.role !== "subject" || b.role !== "subject") continue;
    a.alternatives = [...a.alternatives, b.terms, ...b.alternatives];
    a.groups = [...new Set([...a.groups, ...b.groups])];
    a.word = `${a.word} / ${b.word}`;
    a.options = true;
    slots.splice(bi, 1);
  }
}

/** Lexicon groups of sizes: they qualify a topic ("petite activité"), they are none. */
const QUALIFIER_GROUPS: ReadonlySet<string> = new Set(["big", "small"]);
/** Lexicon groups of permission: the form of a question of what one may do. */
const PERMISSION_GROUPS: ReadonlySet<string> = new Set(["allowed", "forbidden", "possible"]);

/** Lexicon groups that name an answer type's kind of answer. */
const TYPE_GROUPS: Partial<Record<AnswerType, ReadonlySet<string>>> = {
  contact: new Set(["contact", "address"]),
  link: new Set(["link"]),
};

/** Counted words that name no particular thing ("combien de personnes", "how many people", "how many items"). */
const GENERIC_COUNTED = new Set(["person", "item"]);

/** Slots standing just after a number in the question: "8 ans d'expérience", "à 80 % du temps". */
function conditionsOf(text: string, slots: Slot[]): Slot[] {
  const out: Slot[] = [];
  for (const m of text.matchAll(
    /\d+(?:[.,]\d+)?\s*(?:%|\p{L}+)?(?:\s+(?:d['’]|de|du|des|of)\s*)?\s*([\p{L}-]+)?/gu,
  )) {
    for (const w of words(m[0])) {
      const term = processTerm(w);
      const slot = term ? slots.find((s) => s.terms.includes(term)) : undefined;
      if (slot && !out.includes(slot)) out.push(slot);
    }
  }
  return out;
}

/** Reads one question (one part of a message). */
export function readQuestion(text: string, kb: KnowledgeBase, language?: Language): Reading {
  const lang = language ?? detectLanguage(text);
  const { type, yesNo, cue } = answerType(text);
  const terms = words(text);
  const promotions = findPromotions(text, { loose: terms.length <= 5 });
  // "les promos 1 et 2": the second number is a promotion too.
  for (const m of fold(text.toLowerCase()).matchAll(
    /\bpromo(?:tion)?s?\s*\d{1,2}((?:\s*(?:,|et|and|&|ou|or)\s*\d{1,2})+)/g,
  )) {
    for (const n of (m[1] ?? "").match(/\d{1,2}/g) ?? [])
      if (!promotions.includes(Number(n))) promotions.push(Number(n));
  }
  const defis = findDefis(text, kb);
  // Names and promotions are matched as such, not as words of the text.
  const exclude = new Set<string>();
  for (const d of defis) for (const w of words(d.name)) exclude.add(processTerm(w) ?? "");
  for (const m of text.matchAll(
    /\b(?:promotions?|promos?|cohortes?|cohorts?)\s*(?:n°\s*)?\d{1,2}\b|\b\d{1,2}\s*(?:e|er|ere|re|eme|ème|è|nd|rd|th|st)\b/gi,
  )) {
    for (const w of words(m[0])) exclude.add(processTerm(w) ?? "");
  }
  // The promotion named is a filter, not a word to find: "la 2e promo" is not about the word "promotion".
  if (promotions.length > 0) {
    for (const w of [
      "promotion",
      "promotions",
      "promo",
      "cohorte",
      "cohort",
      "cohorts",
      "vague",
      "vagues",
      "saison",
      "edition",
      "batch",
      "class",
    ])
      exclude.add(processTerm(w) ?? w);
    for (const m of text.toLowerCase().matchAll(/\beig\s*#?\d\b/g))
      for (const w of words(m[0])) exclude.add(processTerm(w) ?? w);
  }
  for (const w of [
    "premier",
    "premiere",
    "deuxiem",
    "second",
    "seconde",
    "troisiem",
    "quatriem",
    "cinquiem",
    "sixiem",
    "first",
    "third",
    "fourth",
    "fifth",
    "sixth",
  ])
    exclude.add(w);
  // The words of the interrogative itself ("combien de temps", "à quelle heure") only shape it;
  // a content word in it ("ça paye combien", "qui porte") is still what it is about.
  if (cue) for (const w of words(cue)) if (CUE_ONLY.has(fold(w))) exclude.add(processTerm(w) ?? w);
  const slots = slotsOf(text, "subject", exclude);
  let counted: Slot | undefined;
  let countedOf: Slot | undefined;
  if (type === "count" || type === "duration") {
    const w = countedWord(text);
    const term = w ? processTerm(w.toLowerCase()) : null;
    counted = term ? slots.find((s) => s.terms.includes(term)) : undefined;
    const complement = w ? countedComplement(text, w) : undefined;
    const cterm = complement ? processTerm(complement.toLowerCase()) : null;
    countedOf = cterm ? slots.find((s) => s.terms.includes(cterm)) : undefined;
    // "Combien de personnes par équipe ?": people are what every count here is of; the rest of
    // the question says which count.
    if (counted?.groups.some((g) => GENERIC_COUNTED.has(g))) {
      counted.role = "form";
      counted = undefined;
    }
  }
  // The focus: the noun the question asks about — right after "quel"/"which" ("selon quel
  // barème ?"), or the first noun after an article once the interrogative is said ("où se trouve
  // la cantine ?", "quelle est la capitale … ?").
  const plain = text.replace(/[’‘ʼ]/g, "'");
  // Only after an interrogative: a yes/no question has no such noun ("Nous sommes une DREAL : …").
  const afterCue = cue
    ? plain.slice(Math.max(0, fold(plain.toLowerCase()).indexOf(cue.trim()) + cue.trim().length))
    : "";
  const focusWord =
    /\b(?:quel|quelle|quels|quelles|which|what)\s+([\p{L}-]{3,})/iu.exec(plain)?.[1] ??
    /^\s*\S*\s*(?:\S+\s+)?(?:le|la|les|l'|un|une|des|du|the|a|an)\s*([\p{L}-]{3,})/iu.exec(afterCue)?.[1];
  const focusTerm = focusWord ? processTerm(focusWord.toLowerCase()) : null;
  const focus = focusTerm
    ? slots.find((s) => s.role === "subject" && s.terms.length === 1 && s.terms[0] === focusTerm)
    : undefined;
  if (focus) focus.focus = true;
  mergeOptions(text, slots);
  const modal = MODAL.test(flat(text));
  for (const slot of slots) {
    if (slot.role !== "subject" || slot.groups.length === 0) continue;
    // "une petite activité", "a big team": a size qualifies what is asked, it is no topic.
    // "c'est interdit ?", "is it allowed?": in a question of what one may do, permission is the
    // question's form; rules say it in their own words ("ne peuvent", "sont autorisés").
    // "à quelle adresse mail j'écris ?": the words that name the kind of answer (an address, a
    // link) are the question's form; the address itself is the evidence.
    if (
      slot.groups.every((g) => QUALIFIER_GROUPS.has(g)) ||
      ((yesNo || modal) && slot.groups.every((g) => PERMISSION_GROUPS.has(g))) ||
      slot.groups.every((g) => TYPE_GROUPS[type]?.has(g))
    )
      slot.role = "form";
  }
  return {
    text,
    language: lang,
    type,
    yesNo,
    modal,
    conditions: conditionsOf(text, slots),
    delay: type === "duration" && /\b(?:apres|avant|after|before|delai|how soon|within)\b/.test(flat(text)),
    perUnit: type === "count" && /\b(?:par|chaque|per|each|in each|for each)\s+(?:\p{L}+)/u.test(flat(text)),
    ...(counted ? { counted } : {}),
    ...(countedOf ? { countedOf } : {}),
    slots,
    ...(promotions[0] !== undefined ? { promotion: promotions[0] } : {}),
    promotions,
    years: [...new Set(Array.from(text.matchAll(YEAR), (m) => m[0]))],
    defis,
  };
}

/** Splits one sentence holding two questions ("Quand commence la promo et combien ça paie ?"). */
function splitJoined(sentence: string): string[] {
  const f = fold(sentence.toLowerCase());
  const m =
    /,?\s(?:et|and|ou|or|mais)\s+(?=(?:(?:from|since|until|by|to|in|a partir de|depuis|jusqu'|pour|par|avec|de|du|a)\s+)?(?:quand|combien|comment|pourquoi|qui|quel|quelle|quels|quelles|ou|when|how|why|who|what|which|where|a quelle|est-ce|c'est quoi|qu'est)\b)/.exec(
      f,
    );
  if (!m || m.index < 8) return [sentence];
  const first = sentence.slice(0, m.index).trim();
  const second = sentence.slice(m.index + m[0].length).trim();
  // Both halves must ask something of their own; "qui et quand" is one question.
  if (words(first).length < 3 || words(second).length < 2) return [sentence];
  return [`${first} ?`, second];
}

/** Reads a whole message: its parts, its context, or that it asks nothing. */
export function readMessage(raw: string, kb: KnowledgeBase): Message {
  const text = expandChat(normalize(raw));
  const language = detectLanguage(text);
  if (!/[\p{L}\p{N}]/u.test(text)) {
    return { text, language, parts: [], context: [], smallTalk: HELP.test(text) ? "help" : "empty" };
  }
  if (HELP.test(text)) return { text, language, parts: [], context: [], smallTalk: "help" };
  if (onlySmallTalk(text)) {
    return { text, language, parts: [], context: [], smallTalk: THANKS.test(text) ? "thanks" : "greeting" };
  }
  // "Bonjour, je suis…": the greeting that opens a message is no part of what it says.
  const sentences = sentencesOf(text.replace(GREETING_START, "")).filter((s) => !onlySmallTalk(s));
  const questions: string[] = [];
  const context: string[] = [];
  for (const s of sentences) (asks(s) ? questions : context).push(s);
  if (questions.length === 0) {
    // No question mark and no question form: a few words name what is asked ("date limite
    // promo 3"); a sentence about oneself asks nothing ("je suis data scientist depuis six ans").
    const statement = context.every((s) => STATEMENT.test(flat(s).trim()) || words(s).length > 12);
    if (statement) return { text, language, parts: [], context: [], smallTalk: "statement" };
    questions.push(...context.splice(0));
  }
  // "c'est qui qui paye ? le programme ou nous ?": a few words offering options, after a
  // question, are that question's options, not a question of their own.
  const merged: string[] = [];
  for (const q of questions) {
    const f = flat(q);
    const options =
      merged.length > 0 &&
      words(q).length <= 5 &&
      /\b(?:ou|or)\b/.test(f) &&
      !CUES.some((c) => c.pattern.test(f)) &&
      !YES_NO.test(f.trim());
    if (options) merged[merged.length - 1] = `${merged[merged.length - 1]} ${q}`;
    else merged.push(q);
  }
  const parts = merged.flatMap(splitJoined).slice(0, MAX_PARTS);
  const readings = parts.map((p) => readQuestion(p, kb, language));
  // A later part without a promotion of its own keeps the message's ("… promo 4 ? et le salaire ?").
  const promotion = readings.find((r) => r.promotion !== undefined)?.promotion;
  for (const r of readings)
    if (r.promotion === undefined && promotion !== undefined) {
      r.promotion = promotion;
      r.promotions = [promotion];
    }
  const contextSlots = context.flatMap((c) => slotsOf(c, "context"));
  for (const c of context) {
    const p = findPromotions(c)[0];
    if (p !== undefined)
      for (const r of readings)
        if (r.promotion === undefined) {
          r.promotion = p;
          r.promotions = [p];
        }
  }
  return { text, language, parts: readings, context: contextSlots };
}
