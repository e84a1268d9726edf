/**
 * Turns what Slack answers at start-up into one line naming the variable to fix. config.ts has
 * already checked the tokens' shape; only Slack can say whether it accepts them.
 */
export class SlackStartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SlackStartupError";
  }
}

/** Slack's error codes for a token it does not accept. */
const REFUSED = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "no_permission",
  "missing_scope",
  "not_allowed_token_type",
]);

function slackCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("data" in error)) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === "string" ? data.error : undefined;
}

export function describeStartupError(
  error: unknown,
  variable: "SLACK_BOT_TOKEN" | "SLACK_APP_TOKEN",
  apiUrl = "https://slack.com/api/",
): SlackStartupError {
  const code = slackCode(error);
  if (code && REFUSED.has(code)) {
    const hint =
      variable === "SLACK_APP_TOKEN"
        ? "use the app-level token (xapp-…) with the connections:write scope, from Basic Information"
        : "use the Bot User OAuth Token (xoxb-…) from OAuth & Permissions, after installing the app";
    return new SlackStartupError(`Slack refused ${variable} (${code}): ${hint}`, { cause: error });
  }
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  const what =
    variable === "SLACK_APP_TOKEN"
      ? "open the Socket Mode connection with SLACK_APP_TOKEN"
      : "check SLACK_BOT_TOKEN";
  return new SlackStartupError(`Slack: could not ${what} through the Web API at ${apiUrl} (${reason})`, {
    cause: error,
  });
}
