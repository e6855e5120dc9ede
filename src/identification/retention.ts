/**
 * Periodic housekeeping: waiting sessions past their upstream lifetime end as 40021, and finished
 * sessions are deleted after the retention period (their personal data with them; the token then
 * answers 40402). Runs on every instance; each step is an idempotent conditional statement.
 */
import type { Logger } from 'pino';
import type { SessionsRepository } from '../store/sessions-repository.ts';
import type { SessionEvents } from './session-events.ts';
import { describeError } from './errors.ts';

export interface RetentionOptions {
  sessions: SessionsRepository;
  events: SessionEvents;
  logger: Logger;
  retentionMs: number;
  intervalMs: number;
  clock?: () => Date;
}

export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => Date;

  constructor(private readonly o: RetentionOptions) {
    this.now = o.clock ?? (() => new Date());
  }

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.o.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async runOnce(): Promise<{ expired: number; purged: number }> {
    try {
      const now = this.now();
      const expired = await this.o.sessions.expireOverdue(now, 40021);
      for (const token of expired) this.o.events.publishFinished(token);
      const purged = await this.o.sessions.purgeFinishedBefore(new Date(now.getTime() - this.o.retentionMs));
      if (expired.length > 0 || purged > 0) {
        this.o.logger.info({ event: 'retention', expired: expired.length, purged }, 'retention run');
      }
      return { expired: expired.length, purged };
    } catch (error) {
      this.o.logger.error({ event: 'retention_failed', err: describeError(error) }, 'retention run failed');
      return { expired: 0, purged: 0 };
    }
  }
}
