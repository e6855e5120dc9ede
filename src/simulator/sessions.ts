/**
 * Authentication and signing sessions and MID's long-poll rules:
 * - a session ends by itself after its delay (the simulated user answering, or the user timeout);
 * - a poll waits until the session ends or its own time is up, whichever comes first;
 * - one outstanding poll per session: a newer poll makes the older one answer at once;
 * - a session, finished or not, vanishes `lifetimeMs` after it was created.
 */
import { randomUUID } from 'node:crypto';
import type { HashSignature, HashType } from './person-keys.ts';
import type { SessionResult } from './persons.ts';

export type SessionKind = 'authentication' | 'signature';

export interface SessionOutcome {
  result: SessionResult;
  /** Present when result is OK. */
  signature?: HashSignature;
}

export interface Session {
  readonly id: string;
  readonly kind: SessionKind;
  readonly phone: string;
  readonly code: string;
  readonly hash: Uint8Array;
  readonly hashType: HashType;
  readonly expiresAt: number;
  /** Set once the session has ended. */
  outcome?: SessionOutcome;
}

/** Why a poll stopped waiting. */
export type WaitEnd = 'complete' | 'timeout' | 'preempted' | 'closed';

interface Entry {
  session: Session;
  completion: NodeJS.Timeout;
  waiter?: (end: WaitEnd) => void;
}

export interface NewSession {
  kind: SessionKind;
  phone: string;
  code: string;
  hash: Uint8Array;
  hashType: HashType;
}

export class SessionStore {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly lifetimeMs: number) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(lifetimeMs, 60_000));
    this.sweeper.unref();
  }

  /** Starts a session that ends with `finish()`'s outcome after `endsAfterMs`. */
  create(spec: NewSession, endsAfterMs: number, finish: (session: Session) => SessionOutcome): Session {
    const session: Session = { ...spec, id: randomUUID(), expiresAt: Date.now() + this.lifetimeMs };
    const completion = setTimeout(() => {
      session.outcome = finish(session);
      this.wake(entry, 'complete');
    }, endsAfterMs);
    completion.unref();
    const entry: Entry = { session, completion };
    this.entries.set(session.id, entry);
    return session;
  }

  /** The live session with this id and kind; an authentication id is unknown to signature polls and vice versa. */
  find(id: string, kind: SessionKind): Session | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (Date.now() >= entry.session.expiresAt) {
      this.remove(id, entry);
      return undefined;
    }
    return entry.session.kind === kind ? entry.session : undefined;
  }

  /** Waits up to `ms` for the session to end; preempts an earlier waiter of the same session. */
  waitForEnd(session: Session, ms: number): Promise<WaitEnd> {
    const entry = this.entries.get(session.id);
    if (session.outcome) return Promise.resolve('complete');
    if (!entry || this.closed) return Promise.resolve('closed');
    this.wake(entry, 'preempted');
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish('timeout'), ms);
      const finish = (end: WaitEnd) => {
        clearTimeout(timer);
        if (entry.waiter === finish) delete entry.waiter;
        resolve(end);
      };
      entry.waiter = finish;
    });
  }

  /** Ends every pending poll and timer, so that a server can close without waiting for them. */
  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const [id, entry] of this.entries) this.remove(id, entry);
  }

  private wake(entry: Entry, end: WaitEnd): void {
    entry.waiter?.(end);
  }

  private remove(id: string, entry: Entry): void {
    clearTimeout(entry.completion);
    this.wake(entry, 'closed');
    this.entries.delete(id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, entry] of this.entries) {
      if (now >= entry.session.expiresAt) this.remove(id, entry);
    }
  }
}
