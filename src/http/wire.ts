/**
 * Small wire helpers: the locale of a path, the exact Content-Type the vendor's client compares
 * literally, and the error body.
 */
import type { FastifyReply } from 'fastify';
import { GatewayError } from '../identification/errors.ts';
import { SerializedJson } from '../identification/responses.ts';
import { errorMessage, httpStatusOf, type Locale } from './messages.ts';

/** `application/json` exactly: the vendor's PHP client drops the message when a charset follows. */
export const JSON_TYPE = 'application/json';

export function localeOf(url: string): Locale {
  return url === '/en' || url.startsWith('/en/') ? 'en' : 'lt';
}

export interface ErrorBody {
  status: 'error';
  message: string;
  error_code: number;
}

export function errorBody(error: GatewayError, locale: Locale): ErrorBody {
  return { status: 'error', message: errorMessage(error, locale), error_code: error.code };
}

/**
 * Sends JSON as bytes: Fastify leaves a Buffer's Content-Type alone (it appends a charset to JSON
 * it serialises itself), and stored responses go out without being parsed and re-serialised.
 */
export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  const bytes = body instanceof SerializedJson ? body.bytes : Buffer.from(JSON.stringify(body));
  return reply.code(status).header('content-type', JSON_TYPE).send(bytes);
}

export function sendError(reply: FastifyReply, error: GatewayError, locale: Locale): FastifyReply {
  reply.errorCode = error.code;
  return sendJson(reply, httpStatusOf(error.code), errorBody(error, locale));
}

declare module 'fastify' {
  interface FastifyReply {
    /** The wire error code sent, for the request log line. */
    errorCode?: number;
  }
}
