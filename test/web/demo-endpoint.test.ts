/**
 * The demo page's server side: served only when enabled, never without a token to identify as, and
 * its endpoint forwards only what a person may choose — a token sent by a browser is dropped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway, postJson } from '../helpers/gateway.ts';
import { createGateway } from '../../src/app.ts';
import { ConfigError, defaultConfig, loadConfig } from '../../src/config.ts';
import { ensureClient } from '../../src/identification/access-tokens.ts';

const DEMO_TOKEN = 'demo-endpoint-test-token-8c41d2b7e9';
const TEN = { phone: '+37269000366', code: '60001017705' };

test('without EIDGATE_DEMO_PAGE there is no demo page and no demo endpoint', async () => {
  const gateway = await startTestGateway();
  try {
    for (const path of ['/demo', '/demo/demo.js']) {
      const response = await fetch(`${gateway.url}${path}`);
      assert.equal(response.status, 404, path);
      assert.equal((await response.json() as { error_code: number }).error_code, 40400);
    }
    const login = await postJson(`${gateway.url}/demo/api/en/mobile/login.json`, TEN);
    assert.equal(login.status, 404);
  } finally {
    await gateway.close();
  }
});

test('EIDGATE_DEMO_PAGE=true without a demo access token stops the gateway with a message naming the variable', async () => {
  const config = loadConfig({ EIDGATE_DEMO_PAGE: 'true' });
  assert.equal(config.demoPage, true);
  await assert.rejects(createGateway(config), (error: unknown) => error instanceof ConfigError && /EIDGATE_DEMO_ACCESS_TOKEN/.test(error.message));
  assert.equal(defaultConfig().demoPage, false);
});

test('the endpoint identifies as the demo client whatever token the browser sends, and hands back the gateway\'s answers', async () => {
  const gateway = await startTestGateway({
    configure: (config) => { config.demoPage = true; },
    seed: async (store) => { await ensureClient(store, 'demo', DEMO_TOKEN); },
    overrides: { demoAccessToken: DEMO_TOKEN },
  });
  try {
    const page = await fetch(`${gateway.url}/demo`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await page.text();
    assert.ok(!html.includes(DEMO_TOKEN));
    assert.match(html, /data-phone="\+37200000766" data-code="60001019906"/);

    // A browser's own access_token (here the "app" client's) is dropped: the session is the demo client's.
    const login = await postJson(`${gateway.url}/demo/api/en/mobile/login.json`, { ...TEN, access_token: gateway.token });
    assert.equal(login.status, 200);
    assert.equal(login.contentType, 'application/json');
    const asApp = await postJson(`${gateway.url}/en/mobile/status/${login.body.token}.json`, { access_token: gateway.token });
    assert.equal(asApp.body.error_code, 40402, 'not the app client\'s session');
    const asDemo = await postJson(`${gateway.url}/en/mobile/status/${login.body.token}.json`, { access_token: DEMO_TOKEN, wait: 10 });
    assert.equal(asDemo.body.status, 'ok');

    const viaEndpoint = await postJson(`${gateway.url}/demo/api/mobile/status/${login.body.token}.json`, { wait: 10 });
    assert.deepEqual(viaEndpoint.body, asDemo.body);

    // Errors come back as the gateway wrote them, in the locale of the path.
    const invalid = await postJson(`${gateway.url}/demo/api/mobile/login.json`, { phone: 'x', code: TEN.code });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.contentType, 'application/json');
    assert.equal(invalid.body.error_code, 40004);
    assert.match(invalid.body.message, /^Neteisingas parametras \[phone\]/);

    const removed = await fetch(`${gateway.url}/demo/api/en/api/mobile/session/${login.body.token}`, { method: 'DELETE' });
    assert.deepEqual([removed.status, await removed.json()], [200, { status: 'ok' }]);
    const gone = await postJson(`${gateway.url}/en/mobile/status/${login.body.token}.json`, { access_token: DEMO_TOKEN });
    assert.equal(gone.body.error_code, 40402);
  } finally {
    await gateway.close();
  }
});
