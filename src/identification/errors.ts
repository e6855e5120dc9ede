/**
 * The one error type the domain raises. It carries the wire code of the vendor's table (the HTTP
 * layer turns it into status, locale message and body) and, for 40001, the parameter at fault.
 * `reason` is a short English/Lithuanian-free key the catalogue renders; nothing personal goes in.
 */

export const ERROR_CODES = [
  40001, 40003, 40004, 40005, 40020, 40021, 40400, 40401, 40402, 40403, 40801,
  50000, 50001, 50002, 50003, 50004,
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Why a parameter was refused; rendered in the locale by the HTTP layer's catalogue. */
export type ParameterProblem =
  | 'required'
  | 'type_string'
  | 'type_boolean'
  | 'type_integer'
  | 'format'
  | 'enum'
  | 'too_long'
  | 'not_gsm7'
  | 'not_ucs2'
  | 'range'
  | 'json'
  | 'content_type'
  | 'body_too_large'
  | 'body_object';

export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly code: ErrorCode,
    readonly parameter?: { name: string; problem: ParameterProblem; allowed?: readonly string[]; max?: number },
    /** Free text for operators' logs only; never shown to API clients and never personal. */
    readonly detail?: string,
    /** For 50004 raised by screening: the kind of list that is missing. */
    readonly missingListKind?: 'sanctions' | 'peps',
  ) {
    super(detail ?? `error ${code}`);
  }
}

/** Screening asked for a kind of list that is not loaded: fail closed (50004), never "no match". */
export function screeningUnavailable(kind: 'sanctions' | 'peps'): GatewayError {
  return new GatewayError(50004, undefined, `no ${kind} list is loaded`, kind);
}

/** An error's kind and message for logs; upstream texts are generic developer messages, never personal data. */
export function describeError(error: unknown): { type: string; message: string } {
  if (error instanceof Error) return { type: error.name, message: error.message };
  return { type: typeof error, message: String(error) };
}
