/**
 * The MID REST wire: routes under `/mid-api`, SK's envelope and error shape on every JSON body,
 * fault injection at the points where a real upstream misbehaves. The domain work (who answers
 * how, sessions, certificates) lives in the modules this one calls.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import {
  DEFAULT_HANG_MS, DEFAULT_UNKNOWN_RESULT, type Endpoint, type FaultBook, type FaultKind,
} from './faults.ts';
import { derBase64, variantCertificate, type CertificatePurpose, type PersonCredentials } from './person-certificates.ts';
import { signHash } from './person-keys.ts';
import type { PersonDirectory } from './persons.ts';
import {
  MESSAGES, isAuthorizedRelyingParty, validateCertificateRequest, validateSessionStartRequest, type RelyingParty,
} from './request-validation.ts';
import type { Session, SessionKind, SessionStore } from './sessions.ts';
import type { TestCa } from './test-ca.ts';
import { newTraceId, wireTime } from './wire.ts';

export interface Timing {
  /** Delay before a session of any non-TIMEOUT person ends. */
  okDelayMs: number;
  /** Delay before a TIMEOUT person's session ends. */
  userTimeoutMs: number;
  /** Largest honoured `timeoutMs`. */
  maxPollMs: number;
}

export interface SimulatorContext {
  ca: TestCa;
  persons: PersonDirectory;
  /** Keys and certificates of a Mobile-ID client (issued on first use); undefined for anyone else. */
  credentials(phone: string, code: string): Promise<PersonCredentials | undefined>;
  sessions: SessionStore;
  faults: FaultBook;
  relyingParties: readonly RelyingParty[];
  timing: Timing;
  logger: Logger;
  /** Aborted on close, so that `hang` faults do not hold the shutdown. */
  closing: AbortSignal;
}

export const BASE_PATH = '/mid-api';
export const VERSION_TEXT = 'Version: 5.1.1. Built: 19.06.2019 21:06';
/** SK's bounds for `timeoutMs`: default 10 s; below 1 s is raised to 1 s. */
export const DEFAULT_POLL_MS = 10_000;
export const MIN_POLL_MS = 1_000;

const TRANSPORT_FAULTS: readonly FaultKind[] = ['http-500', 'http-503'];
const CERTIFICATE_FAULTS = ['untrusted-cert', 'expired-cert', 'wrong-identity-cert'] as const;
const VARIANT_OF = { 'untrusted-cert': 'untrusted', 'expired-cert': 'expired', 'wrong-identity-cert': 'wrong-identity' } as const;

type Body = Record<string, unknown>;

/** Where a response goes and which fault rules may touch it. */
interface Exchange {
  request: FastifyRequest;
  reply: FastifyReply;
  endpoint: Endpoint;
  phone: string | undefined;
}

export function buildMidApi(context: SimulatorContext): FastifyInstance {
  const { faults, logger } = context;
  const traceIds = new WeakMap<FastifyRequest, string>();
  const traceOf = (request: FastifyRequest) => {
    let traceId = traceIds.get(request);
    if (!traceId) traceIds.set(request, traceId = newTraceId());
    return traceId;
  };
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    return503OnClosing: false,
    // Any session id a client may send is looked up (and is then 404), never refused by the router.
    routerOptions: { maxParamLength: 10_000 },
    // Router-level errors (e.g. a badly percent-encoded URL) in SK's error shape too.
    frameworkErrors: (error, request, reply) => {
      const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      (reply as unknown as FastifyReply).code(status).type('application/json;charset=UTF-8')
        .send(JSON.stringify({ error: 'Bad Request', time: wireTime(), traceId: traceOf(request as FastifyRequest) }));
    },
  });

  // The body is parsed in the handlers, so that malformed JSON gets SK's error shape like any other error.
  // Only JSON is accepted (other types get 415, as from SK's Spring stack).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.addHook('onResponse', async (request, reply) => {
    // Route pattern only: session ids, phones and codes stay out of the log.
    logger.info({ method: request.method, route: request.routeOptions.url ?? 'unknown', status: reply.statusCode,
      ms: Math.round(reply.elapsedTime), traceId: traceOf(request) }, 'mid-api request');
  });

  /** Sends a JSON body inside SK's envelope, then applies the body faults of this exchange. */
  const send = (exchange: Exchange | { request: FastifyRequest; reply: FastifyReply }, status: number, body: Body) => {
    const full: Body = { ...body, time: wireTime(), traceId: traceOf(exchange.request) };
    let text = JSON.stringify(full);
    if ('endpoint' in exchange) {
      if (faults.take(exchange.endpoint, exchange.phone, ['extra-field'])) {
        text = JSON.stringify({ ...full, simulatorExtraField: { note: 'unknown fields must be ignored', list: [1, 2] } });
      }
      // Cut inside the last value: a syntax error, not merely a different document.
      if (faults.take(exchange.endpoint, exchange.phone, ['malformed-json'])) text = text.slice(0, -12);
    }
    return exchange.reply.code(status).type('application/json;charset=UTF-8').send(text);
  };
  const sendError = (exchange: Parameters<typeof send>[0], status: number, error: string) => send(exchange, status, { error });

  /** 500/503 and hangs, the faults that strike before the request is looked at. Returns true when answered. */
  const transportFaults = async (exchange: Exchange): Promise<boolean> => {
    const fault = faults.take(exchange.endpoint, exchange.phone, TRANSPORT_FAULTS);
    if (fault) {
      const [status, text] = fault.fault === 'http-500' ? [500, MESSAGES.internal] : [503, MESSAGES.unavailable];
      // /version is plain text, so its failures are too.
      if (exchange.endpoint === 'version') exchange.reply.code(status).type('text/plain').send(text);
      else sendError(exchange, status, text);
      return true;
    }
    const hang = faults.take(exchange.endpoint, exchange.phone, ['hang']);
    if (hang) await sleep(hang.ms ?? DEFAULT_HANG_MS, undefined, { signal: context.closing }).catch(() => undefined);
    return false;
  };

  const parseJson = (request: FastifyRequest): { ok: true; body: unknown } | { ok: false } => {
    if (typeof request.body !== 'string') return { ok: false };
    try {
      return { ok: true, body: JSON.parse(request.body) };
    } catch {
      return { ok: false };
    }
  };
  const phoneIn = (body: unknown) => {
    const phone = typeof body === 'object' && body !== null ? (body as Body)['phoneNumber'] : undefined;
    return typeof phone === 'string' ? phone : undefined;
  };

  /** The certificate to hand out, or its faulty look-alike when a certificate fault applies. */
  const certificateFor = async (exchange: Exchange, credentials: PersonCredentials, purpose: CertificatePurpose) => {
    const fault = faults.take(exchange.endpoint, exchange.phone, CERTIFICATE_FAULTS);
    if (!fault) return derBase64(purpose === 'authentication' ? credentials.authCertificate : credentials.signCertificate);
    const variant = VARIANT_OF[fault.fault as (typeof CERTIFICATE_FAULTS)[number]];
    return derBase64(await variantCertificate(context.ca, credentials, purpose, variant));
  };

  app.post(`${BASE_PATH}/certificate`, async (request, reply) => {
    const parsed = parseJson(request);
    const exchange: Exchange = { request, reply, endpoint: 'certificate', phone: parsed.ok ? phoneIn(parsed.body) : undefined };
    if (await transportFaults(exchange)) return reply;
    if (!parsed.ok) return sendError(exchange, 400, MESSAGES.unreadableBody);
    const checked = validateCertificateRequest(parsed.body);
    if (!checked.ok) return sendError(exchange, 400, checked.error);
    if (!isAuthorizedRelyingParty(checked.value.relyingParty, context.relyingParties)) return sendError(exchange, 401, MESSAGES.unauthorized);
    const credentials = await context.credentials(checked.value.phoneNumber, checked.value.nationalIdentityNumber);
    if (!credentials) return send(exchange, 200, { result: 'NOT_FOUND' });
    return send(exchange, 200, { result: 'OK', cert: await certificateFor(exchange, credentials, 'signing') });
  });

  for (const kind of ['authentication', 'signature'] as const) {
    app.post(`${BASE_PATH}/${kind}`, async (request, reply) => {
      const parsed = parseJson(request);
      const exchange: Exchange = { request, reply, endpoint: kind, phone: parsed.ok ? phoneIn(parsed.body) : undefined };
      if (await transportFaults(exchange)) return reply;
      if (!parsed.ok) return sendError(exchange, 400, MESSAGES.unreadableBody);
      const checked = validateSessionStartRequest(parsed.body);
      if (!checked.ok) return sendError(exchange, 400, checked.error);
      const start = checked.value;
      if (!isAuthorizedRelyingParty(start.relyingParty, context.relyingParties)) return sendError(exchange, 401, MESSAGES.unauthorized);
      const session = await startSession(context, kind, start.phoneNumber, start.nationalIdentityNumber, start.hash, start.hashType);
      return send(exchange, 200, { sessionID: session.id });
    });

    app.get<{ Params: { sessionId: string }; Querystring: Record<string, string | string[] | undefined> }>(
      `${BASE_PATH}/${kind}/session/:sessionId`, async (request, reply) => {
        const endpoint: Endpoint = `${kind}-status`;
        const { sessionId } = request.params;
        const known = context.sessions.find(sessionId, kind);
        const exchange: Exchange = { request, reply, endpoint, phone: known?.phone };
        if (await transportFaults(exchange)) return reply;
        if (sessionId === '') return sendError(exchange, 400, MESSAGES.sessionIdMissing);
        const timeout = pollTimeout(request.query['timeoutMs'], context.timing.maxPollMs);
        if (timeout === undefined) return sendError(exchange, 400, MESSAGES.timeoutMs);
        // Looked up again: a hang fault may have outlived the session.
        const session = context.sessions.find(sessionId, kind);
        if (!session) return sendError(exchange, 404, MESSAGES.sessionNotFound);
        if (!session.outcome && (await context.sessions.waitForEnd(session, timeout)) !== 'complete') {
          return send(exchange, 200, { state: 'RUNNING' });
        }
        return send(exchange, 200, await completeAnswer(exchange, session));
      });
  }

  /** The COMPLETE answer of an ended session, with the content faults that apply to it. */
  const completeAnswer = async (exchange: Exchange, session: Session): Promise<Body> => {
    const outcome = session.outcome!;
    const unknown = faults.take(exchange.endpoint, exchange.phone, ['unknown-result']);
    if (unknown) return { state: 'COMPLETE', result: unknown.result ?? DEFAULT_UNKNOWN_RESULT };
    if (outcome.result !== 'OK' || !outcome.signature) return { state: 'COMPLETE', result: outcome.result };
    const credentials = (await context.credentials(session.phone, session.code))!;
    let signature = outcome.signature;
    if (faults.take(exchange.endpoint, exchange.phone, ['bad-signature'])) {
      // A well-formed signature by the right key over a different hash: only a real check catches it.
      const other = Uint8Array.from(session.hash);
      other[0] = (other[0] as number) ^ 0x01;
      signature = signHash(session.kind === 'authentication' ? credentials.authKey : credentials.signKey, other, session.hashType);
    }
    const answer: Body = { state: 'COMPLETE', result: 'OK', signature: { ...signature } };
    if (session.kind === 'authentication') answer['cert'] = await certificateFor(exchange, credentials, 'authentication');
    return answer;
  };

  app.get(`${BASE_PATH}/version`, async (request, reply) => {
    const exchange: Exchange = { request, reply, endpoint: 'version', phone: undefined };
    if (await transportFaults(exchange)) return reply;
    return reply.code(200).type('text/plain;charset=UTF-8').send(VERSION_TEXT);
  });

  // 405 for every other method on a known path; OPTIONS answers with the allowed methods, as SK's does.
  const paths: [string, 'GET' | 'POST'][] = [
    [`${BASE_PATH}/certificate`, 'POST'], [`${BASE_PATH}/authentication`, 'POST'], [`${BASE_PATH}/signature`, 'POST'],
    [`${BASE_PATH}/authentication/session/:sessionId`, 'GET'], [`${BASE_PATH}/signature/session/:sessionId`, 'GET'],
    [`${BASE_PATH}/version`, 'GET'],
  ];
  for (const [url, allowed] of paths) {
    const others = (['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const)
      .filter((method) => method !== allowed && !(allowed === 'GET' && method === 'HEAD'));
    app.route({ method: [...others], url, handler: async (request, reply) => {
      reply.header('allow', `${allowed}, OPTIONS`);
      return sendError({ request, reply }, 405, MESSAGES.methodNotAllowed);
    } });
    app.options(url, async (_request, reply) => reply.code(200).header('allow', `${allowed}, OPTIONS`).send());
  }

  app.setNotFoundHandler(async (request, reply) => sendError({ request, reply }, 404, MESSAGES.notFound));
  app.setErrorHandler(async (error: { statusCode?: number; message?: string }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) logger.error({ err: error, route: request.routeOptions.url }, 'simulator internal error');
    return sendError({ request, reply }, status, status === 500 ? MESSAGES.internal : (error.message ?? 'Bad Request'));
  });

  return app;
}

/** `timeoutMs` per SK: default 10 s, raised to 1 s, capped at the maximum; undefined when not an integer. */
export function pollTimeout(raw: string | string[] | undefined, maxPollMs: number): number | undefined {
  if (raw === undefined) return Math.min(DEFAULT_POLL_MS, maxPollMs);
  if (typeof raw !== 'string' || !/^-?\d{1,15}$/.test(raw)) return undefined;
  return Math.min(Math.max(Number(raw), MIN_POLL_MS), maxPollMs);
}

/**
 * Creates a session for any well-formed request, as SK does: who the person is decides only how it
 * ends. Strangers and persons without Mobile-ID end NOT_MID_CLIENT; TIMEOUT persons after the user
 * timeout; everybody else after the answer delay. OK sessions sign the received hash with the key
 * of the session's kind (authentication key or signing key).
 */
async function startSession(context: SimulatorContext, kind: SessionKind, phone: string, code: string,
  hash: Uint8Array, hashType: Session['hashType']): Promise<Session> {
  const person = context.persons.find(phone, code);
  const credentials = await context.credentials(phone, code);
  const result = person && credentials ? person.outcome : 'NOT_MID_CLIENT';
  const endsAfter = result === 'TIMEOUT' ? context.timing.userTimeoutMs : context.timing.okDelayMs;
  return context.sessions.create({ kind, phone, code, hash, hashType }, endsAfter, (session) => {
    if (result !== 'OK' || !credentials) return { result };
    const key = kind === 'authentication' ? credentials.authKey : credentials.signKey;
    return { result, signature: signHash(key, session.hash, session.hashType) };
  });
}
