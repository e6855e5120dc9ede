/**
 * "This session has ended" notifications, so a status request with `wait` sleeps on an event
 * instead of polling the database in a loop. In-process by default; with PostgreSQL the events
 * also travel between instances over LISTEN/NOTIFY (see pg-session-events.ts).
 */
import { EventEmitter } from 'node:events';

/** Told about every session that ended or was removed, here or (with PostgreSQL) in another instance. */
export interface SessionChangeListener {
  changed(token: string): void;
  /** Events may have been lost (a reconnect): anything derived from them must be dropped. */
  reset(): void;
}

export interface SessionEvents {
  /** Announces that a session reached a final state (or was removed). */
  publishFinished(token: string): void;
  /**
   * Resolves true when the session ends within `ms`, false on time-out or abort. The caller
   * re-reads the store afterwards: the event says "look again", it carries no data.
   */
  waitForFinish(token: string, ms: number, signal?: AbortSignal): Promise<boolean>;
  /** Registers a listener for every change (caches use it to drop stale copies). */
  onChange(listener: SessionChangeListener): void;
  /** Ends pending waits at once (shutdown) and stops listening. */
  close(): Promise<void>;
}

export class InProcessSessionEvents implements SessionEvents {
  private readonly emitter = new EventEmitter();
  /** Pending waits, so that shutdown can answer them at once instead of after their `wait`. */
  private readonly pending = new Set<() => void>();
  private readonly listeners: SessionChangeListener[] = [];

  constructor() {
    // One listener per waiting status request: many concurrent waiters are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  publishFinished(token: string): void {
    this.deliver(token);
  }

  /** Delivers an event, published here or arrived from another instance. */
  deliver(token: string): void {
    for (const listener of this.listeners) listener.changed(token);
    this.emitter.emit(token);
  }

  /** Tells listeners that events may have been missed. */
  reset(): void {
    for (const listener of this.listeners) listener.reset();
  }

  onChange(listener: SessionChangeListener): void {
    this.listeners.push(listener);
  }

  waitForFinish(token: string, ms: number, signal?: AbortSignal): Promise<boolean> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (finished: boolean) => {
        clearTimeout(timer);
        this.emitter.off(token, onFinish);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(onAbort);
        resolve(finished);
      };
      const onFinish = () => done(true);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      this.pending.add(onAbort);
      this.emitter.on(token, onFinish);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Ends every pending wait (its request then answers with what the store holds). */
  async close(): Promise<void> {
    for (const end of [...this.pending]) end();
    this.emitter.removeAllListeners();
  }
}
