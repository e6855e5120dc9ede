/**
 * Several instances on one PostgreSQL: a status request waiting on one instance wakes when another
 * instance's poller finishes the session (LISTEN/NOTIFY), and a session polled by an instance that
 * stops is taken over by another (its lease is handed back).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createGateway, type Gateway } from '../../src/app.ts';
import { defaultConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { openDatabase, type Store } from '../../src/store/db.ts';
import { ensureClient } from '../../src/identification/access-tokens.ts';
import { trustAnchorsFromPem } from '../../src/mobileid/trust-anchors.ts';
import { startSimulator } from '../../src/simulator/server.ts';
import { dropSchema, postgresTestUrl } from '../helpers/postgres.ts';
import { postJson } from '../helpers/gateway.ts';

interface Instance { gateway: Gateway; store: Store; url: string; logs: string[] }

describe('several instances on one PostgreSQL', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let simulator: Awaited<ReturnType<typeof startSimulator>>;
  let token: string;
  const instances: Instance[] = [];

  async function instance(scanIntervalMs: number): Promise<Instance> {
    const store = await openDatabase({ url: postgresTestUrl(), schema, poolSize: 3 });
    const config = defaultConfig();
    config.port = 0;
    config.mid.baseUrl = simulator.url;
    config.mid.pollTimeoutMs = 1000;
    config.poller.scanIntervalMs = scanIntervalMs;
    const logs: string[] = [];
    const logger = createLogger('info', new Writable({ write(chunk, _e, cb) { logs.push(...chunk.toString().split('\n').filter(Boolean)); cb(); } }));
    const gateway = await createGateway(config, { store, logger, anchors: trustAnchorsFromPem(simulator.ca.pems()) });
    const created = { gateway, store, url: await gateway.listen(), logs };
    instances.push(created);
    return created;
  }

  async function stop(i: Instance): Promise<void> {
    instances.splice(instances.indexOf(i), 1);
    await i.gateway.close();
    await i.store.close();
  }

  before(async () => {
    simulator = await startSimulator({ port: 0, okDelayMs: 300 });
    const store = await openDatabase({ url: postgresTestUrl(), schema });
    ({ token } = await ensureClient(store, 'app'));
    await store.close();
  });
  after(async () => {
    for (const i of [...instances]) await stop(i);
    await simulator.close();
    await dropSchema(schema);
  });

  // Scans are rare here: an instance polls the sessions of its own logins (a login wakes its poller).
  test('a status wait on instance B is woken when instance A finishes the session', { timeout: 20_000 }, async () => {
    const a = await instance(60_000);
    const b = await instance(60_000);
    const login = await postJson(`${a.url}/en/mobile/login.json`, { access_token: token, phone: '+37269000366', code: '60001017705' });
    assert.equal(login.status, 200);
    // wait: 30 — without the cross-instance event this request would outlast the test's time-out.
    const status = await postJson(`${b.url}/en/mobile/status/${login.body.token}.json`, { access_token: token, wait: 30 });
    assert.equal(status.body.status, 'ok', JSON.stringify(status.body));
    assert.ok(a.logs.some((l) => l.includes('"event":"session_finished"')));
    assert.ok(!b.logs.some((l) => l.includes('"event":"session_finished"')));
    // B now answers this finished session from memory; a DELETE through A must reach B at once.
    assert.equal((await postJson(`${b.url}/en/mobile/status/${login.body.token}.json`, { access_token: token })).body.status, 'ok');
    const removed = await fetch(`${a.url}/en/api/mobile/session/${login.body.token}?access_token=${token}`, { method: 'DELETE' });
    assert.equal(removed.status, 200);
    let gone;
    // The removal travels to B over NOTIFY: allow it a few seconds on a loaded machine.
    for (let i = 0; i < 300; i++) {
      gone = await postJson(`${b.url}/en/mobile/status/${login.body.token}.json`, { access_token: token });
      if (gone.status === 404) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(gone!.body.error_code, 40402);
    await stop(a);
    await stop(b);
  });

  test('when the polling instance stops, another instance takes the session over', { timeout: 20_000 }, async () => {
    // A's first poll hangs, so A is still polling when it stops.
    simulator.setFaults([{ fault: 'hang', endpoint: 'authentication-status', phone: '+37200000766', ms: 3000, times: 1 }]);
    const a = await instance(60_000);
    const b = await instance(60_000);
    const login = await postJson(`${a.url}/en/mobile/login.json`, { access_token: token, phone: '+37200000766', code: '60001019906' });
    assert.equal(login.status, 200);
    const owner = async () => (await b.store.db.selectFrom('sessions').select('lease_owner').where('token', '=', login.body.token).executeTakeFirstOrThrow()).lease_owner;
    while ((await owner()) !== a.gateway.poller.owner) await new Promise((r) => setTimeout(r, 20));
    const waiting = postJson(`${b.url}/en/mobile/status/${login.body.token}.json`, { access_token: token, wait: 30 });
    await stop(a);
    assert.equal(await owner(), null, 'the stopping instance hands its lease back');
    const c = await instance(50);
    const status = await waiting;
    assert.equal(status.body.status, 'ok', JSON.stringify(status.body));
    assert.equal(status.body.name, 'MARY ÄNN');
    assert.ok(c.logs.some((l) => l.includes('"event":"session_finished"')));
    simulator.setFaults([]);
  });
});
