import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../src/store/db.ts';
import { postgresTestUrl, dropSchema } from '../helpers/postgres.ts';

test('SQLite: migrations create the tables; reopening is idempotent', async () => {
  const store = await openDatabase({ sqlitePath: ':memory:' });
  assert.equal(store.dialect, 'sqlite');
  assert.equal(await store.ping(), true);
  const row = await store.db.insertInto('clients')
    .values({ name: 'a', token_hash: 'h', created_at: new Date().toISOString(), last_used_at: null, revoked_at: null })
    .returning('id').executeTakeFirstOrThrow();
  assert.equal(typeof row.id, 'number');
  await store.close();
});

test('PostgreSQL: migrations run in an isolated schema', async () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const store = await openDatabase({ url: postgresTestUrl(), schema });
  try {
    assert.equal(store.dialect, 'postgres');
    const row = await store.db.insertInto('clients')
      .values({ name: 'a', token_hash: 'h', created_at: new Date().toISOString(), last_used_at: null, revoked_at: null })
      .returning('id').executeTakeFirstOrThrow();
    assert.equal(row.id, 1);
    await store.close();
    const again = await openDatabase({ url: postgresTestUrl(), schema });
    assert.equal((await again.db.selectFrom('clients').selectAll().execute()).length, 1);
    await again.close();
  } finally {
    await dropSchema(schema);
  }
});

test('a URL that is neither postgres nor sqlite is refused', async () => {
  await assert.rejects(openDatabase({ url: 'mysql://x' }), /postgres:\/\/ or sqlite:/);
});
