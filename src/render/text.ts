/**
 * Answer → plain text: for the terminal, logs, notification fallbacks and the `text` field of
 * the command line's JSON lines. No markup of any kind.
 */
import type { Answer, Source } from "../answer/types.js";

export interface TextOptions {
  /** Append the numbered list of sources (default: true). */
  sources?: boolean;
  /** Most quotes shown (default: all). */
  maxQuotes?: number;
}

/** "Title — section (2018-09-10)" */
export function sourceLabel(source: Source, language: "fr" | "en" = "fr"): string {
  const parts = [source.section ? `${source.title} — ${source.section}` : source.title];
  if (source.date) parts.push(`(${source.date})`);
  else parts.push(language === "en" ? "(undated)" : "(non daté)");
  return parts.join(" ");
}

export function renderText(answer: Answer, options: TextOptions = {}): string {
  const lines: string[] = [answer.text];
  const quotes = answer.quotes.slice(0, options.maxQuotes ?? answer.quotes.length);
  if (quotes.length > 0) {
    lines.push("");
    for (const q of quotes) {
      const body = q.text.replace(/\s*\n\s*/g, " / ");
      lines.push(answer.sources.length > 1 ? `« ${body} » [${q.source + 1}]` : `« ${body} »`);
    }
  }
  if (answer.notes.length > 0) {
    lines.push("");
    for (const note of answer.notes)
      lines.push(`NB : ${note}`.replace(/^NB : /, answer.language === "en" ? "Note: " : "NB : "));
  }
  if (options.sources !== false && answer.sources.length > 0) {
    lines.push("", answer.language === "en" ? "Sources:" : "Sources :");
    answer.sources.forEach((s, i) => {
      lines.push(`[${i + 1}] ${sourceLabel(s, answer.language)}`);
      lines.push(`    ${s.url ?? s.file}${s.url ? "" : s.line ? `:${s.line}` : ""}`);
    });
  }
  return lines.join("\n");
}
