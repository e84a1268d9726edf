/**
 * Where a source points. A document with a public `url` links there (at the section, when
 * compose.ts could add the anchor). A document without one links to the bot's own readable page
 * of it, `/docs/<document id>#<anchor>` (src/adapters/web/docs-page.ts): relative for the web
 * chat, which is served from the same origin, and under `PUBLIC_URL` for the chats, which are
 * not. Without `PUBLIC_URL` a chat has no address to give: the renderers then show the title and
 * section, never a file path.
 */
import type { Source } from "../answer/types.js";

/** The path of a document's page on the bot's server: "/docs/reglement-eig3-2018". */
export function documentPath(docId: string): string {
  return `/docs/${docId.split("/").map(encodeURIComponent).join("/")}`;
}

/** The page of a source's document at its section, under `base` ("" for the same origin). */
export function documentPageHref(source: Source, base: string): string | undefined {
  if (!source.docId) return undefined;
  const anchor = source.anchor ? `#${encodeURIComponent(source.anchor)}` : "";
  return `${base.replace(/\/+$/, "")}${documentPath(source.docId)}${anchor}`;
}

/**
 * The link of a source: its public url, else its page on the bot under `publicUrl`, else none.
 * `publicUrl` "" gives a same-origin path (the web chat).
 */
export function sourceHref(source: Source, publicUrl: string | undefined): string | undefined {
  if (source.url) return source.url;
  return publicUrl === undefined ? undefined : documentPageHref(source, publicUrl);
}
