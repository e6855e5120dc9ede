/**
 * Typed failures of the Mobile-ID REST client, and their gateway error codes.
 *
 * A `MidError` message is fixed text written here: it never carries personal data and never the
 * upstream's `error` text (SK's texts are for developers and must not reach end users). What the
 * upstream said is kept apart in `upstreamMessage` (digits runs redacted, length capped) and
 * `traceId`, for logs and for SK support requests.
 */

/**
 * - `bad_request`: upstream answered 400, or another 4xx that is not covered below (e.g. 404/405 on a
 *   start call: the base URL or request shape is wrong — a configuration problem).
 * - `unauthorized`: 401, the relying party name/UUID/IP is not accepted.
 * - `not_found`: 404 on a session poll — the session is unknown or older than its lifetime.
 * - `server_error`: any 5xx (SK's 500, the unspecified but real 503, a proxy's 502/504).
 * - `network`: no usable connection — refused, reset, connect timeout, TLS failure, pin mismatch.
 * - `timeout`: the connection was made but no complete answer arrived within the read deadline.
 * - `malformed_response`: an answer that is not the protocol — bad JSON, wrong shape, oversize body,
 *   an unexpected status such as a redirect.
 */
export type MidErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
  | 'server_error'
  | 'network'
  | 'timeout'
  | 'malformed_response';

/** Which upstream call failed: the start calls are retried, polls never. */
export type MidOperation = 'certificate' | 'authentication' | 'poll';

export interface MidErrorDetails {
  operation: MidOperation;
  httpStatus?: number | undefined;
  /** The upstream `error` text, sanitised; for logs only, never for end users. */
  upstreamMessage?: string | undefined;
  /** The upstream `traceId`, quoted to SK support. */
  traceId?: string | undefined;
  /** Attempts made before giving up (more than 1 only for retried start calls). */
  attempts?: number | undefined;
  cause?: unknown;
}

export class MidError extends Error {
  override readonly name = 'MidError';
  readonly kind: MidErrorKind;
  readonly operation: MidOperation;
  readonly httpStatus: number | undefined;
  readonly upstreamMessage: string | undefined;
  readonly traceId: string | undefined;
  readonly attempts: number;

  constructor(kind: MidErrorKind, message: string, details: MidErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.operation = details.operation;
    this.httpStatus = details.httpStatus;
    this.upstreamMessage = details.upstreamMessage;
    this.traceId = details.traceId;
    this.attempts = details.attempts ?? 1;
  }
}

/** Gateway `error_code` values this module can produce (see gateway-contract.md). */
export type MidFailureErrorCode = 40021 | 40801 | 50000 | 50001 | 50002 | 50003 | 50004;

/**
 * The gateway error code for a client failure, per the contract's upstream → error_code table.
 *
 * Timeouts: a timeout on `/certificate` is the vendor's own 40801 "Timeout while acquiring
 * certificate" — the exact case that code was made for. A timeout on `/authentication` or a poll
 * means upstream could not be reached in useful time: 50002 "Cannot establish a connection".
 */
export function midErrorToErrorCode(err: MidError): MidFailureErrorCode {
  switch (err.kind) {
    case 'unauthorized': return 50003;
    case 'bad_request': return 50004;
    case 'not_found': return 40021;
    case 'server_error': return 50000;
    case 'network': return 50002;
    case 'timeout': return err.operation === 'certificate' ? 40801 : 50002;
    case 'malformed_response': return 50001;
  }
}
