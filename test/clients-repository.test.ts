import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Store } from '../src/store/db.ts';
import {
  ClientsRepository,
  DuplicateClientNameError,
  InvalidClientNameError,
} from '../src/store/clients-repository.ts';
import { createAccessToken, hashAccessToken } from '../src/identification/access-tokens.ts';
import { dropSchema, postgresTestUrl } from './helpers/postgres.ts';

const databases: Array<{ name: string; open: () => Promise<{ store: Store; dispose: () => Promise<void> }> }> = [
  {
    name: 'SQLite',
    open: async () => {
      const store = await openDatabase({ sqlitePath: ':memory:' });
      return { store, dispose: () => store.close() };
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const store = await openDatabase({ url: postgresTestUrl(), schema });
      return { store, dispose: async () => { await store.close(); await dropSchema(schema); } };
    },
  },
];

for (const database of databases) {
  test(`${database.name}: create, list, find by token hash, touch and revoke`, async () => {
    const { store, dispose } = await database.open();
    try {
      const clients = new ClientsRepository(store.db);
      const shopHash = hashAccessToken(createAccessToken());
      const bankHash = hashAccessToken(createAccessToken());
      const shop = await clients.create('shop', shopHash, new Date('2026-01-01T10:00:00.000Z'));
      const bank = await clients.create('bank', bankHash, new Date('2026-01-02T10:00:00.000Z'));
      assert.deepEqual(shop, { id: shop.id, name: 'shop', createdAt: '2026-01-01T10:00:00.000Z', lastUsedAt: null, revokedAt: null });
      assert.equal(typeof shop.id, 'number');
      assert.notEqual(shop.id, bank.id);

      assert.deepEqual((await clients.list()).map((c) => c.name), ['shop', 'bank']);
      assert.ok(!JSON.stringify(await clients.list()).includes(shopHash), 'list never carries token hashes');

      assert.deepEqual(await clients.findActiveByTokenHash(bankHash), { ...bank, tokenHash: bankHash });
      assert.equal(await clients.findActiveByTokenHash(hashAccessToken('not a token')), undefined);

      await clients.touch(shop.id, new Date('2026-02-01T00:00:00.000Z'));
      assert.equal((await clients.findByName('shop'))?.lastUsedAt, '2026-02-01T00:00:00.000Z');
      assert.equal((await clients.findByName('bank'))?.lastUsedAt, null, 'touch changes only its client');

      assert.equal(await clients.revoke('shop', new Date('2026-03-01T00:00:00.000Z')), 'revoked');
      assert.equal(await clients.findActiveByTokenHash(shopHash), undefined, 'a revoked client is not found by its token');
      assert.equal((await clients.findByName('shop'))?.revokedAt, '2026-03-01T00:00:00.000Z');
      assert.equal(await clients.revoke('shop'), 'already-revoked');
      assert.equal((await clients.findByName('shop'))?.revokedAt, '2026-03-01T00:00:00.000Z', 'the first revocation time stays');
      assert.equal(await clients.revoke('nobody'), 'not-found');
      assert.ok(await clients.findActiveByTokenHash(bankHash), 'revoking one client leaves the others active');
      assert.equal((await clients.list()).length, 2, 'revoked clients stay listed');
    } finally {
      await dispose();
    }
  });

  test(`${database.name}: a taken name is refused, even after revocation; a new hash reactivates`, async () => {
    const { store, dispose } = await database.open();
    try {
      const clients = new ClientsRepository(store.db);
      await clients.create('shop', hashAccessToken(createAccessToken()));
      await assert.rejects(clients.create('shop', hashAccessToken(createAccessToken())), DuplicateClientNameError);
      await clients.revoke('shop');
      await assert.rejects(clients.create('shop', hashAccessToken(createAccessToken())), DuplicateClientNameError);

      const newHash = hashAccessToken(createAccessToken());
      assert.equal(await clients.replaceTokenHash('shop', newHash), true);
      assert.equal((await clients.findActiveByTokenHash(newHash))?.name, 'shop');
      assert.equal(await clients.replaceTokenHash('nobody', hashAccessToken(createAccessToken())), false);
      assert.equal((await clients.list()).length, 1);
    } finally {
      await dispose();
    }
  });
}

test('client names: empty, over-long, padded or control characters are refused', async () => {
  const store = await openDatabase({ sqlitePath: ':memory:' });
  try {
    const clients = new ClientsRepository(store.db);
    for (const bad of ['', 'x'.repeat(101), ' shop', 'shop ', 'sh\nop', 'sh\u001bop']) {
      await assert.rejects(clients.create(bad, hashAccessToken(createAccessToken())), InvalidClientNameError, JSON.stringify(bad));
    }
    assert.equal((await clients.list()).length, 0);
    await clients.create('Užsakymų sistema (prod)', hashAccessToken(createAccessToken()));
    assert.equal((await clients.list())[0]?.name, 'Užsakymų sistema (prod)');
  } finally {
    await store.close();
  }
});
