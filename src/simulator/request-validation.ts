/**
 * Request rules of MID REST with SK's error texts. SK's service is a Java (Jackson) application,
 * and where that shows on the wire the simulator follows it: JSON numbers and booleans given for a
 * string field are read as their text (Jackson's scalar coercion), while an object or array there
 * makes the body unreadable. Texts SK does not publish are marked "(simulator's text)" in
 * docs/simulator.md; a client must never branch on error texts anyway.
 */
import { HASH_LENGTH, HASH_TYPES, type HashType } from './person-keys.ts';

export const LANGUAGES = ['EST', 'ENG', 'RUS', 'LIT'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DISPLAY_TEXT_FORMATS = ['GSM-7', 'UCS-2'] as const;
export type DisplayTextFormat = (typeof DISPLAY_TEXT_FORMATS)[number];

/** Current limits (SK raised them from 40/20 in late 2024). */
export const DISPLAY_TEXT_LIMIT: Record<DisplayTextFormat, number> = { 'GSM-7': 100, 'UCS-2': 50 };

export const MESSAGES = {
  unreadableBody: 'Unable to parse the request body as a JSON object',
  phone: 'phoneNumber must contain of + and numbers(8-30)',
  code: 'nationalIdentityNumber must contain of 11 digits',
  hashEncoding: 'Hash must be Base64 encoded',
  hashLength: 'The length of the hash must match the type of hash',
  hashType: 'hashType allowed values are: SHA256, SHA384 or SHA512',
  language: 'language allowed values are: EST, ENG, RUS or LIT',
  displayTextFormat: 'displayTextFormat allowed values are: GSM-7 or UCS-2',
  relyingPartyUuid: 'relyingPartyUUID must be a UUID in canonical lower-case 8-4-4-4-12 form',
  unauthorized: 'Failed to authorize user',
  sessionNotFound: 'SessionID not found',
  sessionIdMissing: 'Required sessionId is missing',
  timeoutMs: 'timeoutMs must be an integer',
  internal: 'Internal error',
  unavailable: 'Service Unavailable',
  methodNotAllowed: 'Method Not Allowed',
  notFound: 'Not Found',
  /** SK's wording differs per endpoint: `/certificate` vs. the session-start endpoints. */
  missingOnCertificate: (field: string) => `${field} cannot be null.`,
  missingOnSessionStart: (field: string) => `Required ${field} is missing.`,
  displayTextTooLong: (format: DisplayTextFormat) =>
    `displayText must not be longer than ${DISPLAY_TEXT_LIMIT[format]} characters when displayTextFormat is ${format}`,
} as const;

export interface RelyingParty {
  uuid: string;
  name: string;
}

export interface CertificateRequest {
  relyingParty: RelyingParty;
  phoneNumber: string;
  nationalIdentityNumber: string;
}

export interface SessionStartRequest extends CertificateRequest {
  hash: Uint8Array;
  hashType: HashType;
  language: Language;
  displayText?: string;
  displayTextFormat: DisplayTextFormat;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PHONE = /^\+\d{8,30}$/;
const CODE = /^\d{11}$/;
/** Standard alphabet, padded: what Java's Base64 decoder accepts, without the whitespace leniency some decoders have. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

class Rejection extends Error {}

/** Reads a string field the way Jackson does; undefined when absent or null. */
function stringField(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Rejection(MESSAGES.unreadableBody);
}

function required(body: Record<string, unknown>, field: string, missing: (field: string) => string): string {
  const value = stringField(body, field);
  if (value === undefined) throw new Rejection(missing(field));
  return value;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], error: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Rejection(error);
  return value as T;
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Rejection(MESSAGES.unreadableBody);
  return body as Record<string, unknown>;
}

function common(body: Record<string, unknown>, missing: (field: string) => string): CertificateRequest {
  const uuid = required(body, 'relyingPartyUUID', missing);
  const name = required(body, 'relyingPartyName', missing);
  const phoneNumber = required(body, 'phoneNumber', missing);
  const nationalIdentityNumber = required(body, 'nationalIdentityNumber', missing);
  if (!UUID.test(uuid)) throw new Rejection(MESSAGES.relyingPartyUuid);
  if (!PHONE.test(phoneNumber)) throw new Rejection(MESSAGES.phone);
  if (!CODE.test(nationalIdentityNumber)) throw new Rejection(MESSAGES.code);
  return { relyingParty: { uuid, name }, phoneNumber, nationalIdentityNumber };
}

function validated<T>(parse: () => T): Validated<T> {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, error: error.message };
    throw error;
  }
}

export function validateCertificateRequest(body: unknown): Validated<CertificateRequest> {
  return validated(() => common(asObject(body), MESSAGES.missingOnCertificate));
}

export function validateSessionStartRequest(body: unknown): Validated<SessionStartRequest> {
  return validated(() => {
    const object = asObject(body);
    const missing = MESSAGES.missingOnSessionStart;
    const base = common(object, missing);
    const hashText = required(object, 'hash', missing);
    const hashType = oneOf(required(object, 'hashType', missing), HASH_TYPES, MESSAGES.hashType);
    const language = oneOf(required(object, 'language', missing), LANGUAGES, MESSAGES.language);
    if (!BASE64.test(hashText)) throw new Rejection(MESSAGES.hashEncoding);
    const hash = Buffer.from(hashText, 'base64');
    if (hash.length !== HASH_LENGTH[hashType]) throw new Rejection(MESSAGES.hashLength);
    const displayTextFormat = oneOf(stringField(object, 'displayTextFormat') ?? 'GSM-7', DISPLAY_TEXT_FORMATS, MESSAGES.displayTextFormat);
    const displayText = stringField(object, 'displayText');
    // Characters, not UTF-16 units or septets: SK counts what the user sees. Characters outside
    // the GSM-7 alphabet are not an error at SK (the phone shows a space); checking them is the
    // gateway's job.
    if (displayText !== undefined && [...displayText].length > DISPLAY_TEXT_LIMIT[displayTextFormat]) {
      throw new Rejection(MESSAGES.displayTextTooLong(displayTextFormat));
    }
    return {
      ...base, hash: new Uint8Array(hash), hashType, language, displayTextFormat,
      ...(displayText === undefined ? {} : { displayText }),
    };
  });
}

/**
 * SK matches the name case-insensitively ("This field is case insensitive") and the UUID exactly.
 */
export function isAuthorizedRelyingParty(candidate: RelyingParty, allowed: readonly RelyingParty[]): boolean {
  return allowed.some((rp) => rp.uuid === candidate.uuid && rp.name.toLowerCase() === candidate.name.toLowerCase());
}

export const DEMO_RELYING_PARTY: RelyingParty = { uuid: '00000000-0000-0000-0000-000000000000', name: 'DEMO' };
