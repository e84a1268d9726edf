/**
 * The one logger: pino, JSON lines on standard error (standard output belongs to answers in the
 * command line and to nothing else). Secrets never reach it: the config keeps tokens out of log
 * calls, and `redact` below blanks the usual header and field names should one slip through.
 *
 * Warnings and errors repeat when one client misbehaves (ten seconds of unsigned requests to
 * /slack/events made 75,000 lines): each message is written the first time, then counted, and
 * one summary line per message says how many more came, at most every `THROTTLE_MS`.
 */
import { type DestinationStream, type LogFn, type Logger, pino } from "pino";

export type { Logger } from "pino";

/** The window of the throttle: a repeated warning is summed up at most this often. */
export const THROTTLE_MS = 5_000;
/** Distinct messages tracked at once; beyond it, messages are written as they come. */
const THROTTLE_MAX_KEYS = 1_000;
const WARN = 40;

interface Seen {
  /** End of the current window. */
  until: number;
  /** Lines not written in this window. */
  suppressed: number;
  level: number;
}

/**
 * Counts repeats of each warning/error message (its text, without the fields) and lets the first
 * of each window through; at the window's end, a summary line carries `repeated` and the window.
 */
class Throttle {
  private readonly seen = new Map<string, Seen>();
  private timer: NodeJS.Timeout | undefined;
  logger: Logger | undefined;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** True when this line should be written. */
  admit(level: number, msg: string): boolean {
    if (level < WARN || !msg) return true;
    const now = this.now();
    const seen = this.seen.get(msg);
    if (seen && now < seen.until) {
      seen.suppressed++;
      return false;
    }
    if (seen) this.summarise(msg, seen);
    if (!seen && this.seen.size >= THROTTLE_MAX_KEYS) return true;
    this.seen.set(msg, { until: now + this.windowMs, suppressed: 0, level });
    this.schedule();
    return true;
  }

  /** Writes the summaries of windows that are over and forgets quiet messages. */
  sweep(): void {
    const now = this.now();
    for (const [msg, seen] of this.seen) {
      if (now < seen.until) continue;
      this.summarise(msg, seen);
      this.seen.delete(msg);
    }
    if (this.seen.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private summarise(msg: string, seen: Seen): void {
    if (seen.suppressed === 0) return;
    const n = seen.suppressed;
    seen.suppressed = 0;
    const fields = { repeated: n, windowSeconds: this.windowMs / 1000 };
    const line = `${msg} (repeated ${n} more time${n > 1 ? "s" : ""} in ${this.windowMs / 1000} s)`;
    // Written past the throttle: a summary is never itself summed up.
    bypass = true;
    try {
      if (seen.level >= 50) this.logger?.error(fields, line);
      else this.logger?.warn(fields, line);
    } finally {
      bypass = false;
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sweep(), this.windowMs);
    this.timer.unref();
  }
}

let bypass = false;

/** The message of a pino call: the first string argument (after the fields object, if any). */
function messageOf(args: unknown[]): string {
  const first = args[0];
  if (typeof first === "string") return first;
  const second = args[1];
  if (typeof second === "string") return second;
  if (first instanceof Error) return first.message;
  return "";
}

export interface LoggerOptions {
  /** Where lines go. Default: standard error. */
  destination?: DestinationStream;
  /** Window of the repeated-warning throttle, ms (0: off). Default: THROTTLE_MS. */
  throttleMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

export function createLogger(
  level: string = process.env.LOG_LEVEL ?? "info",
  options: LoggerOptions = {},
): Logger {
  const windowMs = options.throttleMs ?? THROTTLE_MS;
  const throttle = windowMs > 0 ? new Throttle(windowMs, options.now ?? Date.now) : undefined;
  const logger = pino(
    {
      level,
      base: undefined,
      hooks: {
        logMethod(args: Parameters<LogFn>, method, levelValue) {
          if (!throttle || bypass || throttle.admit(levelValue, messageOf(args))) {
            method.apply(this, args);
          }
        },
      },
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
    options.destination ?? pino.destination({ fd: 2, sync: false }),
  );
  if (throttle) {
    throttle.logger = logger;
    throttles.set(logger, throttle);
  }
  return logger;
}

/** Writes the summaries of repeated warnings whose window is over (tests; a timer does it otherwise). */
export function sweepThrottle(logger: Logger): void {
  throttles.get(logger)?.sweep();
}
const throttles = new WeakMap<Logger, Throttle>();

/** A logger that drops everything: tests and the command line's quiet mode. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
