/**
 * What the identification domain needs from the outside, as narrow interfaces: the composition
 * root (app.ts) plugs in the MID client, the verification routine and the screening service.
 */
import type { HashType } from '../mobileid/hash-type.ts';
import type { Language, MessageFormat } from './login-request.ts';

export type UpstreamStatus = { state: 'RUNNING' } | { state: 'COMPLETE'; result: string; raw: unknown };

export interface Upstream {
  certificate(req: { phoneNumber: string; nationalIdentityNumber: string }): Promise<{ found: true; cert: string } | { found: false }>;
  startAuthentication(req: {
    phoneNumber: string;
    nationalIdentityNumber: string;
    hash: Uint8Array;
    hashType: HashType;
    language: Language;
    displayText?: string;
    displayTextFormat?: MessageFormat;
  }): Promise<{ sessionId: string }>;
  pollAuthentication(sessionId: string, timeoutMs: number, signal?: AbortSignal): Promise<UpstreamStatus>;
}

/** The gateway error code an upstream failure maps to (contract table), per call kind. */
export type UpstreamErrorMapper = (error: unknown, call: 'certificate' | 'start' | 'poll') => number;

export interface IdentityForScreening {
  givenName: string;
  surname: string;
  personalCode: string;
  country: string;
  dateOfBirth?: string;
  gender?: 'male' | 'female';
}

export interface Screener {
  /** Throws the 50004 GatewayError when a requested kind has no list loaded: fail closed. */
  assertAvailable(kinds: { sanctions: boolean; peps: boolean }): void;
  screen(identity: IdentityForScreening, kinds: { sanctions: boolean; peps: boolean }): Promise<{ sanctions: unknown[]; peps: unknown[] }>;
}
