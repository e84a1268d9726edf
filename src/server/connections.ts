/**
 * The HTTP server's connections, and a stop that no client can hold up.
 *
 * Node's `server.close()` stops accepting and closes idle kept-alive connections, but it waits
 * for every other one: a client that sends its headers one byte a second (slowloris) holds the
 * stop until the headers timeout, and Fastify's `close()` with it. So each connection's requests
 * in progress are counted here (Node exposes no such count), and on stop:
 *
 *   1. the listening socket closes (new connections are refused) and any connection still
 *      accepted meanwhile is closed at once;
 *   2. connections with no request in progress — idle kept-alive ones, and ones still sending
 *      their headers — are closed at once: there is nothing to answer on them;
 *   3. requests in progress are answered, with `Connection: close` (create-server.ts), and their
 *      connection closes after the answer; a request that arrives on such a connection meanwhile
 *      gets 503 (Fastify's `return503OnClosing`);
 *   4. after `graceMs`, whatever is left is closed, and the stop completes.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";

export class ConnectionTracker {
  /** Each open connection and how many of its requests are being answered. */
  private readonly active = new Map<Socket, number>();
  private stopping = false;

  constructor(server: Server) {
    server.on("connection", (socket: Socket) => {
      if (this.stopping) {
        socket.destroy();
        return;
      }
      this.active.set(socket, 0);
      socket.once("close", () => this.active.delete(socket));
    });
    server.on("request", (request, response) => {
      const socket = request.socket;
      if (!this.active.has(socket)) return;
      this.active.set(socket, (this.active.get(socket) ?? 0) + 1);
      response.once("close", () => {
        const left = (this.active.get(socket) ?? 1) - 1;
        if (!this.active.has(socket)) return;
        this.active.set(socket, left);
        if (this.stopping && left === 0) socket.destroy();
      });
    });
  }

  /** Open connections (all states). */
  get size(): number {
    return this.active.size;
  }

  /** Requests being answered right now, over all connections. */
  get inFlight(): number {
    let n = 0;
    for (const count of this.active.values()) n += count;
    return n;
  }

  /** From now on: new connections are closed on arrival, and connections with nothing to answer at once. */
  beginStop(): number {
    this.stopping = true;
    let closed = 0;
    for (const [socket, count] of this.active) {
      if (count === 0) {
        socket.destroy();
        closed++;
      }
    }
    return closed;
  }

  /** Closes every connection left, in progress or not. Returns how many. */
  closeAll(): number {
    const n = this.active.size;
    for (const socket of this.active.keys()) socket.destroy();
    return n;
  }
}

const trackers = new WeakMap<FastifyInstance, ConnectionTracker>();

export function trackConnections(server: FastifyInstance): ConnectionTracker {
  const tracker = new ConnectionTracker(server.server);
  trackers.set(server, tracker);
  return tracker;
}

export interface StopSummary {
  /** Connections closed at once because they had nothing to answer (idle, or stalled in headers). */
  idleClosed: number;
  /** Connections still answering when the grace period ran out, closed then. */
  forced: number;
}

/**
 * Stops the server as described at the top of this file. Resolves once Fastify's own close is
 * done, at most about `graceMs` later.
 */
export async function stopServer(server: FastifyInstance, graceMs: number): Promise<StopSummary> {
  const tracker = trackers.get(server);
  const closing = server.close();
  if (!tracker) {
    await closing;
    return { idleClosed: 0, forced: 0 };
  }
  const idleClosed = tracker.beginStop();
  let forced = 0;
  const timer = setTimeout(() => {
    forced = tracker.closeAll();
  }, graceMs);
  try {
    await closing;
  } finally {
    clearTimeout(timer);
  }
  return { idleClosed, forced };
}
