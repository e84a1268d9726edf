/**
 * The bodies the web API accepts, checked with zod, and the one-line messages a 400 carries:
 * each names the field and says what to send instead.
 */
import { z } from "zod";

/** The web chat takes questions up to this many characters (the assistant cuts longer ones
 * than MAX_QUESTION_LENGTH with a note); beyond it the request is refused with a 400. */
export const WEB_QUESTION_HARD_LIMIT = 20_000;

const EXAMPLE = '{"question": "Quelle est la date limite pour candidater ?"}';

export function askSchema(maxChars: number) {
  return z.object(
    {
      question: z
        .string({
          error: (issue) =>
            issue.input === undefined
              ? `question is missing: send ${EXAMPLE}`
              : `question must be a string (got ${issue.input === null ? "null" : typeof issue.input})`,
        })
        .refine((q) => q.trim().length > 0, { message: "question is empty: type a question" })
        .refine((q) => q.length <= maxChars, {
          message: `question is too long: at most ${maxChars} characters`,
        }),
      conversation: z
        .string({ error: "conversation must be a string" })
        .regex(/^[A-Za-z0-9_-]{8,64}$/, { message: "conversation must be 8 to 64 letters, digits, - or _" })
        .optional(),
    },
    { error: `the body must be a JSON object such as ${EXAMPLE}` },
  );
}

export const feedbackSchema = z.object(
  {
    answerId: z
      .string({ error: "answerId is missing: send the id of the answer you vote on" })
      .min(1, { message: "answerId is empty" })
      .max(100, { message: "answerId is too long" }),
    vote: z.enum(["up", "down"], { error: 'vote must be "up" or "down"' }),
  },
  { error: 'the body must be a JSON object such as {"answerId": "…", "vote": "up"}' },
);

/** "question is missing: …; vote must be …" — every problem, in one line. */
export function issuesMessage(error: z.ZodError): string {
  const messages = [...new Set(error.issues.map((i) => i.message))];
  return `${messages.join("; ")}.`;
}
