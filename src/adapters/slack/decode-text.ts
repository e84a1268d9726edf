/**
 * Slack's message text back to what the person typed. Slack sends text escaped
 * (https://docs.slack.dev/messaging/formatting-message-text): `&`, `<` and `>` as `&amp;`,
 * `&lt;`, `&gt;`, and everything it recognised as a `<…>` token:
 *
 *   <https://example.org|example.org>   a link, with the text shown  → "example.org"
 *   <https://example.org>               a bare link                  → "https://example.org"
 *   <mailto:a@b.fr|a@b.fr>              an address                   → "a@b.fr"
 *   <#C123|general>, <#C123>            a channel                    → "#general", dropped
 *   <@U123|bob>, <@U123>                a person                     → "@bob", dropped
 *   <!here>, <!channel>, <!everyone>    a broadcast                  → "@here"… (plain text)
 *   <!subteam^S123|@eig-team>           a user group                 → "@eig-team", dropped
 *   <!date^1392734382^{date}|Feb 18>    a date                       → its fallback "Feb 18"
 *
 * The result is plain text for the Assistant, the logs and the staff report: no `<…>` token
 * survives, so nothing the bot later posts from it can notify anyone (the renderers escape `<`
 * and break `@here`-like words on top of that). Slack sends people's mentions without their
 * name nowadays; looking it up would need `users:read` and a call per question, and the name
 * adds nothing to a question about the programme, so a bare mention is dropped.
 *
 * Hand-written: the grammar is the table above, and the npm parsers for it render Slack
 * markdown to HTML, which is not this job.
 */

/** Any `<…>` token: Slack escapes a literal `<` or `>`, so these are all its own. */
const TOKEN = /<([^<>]*)>/g;
const ENTITY = /&(amp|lt|gt);/g;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">" };
const BROADCASTS = new Set(["here", "channel", "everyone"]);

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (_, name: string) => ENTITIES[name] ?? "");
}

/** The text a `<…>` token stands for (still entity-escaped). */
function tokenText(inner: string): string {
  const bar = inner.indexOf("|");
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1).trim() : "";
  switch (target[0]) {
    case "@":
      return label ? `@${label.replace(/^@/, "")}` : "";
    case "#":
      return label ? `#${label.replace(/^#/, "")}` : "";
    case "!": {
      const name = target.slice(1).split("^")[0] ?? "";
      if (BROADCASTS.has(name)) return `@${name}`;
      return label;
    }
    default:
      return label || target;
  }
}

/** Slack's escaped `text` (an event, a slash command) as the person typed it. */
export function decodeSlackText(text: string): string {
  return decodeEntities(String(text ?? "").replace(TOKEN, (_, inner: string) => tokenText(inner)))
    .replace(/[ \t]+/g, " ")
    .replace(/ ?\n ?/g, "\n")
    .trim();
}
