/**
 * Bolt and its Socket Mode client log through `@slack/logger`'s interface; this adapter sends
 * those lines to our pino logger, so Slack's own messages (a refused signature, a lost socket)
 * land in the same JSON lines as everything else, on standard error, with secrets redacted.
 */
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../logger.js";

/** pino levels Bolt has no name for map to the nearest one it knows. */
function boltLevel(level: string): LogLevel {
  if (level === "debug" || level === "trace") return LogLevel.DEBUG;
  if (level === "info") return LogLevel.INFO;
  if (level === "warn") return LogLevel.WARN;
  return LogLevel.ERROR;
}

/** Bolt logs a mix of strings and errors: errors go to `err`, the rest makes the message. */
function write(log: (obj: object, msg: string) => void, parts: unknown[]): void {
  const err = parts.find((p) => p instanceof Error);
  const msg = parts
    .filter((p) => !(p instanceof Error))
    .map((p) => (typeof p === "string" ? p : JSON.stringify(p)))
    .join(" ");
  log(err ? { err } : {}, msg || (err instanceof Error ? err.message : ""));
}

export function boltLogger(logger: Logger): BoltLogger {
  return {
    debug: (...msg: unknown[]) => write((o, m) => logger.debug(o, m), msg),
    info: (...msg: unknown[]) => write((o, m) => logger.info(o, m), msg),
    warn: (...msg: unknown[]) => write((o, m) => logger.warn(o, m), msg),
    error: (...msg: unknown[]) => write((o, m) => logger.error(o, m), msg),
    // The level is the application's (LOG_LEVEL); Bolt asking for another one is ignored.
    setLevel: () => {},
    getLevel: () => boltLevel(logger.level),
    setName: () => {},
  };
}
