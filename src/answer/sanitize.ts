/**
 * Cleans what a user typed before anything else sees it: Unicode normalised (NFC), control and
 * zero-width characters removed, whitespace collapsed, and the whole cut to a maximum length on a
 * word boundary. Hand-written because it is five replacements; no library does this one job.
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
  let cut = chars.slice(0, maxLength).join("");
  const lastSpace = cut.lastIndexOf(" ");
  if (lastSpace > maxLength * 0.8) cut = cut.slice(0, lastSpace);
  return { text: cut.trim(), truncated: true, originalLength: chars.length };
}
