import { PostgresAdapter, type Kysely } from 'kysely';

// Migrations take Kysely<any>: they describe the schema as it was at their time, not today's types.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('clients')
    .addColumn('id', 'integer', (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'integer', (c) => c.notNull())
    .addColumn('upstream_session_id', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('hash_type', 'text', (c) => c.notNull())
    .addColumn('control_code', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('phone', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('peps', 'integer', (c) => c.notNull())
    .addColumn('sanctions', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('error_code', 'integer')
    .addColumn('result', 'text')
    .addColumn('login_certificate', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('purged_at', 'text')
    .execute();
  await db.schema.createIndex('sessions_state_lease').on('sessions').columns(['state', 'lease_until']).execute();
  await db.schema.createIndex('sessions_finished').on('sessions').columns(['finished_at']).execute();

  await db.schema
    .createTable('lists')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('list_entries')
    .addColumn('list_name', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('list_entries_pk', ['list_name', 'entry_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['list_entries', 'lists', 'sessions', 'clients']) await db.schema.dropTable(table).execute();
}
