/**
 * Answers of finished sessions, kept in memory. A finished session's answer never changes, so a
 * status request for it need not read the database: this is what keeps the status endpoint close to
 * a bare route's throughput. What can still change is that the session disappears:
 * - DELETE: the instance that removes it publishes an event; every instance drops its copy (with
 *   PostgreSQL the event travels over NOTIFY; when that connection is lost, caches are cleared);
 * - retention: every copy carries its finish time and is treated as gone once the period has passed,
 *   whichever instance's retention job deletes the row.
 */

export interface FinishedAnswer {
  clientId: number;
  /** Epoch ms when the session finished. */
  finishedAt: number;
  /** The serialised identified response, for `ok` sessions (bytes: sent as they are). */
  okBody?: Buffer;
  /** The wire code, for failed sessions. */
  errorCode?: number;
}

export class FinishedSessionsCache {
  private readonly entries = new Map<string, FinishedAnswer>();

  constructor(private readonly maxEntries: number, private readonly retentionMs: number) {}

  /** The answer for this client, if cached and still within retention. */
  get(token: string, clientId: number, now: number): FinishedAnswer | undefined {
    const answer = this.entries.get(token);
    if (!answer || answer.clientId !== clientId) return undefined;
    if (answer.finishedAt + this.retentionMs <= now) {
      this.entries.delete(token);
      return undefined;
    }
    return answer;
  }

  remember(token: string, answer: FinishedAnswer): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(token);
    // Insertion order makes the first key the oldest: evicting it bounds memory.
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(token, answer);
  }

  forget(token: string): void {
    this.entries.delete(token);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
