/**
 * Security headers for every response (helmet). The Content-Security-Policy is strict: the web
 * chat loads its script, style and icon from this server only and talks to this server only, so
 * nothing inline and nothing from elsewhere runs even if answer text ever carried markup.
 * There is deliberately no CORS: the API is for this page, not for other sites.
 */
import type { FastifyHelmetOptions } from "@fastify/helmet";

export const helmetOptions: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      // No `upgrade-insecure-requests`: `npm start` serves plain HTTP, also on a LAN address,
      // where upgrading the page's own fetches to https would break the chat.
    },
  },
  // The chat links to the programme's public pages; they need not learn which page linked.
  referrerPolicy: { policy: "no-referrer" },
  // Same rule as frame-ancestors, for browsers that only read the older header.
  frameguard: { action: "deny" },
  // HSTS only matters once the bot is behind HTTPS; it must not reach the site's other hosts.
  hsts: { maxAge: 15_552_000, includeSubDomains: false },
};
