/**
 * Opens the database eidgate keeps its clients, sessions and lists in, and brings its schema up to
 * date. SQLite (embedded, the default) or PostgreSQL (for several instances behind a load balancer):
 * the same Kysely code serves both.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationProvider, type SqliteDatabase } from 'kysely';
import type { Database } from './schema.ts';
import { migrations } from './migrations/index.ts';

export interface StoreConfig {
  /** `postgres://…` selects PostgreSQL; otherwise SQLite at `sqlitePath`. */
  url?: string;
  /** SQLite file, `:memory:` for a throwaway database. Default `./data/eidgate.db`. */
  sqlitePath?: string;
  /** PostgreSQL schema to live in (created when missing); lets tests and tenants share one database. */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export interface Store {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** The PostgreSQL connection string, for the connections that cannot come from the pool (LISTEN). */
  postgresUrl?: string;
  /** Whether the database answers a trivial query: the readiness probe. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid schema name: ${name}`);
  return `"${name}"`;
}

/** Statements kept per SQLite connection; Kysely's SQL texts repeat, `in (…)` lists aside. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares a statement for every query; with better-sqlite3, preparing costs several times
 * more than running a small indexed query. Reusing prepared statements by SQL text keeps the hot
 * path (token lookup, session read) fast. Least recently used statements are dropped first.
 */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      let statement = cache.get(sqlText);
      if (statement) {
        cache.delete(sqlText);
      } else {
        statement = database.prepare(sqlText);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sqlText, statement);
      return statement;
    },
  };
}

export async function openDatabase(config: StoreConfig = {}): Promise<Store> {
  let db: Kysely<Database>;
  let dialect: Store['dialect'];
  if (config.url !== undefined && isPostgresUrl(config.url)) {
    const schema = config.schema;
    if (schema) {
      // The schema must exist before pooled connections put it on their search_path.
      const setup = new pg.Client({ connectionString: config.url });
      await setup.connect();
      try {
        await setup.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
      } finally {
        await setup.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize ?? 10,
      ...(schema ? { options: `-c search_path=${quoteIdentifier(schema)}` } : {}),
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    dialect = 'postgres';
  } else {
    if (config.url !== undefined && !config.url.startsWith('sqlite:')) {
      throw new Error('database URL must start with postgres:// or sqlite:');
    }
    const path = config.url?.slice('sqlite:'.length).replace(/^\/\//, '') || config.sqlitePath || './data/eidgate.db';
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const database = new BetterSqlite3(path);
    // WAL lets status reads proceed while the poller writes; NORMAL sync is durable at checkpoint and far faster.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 5000');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
    dialect = 'sqlite';
  }

  // Kysely looks for its migration tables in every schema unless told which: another schema's tables
  // would make it skip creating them in this one.
  const migrator = new Migrator({ db, provider, ...(dialect === 'postgres' && config.schema ? { migrationTableSchema: config.schema } : {}) });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }

  return {
    db,
    dialect,
    ...(dialect === 'postgres' && config.url ? { postgresUrl: config.url } : {}),
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}
