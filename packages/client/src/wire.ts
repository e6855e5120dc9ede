/**
 * The gateway's wire bodies (snake_case, as the contract and the vendor's pages name them) and the
 * checks that an answer really has that shape before the SDK maps it: a body that is not the
 * contract becomes an `invalid_response` error, never a half-filled result.
 */

export interface WireCertificate {
  name: string;
  subject: {
    country: string | null;
    organisation: string | null;
    organisation_unit: string | null;
    common_name: string | null;
    surname: string | null;
    name: string | null;
    serial_number: string | null;
  };
  issuer: {
    country: string | null;
    organisation: string | null;
    common_name: string | null;
  };
  valid_from: string;
  valid_to: string;
  value: string;
}

export interface WireLoginResponse {
  status: 'ok';
  certificate: WireCertificate;
  code: string;
  token: string;
  control_code: string;
}

export interface WireWaitingResponse {
  status: 'waiting';
  token: string;
  control_code: string;
}

/** A sanctions or PEP match record (fields of the vendor's signing-status page, plus eidgate's score and explanation). */
export type WireMatchRecord = Record<string, unknown>;

export interface WireIdentifiedResponse {
  status: 'ok';
  country: string;
  certificate: WireCertificate;
  code: string;
  token: string;
  control_code: string;
  name: string;
  surname: string;
  sanctions_data: WireMatchRecord[];
  peps_data: WireMatchRecord[];
}

export interface WireErrorResponse {
  status: 'error';
  message: string;
  error_code: number;
}

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

function hasStringsOrNull(object: unknown, keys: readonly string[]): boolean {
  return isObject(object) && keys.every((key) => isStringOrNull(object[key]));
}

export function isWireCertificate(value: unknown): value is WireCertificate {
  return isObject(value)
    && isString(value.name)
    && hasStringsOrNull(value.subject, ['country', 'organisation', 'organisation_unit', 'common_name', 'surname', 'name', 'serial_number'])
    && hasStringsOrNull(value.issuer, ['country', 'organisation', 'common_name'])
    && isString(value.valid_from)
    && isString(value.valid_to)
    && isString(value.value);
}

export function isWireError(value: unknown): value is WireErrorResponse {
  return isObject(value) && value.status === 'error' && isString(value.message) && Number.isInteger(value.error_code);
}

export function isWireLogin(value: unknown): value is WireLoginResponse {
  return isObject(value) && value.status === 'ok'
    && isWireCertificate(value.certificate)
    && isString(value.code) && isString(value.token) && isString(value.control_code);
}

export function isWireWaiting(value: unknown): value is WireWaitingResponse {
  return isObject(value) && value.status === 'waiting' && isString(value.token) && isString(value.control_code);
}

function isRecordArray(value: unknown): value is WireMatchRecord[] {
  return Array.isArray(value) && value.every(isObject);
}

export function isWireIdentified(value: unknown): value is WireIdentifiedResponse {
  return isObject(value) && value.status === 'ok'
    && isWireCertificate(value.certificate)
    && isString(value.country) && isString(value.code) && isString(value.token) && isString(value.control_code)
    && isString(value.name) && isString(value.surname)
    && isRecordArray(value.sanctions_data) && isRecordArray(value.peps_data);
}

export function isWireRemoved(value: unknown): value is { status: 'ok' } {
  return isObject(value) && value.status === 'ok';
}
