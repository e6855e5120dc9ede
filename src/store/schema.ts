/**
 * Table types for Kysely. Portable across SQLite and PostgreSQL: times are ISO-8601 UTC text
 * (`Date#toISOString()`, which sorts lexicographically), booleans are 0/1 integers, JSON is text.
 */
import type { Generated } from 'kysely';

export interface ClientsTable {
  id: Generated<number>;
  name: string;
  /** Hex SHA-256 of the access token; the token itself is never stored. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export type SessionState = 'waiting' | 'ok' | 'error';

export interface SessionsTable {
  token: string;
  client_id: number;
  upstream_session_id: string;
  /** Base64 of the hash eidgate generated and sent upstream. */
  hash: string;
  hash_type: string;
  control_code: string;
  /** Personal data: nulled by the retention purge. */
  code: string | null;
  phone: string | null;
  language: string;
  peps: number;
  sanctions: number;
  state: SessionState;
  error_code: number | null;
  /** The finished ok response body, serialised once (personal data: deleted by the retention purge). */
  result: string | null;
  /** JSON of the login certificate object (personal data too). */
  login_certificate: string | null;
  created_at: string;
  /** When the upstream session's lifetime ends: a still-waiting session becomes 40021 then. */
  expires_at: string;
  finished_at: string | null;
  /** Poller lease: the instance that owns the long poll for this session, until lease_until. */
  lease_owner: string | null;
  lease_until: string | null;
  purged_at: string | null;
}

export interface ListsTable {
  name: string;
  kind: string;
  format: string;
  published_at: string | null;
  imported_at: string;
  entry_count: number;
}

export interface ListEntriesTable {
  list_name: string;
  entry_id: string;
  /** JSON of a screening ListEntry. */
  data: string;
}

export interface Database {
  clients: ClientsTable;
  sessions: SessionsTable;
  lists: ListsTable;
  list_entries: ListEntriesTable;
}
