/**
 * The client for SK's Mobile-ID REST API (MID REST) that the gateway uses upstream.
 *
 * - Start calls (`/certificate`, `/authentication`) are retried a bounded number of times, with
 *   exponential backoff and jitter, on 5xx and network failures; never on 4xx, never on timeouts
 *   (a slow upstream may still be creating the session: a retry would push a second prompt to the
 *   phone) and never on a TLS pin mismatch (retrying cannot fix it).
 * - Polls are never retried here: the caller's poller already loops over polls.
 * - Every answer is read with a deadline and a size limit, and parsed defensively; anything that is
 *   not the protocol is a `malformed_response`, never a crash. Unknown fields are ignored.
 * - TLS pins (`tlsPins`) apply to https base URLs only; with an http base URL (the local simulator)
 *   there is no TLS and the pins do not apply.
 *
 * @example
 * const mid = new MidClient({ baseUrl: 'https://tsp.demo.sk.ee/mid-api',
 *   relyingPartyUUID: '00000000-0000-0000-0000-000000000000', relyingPartyName: 'DEMO' });
 * const { sessionId } = await mid.startAuthentication({ phoneNumber, nationalIdentityNumber,
 *   hash, hashType: 'SHA256', language: 'ENG' });
 * const status = await mid.pollAuthentication(sessionId, 30_000);
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request, type Dispatcher } from 'undici';
import { HASH_BYTE_LENGTH, type HashType } from './hash-type.ts';
import { MidError, type MidErrorKind, type MidOperation } from './mid-errors.ts';
import { TlsPinMismatchError, assertValidPins, pinnedServerIdentityCheck } from './tls-pins.ts';

export type MidLanguage = 'EST' | 'ENG' | 'RUS' | 'LIT';
export type DisplayTextFormat = 'GSM-7' | 'UCS-2';

export interface MidClientOptions {
  /** e.g. `https://tsp.demo.sk.ee/mid-api` or `http://127.0.0.1:8081/mid-api`. */
  baseUrl: string;
  relyingPartyUUID: string;
  relyingPartyName: string;
  /** Base64 SHA-256 of the server certificate's SubjectPublicKeyInfo; any match passes. https only. */
  tlsPins?: string[];
  /**
   * PEM CA certificates that REPLACE the system trust store for the upstream connection — for an
   * upstream with a private CA, such as a self-hosted simulator served over https.
   */
  tlsCa?: string[];
  /** Retries of the start calls after the first attempt; default 2 (up to 3 attempts). */
  startRetries?: number;
  /** Base backoff before the first retry; doubles per retry, with jitter. Default 250. */
  retryBackoffMs?: number;
  /** Default 5000. */
  connectTimeoutMs?: number;
  /** Deadline for one attempt of a start call, body included. Default 10000. */
  requestTimeoutMs?: number;
  /**
   * Replaces the client's own keep-alive agent (tests, proxies). The caller owns it: `close()` leaves
   * it open. `tlsPins`, `tlsCa` and `connectTimeoutMs` configure the own agent, so they cannot be
   * combined with it.
   */
  dispatcher?: Dispatcher;
}

export interface CertificateRequest {
  phoneNumber: string;
  nationalIdentityNumber: string;
}

export type CertificateResult = { found: true; cert: string /* base64 DER */ } | { found: false };

export interface AuthenticationRequest {
  phoneNumber: string;
  nationalIdentityNumber: string;
  /** The raw digest; its length must match `hashType`. */
  hash: Uint8Array;
  hashType: HashType;
  language: MidLanguage;
  displayText?: string;
  displayTextFormat?: DisplayTextFormat;
}

export type MidSessionStatus =
  | { state: 'RUNNING' }
  | { state: 'COMPLETE'; result: string; raw: unknown /* the whole parsed body, for verification */ };

/** An answer larger than this is not a MID answer (they are a few KiB): malformed, not an OOM. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Upstream holds a poll up to `timeoutMs`; the answer needs time to travel back. */
const POLL_READ_GRACE_MS = 1500;
/** Upstream raises poll `timeoutMs` values under ~1000 to 1000, so it may hold a poll that long. */
const UPSTREAM_MIN_POLL_HOLD_MS = 1000;
/** Keeps an over-generous `startRetries` from sleeping for minutes between attempts. */
const MAX_BACKOFF_MS = 10_000;
const UPSTREAM_MESSAGE_MAX_CHARS = 300;

/**
 * The wait before retry number `retry` (1-based): exponential in `retry`, with "equal jitter" —
 * half fixed, half random — so retries of many sessions spread out but never come back at once.
 */
export function retryDelayMs(retry: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** (retry - 1), MAX_BACKOFF_MS);
  return ceiling / 2 + random() * (ceiling / 2);
}

export class MidClient {
  readonly #baseUrl: string;
  readonly #relyingParty: { relyingPartyUUID: string; relyingPartyName: string };
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #startRetries: number;
  readonly #retryBackoffMs: number;
  readonly #requestTimeoutMs: number;

  constructor(options: MidClientOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('baseUrl must be http(s)');
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#relyingParty = { relyingPartyUUID: options.relyingPartyUUID, relyingPartyName: options.relyingPartyName };
    this.#startRetries = nonNegativeInteger('startRetries', options.startRetries ?? 2);
    this.#retryBackoffMs = nonNegativeInteger('retryBackoffMs', options.retryBackoffMs ?? 250);
    this.#requestTimeoutMs = positiveInteger('requestTimeoutMs', options.requestTimeoutMs ?? 10_000);
    const connectTimeoutMs = positiveInteger('connectTimeoutMs', options.connectTimeoutMs ?? 5000);
    if (options.tlsPins !== undefined) assertValidPins(options.tlsPins);

    if (options.dispatcher) {
      if (options.tlsPins || options.tlsCa || options.connectTimeoutMs !== undefined) {
        // Silently dropping pins would turn a security setting into a no-op.
        throw new TypeError('tlsPins, tlsCa and connectTimeoutMs cannot be combined with an injected dispatcher');
      }
      this.#dispatcher = options.dispatcher;
      this.#ownsDispatcher = false;
      return;
    }
    const pinned = url.protocol === 'https:' && options.tlsPins !== undefined;
    this.#dispatcher = new Agent({
      connect: {
        timeout: connectTimeoutMs,
        ...(options.tlsCa ? { ca: options.tlsCa } : {}),
        // Node skips checkServerIdentity on a resumed TLS session; without a session cache every
        // new connection is pin-checked. Keep-alive makes the extra full handshakes rare.
        ...(pinned ? { checkServerIdentity: pinnedServerIdentityCheck(options.tlsPins ?? []), maxCachedSessions: 0 } : {}),
      },
    });
    this.#ownsDispatcher = true;
  }

  /** The person's signing certificate; `found: false` when the person is not a Mobile-ID user. */
  async certificate(req: CertificateRequest): Promise<CertificateResult> {
    const body = await this.#startCall('certificate', {
      ...this.#relyingParty,
      phoneNumber: req.phoneNumber,
      nationalIdentityNumber: req.nationalIdentityNumber,
    });
    if (body['result'] === 'NOT_FOUND') return { found: false };
    const cert = body['cert'];
    if (body['result'] === 'OK' && typeof cert === 'string' && BASE64.test(cert)) return { found: true, cert };
    throw malformed('certificate', 'Mobile-ID /certificate answer is neither OK with a certificate nor NOT_FOUND');
  }

  /** Starts an authentication session; every outcome other than "started" comes from the polls. */
  async startAuthentication(req: AuthenticationRequest): Promise<{ sessionId: string }> {
    if (req.hash.length !== HASH_BYTE_LENGTH[req.hashType]) {
      throw new RangeError(`hash must be ${HASH_BYTE_LENGTH[req.hashType]} bytes for ${req.hashType}`);
    }
    const body = await this.#startCall('authentication', {
      ...this.#relyingParty,
      phoneNumber: req.phoneNumber,
      nationalIdentityNumber: req.nationalIdentityNumber,
      hash: Buffer.from(req.hash).toString('base64'),
      hashType: req.hashType,
      language: req.language,
      ...(req.displayText !== undefined
        ? { displayText: req.displayText, ...(req.displayTextFormat ? { displayTextFormat: req.displayTextFormat } : {}) }
        : {}),
    });
    const sessionId = body['sessionID'];
    // SK's ids are UUIDs; the bound only keeps junk out of the store and the poll URL.
    if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 200) {
      throw malformed('authentication', 'Mobile-ID /authentication answer has no sessionID');
    }
    return { sessionId };
  }

  /**
   * One long poll: upstream answers when the state changes or after about `timeoutMs`. The read
   * deadline is that hold plus 1.5 s, where the hold is at least 1000 ms because upstream raises
   * smaller values to that. Aborting `signal` rejects with the signal's reason.
   */
  async pollAuthentication(sessionId: string, timeoutMs: number, signal?: AbortSignal): Promise<MidSessionStatus> {
    nonNegativeInteger('timeoutMs', timeoutMs);
    const path = `/authentication/session/${encodeURIComponent(sessionId)}?timeoutMs=${timeoutMs}`;
    const deadlineMs = Math.max(timeoutMs, UPSTREAM_MIN_POLL_HOLD_MS) + POLL_READ_GRACE_MS;
    const body = await this.#exchange('poll', 'GET', path, undefined, deadlineMs, 1, signal);
    const state = body['state'];
    if (state === 'RUNNING') return { state: 'RUNNING' };
    const result = body['result'];
    if (state === 'COMPLETE' && typeof result === 'string' && result.length > 0) {
      return { state: 'COMPLETE', result, raw: body };
    }
    throw malformed('poll', 'Mobile-ID session status is neither RUNNING nor COMPLETE with a result');
  }

  /**
   * Closes the client's own agent; an injected dispatcher is left open. In-flight requests are awaited,
   * so abort pending long polls (their `signal`) first or shutdown waits for their deadlines.
   */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  async #startCall(operation: 'certificate' | 'authentication', payload: object): Promise<Record<string, unknown>> {
    const attempts = this.#startRetries + 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#exchange(operation, 'POST', `/${operation}`, payload, this.#requestTimeoutMs, attempt);
      } catch (err) {
        if (attempt >= attempts || !isRetryable(err)) throw err;
        await sleep(retryDelayMs(attempt, this.#retryBackoffMs));
      }
    }
  }

  /** One HTTP exchange: a 200 answer's JSON object, or a MidError (or the caller's abort reason). */
  async #exchange(
    operation: MidOperation,
    method: 'GET' | 'POST',
    path: string,
    payload: object | undefined,
    deadlineMs: number,
    attempt: number,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>> {
    signal?.throwIfAborted();
    // One controller for both the deadline and the caller's signal; a manual link rather than
    // AbortSignal.any, which leaks listeners on a long-lived signal in Node 20.
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(), deadlineMs);
    const onCallerAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const response = await request(`${this.#baseUrl}${path}`, {
        dispatcher: this.#dispatcher,
        method,
        headers: payload === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        signal: controller.signal,
        // Our own deadline is the authority; undici's inactivity timers must not fire earlier.
        headersTimeout: deadlineMs + 1000,
        bodyTimeout: deadlineMs + 1000,
      });
      const bytes = await readLimited(response.body, response.headers['content-length']);
      if (response.statusCode !== 200) throw statusError(operation, response.statusCode, bytes, attempt);
      if (bytes === undefined) throw malformed(operation, 'Mobile-ID answer exceeds the size limit', attempt);
      return parseJsonObject(bytes, operation, attempt);
    } catch (err) {
      if (err instanceof MidError) throw err;
      if (signal?.aborted) throw signal.reason;
      if (controller.signal.aborted || isUndiciTimeout(err)) {
        throw new MidError('timeout', `Mobile-ID ${operation} call got no answer within ${deadlineMs} ms`,
          { operation, attempts: attempt, cause: err });
      }
      if (hasErrorCode(err)) {
        throw new MidError('network', pinMismatch(err)
          ? 'Mobile-ID upstream failed TLS pinning: no configured pin matches its certificate'
          : `Mobile-ID ${operation} call failed: no usable connection to upstream (${err.code})`,
        { operation, attempts: attempt, cause: err });
      }
      throw err;
    } finally {
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The body, or undefined when it exceeds the limit (then the stream is dropped, not buffered). */
async function readLimited(body: Dispatcher.ResponseData['body'], contentLength: string | string[] | undefined): Promise<Buffer | undefined> {
  if (typeof contentLength === 'string' && Number(contentLength) > MAX_BODY_BYTES) {
    body.destroy();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJsonObject(bytes: Buffer, operation: MidOperation, attempt: number): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    // The SyntaxError is not kept as `cause`: V8 quotes the start of the body in its message, and a
    // truncated session answer carries the person's certificate.
    throw malformed(operation, 'Mobile-ID answer is not valid JSON', attempt);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw malformed(operation, 'Mobile-ID answer is not a JSON object', attempt);
  }
  return parsed as Record<string, unknown>;
}

function statusError(operation: MidOperation, status: number, bytes: Buffer | undefined, attempt: number): MidError {
  const details = { operation, httpStatus: status, attempts: attempt, ...upstreamErrorDetails(bytes) };
  const [kind, what] = classifyStatus(operation, status);
  return new MidError(kind, `Mobile-ID ${operation} call: ${what} (HTTP ${status})`, details);
}

function classifyStatus(operation: MidOperation, status: number): [MidErrorKind, string] {
  if (status === 401) return ['unauthorized', 'upstream did not authorise the relying party'];
  if (status === 404 && operation === 'poll') return ['not_found', 'upstream does not know the session'];
  if (status >= 500) return ['server_error', 'upstream failed'];
  if (status >= 400) return ['bad_request', 'upstream rejected the request'];
  return ['malformed_response', 'unexpected upstream status'];
}

/**
 * `error` and `traceId` from an error body, made safe for logs. SK's texts are generic, but a 400 from
 * its JSON parser may echo a submitted value, so digit runs (phone numbers, personal codes) are
 * redacted; the traceId is kept only if it looks like one, so a log line cannot be forged through it.
 */
function upstreamErrorDetails(bytes: Buffer | undefined): { upstreamMessage?: string; traceId?: string } {
  if (bytes === undefined || bytes.length === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    return {};
  }
  if (typeof body !== 'object' || body === null) return {};
  const { error, traceId } = body as Record<string, unknown>;
  return {
    ...(typeof error === 'string'
      ? { upstreamMessage: error.replace(/\+?\d{6,}/g, '[redacted]').replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, UPSTREAM_MESSAGE_MAX_CHARS) }
      : {}),
    ...(typeof traceId === 'string' && /^[0-9a-zA-Z-]{1,64}$/.test(traceId) ? { traceId } : {}),
  };
}

function malformed(operation: MidOperation, message: string, attempt = 1): MidError {
  return new MidError('malformed_response', message, { operation, attempts: attempt });
}

function isRetryable(err: unknown): boolean {
  if (!(err instanceof MidError)) return false;
  if (err.kind === 'server_error') return true;
  return err.kind === 'network' && !pinMismatch(err.cause);
}

function pinMismatch(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) {
    if (e instanceof TlsPinMismatchError) return true;
  }
  return false;
}

function isUndiciTimeout(err: unknown): boolean {
  return hasErrorCode(err) && (err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT');
}

/** Transport failures (Node system errors, TLS errors, undici errors) carry a string `code`; bugs do not. */
function hasErrorCode(err: unknown): err is Error & { code: string } {
  if (!(err instanceof Error)) return false;
  const code: unknown = (err as Error & { code?: unknown }).code;
  return typeof code === 'string' && code !== 'UND_ERR_INVALID_ARG';
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer`);
  return value;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer`);
  return value;
}
