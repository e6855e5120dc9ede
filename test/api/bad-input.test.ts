/**
 * The input rules of the contract, in Lithuanian and English: each refusal carries its code, the
 * HTTP status of that code, the exact Content-Type, and a message that names the parameter.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postJson, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const VALID = { phone: '+37269000366', code: '60001017705' };

interface Case {
  name: string;
  body?: Record<string, unknown> | string;
  contentType?: string;
  code: number;
  /** The parameter the message must name (LT and EN both use `[name]`). */
  param?: string;
  en: RegExp;
  lt: RegExp;
}

const CASES: Case[] = [
  { name: 'missing phone', body: { code: VALID.code }, code: 40004, param: 'phone', en: /required/, lt: /privalomas/ },
  { name: 'phone without +', body: { ...VALID, phone: '37269000366' }, code: 40004, param: 'phone', en: /invalid format/, lt: /neteisingas formatas/ },
  { name: 'phone too short', body: { ...VALID, phone: '+3726900' }, code: 40004, param: 'phone', en: /invalid format/, lt: /formatas/ },
  { name: 'phone with letters', body: { ...VALID, phone: '+3726900036a' }, code: 40004, param: 'phone', en: /invalid format/, lt: /formatas/ },
  { name: 'phone as a number', body: { ...VALID, phone: 37269000366 }, code: 40001, param: 'phone', en: /must be a string/, lt: /eilutė/ },
  { name: 'missing code', body: { phone: VALID.phone }, code: 40005, param: 'code', en: /required/, lt: /privalomas/ },
  { name: 'code with 10 digits', body: { ...VALID, code: '6000101770' }, code: 40005, param: 'code', en: /invalid format/, lt: /formatas/ },
  { name: 'code with a bad checksum', body: { ...VALID, code: '60001017706' }, code: 40005, param: 'code', en: /invalid format/, lt: /formatas/ },
  { name: 'code with an impossible date', body: { ...VALID, code: '60013017705' }, code: 40005, param: 'code', en: /invalid format/, lt: /formatas/ },
  { name: 'code with century digit 9', body: { ...VALID, code: '90001017705' }, code: 40005, param: 'code', en: /invalid format/, lt: /formatas/ },
  { name: 'unknown language', body: { ...VALID, language: 'FIN' }, code: 40001, param: 'language', en: /allowed values: LIT, ENG, RUS, EST/, lt: /leistinos reikšmės/ },
  { name: 'unknown message_format', body: { ...VALID, message_format: 'UTF-8' }, code: 40001, param: 'message_format', en: /allowed values: GSM-7, UCS-2/, lt: /leistinos/ },
  { name: 'GSM-7 message over 40 characters', body: { ...VALID, message: 'x'.repeat(41) }, code: 40001, param: 'message', en: /at most 40/, lt: /daugiausia 40/ },
  { name: 'UCS-2 message over 20 characters', body: { ...VALID, message: 'ž'.repeat(21), message_format: 'UCS-2' }, code: 40001, param: 'message', en: /at most 20/, lt: /daugiausia 20/ },
  { name: 'GSM-7 message with characters outside the alphabet', body: { ...VALID, message: 'Prisijungimas į banką' }, code: 40001, param: 'message', en: /GSM-7/, lt: /GSM-7/ },
  { name: 'peps as a string', body: { ...VALID, peps: 'yes' }, code: 40001, param: 'peps', en: /true or false/, lt: /true arba false/ },
  { name: 'sanctions as a number', body: { ...VALID, sanctions: 1 }, code: 40001, param: 'sanctions', en: /true or false/, lt: /true arba false/ },
  { name: 'malformed JSON', body: '{"phone": "+3726', code: 40001, param: 'body', en: /not valid JSON/, lt: /JSON/ },
  { name: 'a JSON array', body: '[1,2]', code: 40001, param: 'body', en: /JSON object/, lt: /JSON objektas/ },
  { name: 'a wrong Content-Type', body: 'phone=1', contentType: 'application/x-www-form-urlencoded', code: 40001, param: 'Content-Type', en: /application\/json/, lt: /application\/json/ },
  { name: 'a body over the size limit', body: { ...VALID, message: 'x'.repeat(70_000) }, code: 40001, param: 'body', en: /too large/, lt: /per didelis/ },
];

describe('bad input (LT and EN)', () => {
  let gw: TestGateway;
  before(async () => { gw = await startTestGateway(); });
  after(() => gw.close());

  for (const c of CASES) {
    for (const locale of ['en', 'lt'] as const) {
      test(`${c.name} → ${c.code} (${locale})`, async () => {
        const prefix = locale === 'en' ? '/en' : '';
        const withToken = typeof c.body === 'string' ? c.body : { access_token: gw.token, ...c.body };
        // The array and wrong-type cases cannot carry the token in the body: it travels in the query.
        const url = `${gw.url}${prefix}/mobile/login.json${typeof c.body === 'string' ? `?access_token=${gw.token}` : ''}`;
        const r = await postJson(url, withToken, c.contentType ? { headers: { 'content-type': c.contentType } } : {});
        assert.equal(r.status, Math.floor(c.code / 100), JSON.stringify(r.body));
        assert.equal(r.contentType, 'application/json');
        assert.deepEqual(Object.keys(r.body), ['status', 'message', 'error_code']);
        assert.equal(r.body.status, 'error');
        assert.equal(r.body.error_code, c.code);
        if (c.param) assert.ok(r.body.message.includes(`[${c.param}]`), r.body.message);
        assert.match(r.body.message, locale === 'en' ? c.en : c.lt);
        if (locale === 'en' && c.param) assert.match(r.body.message, /^Invalid parameter \[/);
        if (locale === 'lt' && c.param) assert.match(r.body.message, /^Neteisingas parametras \[/);
      });
    }
  }

  test('a message that fits its format passes validation (reaches upstream)', async () => {
    const r = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, ...VALID, message: 'Login to Bank {1}', message_format: 'GSM-7' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const u = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, ...VALID, message: 'Prisijungimas į banką', message_format: 'UCS-2' });
    assert.equal(u.status, 400);
    assert.match(u.body.message, /at most 20/);
    const ok = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, ...VALID, message: 'Į banką Žalgiris', message_format: 'UCS-2' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('spaces in the phone number are ignored', async () => {
    const r = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, phone: '+372 6900 0366', code: VALID.code });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  for (const [name, token] of [['missing', undefined], ['unknown', 'not-a-real-token'], ['empty', ''], ['a number', 12345]] as const) {
    test(`${name} access token → 40003, in both locales`, async () => {
      for (const [prefix, pattern] of [['/en', /^Invalid access token$/], ['', /^Neteisingas prieigos raktas$/]] as const) {
        const r = await postJson(`${gw.url}${prefix}/mobile/login.json`, { ...(token === undefined ? {} : { access_token: token }), ...VALID });
        assert.equal(r.status, 400);
        assert.equal(r.contentType, 'application/json');
        assert.deepEqual(r.body, { status: 'error', message: r.body.message, error_code: 40003 });
        assert.match(r.body.message, pattern);
      }
    });
  }

  test('wait outside 0–30 → 40001 naming wait', async () => {
    const login = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, ...VALID });
    const r = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token, wait: 31 });
    assert.equal(r.body.error_code, 40001);
    assert.match(r.body.message, /\[wait\]/);
    const s = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token, wait: 'soon' });
    assert.equal(s.body.error_code, 40001);
  });

  test('an unknown path answers in the contract format, not a stack trace', async () => {
    const r = await postJson(`${gw.url}/en/mobile/nothing.json`, { access_token: gw.token });
    assert.equal(r.status, 404);
    assert.equal(r.contentType, 'application/json');
    assert.equal(r.body.status, 'error');
    assert.equal(r.body.error_code, 40400);
  });

  test('the refused requests created no session', async () => {
    const rows = await gw.gateway.store.db.selectFrom('sessions').select('token').execute();
    // Only the four logins above that passed validation reached upstream.
    assert.equal(rows.length, 4);
  });
});
