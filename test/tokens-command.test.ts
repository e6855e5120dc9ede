import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EIDGATE_BIN, runNode, type ProcessResult } from './helpers/run-node.ts';
import { openDatabase } from '../src/store/db.ts';
import { ClientsRepository } from '../src/store/clients-repository.ts';
import { AccessTokenAuthenticator, ensureClient, hashAccessToken } from '../src/identification/access-tokens.ts';

function eidgate(sqlitePath: string, ...args: string[]): Promise<ProcessResult> {
  return runNode([EIDGATE_BIN, 'tokens', ...args], { env: { EIDGATE_SQLITE_PATH: sqlitePath }, unset: ['EIDGATE_DATABASE_URL'] });
}

async function addClient(sqlitePath: string, name: string): Promise<string> {
  const store = await openDatabase({ sqlitePath });
  try {
    return (await ensureClient(store, name)).token;
  } finally {
    await store.close();
  }
}

async function authenticates(sqlitePath: string, token: string): Promise<string | undefined> {
  const store = await openDatabase({ sqlitePath });
  try {
    return (await new AccessTokenAuthenticator(new ClientsRepository(store.db)).authenticate(token))?.name;
  } finally {
    await store.close();
  }
}

// Each run of the CLI starts a process (about 2 s); runs that do not depend on each other go in parallel.
test('eidgate tokens: create prints a working token once, list never shows it, revoke disables it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'eidgate-tokens-'));
  const db = join(dir, 'eidgate.db');
  try {
    const created = await eidgate(db, 'create', '--name', 'shop');
    assert.equal(created.code, 0, created.stderr);
    const lines = created.stdout.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, 'stdout holds the token alone');
    const token = lines[0] ?? '';
    assert.match(token, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(created.stderr, /only its hash/);
    assert.ok(!created.stderr.includes(token));
    assert.equal(await authenticates(db, token), 'shop');
    const bankToken = await addClient(db, 'bank');

    const [duplicate, table, json, unknown] = await Promise.all([
      eidgate(db, 'create', '--name', 'shop'),
      eidgate(db, 'list'),
      eidgate(db, 'list', '--json'),
      eidgate(db, 'revoke', 'nobody'),
    ]);
    assert.equal(duplicate.code, 1);
    assert.equal(duplicate.stdout, '', 'no token is printed for a refused name');
    assert.match(duplicate.stderr, /client named "shop" already exists/);
    assert.equal(await authenticates(db, token), 'shop', 'the first token still works');

    const secrets = [token, hashAccessToken(token), bankToken, hashAccessToken(bankToken)];
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /NAME\s+CREATED\s+LAST USED\s+REVOKED/);
    assert.match(table.stdout, /^shop\s/m);
    assert.match(table.stdout, /^bank\s/m);
    assert.equal(json.code, 0, json.stderr);
    const listed = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(listed.map((c) => c.name).sort(), ['bank', 'shop']);
    assert.deepEqual(Object.keys(listed[0] ?? {}).sort(), ['created_at', 'last_used_at', 'name', 'revoked_at']);
    for (const output of [table.stdout, table.stderr, json.stdout, json.stderr]) {
      for (const secret of secrets) assert.ok(!output.includes(secret), 'list shows neither tokens nor their hashes');
    }

    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no client named "nobody"/);

    const revoked = await eidgate(db, 'revoke', 'shop');
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stderr, /Revoked client "shop"/);
    assert.equal(await authenticates(db, token), undefined);
    assert.equal(await authenticates(db, bankToken), 'bank', 'only the named client is revoked');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
