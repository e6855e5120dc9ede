/**
 * The MID REST wire as a relying party meets it: SK's validation texts, relying-party checks,
 * 405, /version, and the `time`/`traceId` envelope on every JSON body.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { MARY, RP, get, newHash, post, startBody, type HttpAnswer } from './helpers.ts';

let sim: RunningSimulator;
before(async () => {
  sim = await startSimulator({
    okDelayMs: 0,
    relyingParties: [RP.relyingPartyUUID, 'de305d54-75b4-431b-adb2-eb6b9e546014'].map((uuid, i) => ({ uuid, name: i === 0 ? 'DEMO' : 'BANK123' })),
  });
});
after(() => sim.close());

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const TRACE = /^[0-9a-f]{16}$/;

function assertError(answer: HttpAnswer, status: number, error: string) {
  assert.equal(answer.status, status, answer.text);
  assert.match(answer.contentType ?? '', /^application\/json/);
  assert.deepEqual(Object.keys(answer.body).sort(), ['error', 'time', 'traceId']);
  assert.equal(answer.body.error, error);
  assert.match(answer.body.time, TIME);
  assert.match(answer.body.traceId, TRACE);
}

const PHONE = 'phoneNumber must contain of + and numbers(8-30)';
const CODE = 'nationalIdentityNumber must contain of 11 digits';

for (const path of ['/authentication', '/signature']) {
  test(`${path}: field rules with SK's texts`, async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ phoneNumber: '37200000766' }, PHONE],
      [{ phoneNumber: '+3720000' }, PHONE],
      [{ phoneNumber: '+372 00000766' }, PHONE],
      [{ phoneNumber: '+' + '1'.repeat(31) }, PHONE],
      [{ nationalIdentityNumber: '6000101990' }, CODE],
      [{ nationalIdentityNumber: '600010199066' }, CODE],
      [{ nationalIdentityNumber: '6000101990a' }, CODE],
      [{ hash: 'not base64!' }, 'Hash must be Base64 encoded'],
      [{ hash: newHash().base64.replace(/=+$/, '') + '=====' }, 'Hash must be Base64 encoded'],
      [{ hash: newHash('SHA384').base64, hashType: 'SHA256' }, 'The length of the hash must match the type of hash'],
      [{ hash: newHash('SHA256').base64, hashType: 'SHA512' }, 'The length of the hash must match the type of hash'],
      [{ hash: '' }, 'The length of the hash must match the type of hash'],
      [{ hashType: 'SHA1' }, 'hashType allowed values are: SHA256, SHA384 or SHA512'],
      [{ hashType: 'sha256' }, 'hashType allowed values are: SHA256, SHA384 or SHA512'],
      [{ language: 'EN' }, 'language allowed values are: EST, ENG, RUS or LIT'],
      [{ displayTextFormat: 'UTF-8' }, 'displayTextFormat allowed values are: GSM-7 or UCS-2'],
      [{ displayText: 'x'.repeat(101) }, 'displayText must not be longer than 100 characters when displayTextFormat is GSM-7'],
      [{ displayText: 'Ž'.repeat(51), displayTextFormat: 'UCS-2' }, 'displayText must not be longer than 50 characters when displayTextFormat is UCS-2'],
      [{ relyingPartyUUID: 'not-a-uuid' }, 'relyingPartyUUID must be a UUID in canonical lower-case 8-4-4-4-12 form'],
      [{ relyingPartyUUID: 'DE305D54-75B4-431B-ADB2-EB6B9E546014' }, 'relyingPartyUUID must be a UUID in canonical lower-case 8-4-4-4-12 form'],
    ];
    for (const [change, error] of cases) {
      assertError(await post(sim.url, path, startBody(MARY, newHash(), change)), 400, error);
    }
  });

  test(`${path}: each missing mandatory field is named`, async () => {
    for (const field of ['relyingPartyUUID', 'relyingPartyName', 'phoneNumber', 'nationalIdentityNumber', 'hash', 'hashType', 'language']) {
      const body: Record<string, unknown> = startBody(MARY);
      delete body[field];
      assertError(await post(sim.url, path, body), 400, `Required ${field} is missing.`);
      assertError(await post(sim.url, path, { ...startBody(MARY), [field]: null }), 400, `Required ${field} is missing.`);
    }
  });

  test(`${path}: accepts the limits exactly, optional fields, unknown fields, and Jackson's number-as-text`, async () => {
    const ok = [
      { displayText: 'x'.repeat(100) },
      { displayText: 'Ž'.repeat(50), displayTextFormat: 'UCS-2' },
      { displayText: 'Ünïcödé – not GSM-7, SK shows spaces', displayTextFormat: 'GSM-7' },
      { language: 'LIT' }, { language: 'RUS' }, { language: 'EST' },
      { someFutureField: { nested: true }, another: [1, 2] },
      { phoneNumber: '+' + '1'.repeat(30) },
      { nationalIdentityNumber: 60001019906 },
      { relyingPartyName: 'demo' },
    ];
    for (const change of ok) {
      const answer = await post(sim.url, path, startBody(MARY, newHash(), change));
      assert.equal(answer.status, 200, `${JSON.stringify(change)}: ${answer.text}`);
      assert.deepEqual(Object.keys(answer.body).sort(), ['sessionID', 'time', 'traceId']);
      assert.match(answer.body.sessionID, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    for (const hashType of ['SHA256', 'SHA384', 'SHA512'] as const) {
      assert.equal((await post(sim.url, path, startBody(MARY, newHash(hashType)))).status, 200);
    }
  });

  test(`${path}: relying party: unknown → 401, a second configured one is accepted`, async () => {
    assertError(await post(sim.url, path, startBody(MARY, newHash(), { relyingPartyName: 'OTHER' })), 401, 'Failed to authorize user');
    assertError(await post(sim.url, path, startBody(MARY, newHash(), { relyingPartyUUID: '11111111-1111-1111-1111-111111111111' })), 401, 'Failed to authorize user');
    // Each UUID goes with its own name.
    assertError(await post(sim.url, path, startBody(MARY, newHash(), { relyingPartyUUID: 'de305d54-75b4-431b-adb2-eb6b9e546014' })), 401, 'Failed to authorize user');
    const other = await post(sim.url, path, startBody(MARY, newHash(), { relyingPartyUUID: 'de305d54-75b4-431b-adb2-eb6b9e546014', relyingPartyName: 'BANK123' }));
    assert.equal(other.status, 200);
  });
}

test('/certificate: its own missing-field text, the same field rules, relying party checks', async () => {
  const body = { ...RP, ...MARY };
  for (const field of Object.keys(body)) {
    const without: Record<string, unknown> = { ...body };
    delete without[field];
    assertError(await post(sim.url, '/certificate', without), 400, `${field} cannot be null.`);
  }
  assertError(await post(sim.url, '/certificate', { ...body, phoneNumber: '5555' }), 400, PHONE);
  assertError(await post(sim.url, '/certificate', { ...body, nationalIdentityNumber: '123' }), 400, CODE);
  assertError(await post(sim.url, '/certificate', { ...body, relyingPartyUUID: 'x' }), 400, 'relyingPartyUUID must be a UUID in canonical lower-case 8-4-4-4-12 form');
  assertError(await post(sim.url, '/certificate', { ...body, relyingPartyName: 'NOPE' }), 401, 'Failed to authorize user');
  const ok = await post(sim.url, '/certificate', { ...body, extra: 'ignored' });
  assert.equal(ok.status, 200);
  assert.deepEqual(Object.keys(ok.body).sort(), ['cert', 'result', 'time', 'traceId']);
});

test('unreadable bodies: malformed JSON, non-objects, objects where text belongs, no body → 400; other media types → 415', async () => {
  const unreadable = 'Unable to parse the request body as a JSON object';
  for (const path of ['/certificate', '/authentication', '/signature']) {
    for (const text of ['{"phoneNumber": ', '[]', '"text"', '42', 'null', '{"a":1}}']) {
      assertError(await post(sim.url, path, text), 400, unreadable);
    }
    assertError(await post(sim.url, path, { ...startBody(MARY), phoneNumber: { number: '+37200000766' } }), 400, unreadable);
    // For /certificate, `hash` is an unknown field and ignored.
    if (path !== '/certificate') assertError(await post(sim.url, path, { ...startBody(MARY), hash: ['x'] }), 400, unreadable);
    assertError(await post(sim.url, path, undefined as unknown as string, { body: null }), 400, unreadable);
    const plain = await post(sim.url, path, JSON.stringify(startBody(MARY)), { headers: { 'content-type': 'text/plain' } });
    assert.equal(plain.status, 415);
    assert.deepEqual(Object.keys(plain.body).sort(), ['error', 'time', 'traceId']);
  }
});

test('every JSON answer carries time (yyyy-MM-ddTHH:mm:ss, UTC) and traceId (16 hex, fresh per response)', async () => {
  const before = new Date();
  const answers = [
    await post(sim.url, '/certificate', { ...RP, ...MARY }),
    await post(sim.url, '/authentication', startBody(MARY)),
    await get(sim.url, '/authentication/session/00000000-0000-0000-0000-000000000001'),
    await post(sim.url, '/certificate', '{'),
    await get(sim.url, '/certificate'),
    await get(sim.url, '/nowhere'),
  ];
  const traceIds = new Set<string>();
  for (const answer of answers) {
    assert.match(answer.body.time, TIME);
    assert.match(answer.body.traceId, TRACE);
    traceIds.add(answer.body.traceId);
    const stamped = Date.parse(answer.body.time + 'Z');
    assert.ok(stamped >= Math.floor(before.getTime() / 1000) * 1000 && stamped <= Date.now(), answer.body.time);
  }
  assert.equal(traceIds.size, answers.length);
});

test('405 for other methods on every path (with Allow), OPTIONS answers the allowed methods', async () => {
  const paths: [string, string][] = [
    ['/certificate', 'POST'], ['/authentication', 'POST'], ['/signature', 'POST'],
    ['/authentication/session/abc', 'GET'], ['/signature/session/abc', 'GET'], ['/version', 'GET'],
  ];
  for (const [path, allowed] of paths) {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
      if (method === allowed) continue;
      const answer = await get(sim.url, path, { method, ...(method === 'GET' ? {} : { body: '{}', headers: { 'content-type': 'application/json' } }) });
      assertError(answer, 405, 'Method Not Allowed');
    }
    const options = await fetch(sim.url + path, { method: 'OPTIONS' });
    assert.equal(options.status, 200);
    assert.equal(options.headers.get('allow'), `${allowed}, OPTIONS`);
  }
});

test('/version answers plain text in SK\'s format', async () => {
  const response = await fetch(`${sim.url}/version`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  assert.match(await response.text(), /^Version: \d+\.\d+\.\d+\. Built: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
});

test('status: unknown session id → 404 SessionID not found; bad timeoutMs → 400', async () => {
  assertError(await get(sim.url, '/authentication/session/00000000-0000-0000-0000-000000000000'), 404, 'SessionID not found');
  assertError(await get(sim.url, '/signature/session/not-even-a-uuid'), 404, 'SessionID not found');
  const started = await post(sim.url, '/authentication', startBody(MARY));
  assertError(await get(sim.url, `/authentication/session/${started.body.sessionID}?timeoutMs=soon`), 400, 'timeoutMs must be an integer');
});

test('one JSON log line per request, without phone numbers, personal codes, session ids or certificates', async () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(...chunk.toString().split('\n').filter(Boolean)); done(); } });
  const logged = await startSimulator({ okDelayMs: 0, logger: pino(sink) });
  try {
    await post(logged.url, '/certificate', { ...RP, ...MARY });
    const { body } = await post(logged.url, '/authentication', startBody(MARY));
    await get(logged.url, `/authentication/session/${body.sessionID}?timeoutMs=1000`);
    await post(logged.url, '/signature', startBody(MARY, newHash(), { phoneNumber: 'bad' }));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(lines.length, 4);
    for (const line of lines) {
      const entry = JSON.parse(line);
      assert.match(entry.traceId, /^[0-9a-f]{16}$/);
      assert.equal(typeof entry.status, 'number');
      for (const secret of [MARY.phoneNumber, MARY.phoneNumber.slice(1), MARY.nationalIdentityNumber, body.sessionID, 'MII']) {
        assert.ok(!line.includes(secret), `log line leaks ${secret}: ${line}`);
      }
    }
  } finally {
    await logged.close();
  }
});

test('no input escapes SK\'s error shape: huge bodies, very long or badly encoded session ids, odd query strings', async () => {
  const huge = await post(sim.url, '/certificate', { ...RP, ...MARY, padding: 'a'.repeat(2_000_000) });
  assert.equal(huge.status, 413);
  assert.deepEqual(Object.keys(huge.body).sort(), ['error', 'time', 'traceId']);
  assertError(await get(sim.url, `/authentication/session/${'a'.repeat(5_000)}`), 404, 'SessionID not found');
  const badEncoding = await get(sim.url, '/authentication/session/%E0%A4%A');
  assert.ok([400, 404].includes(badEncoding.status));
  assert.deepEqual(Object.keys(badEncoding.body).sort(), ['error', 'time', 'traceId']);
  assertError(await get(sim.url, '/signature/session/x?timeoutMs=1&timeoutMs=2'), 400, 'timeoutMs must be an integer');
  assertError(await post(sim.url, '/authentication', '\u0000\uffff'), 400, 'Unable to parse the request body as a JSON object');
  // "__proto__" is just an unknown field: ignored, and nothing is polluted.
  const proto = JSON.stringify(startBody(MARY)).replace(/^\{/, '{"__proto__": {"polluted": true},');
  assert.equal((await post(sim.url, '/authentication', proto)).status, 200);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});

test('random bodies never crash it: every answer is 200, 400 or 401 in SK\'s shape', async () => {
  const values = [null, true, 0, -1, 1e308, '', ' ', 'SHA256', 'ENG', 'GSM-7', '+37200000766', '60001019906',
    RP.relyingPartyUUID, 'DEMO', newHash().base64, '=', '\u0000', 'Ž'.repeat(60), [], {}, [1], { a: 'b' }];
  const fields = ['relyingPartyUUID', 'relyingPartyName', 'phoneNumber', 'nationalIdentityNumber', 'hash', 'hashType', 'language', 'displayText', 'displayTextFormat'];
  let seed = 7;
  const pick = <T>(list: readonly T[]): T => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return list[seed % list.length]!;
  };
  for (let i = 0; i < 150; i += 1) {
    const body: Record<string, unknown> = startBody(MARY);
    for (const field of fields) if (pick([0, 1, 2]) === 0) body[field] = pick(values);
    for (const path of ['/certificate', '/authentication', '/signature']) {
      const answer = await post(sim.url, path, body);
      assert.ok([200, 400, 401].includes(answer.status), `${answer.status} for ${JSON.stringify(body)}`);
      assert.match(answer.body.traceId, /^[0-9a-f]{16}$/);
    }
  }
});
