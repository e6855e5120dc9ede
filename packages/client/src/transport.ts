/**
 * One HTTP exchange with the gateway: JSON body (with `access_token` when the client has one),
 * locale path prefix, time limit and abort, and the answer either as a parsed body or as an
 * EidgateError — a gateway error body, no answer at all, or an answer that is not the contract.
 */
import { EidgateError, kindOfErrorCode } from './errors.ts';
import { scope } from './signals.ts';
import { isWireError } from './wire.ts';

export type Locale = 'lt' | 'en';

export interface TransportOptions {
  baseUrl: string;
  accessToken: string | undefined;
  locale: Locale;
  timeoutMs: number;
  fetch: typeof fetch;
}

export interface Exchange {
  method: 'POST' | 'DELETE';
  /** Path without the locale prefix, e.g. `/mobile/login.json`. */
  path: string;
  fields: Record<string, unknown>;
  signal?: AbortSignal | undefined;
  /** Time the server is asked to hold the request (status `wait`), added to the time limit. */
  holdMs?: number;
}

export interface Answer {
  httpStatus: number;
  body: unknown;
}

export class Transport {
  private readonly base: string;

  constructor(private readonly o: TransportOptions) {
    // String joining rather than `new URL`: in a browser baseUrl may be relative (`/demo/api`).
    this.base = o.baseUrl.replace(/\/+$/, '') + (o.locale === 'en' ? '/en' : '');
  }

  async send(exchange: Exchange): Promise<Answer> {
    const limitMs = this.o.timeoutMs + (exchange.holdMs ?? 0);
    const limits = scope(exchange.signal, limitMs, () => new EidgateError({
      kind: 'timeout',
      message: `the gateway did not answer within ${limitMs} ms`,
    }));
    const body = this.o.accessToken === undefined ? exchange.fields : { access_token: this.o.accessToken, ...exchange.fields };
    let httpStatus: number;
    let text: string;
    try {
      const response = await this.o.fetch(this.base + exchange.path, {
        method: exchange.method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: limits.signal,
      });
      httpStatus = response.status;
      text = await response.text();
    } catch (error) {
      if (limits.signal.aborted) throw limits.signal.reason as EidgateError;
      throw new EidgateError({ kind: 'network', message: `could not reach the gateway at ${this.o.baseUrl}${causeCode(error)}`, cause: error });
    } finally {
      limits.dispose();
    }
    return { httpStatus, body: parseAnswer(httpStatus, text) };
  }
}

/** `(ECONNREFUSED)` and the like: Node's fetch hides the useful part in `cause`. */
function causeCode(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? ` (${code})` : '';
}

function parseAnswer(httpStatus: number, text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new EidgateError({ kind: 'invalid_response', message: `the gateway's answer (HTTP ${httpStatus}) is not JSON`, httpStatus });
  }
  if (isWireError(body)) {
    throw new EidgateError({ kind: kindOfErrorCode(body.error_code), message: body.message, errorCode: body.error_code, httpStatus, body });
  }
  if (httpStatus < 200 || httpStatus > 299) {
    throw new EidgateError({ kind: 'invalid_response', message: `HTTP ${httpStatus} without an error body of the contract`, httpStatus, body });
  }
  return body;
}

/** The error for a 2xx answer whose body does not have the shape the endpoint promises. */
export function unexpectedBody(what: string, answer: Answer): EidgateError {
  return new EidgateError({
    kind: 'invalid_response',
    message: `the gateway's answer is not a ${what} of the contract`,
    httpStatus: answer.httpStatus,
    body: answer.body,
  });
}
