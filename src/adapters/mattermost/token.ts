/**
 * Checks the token Mattermost sends with each slash command and outgoing webhook request (in the
 * body as `token`, and for slash commands also as `Authorization: Token …`).
 */
import { createHash, timingSafeEqual } from "node:crypto";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * True when `given` is `expected`, compared in constant time. Both sides are hashed first, so
 * `timingSafeEqual` always sees two buffers of equal length and the time taken reveals neither
 * the token's length nor how many of its first characters were right.
 */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (!expected || given === undefined || given === "") return false;
  return timingSafeEqual(digest(expected), digest(given));
}

/** The token of an `Authorization: Token xyz` header (Mattermost's slash commands), if any. */
export function headerToken(authorization: string | string[] | undefined): string | undefined {
  const value = Array.isArray(authorization) ? authorization[0] : authorization;
  const match = value ? /^\s*Token\s+(\S+)\s*$/i.exec(value) : null;
  return match?.[1];
}

/**
 * A request is authentic when it carries at least one token and every token it carries matches:
 * a right header cannot excuse a wrong body token, nor the other way round.
 */
export function requestAuthentic(expected: string, tokens: (string | undefined)[]): boolean {
  const given = tokens.filter((t): t is string => t !== undefined && t !== "");
  if (given.length === 0) return false;
  // Compare every token (no short-circuit), so a request with two tokens takes the same time
  // whichever of them is wrong.
  let ok = true;
  for (const t of given) ok = tokenMatches(expected, t) && ok;
  return ok;
}
