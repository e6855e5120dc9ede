/**
 * API clients in the database: one row per application allowed to call the gateway. A client is
 * known by its name (for operators) and by the SHA-256 of its access token (for requests); the
 * token itself is never stored, so a copy of the database does not let anyone call the API.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ClientsTable, Database } from './schema.ts';

/** A client as the rest of eidgate sees it: never its token hash. */
export interface Client {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A client with the hash its token must match; only the authenticator needs this. */
export interface ClientWithTokenHash extends Client {
  tokenHash: string;
}

export type RevokeResult = 'revoked' | 'already-revoked' | 'not-found';

export class DuplicateClientNameError extends Error {
  override name = 'DuplicateClientNameError';
  constructor(readonly clientName: string) {
    super(`a client named "${clientName}" already exists`);
  }
}

export class InvalidClientNameError extends Error {
  override name = 'InvalidClientNameError';
}

const MAX_NAME_LENGTH = 100;

/**
 * Names appear in operators' terminals and logs, so control characters (which could rewrite a
 * terminal line) and surrounding blanks (which make two names look alike) are refused.
 */
export function checkClientName(name: string): void {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new InvalidClientNameError(`a client name must be 1 to ${MAX_NAME_LENGTH} characters long`);
  }
  if (name.trim() !== name) throw new InvalidClientNameError('a client name must not start or end with blanks');
  if (/\p{Cc}/u.test(name)) throw new InvalidClientNameError('a client name must not contain control characters');
}

function toClient(row: Selectable<ClientsTable>): Client {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** SQLite and PostgreSQL report a unique-constraint violation differently. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

export class ClientsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds a client; a name already taken (revoked clients included) is a DuplicateClientNameError. */
  async create(name: string, tokenHash: string, at: Date = new Date()): Promise<Client> {
    checkClientName(name);
    try {
      const row = await this.db.insertInto('clients')
        .values({ name, token_hash: tokenHash, created_at: at.toISOString(), last_used_at: null, revoked_at: null })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toClient(row);
    } catch (error) {
      // The unique index decides, so two concurrent creates cannot both succeed; the look-up only
      // tells a taken name from the (astronomically unlikely) clash of two token hashes.
      if (isUniqueViolation(error) && (await this.findByName(name))) throw new DuplicateClientNameError(name);
      throw error;
    }
  }

  /** Every client, revoked ones included, oldest first. */
  async list(): Promise<Client[]> {
    const rows = await this.db.selectFrom('clients').selectAll().orderBy('id').execute();
    return rows.map(toClient);
  }

  async findByName(name: string): Promise<Client | undefined> {
    const row = await this.db.selectFrom('clients').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? toClient(row) : undefined;
  }

  /** Marks the client revoked; its row stays so that its name and history remain visible. */
  async revoke(name: string, at: Date = new Date()): Promise<RevokeResult> {
    const result = await this.db.updateTable('clients')
      .set({ revoked_at: at.toISOString() })
      .where('name', '=', name)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) return 'revoked';
    return (await this.findByName(name)) ? 'already-revoked' : 'not-found';
  }

  /**
   * Gives an existing client a new token hash and makes it active again. Returns false when no
   * client has that name.
   */
  async replaceTokenHash(name: string, tokenHash: string): Promise<boolean> {
    const result = await this.db.updateTable('clients')
      .set({ token_hash: tokenHash, revoked_at: null })
      .where('name', '=', name)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** The active (not revoked) client whose token has this hex SHA-256, with the stored hash. */
  async findActiveByTokenHash(tokenHash: string): Promise<ClientWithTokenHash | undefined> {
    const row = await this.db.selectFrom('clients')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? { ...toClient(row), tokenHash: row.token_hash } : undefined;
  }

  /** Records when the client last called the API. */
  async touch(id: number, at: Date = new Date()): Promise<void> {
    await this.db.updateTable('clients').set({ last_used_at: at.toISOString() }).where('id', '=', id).execute();
  }
}
