/**
 * The two calls of Mattermost's REST API v4 the bot account needs: who am I
 * (`GET /api/v4/users/me`) and reply (`POST /api/v4/posts`), authenticated with the bot's access
 * token as `Authorization: Bearer …`. Plain `fetch` (Node 20) rather than `@mattermost/client`:
 * that package is a browser-first client of hundreds of endpoints (and wants a global WebSocket,
 * which Node 20 lacks) for the two we use.
 */

export interface MattermostUser {
  id: string;
  username: string;
}

/** A post as Mattermost sends it (inside WebSocket events) and returns it (`POST /posts`). */
export interface MattermostPost {
  id: string;
  channel_id: string;
  user_id: string;
  /** The thread's first post, or "" for a post that is not a reply. */
  root_id?: string;
  message: string;
  /** "" for a user's post; "system_join_channel" and the like for system messages. */
  type?: string;
  /** `from_bot: "true"` on bots' posts, `from_webhook: "true"` on webhooks'. */
  props?: Record<string, unknown>;
}

export interface NewPost {
  channel_id: string;
  message: string;
  root_id?: string;
}

export class MattermostApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, or undefined when the server could not be reached. */
    readonly status?: number,
  ) {
    super(message);
    this.name = "MattermostApiError";
  }

  /** Worth trying again: the server was unreachable, overloaded or asked us to slow down. */
  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }
}

export class MattermostApi {
  /**
   * @param baseUrl Server address without trailing slash ("https://chat.example.org").
   * @param token The bot account's access token.
   * @param timeoutMs A call that takes longer is abandoned. Default: 10 s.
   */
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 10_000,
  ) {}

  me(): Promise<MattermostUser> {
    return this.call<MattermostUser>("GET", "/api/v4/users/me");
  }

  createPost(post: NewPost): Promise<MattermostPost> {
    return this.call<MattermostPost>("POST", "/api/v4/posts", post);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new MattermostApiError(
        `Mattermost: ${method} ${path} failed: ${reason} (is MATTERMOST_URL right?)`,
      );
    }
    if (!response.ok) {
      // Mattermost's errors are JSON with a `message`; a proxy's may be HTML, hence the fallback.
      const text = await response.text().catch(() => "");
      let detail = text.slice(0, 200);
      try {
        detail = (JSON.parse(text) as { message?: string }).message ?? detail;
      } catch {}
      const hint =
        response.status === 401 || response.status === 403
          ? " (check MATTERMOST_BOT_TOKEN: the bot account's access token)"
          : "";
      throw new MattermostApiError(
        `Mattermost: ${method} ${path} answered ${response.status}${detail ? `: ${detail}` : ""}${hint}`,
        response.status,
      );
    }
    return (await response.json()) as T;
  }
}
