/**
 * Cleans what a user typed before anything else sees it: Unicode normalised (NFC), control and
 * zero-width characters removed, whitespace collapsed. A message longer than the limit is read
 * by its questions: the sentences that end with "?" or open with a question word, wherever they
 * are (the last ones first when even they are too long), since a long message usually tells a
 * story and asks at the end. A long message with no question sentence is cut to the limit on a
 * word boundary. Hand-written because it is a few replacements and a sentence filter; no library
 * does this one job (sentences come from `Intl.Segmenter`).
 */

// C0/C1 controls except tab and newlines (turned into spaces below), plus zero-width and
// bidirectional formatting characters that hide text or reorder it on screen.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

/** Half of a UTF-16 pair without its other half: not a character, and invalid in UTF-8 output. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export interface CleanQuestion {
  text: string;
  /** True when the question was longer than the limit and was cut. */
  truncated: boolean;
  /** Length of the input before cutting, in characters. */
  originalLength: number;
  /** How a message over the limit was read: its question sentences, or its beginning. */
  kept?: "questions" | "start";
}

/**
 * Words that open a question, French and English, folded to lowercase without accents. Only
 * unambiguous ones: "qui", "que", "is", "do" open statements too.
 */
const QUESTION_OPENING =
  /^(quel|quelle|quels|quelles|lequel|laquelle|lesquels|lesquelles|combien|comment|pourquoi|quand|est-ce|qu['’]est-ce|peut-on|puis-je|peux-tu|pouvez-vous|dois-je|doit-on|faut-il|y a-t-il|existe-t-il|what|when|how|why|who|where|which)\b/;

function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** True for a sentence that asks something. */
export function isQuestionSentence(sentence: string): boolean {
  const trimmed = sentence.trim();
  if (/[?？]["»”)\]]*$/.test(trimmed)) return true;
  return QUESTION_OPENING.test(fold(trimmed).replace(/^[^\p{L}]+/u, ""));
}

const SENTENCES = new Intl.Segmenter("fr", { granularity: "sentence" });

/** The question sentences of `text`, the last ones kept when they do not all fit in `max`. */
function questionSentences(text: string, max: number): string | undefined {
  const questions = Array.from(SENTENCES.segment(text), (s) => s.segment.trim()).filter(
    (s) => s !== "" && isQuestionSentence(s),
  );
  const kept: string[] = [];
  let length = 0;
  for (let i = questions.length - 1; i >= 0; i--) {
    const sentence = questions[i] as string;
    const size = Array.from(sentence).length + (kept.length > 0 ? 1 : 0);
    if (length + size > max) break;
    kept.unshift(sentence);
    length += size;
  }
  return kept.length > 0 ? kept.join(" ") : undefined;
}

export function cleanQuestion(raw: string, maxLength: number): CleanQuestion {
  const text = String(raw ?? "")
    .normalize("NFC")
    .replace(INVISIBLE, "")
    .replace(LONE_SURROGATE, "")
    .replace(/\s+/g, " ")
    .trim();
  // Count code points, not UTF-16 units, so an emoji is never cut in half.
  const chars = Array.from(text);
  if (chars.length <= maxLength) return { text, truncated: false, originalLength: chars.length };
  const questions = questionSentences(text, maxLength);
  if (questions) return { text: questions, truncated: true, originalLength: chars.length, kept: "questions" };
  let cut = chars.slice(0, maxLength).join("");
  const lastSpace = cut.lastIndexOf(" ");
  if (lastSpace > maxLength * 0.8) cut = cut.slice(0, lastSpace);
  return { text: cut.trim(), truncated: true, originalLength: chars.length, kept: "start" };
}
