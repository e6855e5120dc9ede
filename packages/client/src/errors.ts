/**
 * EidgateError: the one error the SDK throws. `kind` tells the outcomes an application handles
 * differently apart (the person refused, the session expired, the gateway was unreachable …) without
 * parsing messages, which are localised and may change; `errorCode` is the contract's number.
 */

export type EidgateErrorKind =
  /** 40020: the person cancelled on the phone. */
  | 'refused'
  /** 40021: the person did not answer in time, or the session outlived its lifetime. */
  | 'expired'
  /** 40401: no Mobile-ID for this phone number and personal code. */
  | 'not_mobile_id_user'
  /** 40403: the SIM card's Mobile-ID configuration is wrong. */
  | 'not_qualified'
  /** 40001, 40004, 40005 (and other 4xx codes this SDK does not know): fix the request. */
  | 'invalid_request'
  /** 40003: the access token is missing or wrong. */
  | 'unauthorized'
  /** 40402 (no such session for this token; also someone else's session), 40400 (no such endpoint: check baseUrl). */
  | 'not_found'
  /** 50002, 40801: the Mobile-ID service or the phone could not be reached; trying later may work. */
  | 'upstream'
  /** 50000, 50001, 50003, 50004 (and other 5xx codes): a problem on the gateway's side. */
  | 'server'
  /** The answer is not the gateway's contract (not JSON, wrong shape): wrong baseUrl, or a proxy answered. */
  | 'invalid_response'
  /** No HTTP answer at all (connection refused, DNS, TLS, CORS in a browser). */
  | 'network'
  /** The SDK's own time limit (`timeoutMs`) passed. */
  | 'timeout'
  /** The caller's AbortSignal fired. */
  | 'aborted';

const KIND_OF_CODE: Readonly<Record<number, EidgateErrorKind>> = {
  40001: 'invalid_request',
  40003: 'unauthorized',
  40004: 'invalid_request',
  40005: 'invalid_request',
  40020: 'refused',
  40021: 'expired',
  40400: 'not_found',
  40401: 'not_mobile_id_user',
  40402: 'not_found',
  40403: 'not_qualified',
  40801: 'upstream',
  50000: 'server',
  50001: 'server',
  50002: 'upstream',
  50003: 'server',
  50004: 'server',
};

/** The kind of a contract error code; codes this SDK does not know fall back on their family. */
export function kindOfErrorCode(errorCode: number): EidgateErrorKind {
  return KIND_OF_CODE[errorCode] ?? (errorCode >= 40000 && errorCode < 50000 ? 'invalid_request' : 'server');
}

export interface EidgateErrorInit {
  kind: EidgateErrorKind;
  message: string;
  errorCode?: number;
  httpStatus?: number;
  /** The parsed response body, when there was one. */
  body?: unknown;
  cause?: unknown;
}

export class EidgateError extends Error {
  override readonly name = 'EidgateError';
  readonly kind: EidgateErrorKind;
  /** The contract's `error_code` (e.g. 40020); undefined when the gateway sent no error body. */
  readonly errorCode: number | undefined;
  /** The HTTP status of the answer; undefined when there was no answer (network, timeout, aborted). */
  readonly httpStatus: number | undefined;
  /** The parsed response body (the wire error body `{status, message, error_code}` for gateway errors). */
  readonly body: unknown;

  constructor(init: EidgateErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.errorCode = init.errorCode;
    this.httpStatus = init.httpStatus;
    this.body = init.body;
  }
}

/**
 * True for errors this SDK threw. Besides `instanceof`, it recognises the shape, because an application
 * can end up with two copies of the package (two bundles, two versions) whose classes differ.
 */
export function isEidgateError(value: unknown): value is EidgateError {
  if (value instanceof EidgateError) return true;
  return value instanceof Error && value.name === 'EidgateError' && typeof (value as { kind?: unknown }).kind === 'string';
}
