/**
 * The envelope SK puts around every MID REST JSON body: `time` (UTC, `yyyy-MM-ddTHH:mm:ss`, no
 * zone) and `traceId` (16 hex characters). Kept in one place so that no response can miss them.
 */
import { randomBytes } from 'node:crypto';

export function wireTime(now: Date = new Date()): string {
  return now.toISOString().slice(0, 19);
}

export function newTraceId(): string {
  return randomBytes(8).toString('hex');
}
