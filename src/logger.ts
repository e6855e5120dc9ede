/**
 * The process logger: pino, JSON lines. Personal data must never be logged in the first place;
 * redaction is the second line of defence for fields that could carry it by accident.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'access_token', '*.access_token', 'token_hash', '*.token_hash',
  'phone', '*.phone', 'code', '*.code', 'personalCode', '*.personalCode',
  'name', '*.name', 'surname', '*.surname', 'givenName', '*.givenName',
  'certificate', '*.certificate', 'cert', '*.cert',
  'req.headers.authorization', 'req.query', 'req.body',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'eidgate' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  }, destination);
}
