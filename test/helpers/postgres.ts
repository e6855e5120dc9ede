import pg from 'pg';

/** The PostgreSQL every developer and CI machine runs (trust auth). Overridable for other setups. */
export function postgresTestUrl(): string {
  return process.env.EIDGATE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresTestUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
