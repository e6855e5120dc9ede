/**
 * What the vendor's PHP client does, and what an application written for it relies on: extra body
 * fields, access_token in the query, DELETE answering 200, the exact Content-Type, token isolation,
 * and `wait` on status.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASES, postJson, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const TEN = { phone: '+37269000366', code: '60001017705' };

for (const database of DATABASES) {
  describe(`vendor client habits (${database})`, () => {
    let gw: TestGateway;
    before(async () => { gw = await startTestGateway({ database, simulator: { okDelayMs: 400 } }); });
    after(() => gw.close());

    test('extra body fields are ignored, as the PHP client also sends the token in the body', async () => {
      const login = await postJson(`${gw.url}/mobile/login.json`, { access_token: gw.token, ...TEN, language: 'ENG', message: 'any message', message_format: 'GSM-7', peps: false, sanctions: false, locale: 'lt', extra: { nested: true } });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const status = await postJson(`${gw.url}/mobile/status/${login.body.token}.json`, { access_token: gw.token, token: login.body.token, whatever: 1 });
      assert.equal(status.status, 200);
      assert.equal(status.contentType, 'application/json');
    });

    test('access_token in the query string is accepted on every endpoint', async () => {
      const login = await postJson(`${gw.url}/en/mobile/login.json?access_token=${gw.token}`, TEN);
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const status = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json?access_token=${gw.token}`, {});
      assert.equal(status.status, 200);
      const removed = await fetch(`${gw.url}/en/api/mobile/session/${login.body.token}?access_token=${gw.token}`, { method: 'DELETE' });
      assert.equal(removed.status, 200);
      assert.deepEqual(await removed.json(), { status: 'ok' });
    });

    test('a waiting session answers waiting with its token and control code; wait holds until the end', async () => {
      const login = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, ...TEN });
      const first = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token });
      assert.deepEqual(first.body, { status: 'waiting', token: login.body.token, control_code: login.body.control_code });
      assert.equal(first.status, 200);
      const waited = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token, wait: 10 });
      assert.equal(waited.body.status, 'ok', JSON.stringify(waited.body));
      assert.equal(waited.body.name, 'TEN');
    });

    test('DELETE answers 200 {"status":"ok"} with the exact Content-Type, then the token is gone (40402)', async () => {
      const login = await postJson(`${gw.url}/mobile/login.json`, { access_token: gw.token, ...TEN });
      const removed = await fetch(`${gw.url}/api/mobile/session/${login.body.token}`, {
        method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: gw.token, sessionId: login.body.token }),
      });
      assert.equal(removed.status, 200);
      assert.equal(removed.headers.get('content-type'), 'application/json');
      assert.deepEqual(await removed.json(), { status: 'ok' });
      const after = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token });
      assert.equal(after.status, 404);
      assert.deepEqual(after.body, { status: 'error', message: 'Session for given token was not found', error_code: 40402 });
      const again = await fetch(`${gw.url}/en/api/mobile/session/${login.body.token}`, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: gw.token }) });
      assert.equal(again.status, 404);
      assert.equal((await again.json()).error_code, 40402);
    });

    test('a finished session, answered again from memory, is gone at once after DELETE', async () => {
      const login = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, ...TEN });
      const done = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token, wait: 10 });
      assert.equal(done.body.status, 'ok');
      const again = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token });
      assert.deepEqual(again.body, done.body);
      const foreign = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.otherToken });
      assert.equal(foreign.body.error_code, 40402);
      const removed = await fetch(`${gw.url}/en/api/mobile/session/${login.body.token}?access_token=${gw.token}`, { method: 'DELETE' });
      assert.equal(removed.status, 200);
      const gone = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token });
      assert.equal(gone.body.error_code, 40402);
    });

    test('another client\'s token gets 40402, identical to a token that never existed', async () => {
      const login = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, ...TEN });
      const foreign = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.otherToken });
      const never = await postJson(`${gw.url}/en/mobile/status/00000000-1111-4222-8333-444444444444.json`, { access_token: gw.otherToken });
      assert.equal(foreign.status, 404);
      assert.deepEqual(foreign, never);
      const foreignDelete = await fetch(`${gw.url}/en/api/mobile/session/${login.body.token}`, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: gw.otherToken }) });
      assert.equal(foreignDelete.status, 404);
      // The owner still has it: the other client could neither read nor remove it.
      const own = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token });
      assert.equal(own.status, 200);
      const malformed = await postJson(`${gw.url}/en/mobile/status/not-a-token.json`, { access_token: gw.token });
      assert.deepEqual(malformed.body, never.body);
    });

    test('every JSON response has Content-Type application/json exactly, errors and probes included', async () => {
      const urls = [
        [`${gw.url}/en/mobile/login.json`, 'POST', '{}'],
        [`${gw.url}/mobile/login.json`, 'POST', '{bad'],
        [`${gw.url}/en/mobile/status/x.json`, 'POST', '{}'],
        [`${gw.url}/healthz`, 'GET', undefined],
        [`${gw.url}/readyz`, 'GET', undefined],
        [`${gw.url}/nope`, 'GET', undefined],
      ] as const;
      for (const [url, method, body] of urls) {
        const r = await fetch(url, { method, ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}) });
        assert.equal(r.headers.get('content-type'), 'application/json', url);
        await r.text();
      }
    });

    test('health and readiness probes', async () => {
      const health = await fetch(`${gw.url}/healthz`);
      assert.deepEqual(await health.json(), { status: 'ok' });
      const ready = await fetch(`${gw.url}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: 'ok', checks: { database: true, trust_anchors: true, upstream_url: true } });
    });
  });
}
