/**
 * Session lifetimes and privacy: a session still waiting when upstream's lifetime passes ends as
 * 40021; finished sessions are purged after the retention period (token → 40402); logs never carry
 * access tokens, personal codes, phone numbers, names or certificates.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postJson, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const MARY = { phone: '+37200000766', code: '60001019906' };
const TIMEOUT_PERSON = { phone: '+37266000266', code: '50001018908' };

describe('session lifetime', () => {
  let gw: TestGateway;
  before(async () => {
    // The person never answers (user timeout far away); the gateway's lifetime is short.
    gw = await startTestGateway({ simulator: { userTimeoutMs: 60_000 }, configure: (c) => { c.mid.sessionLifetimeMs = 1500; c.mid.pollTimeoutMs = 1000; } });
  });
  after(() => gw.close());

  test('a waiting session ends as 40021 when the upstream lifetime passes', async () => {
    const login = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, ...TIMEOUT_PERSON });
    assert.equal(login.status, 200);
    const first = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token });
    assert.equal(first.body.status, 'waiting');
    const final = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token, wait: 10 });
    assert.equal(final.status, 400);
    assert.equal(final.body.error_code, 40021);
  });
});

describe('retention and logs', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ configure: (c) => { c.sessions.retentionMs = 0; } });
  });
  after(() => gw.close());

  test('finished sessions are purged after the retention period: the token answers 40402', async () => {
    const login = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, ...MARY });
    const done = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token, wait: 10 });
    assert.equal(done.body.status, 'ok');
    // A session still waiting is never purged, however old.
    const waiting = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, phone: '+37266000266', code: '50001018908' });
    const { purged } = await gw.gateway.retention.runOnce();
    assert.equal(purged, 1);
    const gone = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error_code, 40402);
    const rows = await gw.gateway.store.db.selectFrom('sessions').select(['token', 'code', 'phone', 'result']).execute();
    assert.deepEqual(rows.map((r) => r.token), [waiting.body.token]);
  });

  test('logs carry no access token, personal code, phone number, name or certificate', async () => {
    const login = await postJson(`${gw.url}/en/mobile/login.json?access_token=${gw.token}`, { ...MARY, message: 'Login' });
    const done = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token, wait: 10 });
    assert.equal(done.body.status, 'ok');
    await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, phone: '+3720000076x', code: MARY.code });
    await postJson(`${gw.url}/en/mobile/login.json`, { access_token: 'secret-wrong-token-123', ...MARY });
    await fetch(`${gw.url}/en/api/mobile/session/${login.body.token}?access_token=${gw.token}`, { method: 'DELETE' });
    const text = gw.logs.join('\n');
    assert.ok(gw.logs.length >= 5, 'one line per request and per transition');
    assert.ok(gw.logs.some((l) => l.includes('"event":"session_finished"')));
    assert.ok(gw.logs.some((l) => l.includes('"event":"request"')));
    const forbidden = [
      gw.token, gw.otherToken, 'secret-wrong-token-123', MARY.code, MARY.phone, '3720000076', 'MARY', 'ÄNN', 'CONNEŽ',
      done.body.certificate.value, Buffer.from(done.body.certificate.value, 'base64').toString().slice(0, 40), 'PNOEE',
    ];
    for (const secret of forbidden) assert.ok(!text.includes(secret), `log contains ${secret.slice(0, 12)}…`);
  });
});
