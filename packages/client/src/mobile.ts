/**
 * The Mobile-ID identification calls: login, status, remove, and identify (the three put together
 * with long polling), each mapping camelCase parameters to the wire and the answer back.
 */
import { EidgateError, isEidgateError } from './errors.ts';
import { toIdentity, toLoginResult, type Identity, type LoginResult, type SessionStatus } from './results.ts';
import { scope, sleep, type Scope } from './signals.ts';
import { unexpectedBody, type Transport } from './transport.ts';
import { isWireIdentified, isWireLogin, isWireRemoved, isWireWaiting } from './wire.ts';

export interface LoginParams {
  /** International format, e.g. `+37269000366`. */
  phone: string;
  /** Personal code, e.g. `60001017705`. */
  code: string;
  /** Language of the phone's screens; the gateway's default is `LIT`. */
  language?: 'LIT' | 'ENG' | 'RUS' | 'EST';
  /** Text shown on the phone (GSM-7: at most 40 characters; UCS-2: 20). */
  message?: string;
  messageFormat?: 'GSM-7' | 'UCS-2';
  /** Screen the identified person against the loaded PEP lists. */
  peps?: boolean;
  /** Screen the identified person against the loaded sanctions lists. */
  sanctions?: boolean;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface StatusOptions extends RequestOptions {
  /** Seconds (0–30) the gateway may hold the request until the session ends. Default 0: answer at once. */
  wait?: number;
}

export interface IdentifyOptions extends RequestOptions {
  /** Called once, as soon as the login succeeded: show the code to the person. */
  onControlCode?: (controlCode: string, login: LoginResult) => void;
  /** Overall limit for the whole identification, in ms. Default 360 000 (longer than the gateway's default 5-minute session lifetime). */
  timeoutMs?: number;
  /**
   * Least time between two status requests, in ms (default 1000). Long polling normally makes each
   * request last until the outcome; this keeps a gateway that answers at once (one without `wait`
   * support, such as the vendor's) from being asked in a tight loop.
   */
  pollIntervalMs?: number;
}

/** The most the contract lets a status request wait. */
export const MAX_WAIT_SECONDS = 30;
const DEFAULT_IDENTIFY_TIMEOUT_MS = 360_000;
const DEFAULT_POLL_INTERVAL_MS = 1_000;
/** Removing a session the SDK gave up on must not hold the caller's error back for long. */
const REMOVE_ON_GIVE_UP_TIMEOUT_MS = 3_000;

function sessionPath(prefix: string, token: string, suffix = ''): string {
  return `${prefix}${encodeURIComponent(token)}${suffix}`;
}

export class MobileApi {
  constructor(private readonly transport: Transport) {}

  /** Starts an identification (`POST /mobile/login.json`). */
  async login(params: LoginParams, options: RequestOptions = {}): Promise<LoginResult> {
    const fields: Record<string, unknown> = { phone: params.phone, code: params.code };
    if (params.language !== undefined) fields.language = params.language;
    if (params.message !== undefined) fields.message = params.message;
    if (params.messageFormat !== undefined) fields.message_format = params.messageFormat;
    if (params.peps !== undefined) fields.peps = params.peps;
    if (params.sanctions !== undefined) fields.sanctions = params.sanctions;
    const answer = await this.transport.send({ method: 'POST', path: '/mobile/login.json', fields, signal: options.signal });
    if (!isWireLogin(answer.body)) throw unexpectedBody('login answer', answer);
    return toLoginResult(answer.body);
  }

  /**
   * The session's state (`POST /mobile/status/{token}.json`): waiting, or the verified identity.
   * A failed identification (refused, expired, …) throws an EidgateError with the gateway's code.
   */
  async status(token: string, options: StatusOptions = {}): Promise<SessionStatus> {
    const wait = options.wait ?? 0;
    const fields = wait > 0 ? { wait } : {};
    const answer = await this.transport.send({
      method: 'POST', path: sessionPath('/mobile/status/', token, '.json'), fields, signal: options.signal, holdMs: wait * 1000,
    });
    const { body } = answer;
    if (isWireWaiting(body)) return { status: 'waiting', token: body.token, controlCode: body.control_code, raw: body };
    if (isWireIdentified(body)) return { status: 'ok', identity: toIdentity(body), raw: body };
    throw unexpectedBody('status answer', answer);
  }

  /** Removes a session and the personal data kept with it (`DELETE /api/mobile/session/{token}`). */
  async remove(token: string, options: RequestOptions = {}): Promise<void> {
    const answer = await this.transport.send({ method: 'DELETE', path: sessionPath('/api/mobile/session/', token), fields: {}, signal: options.signal });
    if (!isWireRemoved(answer.body)) throw unexpectedBody('removal answer', answer);
  }

  /**
   * A whole identification: login, `onControlCode`, then long-polling status until the session ends.
   * Resolves with the verified identity; rejects with an EidgateError (refused, expired, …).
   * When it gives up before the session ended (abort, timeout, no answer, onControlCode threw), it
   * removes the session first, so the person's data does not wait on the gateway for nobody.
   */
  async identify(params: LoginParams, options: IdentifyOptions = {}): Promise<Identity> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_IDENTIFY_TIMEOUT_MS;
    const limits = scope(options.signal, timeoutMs, () => new EidgateError({
      kind: 'timeout',
      message: `the identification did not end within ${timeoutMs} ms`,
    }));
    try {
      const login = await this.login(params, { signal: limits.signal });
      try {
        options.onControlCode?.(login.controlCode, login);
        return await this.waitForOutcome(login.token, limits, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
      } catch (error) {
        // An error body is the gateway's word on the session (refused, expired, …): it is the
        // caller's to read again or remove. Anything else means we stopped listening mid-way.
        const gatewayAnswered = isEidgateError(error) && error.errorCode !== undefined;
        if (!gatewayAnswered) await this.removeQuietly(login.token);
        throw error;
      }
    } finally {
      limits.dispose();
    }
  }

  /** Best effort: the caller is getting the error that made identify give up, not this one. */
  private async removeQuietly(token: string): Promise<void> {
    const limits = scope(undefined, REMOVE_ON_GIVE_UP_TIMEOUT_MS, () => new EidgateError({ kind: 'timeout', message: 'removal timed out' }));
    try {
      await this.remove(token, { signal: limits.signal });
    } catch {
      // Nothing to add: the session ends by itself at the end of its lifetime.
    } finally {
      limits.dispose();
    }
  }

  private async waitForOutcome(token: string, limits: Scope, pollIntervalMs: number): Promise<Identity> {
    for (;;) {
      const started = Date.now();
      const wait = Math.min(MAX_WAIT_SECONDS, Math.floor(limits.remainingMs() / 1000));
      const status = await this.status(token, { wait, signal: limits.signal });
      if (status.status === 'ok') return status.identity;
      await sleep(pollIntervalMs - (Date.now() - started), limits.signal);
    }
  }
}
