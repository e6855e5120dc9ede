/**
 * Drives waiting sessions to their end. For each session it holds a lease in the store (so one
 * instance polls it at a time, and another takes over when this one dies) and keeps exactly one
 * long poll outstanding upstream.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Upstream, UpstreamErrorMapper } from './ports.ts';
import type { SessionFinisher } from './finisher.ts';
import type { SessionRow, SessionsRepository } from '../store/sessions-repository.ts';
import { describeError } from './errors.ts';

export interface PollerOptions {
  sessions: SessionsRepository;
  upstream: Upstream;
  finisher: SessionFinisher;
  mapUpstreamError: UpstreamErrorMapper;
  logger: Logger;
  leaseMs: number;
  scanIntervalMs: number;
  pollTimeoutMs: number;
  /** Sessions this instance polls at once; the rest wait for a free slot or another instance. */
  maxConcurrent?: number;
  /** Consecutive transient poll failures before the session ends with the mapped code. */
  maxPollFailures?: number;
  clock?: () => Date;
}

const MIN_UPSTREAM_POLL_MS = 1000;

export class Poller {
  readonly owner = randomUUID();
  private readonly active = new Map<string, AbortController>();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescan = false;
  private stopped = true;
  private readonly now: () => Date;

  constructor(private readonly o: PollerOptions) {
    this.now = o.clock ?? (() => new Date());
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.o.scanIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Looks for unclaimed waiting sessions now (called after a login). */
  kick(): void {
    if (this.stopped) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = this.scan()
      .catch((error) => this.o.logger.error({ event: 'poller_scan_failed', err: describeError(error) }, 'poller scan failed'))
      .finally(() => {
        this.scanning = undefined;
        if (this.rescan) {
          this.rescan = false;
          this.kick();
        }
      });
  }

  /** Stops claiming, aborts outstanding polls and hands the leases back for another instance. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.scanning;
    for (const controller of this.active.values()) controller.abort();
    await Promise.allSettled([...this.running]);
    await this.o.sessions.releaseLeases(this.owner);
  }

  private async scan(): Promise<void> {
    const free = (this.o.maxConcurrent ?? 1000) - this.active.size;
    if (free <= 0) return;
    const claimed = await this.o.sessions.claimWaiting(this.owner, this.now(), this.o.leaseMs, free, new Set(this.active.keys()));
    for (const row of claimed) {
      const controller = new AbortController();
      this.active.set(row.token, controller);
      const run = this.drive(row, controller.signal)
        .catch((error) => this.o.logger.error({ event: 'poll_failed', token: row.token, err: describeError(error) }, 'session poll failed'))
        .finally(() => {
          this.active.delete(row.token);
          this.running.delete(run);
        });
      this.running.add(run);
    }
  }

  private async drive(row: SessionRow, signal: AbortSignal): Promise<void> {
    const expiresAt = Date.parse(row.expires_at);
    let failures = 0;
    while (!signal.aborted) {
      const remaining = expiresAt - this.now().getTime();
      if (remaining <= 0) {
        await this.o.finisher.fail(row, 40021, 'session lifetime passed');
        return;
      }
      const timeoutMs = Math.max(MIN_UPSTREAM_POLL_MS, Math.min(this.o.pollTimeoutMs, remaining));
      // The lease must outlive the poll (read time-out is timeoutMs + 1.5 s), else another instance would start a second one.
      const leaseUntil = new Date(this.now().getTime() + Math.max(this.o.leaseMs, timeoutMs + 5000));
      if (!(await this.o.sessions.renewLease(row.token, this.owner, leaseUntil))) return;
      let status;
      try {
        status = await this.o.upstream.pollAuthentication(row.upstream_session_id, timeoutMs, signal);
      } catch (error) {
        if (signal.aborted) return;
        const code = this.o.mapUpstreamError(error, 'poll');
        failures += 1;
        this.o.logger.warn({ event: 'upstream_poll_error', token: row.token, code, failures, err: describeError(error) }, 'upstream poll failed');
        if (code === 40021 || failures >= (this.o.maxPollFailures ?? 3)) {
          await this.o.finisher.fail(row, code, 'upstream poll failed');
          return;
        }
        await sleep(Math.min(250 * 2 ** failures, 5000), signal);
        continue;
      }
      failures = 0;
      if (status.state === 'COMPLETE') {
        await this.o.finisher.complete(row, status.result, status.raw);
        return;
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
