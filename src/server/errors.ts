/**
 * Every error the server answers is JSON of one shape, `{statusCode, error, message}`, with a
 * message a person can act on. Fastify's own codes (bad JSON, body too large, wrong content
 * type) get plainer words; anything unexpected is logged in full and answered with a 500 that
 * tells nothing about the inside.
 */
import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? "Error", message };
}

/** Sends the one error shape. Routes use it for their own 400s so clients see a single format. */
export function sendError(reply: FastifyReply, statusCode: number, message: string): FastifyReply {
  return reply
    .status(statusCode)
    .type("application/json; charset=utf-8")
    .send(errorBody(statusCode, message));
}

function clearMessage(error: FastifyError, request: FastifyRequest): string {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return "The request body is not valid JSON.";
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "The request body is empty: send a JSON object.";
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return `The request body is too large: this endpoint accepts at most ${request.routeOptions.bodyLimit} bytes.`;
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return `Unsupported content type ${JSON.stringify(request.headers["content-type"] ?? "")}.`;
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return "The Content-Length header does not match the body.";
    default:
      return error.message;
  }
}

export function installErrorHandlers(server: FastifyInstance): void {
  server.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0]?.slice(0, 200) ?? "";
    sendError(
      reply,
      404,
      `Nothing at ${request.method} ${path}. The web chat is at /, questions go to POST /api/ask, health to GET /healthz.`,
    );
  });

  server.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.log.debug({ code: error.code, status }, "client error");
      return sendError(reply, status, clearMessage(error, request));
    }
    request.log.error(
      { err: error, method: request.method, url: request.routeOptions.url },
      "request failed",
    );
    return sendError(reply, 500, "Something went wrong on our side. Please try again in a moment.");
  });
}
