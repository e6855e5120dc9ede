import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, type Store } from '../src/store/db.ts';
import { ClientsRepository, type ClientWithTokenHash } from '../src/store/clients-repository.ts';
import {
  AccessTokenAuthenticator,
  MAX_TOKEN_LENGTH,
  createAccessToken,
  ensureClient,
  hashAccessToken,
  type AccessTokenAuthenticatorOptions,
} from '../src/identification/access-tokens.ts';

/** The real repository, counting the look-ups that reach the database. */
class CountingRepository extends ClientsRepository {
  lookups = 0;
  override async findActiveByTokenHash(tokenHash: string): Promise<ClientWithTokenHash | undefined> {
    this.lookups += 1;
    return super.findActiveByTokenHash(tokenHash);
  }
}

interface Setup {
  store: Store;
  clients: CountingRepository;
  authenticator: AccessTokenAuthenticator;
  clock: { now: number };
}

async function setUp(options: AccessTokenAuthenticatorOptions = {}): Promise<Setup> {
  const store = await openDatabase({ sqlitePath: ':memory:' });
  const clients = new CountingRepository(store.db);
  const clock = { now: Date.parse('2026-05-01T12:00:00.000Z') };
  const authenticator = new AccessTokenAuthenticator(clients, { now: () => clock.now, ...options });
  return { store, clients, authenticator, clock };
}

async function addClient(clients: ClientsRepository, name: string): Promise<string> {
  const token = createAccessToken();
  await clients.create(name, hashAccessToken(token));
  return token;
}

test('access tokens are UUID-shaped, lower-case hex, and different every time', () => {
  const tokens = new Set(Array.from({ length: 1000 }, () => createAccessToken()));
  assert.equal(tokens.size, 1000);
  for (const token of tokens) assert.match(token, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  // All 32 hex digits are random (a v4 UUID would fix the version digit): every position takes many values.
  const list = [...tokens];
  for (const position of [14, 19]) {
    assert.ok(new Set(list.map((t) => t[position])).size > 8, `position ${position} varies`);
  }
});

test('the right token authenticates its client; a wrong one, or one differing in its last character, does not', async () => {
  const { store, clients, authenticator } = await setUp();
  try {
    const shopToken = await addClient(clients, 'shop');
    const bankToken = await addClient(clients, 'bank');
    assert.equal((await authenticator.authenticate(shopToken))?.name, 'shop');
    assert.equal((await authenticator.authenticate(bankToken))?.name, 'bank');
    const last = shopToken.at(-1);
    const nearMiss = shopToken.slice(0, -1) + (last === '0' ? '1' : '0');
    assert.equal(await authenticator.authenticate(nearMiss), undefined);
    assert.equal(await authenticator.authenticate(shopToken.toUpperCase()), undefined);
    assert.equal(await authenticator.authenticate(createAccessToken()), undefined);
    assert.equal(await authenticator.authenticate(hashAccessToken(shopToken)), undefined, 'the stored hash is not a token');
    const client = await authenticator.authenticate(shopToken);
    assert.ok(client);
    assert.ok(!('tokenHash' in client), 'the client handed out carries no token hash');
  } finally {
    await store.close();
  }
});

test('non-strings, empty and over-long tokens are refused without an error and without a query', async () => {
  const { store, clients, authenticator } = await setUp();
  try {
    await addClient(clients, 'shop');
    const refused: unknown[] = [undefined, null, 42, true, {}, ['a'], Buffer.from('x'), '', 'x'.repeat(MAX_TOKEN_LENGTH + 1)];
    for (const token of refused) assert.equal(await authenticator.authenticate(token), undefined);
    assert.equal(clients.lookups, 0);
    assert.equal(await authenticator.authenticate('x'.repeat(MAX_TOKEN_LENGTH)), undefined);
    assert.equal(clients.lookups, 1, 'a token of the maximum length is still looked up');
  } finally {
    await store.close();
  }
});

test('a revoked client is refused', async () => {
  const { store, clients, authenticator } = await setUp();
  try {
    const token = await addClient(clients, 'shop');
    await clients.revoke('shop');
    assert.equal(await authenticator.authenticate(token), undefined);
  } finally {
    await store.close();
  }
});

test('cache: known tokens are answered from memory; a revocation through this process takes effect at once', async () => {
  const { store, clients, authenticator } = await setUp();
  try {
    const shopToken = await addClient(clients, 'shop');
    const bankToken = await addClient(clients, 'bank');
    assert.ok(await authenticator.authenticate(shopToken));
    assert.ok(await authenticator.authenticate(bankToken));
    const lookups = clients.lookups;
    for (let i = 0; i < 10; i += 1) assert.ok(await authenticator.authenticate(shopToken));
    assert.equal(clients.lookups, lookups, 'no query while cached');

    assert.equal(await authenticator.revoke('shop'), 'revoked');
    assert.equal(await authenticator.authenticate(shopToken), undefined);
    assert.equal((await authenticator.authenticate(bankToken))?.name, 'bank');
    assert.equal(await authenticator.revoke('nobody'), 'not-found');
  } finally {
    await store.close();
  }
});

test('cache: a look-up still running when the client is revoked does not put it back in the cache', async () => {
  const store = await openDatabase({ sqlitePath: ':memory:' });
  try {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let holdNext = true;
    class SlowRepository extends ClientsRepository {
      override async findActiveByTokenHash(tokenHash: string): Promise<ClientWithTokenHash | undefined> {
        const found = await super.findActiveByTokenHash(tokenHash);
        if (holdNext) {
          holdNext = false;
          await gate;
        }
        return found;
      }
    }
    const clients = new SlowRepository(store.db);
    const authenticator = new AccessTokenAuthenticator(clients);
    const token = await addClient(clients, 'shop');
    const early = authenticator.authenticate(token);
    await authenticator.revoke('shop');
    release();
    await early;
    assert.equal(await authenticator.authenticate(token), undefined);
  } finally {
    await store.close();
  }
});

test('cache: a revocation by another process takes effect within the cache lifetime', async () => {
  const { store, clients, authenticator, clock } = await setUp({ cacheTtlMs: 5_000 });
  try {
    const token = await addClient(clients, 'shop');
    assert.ok(await authenticator.authenticate(token));
    await new ClientsRepository(store.db).revoke('shop');
    clock.now += 4_000;
    assert.ok(await authenticator.authenticate(token), 'still trusted from the cache');
    clock.now += 1_001;
    assert.equal(await authenticator.authenticate(token), undefined);
  } finally {
    await store.close();
  }
});

test('cache: unknown tokens are remembered briefly, so a just-created token works after that', async () => {
  const { store, clients, authenticator, clock } = await setUp({ negativeCacheTtlMs: 1_000 });
  try {
    const token = createAccessToken();
    assert.equal(await authenticator.authenticate(token), undefined);
    assert.equal(await authenticator.authenticate(token), undefined);
    assert.equal(clients.lookups, 1, 'the second refusal came from memory');
    await ensureClient(store, 'late', token);
    clock.now += 1_001;
    assert.equal((await authenticator.authenticate(token))?.name, 'late');
  } finally {
    await store.close();
  }
});

test('cache: a flood of random tokens cannot grow memory beyond the bound', async () => {
  const { store, authenticator } = await setUp({ negativeCacheMaxEntries: 50 });
  try {
    for (let i = 0; i < 500; i += 1) assert.equal(await authenticator.authenticate(createAccessToken()), undefined);
    assert.ok(authenticator.cacheSize <= 50, `cache holds ${authenticator.cacheSize} entries`);
  } finally {
    await store.close();
  }
});

test('concurrent requests with the same uncached token share one query', async () => {
  const { store, clients, authenticator } = await setUp();
  try {
    const token = await addClient(clients, 'shop');
    const results = await Promise.all(Array.from({ length: 20 }, () => authenticator.authenticate(token)));
    assert.ok(results.every((c) => c?.name === 'shop'));
    assert.equal(clients.lookups, 1);
  } finally {
    await store.close();
  }
});

test('last_used_at is written at most once per minute per client, in the background', async () => {
  const { store, clients, authenticator, clock } = await setUp();
  try {
    const token = await addClient(clients, 'shop');
    const start = clock.now;
    const lastUsed = async () => (await clients.findByName('shop'))?.lastUsedAt;

    assert.ok(await authenticator.authenticate(token));
    await authenticator.settle();
    assert.equal(await lastUsed(), new Date(start).toISOString());

    clock.now = start + 30_000;
    assert.ok(await authenticator.authenticate(token));
    await authenticator.settle();
    assert.equal(await lastUsed(), new Date(start).toISOString(), 'not rewritten within the minute');

    clock.now = start + 61_000;
    assert.ok(await authenticator.authenticate(token));
    await authenticator.settle();
    assert.equal(await lastUsed(), new Date(start + 61_000).toISOString());

    // A fresh authenticator (a restarted process) trusts the stored time instead of writing at once.
    const restarted = new AccessTokenAuthenticator(clients, { now: () => clock.now });
    clock.now = start + 62_000;
    assert.ok(await restarted.authenticate(token));
    await restarted.settle();
    assert.equal(await lastUsed(), new Date(start + 61_000).toISOString());
  } finally {
    await store.close();
  }
});

test('a failed last_used_at write is logged without the token, and the request still authenticates', async () => {
  const store = await openDatabase({ sqlitePath: ':memory:' });
  try {
    class BrokenTouchRepository extends ClientsRepository {
      override async touch(): Promise<void> {
        throw new Error('database is locked');
      }
    }
    const clients = new BrokenTouchRepository(store.db);
    const logged: Array<{ details: object; message: string }> = [];
    const authenticator = new AccessTokenAuthenticator(clients, { logger: { warn: (details, message) => logged.push({ details, message }) } });
    const token = await addClient(clients, 'shop');
    assert.equal((await authenticator.authenticate(token))?.name, 'shop');
    await authenticator.settle();
    assert.equal(logged.length, 1);
    const text = JSON.stringify(logged);
    assert.match(text, /database is locked/);
    assert.ok(!text.includes(token) && !text.includes(hashAccessToken(token)), 'neither the token nor its hash is logged');
  } finally {
    await store.close();
  }
});

test('ensureClient: creates the demo client, keeps a known token, rotates an unknown one, reactivates a revoked one', async () => {
  const store = await openDatabase({ sqlitePath: ':memory:' });
  try {
    const check = (token: string) => new AccessTokenAuthenticator(new ClientsRepository(store.db)).authenticate(token);

    const first = await ensureClient(store, 'demo');
    assert.equal(first.action, 'created');
    assert.equal((await check(first.token))?.name, 'demo');

    const kept = await ensureClient(store, 'demo', first.token);
    assert.equal(kept.action, 'unchanged');
    assert.equal(kept.token, first.token);
    assert.equal(kept.client.id, first.client.id);

    const rotated = await ensureClient(store, 'demo');
    assert.equal(rotated.action, 'rotated');
    assert.notEqual(rotated.token, first.token);
    assert.equal(rotated.client.id, first.client.id, 'the same client, so its sessions stay its own');
    assert.equal(await check(first.token), undefined, 'the previous token stops working');
    assert.equal((await check(rotated.token))?.name, 'demo');

    const chosen = 'demo-token-from-a-file-next-to-the-database';
    assert.equal((await ensureClient(store, 'demo', chosen)).action, 'rotated');
    assert.equal((await check(chosen))?.name, 'demo');

    await new ClientsRepository(store.db).revoke('demo');
    const revived = await ensureClient(store, 'demo', chosen);
    assert.equal(revived.action, 'rotated');
    assert.equal(revived.client.revokedAt, null);
    assert.equal((await check(chosen))?.name, 'demo');

    const other = await ensureClient(store, 'other');
    await assert.rejects(ensureClient(store, 'demo', other.token), /another client/);
    await assert.rejects(ensureClient(store, 'demo', ''), /1 to 256 characters/);
    assert.deepEqual((await new ClientsRepository(store.db).list()).map((c) => c.name), ['demo', 'other']);
  } finally {
    await store.close();
  }
});
