/**
 * The web chat channel: a small page at `/`, its JSON API, and the readable pages of the knowledge
 * documents (`/docs/…`) that sources link to, on the shared server. Always on, so `npm start` with
 * no token at all still gives a working bot.
 */
import type { Channel, ChannelContext } from "../channel.js";
import { registerWebApi } from "./api.js";
import { registerDocsPages } from "./docs-page.js";
import { registerStaticFiles } from "./static-files.js";

export function createWebChannel(ctx: ChannelContext): Channel {
  return {
    name: "web chat",
    async register(server) {
      await registerStaticFiles(server);
      registerWebApi(server, { assistant: ctx.assistant, config: ctx.config });
      registerDocsPages(server, ctx.assistant);
    },
  };
}
