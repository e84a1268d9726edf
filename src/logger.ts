/**
 * The one logger: pino, JSON lines on standard error (standard output belongs to answers in the
 * command line and to nothing else). Secrets never reach it: the config keeps tokens out of log
 * calls, and `redact` below blanks the usual header and field names should one slip through.
 */
import { type Logger, pino } from "pino";

export type { Logger } from "pino";

export function createLogger(level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          "token",
          "*.token",
          "botToken",
          "appToken",
          "signingSecret",
          "*.botToken",
          "*.appToken",
          "*.signingSecret",
          "req.headers.authorization",
          'req.headers["x-slack-signature"]',
          "headers.authorization",
        ],
        censor: "[secret]",
      },
    },
    pino.destination({ fd: 2, sync: false }),
  );
}

/** A logger that drops everything: tests and the command line's quiet mode. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
