/**
 * Turns an upstream final answer into a final session: verification (never `ok` unless every
 * check passed), identity, screening, then one conditional UPDATE, then the "finished" event.
 */
import type { Logger } from 'pino';
import { identifiedResponse, type IdentifiedResult } from './responses.ts';
import type { Screener } from './ports.ts';
import type { SessionEvents } from './session-events.ts';
import { GatewayError } from './errors.ts';
import type { SessionRow, SessionsRepository } from '../store/sessions-repository.ts';
import { verifyAuthentication } from '../mobileid/verify.ts';
import type { TrustAnchors } from '../mobileid/trust-anchors.ts';
import { describeCertificate } from '../mobileid/certificate-info.ts';
import { isHashType } from '../mobileid/hash-type.ts';

/** Upstream `result` → wire code (gateway-contract.md); anything unknown is a technical error. */
const RESULT_CODES: Record<string, number> = {
  USER_CANCELLED: 40020,
  TIMEOUT: 40021,
  EXPIRED_TRANSACTION: 40021,
  NOT_MID_CLIENT: 40401,
  SIGNATURE_HASH_MISMATCH: 40403,
  PHONE_ABSENT: 50002,
  DELIVERY_ERROR: 50002,
  SIM_ERROR: 50001,
};

export function errorCodeForResult(result: string): number {
  return RESULT_CODES[result] ?? 50001;
}

export interface SessionFinisherOptions {
  sessions: SessionsRepository;
  events: SessionEvents;
  screener: Screener;
  anchors: () => TrustAnchors;
  logger: Logger;
  clock?: () => Date;
}

export class SessionFinisher {
  private readonly now: () => Date;

  constructor(private readonly o: SessionFinisherOptions) {
    this.now = o.clock ?? (() => new Date());
  }

  /** Finishes a session from upstream's COMPLETE answer. */
  async complete(row: SessionRow, result: string, raw: unknown): Promise<void> {
    if (result !== 'OK') {
      await this.fail(row, errorCodeForResult(result), `upstream result ${/^[A-Z_]{1,40}$/.test(result) ? result : 'unrecognised'}`);
      return;
    }
    if (!isHashType(row.hash_type) || row.code === null) {
      await this.fail(row, 50001, 'session row lacks its hash type or code');
      return;
    }
    const verification = verifyAuthentication({
      hash: Buffer.from(row.hash, 'base64'),
      hashType: row.hash_type,
      requestedCode: row.code,
      response: raw,
      anchors: this.o.anchors(),
      now: this.now(),
    });
    if (!verification.ok) {
      // The reason goes to operators; the client sees 50001 only, and never `ok`.
      await this.fail(row, 50001, `verification failed: ${verification.failure}: ${verification.detail}`, verification.failure);
      return;
    }
    const identity = verification.identity;
    const kinds = { sanctions: row.sanctions === 1, peps: row.peps === 1 };
    let matches: { sanctions: unknown[]; peps: unknown[] } = { sanctions: [], peps: [] };
    if (kinds.sanctions || kinds.peps) {
      try {
        matches = await this.o.screener.screen(identity, kinds);
      } catch (error) {
        const code = error instanceof GatewayError ? error.code : 50001;
        await this.fail(row, code, 'screening failed');
        return;
      }
    }
    const stored: IdentifiedResult = {
      country: identity.country,
      certificate: describeCertificate(identity.certificate),
      code: identity.personalCode,
      name: identity.givenName,
      surname: identity.surname,
      sanctions_data: matches.sanctions,
      peps_data: matches.peps,
    };
    const response = JSON.stringify(identifiedResponse(stored, row.token, row.control_code));
    if (await this.o.sessions.finish(row.token, { state: 'ok', result: response }, this.now())) {
      this.o.logger.info({ event: 'session_finished', token: row.token, state: 'ok',
        sanctions_matches: matches.sanctions.length, peps_matches: matches.peps.length }, 'session identified');
      this.o.events.publishFinished(row.token);
    }
  }

  async fail(row: SessionRow, errorCode: number, reason: string, verificationFailure?: string): Promise<void> {
    if (await this.o.sessions.finish(row.token, { state: 'error', errorCode }, this.now())) {
      this.o.logger.info({ event: 'session_finished', token: row.token, state: 'error', error_code: errorCode, reason,
        ...(verificationFailure ? { verification_failure: verificationFailure } : {}) }, 'session failed');
      this.o.events.publishFinished(row.token);
    }
  }
}
