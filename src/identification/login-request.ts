/**
 * The input rules of a login, in the order a client would fix them: each failure names the
 * parameter and carries the vendor's code (40004 phone, 40005 personal code, 40001 the rest).
 */
import { GatewayError } from './errors.ts';
import { isValidPersonalCode } from '../mobileid/personal-code.ts';
import { gsm7Length, ucs2Length } from './gsm7.ts';

export const LANGUAGES = ['LIT', 'ENG', 'RUS', 'EST'] as const;
export const MESSAGE_FORMATS = ['GSM-7', 'UCS-2'] as const;

export type Language = (typeof LANGUAGES)[number];
export type MessageFormat = (typeof MESSAGE_FORMATS)[number];

export interface LoginRequest {
  phone: string;
  code: string;
  language: Language;
  message?: string;
  messageFormat: MessageFormat;
  peps: boolean;
  sanctions: boolean;
}

export interface MessageLimits {
  gsm7MaxLength: number;
  ucs2MaxLength: number;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new GatewayError(40001, { name, problem: 'type_string' });
  return value;
}

function optionalBoolean(body: Record<string, unknown>, name: string): boolean {
  const value = body[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new GatewayError(40001, { name, problem: 'type_boolean' });
  return value;
}

function oneOf<T extends string>(body: Record<string, unknown>, name: string, allowed: readonly T[], fallback: T): T {
  const value = optionalString(body, name);
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new GatewayError(40001, { name, problem: 'enum', allowed });
  return value as T;
}

/** Validates a login body (unknown fields are ignored, as the vendor's clients send extras). */
export function parseLoginRequest(body: Record<string, unknown>, limits: MessageLimits): LoginRequest {
  const rawPhone = optionalString(body, 'phone');
  if (rawPhone === undefined || rawPhone.trim() === '') throw new GatewayError(40004, { name: 'phone', problem: 'required' });
  // People paste numbers as "+372 5555 5555": spaces carry no meaning, so they are dropped.
  const phone = rawPhone.replace(/\s+/g, '');
  if (!/^\+\d{8,30}$/.test(phone)) throw new GatewayError(40004, { name: 'phone', problem: 'format' });

  const code = optionalString(body, 'code')?.trim();
  if (code === undefined || code === '') throw new GatewayError(40005, { name: 'code', problem: 'required' });
  if (!isValidPersonalCode(code)) throw new GatewayError(40005, { name: 'code', problem: 'format' });

  const language = oneOf(body, 'language', LANGUAGES, 'LIT');
  const messageFormat = oneOf(body, 'message_format', MESSAGE_FORMATS, 'GSM-7');

  const message = optionalString(body, 'message');
  if (message !== undefined && message !== '') {
    if (messageFormat === 'GSM-7') {
      const length = gsm7Length(message);
      if (length === undefined) throw new GatewayError(40001, { name: 'message', problem: 'not_gsm7' });
      if (length > limits.gsm7MaxLength) throw new GatewayError(40001, { name: 'message', problem: 'too_long', max: limits.gsm7MaxLength });
    } else {
      const length = ucs2Length(message);
      if (length === undefined) throw new GatewayError(40001, { name: 'message', problem: 'not_ucs2' });
      if (length > limits.ucs2MaxLength) throw new GatewayError(40001, { name: 'message', problem: 'too_long', max: limits.ucs2MaxLength });
    }
  }

  return {
    phone,
    code,
    language,
    ...(message ? { message } : {}),
    messageFormat,
    peps: optionalBoolean(body, 'peps'),
    sanctions: optionalBoolean(body, 'sanctions'),
  };
}

/** `wait` of a status request: seconds, 0–30, from the body or the query string. */
export function parseWaitSeconds(value: unknown, max = 30): number {
  if (value === undefined || value === null || value === '') return 0;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw new GatewayError(40001, { name: 'wait', problem: 'type_integer' });
  if (number < 0 || number > max) throw new GatewayError(40001, { name: 'wait', problem: 'range', max });
  return number;
}
