/**
 * IdentificationService: start, status and remove — the three operations of the API, with no
 * knowledge of HTTP. Status reads the store only; upstream is driven by the poller.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { GatewayError, describeError } from './errors.ts';
import { parseLoginRequest, type MessageLimits } from './login-request.ts';
import type { Screener, Upstream, UpstreamErrorMapper } from './ports.ts';
import { SerializedJson, type LoginResponse, type WaitingResponse } from './responses.ts';
import type { SessionEvents } from './session-events.ts';
import { FinishedSessionsCache, type FinishedAnswer } from './finished-sessions-cache.ts';
import type { SessionStatusRow, SessionsRepository } from '../store/sessions-repository.ts';
import { HASH_BYTE_LENGTH, type HashType } from '../mobileid/hash-type.ts';
import { verificationCode } from '../mobileid/verification-code.ts';
import { describeCertificate } from '../mobileid/certificate-info.ts';

export interface IdentificationServiceOptions {
  sessions: SessionsRepository;
  events: SessionEvents;
  upstream: Upstream;
  mapUpstreamError: UpstreamErrorMapper;
  screener: Screener;
  hashType: HashType;
  sessionLifetimeMs: number;
  messageLimits: MessageLimits;
  logger: Logger;
  /** Tells the poller a new session is waiting, so it does not wait for its next scan. */
  onSessionStarted?: () => void;
  clock?: () => Date;
  /** Where login hashes come from: a CSPRNG, replaced only by tests that replay captured responses. */
  randomHash?: (length: number) => Buffer;
  /** Finished sessions are purged after this; a cached answer older than it is gone too. */
  retentionMs: number;
  /** Finished answers kept in memory (0 disables the cache). */
  finishedCacheSize?: number;
}

/** Waiting, or the stored identified response (an IdentifiedResponse, serialised when the session ended). */
export type StatusResponse = WaitingResponse | SerializedJson;

export class IdentificationService {
  private readonly now: () => Date;

  private readonly finished: FinishedSessionsCache;

  constructor(private readonly o: IdentificationServiceOptions) {
    this.now = o.clock ?? (() => new Date());
    this.finished = new FinishedSessionsCache(o.finishedCacheSize ?? 10_000, o.retentionMs);
    o.events.onChange({ changed: (token) => this.finished.forget(token), reset: () => this.finished.clear() });
  }

  async login(clientId: number, body: Record<string, unknown>): Promise<LoginResponse> {
    const request = parseLoginRequest(body, this.o.messageLimits);
    // Fail closed before bothering the person's phone: a check that cannot run is a configuration error.
    this.o.screener.assertAvailable({ sanctions: request.sanctions, peps: request.peps });

    let certificate;
    try {
      certificate = await this.o.upstream.certificate({ phoneNumber: request.phone, nationalIdentityNumber: request.code });
    } catch (error) {
      throw this.upstreamFailure(error, 'certificate');
    }
    if (!certificate.found) throw new GatewayError(40401, undefined, 'upstream /certificate answered NOT_FOUND');
    let certificateInfo;
    try {
      certificateInfo = describeCertificate(Buffer.from(certificate.cert, 'base64'));
    } catch {
      throw new GatewayError(50001, undefined, 'upstream /certificate returned an unreadable certificate');
    }

    const hash = (this.o.randomHash ?? randomBytes)(HASH_BYTE_LENGTH[this.o.hashType]);
    const controlCode = verificationCode(hash);
    let upstreamSessionId: string;
    try {
      ({ sessionId: upstreamSessionId } = await this.o.upstream.startAuthentication({
        phoneNumber: request.phone,
        nationalIdentityNumber: request.code,
        hash,
        hashType: this.o.hashType,
        language: request.language,
        ...(request.message ? { displayText: request.message, displayTextFormat: request.messageFormat } : {}),
      }));
    } catch (error) {
      throw this.upstreamFailure(error, 'start');
    }

    const token = randomUUID();
    const createdAt = this.now();
    await this.o.sessions.insert({
      token,
      clientId,
      upstreamSessionId,
      hash: hash.toString('base64'),
      hashType: this.o.hashType,
      controlCode,
      code: request.code,
      phone: request.phone,
      language: request.language,
      peps: request.peps,
      sanctions: request.sanctions,
      loginCertificate: JSON.stringify(certificateInfo),
      createdAt,
      expiresAt: new Date(createdAt.getTime() + this.o.sessionLifetimeMs),
    });
    this.o.logger.info({ event: 'session_started', token, sanctions: request.sanctions, peps: request.peps }, 'session started');
    this.o.onSessionStarted?.();
    return { status: 'ok', certificate: certificateInfo, code: request.code, token, control_code: controlCode };
  }

  async status(clientId: number, token: string, waitSeconds: number, signal?: AbortSignal): Promise<StatusResponse> {
    const cached = this.finished.get(token, clientId, this.now().getTime());
    if (cached) return this.renderFinished(cached);
    let row = await this.find(clientId, token);
    if (row.state === 'waiting' && waitSeconds > 0) {
      const deadline = Math.min(waitSeconds * 1000, Date.parse(row.expires_at) - this.now().getTime());
      await this.o.events.waitForFinish(token, deadline, signal);
      row = await this.find(clientId, token);
    }
    if (row.state === 'waiting' && Date.parse(row.expires_at) <= this.now().getTime()) {
      // No poller finished it in time (every instance may have been down): it has expired.
      await this.o.sessions.finish(token, { state: 'error', errorCode: 40021 }, this.now());
      row = await this.find(clientId, token);
    }
    if (row.state !== 'waiting' && row.finished_at !== null) {
      const answer: FinishedAnswer = {
        clientId,
        finishedAt: Date.parse(row.finished_at),
        ...(row.state === 'ok' && row.result ? { okBody: Buffer.from(row.result) } : { errorCode: row.error_code ?? 50001 }),
      };
      this.finished.remember(token, answer);
      return this.renderFinished(answer);
    }
    return { status: 'waiting', token: row.token, control_code: row.control_code };
  }

  async remove(clientId: number, token: string): Promise<void> {
    this.finished.forget(token);
    if (!(await this.o.sessions.deleteForClient(token, clientId))) throw new GatewayError(40402);
    this.o.events.publishFinished(token);
    this.o.logger.info({ event: 'session_removed', token }, 'session removed');
  }

  private async find(clientId: number, token: string): Promise<SessionStatusRow> {
    const row = await this.o.sessions.findStatusForClient(token, clientId);
    if (!row) throw new GatewayError(40402);
    return row;
  }

  private renderFinished(answer: FinishedAnswer): StatusResponse {
    if (answer.okBody !== undefined) return new SerializedJson(answer.okBody);
    throw new GatewayError((answer.errorCode ?? 50001) as GatewayError['code']);
  }

  private upstreamFailure(error: unknown, call: 'certificate' | 'start'): GatewayError {
    if (error instanceof GatewayError) return error;
    const code = this.o.mapUpstreamError(error, call);
    this.o.logger.warn({ event: 'upstream_error', call, code, err: describeError(error) }, 'upstream call failed');
    return new GatewayError(code as GatewayError['code'], undefined, `upstream ${call} failed`);
  }
}
