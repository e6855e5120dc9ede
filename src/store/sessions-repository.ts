/**
 * Sessions in the database. Every state change is one conditional UPDATE, so two instances (or
 * a poller and a DELETE) racing on the same row cannot both win.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionsTable } from './schema.ts';

export type SessionRow = Selectable<SessionsTable>;

/** What a status request needs: the hot path reads these columns only. */
export type SessionStatusRow = Pick<SessionRow, 'token' | 'state' | 'error_code' | 'result' | 'control_code' | 'expires_at' | 'finished_at'>;

export interface NewSession {
  token: string;
  clientId: number;
  upstreamSessionId: string;
  hash: string;
  hashType: string;
  controlCode: string;
  code: string;
  phone: string;
  language: string;
  peps: boolean;
  sanctions: boolean;
  loginCertificate: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface SessionOutcome {
  state: 'ok' | 'error';
  errorCode?: number;
  /** The whole ok response body, serialised. */
  result?: string;
}

export class SessionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: NewSession): Promise<void> {
    await this.db.insertInto('sessions').values({
      token: s.token,
      client_id: s.clientId,
      upstream_session_id: s.upstreamSessionId,
      hash: s.hash,
      hash_type: s.hashType,
      control_code: s.controlCode,
      code: s.code,
      phone: s.phone,
      language: s.language,
      peps: s.peps ? 1 : 0,
      sanctions: s.sanctions ? 1 : 0,
      state: 'waiting',
      error_code: null,
      result: null,
      login_certificate: s.loginCertificate,
      created_at: s.createdAt.toISOString(),
      expires_at: s.expiresAt.toISOString(),
      finished_at: null,
      lease_owner: null,
      lease_until: null,
      purged_at: null,
    }).execute();
  }

  /** The session if it belongs to this client; another client's session is indistinguishable from none. */
  async findForClient(token: string, clientId: number): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll()
      .where('token', '=', token).where('client_id', '=', clientId)
      .executeTakeFirst();
  }

  async findStatusForClient(token: string, clientId: number): Promise<SessionStatusRow | undefined> {
    return this.db.selectFrom('sessions')
      .select(['token', 'state', 'error_code', 'result', 'control_code', 'expires_at', 'finished_at'])
      .where('token', '=', token).where('client_id', '=', clientId)
      .executeTakeFirst();
  }

  async findByToken(token: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('token', '=', token).executeTakeFirst();
  }

  async deleteForClient(token: string, clientId: number): Promise<boolean> {
    const r = await this.db.deleteFrom('sessions').where('token', '=', token).where('client_id', '=', clientId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Ends a waiting session; false when it already ended or was removed meanwhile. */
  async finish(token: string, outcome: SessionOutcome, at: Date): Promise<boolean> {
    const r = await this.db.updateTable('sessions').set({
      state: outcome.state,
      error_code: outcome.errorCode ?? null,
      result: outcome.result ?? null,
      finished_at: at.toISOString(),
      lease_owner: null,
      lease_until: null,
    }).where('token', '=', token).where('state', '=', 'waiting').executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Takes the poll of up to `limit` waiting sessions nobody holds (or whose holder's lease ran out,
   * e.g. because that instance died). Each claim is its own conditional update.
   */
  async claimWaiting(owner: string, now: Date, leaseMs: number, limit: number, exclude: ReadonlySet<string>): Promise<SessionRow[]> {
    const nowIso = now.toISOString();
    const candidates = await this.db.selectFrom('sessions').selectAll()
      .where('state', '=', 'waiting')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', nowIso)]))
      .orderBy('created_at')
      .limit(limit + exclude.size)
      .execute();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const claimed: SessionRow[] = [];
    for (const row of candidates) {
      if (claimed.length >= limit) break;
      if (exclude.has(row.token)) continue;
      const r = await this.db.updateTable('sessions').set({ lease_owner: owner, lease_until: until })
        .where('token', '=', row.token).where('state', '=', 'waiting')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', nowIso)]))
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) claimed.push({ ...row, lease_owner: owner, lease_until: until });
    }
    return claimed;
  }

  /** Extends this instance's lease; false when the session ended, was removed or was taken over. */
  async renewLease(token: string, owner: string, until: Date): Promise<boolean> {
    const r = await this.db.updateTable('sessions').set({ lease_until: until.toISOString() })
      .where('token', '=', token).where('lease_owner', '=', owner).where('state', '=', 'waiting')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Hands this instance's sessions back at shutdown so another instance polls them at once. */
  async releaseLeases(owner: string): Promise<void> {
    await this.db.updateTable('sessions').set({ lease_owner: null, lease_until: null })
      .where('lease_owner', '=', owner).where('state', '=', 'waiting').execute();
  }

  /** Waiting sessions past their upstream lifetime, whoever should have polled them. */
  async expireOverdue(now: Date, errorCode: number): Promise<string[]> {
    const nowIso = now.toISOString();
    const overdue = await this.db.selectFrom('sessions').select('token')
      .where('state', '=', 'waiting').where('expires_at', '<', nowIso).execute();
    const expired: string[] = [];
    for (const { token } of overdue) {
      if (await this.finish(token, { state: 'error', errorCode }, now)) expired.push(token);
    }
    return expired;
  }

  /** Deletes finished sessions older than the retention cut-off; their tokens then answer 40402. */
  async purgeFinishedBefore(cutoff: Date): Promise<number> {
    const r = await this.db.deleteFrom('sessions')
      .where('state', '!=', 'waiting').where('finished_at', '<', cutoff.toISOString())
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
