import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { Agent } from 'undici';
import { MidClient, retryDelayMs, type MidClientOptions } from '../../src/mobileid/mid-client.ts';
import { MidError, midErrorToErrorCode, type MidErrorKind } from '../../src/mobileid/mid-errors.ts';
import { spkiSha256Pin } from '../../src/mobileid/tls-pins.ts';
import {
  resetConnection, sendJson, startFakeUpstream, type FakeUpstream, type UpstreamHandler,
} from './client-fake-upstream.ts';
import { makeSelfSignedCertificate } from './client-tls-cert.ts';

const RP = { relyingPartyUUID: '00000000-0000-0000-0000-000000000000', relyingPartyName: 'DEMO' };
const PHONE = '+37269000366';
const CODE = '60001017705';
const HASH = createHash('sha256').update('eidgate').digest();
const SESSION_ID = 'de305d54-75b4-431b-adb2-eb6b9e546014';
const CERT_B64 = 'MIIFxjCCA66gAwIBAgIQ';

/** Runs `fn` against a fresh fake upstream and a client for it; both are closed afterwards. */
async function withUpstream(
  handler: UpstreamHandler,
  fn: (client: MidClient, upstream: FakeUpstream) => Promise<void>,
  options: Partial<MidClientOptions> = {},
): Promise<void> {
  const upstream = await startFakeUpstream(handler);
  const client = new MidClient({ baseUrl: upstream.baseUrl, ...RP, retryBackoffMs: 1, ...options });
  try {
    await fn(client, upstream);
  } finally {
    await client.close();
    await upstream.close();
  }
}

function startAuth(client: MidClient, extra: { displayText?: string; displayTextFormat?: 'GSM-7' | 'UCS-2' } = {}) {
  return client.startAuthentication({
    phoneNumber: PHONE, nationalIdentityNumber: CODE, hash: HASH, hashType: 'SHA256', language: 'ENG', ...extra,
  });
}

async function rejectsWithKind(promise: Promise<unknown>, kind: MidErrorKind): Promise<MidError> {
  const err = await promise.then(() => assert.fail(`expected a MidError of kind ${kind}`), (e: unknown) => e);
  assert.ok(err instanceof MidError, `expected MidError, got ${String(err)}`);
  assert.equal(err.kind, kind, `kind (message: ${err.message})`);
  return err;
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('certificate: sends exactly the fields SK expects and returns the base64 DER certificate', async () => {
  await withUpstream((_req, res) => sendJson(res, 200, { result: 'OK', cert: CERT_B64, someFutureField: 1 }), async (client, upstream) => {
    assert.deepEqual(await client.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE }), { found: true, cert: CERT_B64 });
    const [req] = upstream.requests;
    assert.ok(req);
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/mid-api/certificate');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['accept'], 'application/json');
    assert.deepEqual(JSON.parse(req.body), { ...RP, phoneNumber: PHONE, nationalIdentityNumber: CODE });
  });
});

test('certificate: NOT_FOUND means the person is not a Mobile-ID user', async () => {
  await withUpstream((_req, res) => sendJson(res, 200, { result: 'NOT_FOUND' }), async (client) => {
    assert.deepEqual(await client.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE }), { found: false });
  });
});

test('startAuthentication: body has base64 hash and relying party, no displayText unless given; reads sessionID', async () => {
  await withUpstream((_req, res) => sendJson(res, 200, { sessionID: SESSION_ID }), async (client, upstream) => {
    assert.deepEqual(await startAuth(client), { sessionId: SESSION_ID });
    assert.deepEqual(await startAuth(client, { displayText: 'Log in to eidgate', displayTextFormat: 'UCS-2' }), { sessionId: SESSION_ID });
    const [plain, withText] = upstream.requests;
    assert.ok(plain && withText);
    assert.equal(plain.url, '/mid-api/authentication');
    assert.equal(plain.headers['content-type'], 'application/json');
    const base = {
      ...RP, phoneNumber: PHONE, nationalIdentityNumber: CODE,
      hash: HASH.toString('base64'), hashType: 'SHA256', language: 'ENG',
    };
    assert.deepEqual(JSON.parse(plain.body), base);
    assert.deepEqual(JSON.parse(withText.body), { ...base, displayText: 'Log in to eidgate', displayTextFormat: 'UCS-2' });
  });
});

test('startAuthentication: a trailing slash on the base URL does not double the path separator', async () => {
  const upstream = await startFakeUpstream((_req, res) => sendJson(res, 200, { sessionID: SESSION_ID }));
  const client = new MidClient({ baseUrl: `${upstream.baseUrl}/`, ...RP });
  try {
    await startAuth(client);
    assert.equal(upstream.requests[0]?.url, '/mid-api/authentication');
  } finally {
    await client.close();
    await upstream.close();
  }
});

test('startAuthentication: a hash whose length does not match hashType is refused before any request', async () => {
  await withUpstream((_req, res) => sendJson(res, 200, { sessionID: SESSION_ID }), async (client, upstream) => {
    await assert.rejects(client.startAuthentication({
      phoneNumber: PHONE, nationalIdentityNumber: CODE, hash: HASH, hashType: 'SHA512', language: 'EST',
    }), RangeError);
    assert.equal(upstream.requests.length, 0);
  });
});

test('pollAuthentication: RUNNING, then COMPLETE with the whole body for verification', async () => {
  const complete = {
    state: 'COMPLETE', result: 'OK', cert: CERT_B64,
    signature: { value: 'c2lnbmF0dXJl', algorithm: 'SHA256WithECEncryption' },
  };
  await withUpstream((_req, res, attempt) => sendJson(res, 200, attempt === 0 ? { state: 'RUNNING', result: '' } : complete),
    async (client, upstream) => {
      assert.deepEqual(await client.pollAuthentication(SESSION_ID, 1000), { state: 'RUNNING' });
      const done = await client.pollAuthentication(SESSION_ID, 1000);
      assert.equal(done.state, 'COMPLETE');
      assert.ok(done.state === 'COMPLETE');
      assert.equal(done.result, 'OK');
      assert.deepEqual(done.raw, { ...complete, time: '2026-11-28T07:30:00', traceId: '6b2f0c3e5a1d4e7f' });
      const [req] = upstream.requests;
      assert.equal(req?.method, 'GET');
      assert.equal(req?.url, `/mid-api/authentication/session/${SESSION_ID}?timeoutMs=1000`);
    });
});

test('pollAuthentication: an unknown result is passed through for the caller to map, not a crash', async () => {
  await withUpstream((_req, res) => sendJson(res, 200, { state: 'COMPLETE', result: 'SOMETHING_NEW' }), async (client) => {
    const status = await client.pollAuthentication(SESSION_ID, 1000);
    assert.ok(status.state === 'COMPLETE');
    assert.equal(status.result, 'SOMETHING_NEW');
  });
});

test('pollAuthentication: 404 is not_found (session older than its lifetime → 40021)', async () => {
  await withUpstream((_req, res) => sendJson(res, 404, { error: 'SessionID not found' }), async (client) => {
    const err = await rejectsWithKind(client.pollAuthentication(SESSION_ID, 1000), 'not_found');
    assert.equal(err.httpStatus, 404);
    assert.equal(midErrorToErrorCode(err), 40021);
  });
});

test('start calls: 500 and 503 are retried with backoff and the third attempt succeeds', async () => {
  await withUpstream((_req, res, attempt) => {
    if (attempt === 0) sendJson(res, 500, { error: 'Internal error' });
    else if (attempt === 1) sendJson(res, 503, { error: 'Service unavailable' });
    else sendJson(res, 200, { sessionID: SESSION_ID });
  }, async (client, upstream) => {
    assert.deepEqual(await startAuth(client), { sessionId: SESSION_ID });
    assert.equal(upstream.requests.length, 3);
    assert.ok(upstream.requests.every((r) => r.body === upstream.requests[0]?.body), 'each retry resends the same body');
  });
});

test('start calls: retries stop after the bound and report server_error (→ 50000)', async () => {
  await withUpstream((_req, res) => sendJson(res, 503, { error: 'Service unavailable' }), async (client, upstream) => {
    const err = await rejectsWithKind(client.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE }), 'server_error');
    assert.equal(upstream.requests.length, 3);
    assert.equal(err.attempts, 3);
    assert.equal(err.httpStatus, 503);
    assert.equal(midErrorToErrorCode(err), 50000);
  });
  await withUpstream((_req, res) => sendJson(res, 500, {}), async (client, upstream) => {
    await rejectsWithKind(startAuth(client), 'server_error');
    assert.equal(upstream.requests.length, 1, 'startRetries: 0 means a single attempt');
  }, { startRetries: 0 });
});

test('start calls: a connection reset is retried', async () => {
  await withUpstream((_req, res, attempt) => {
    if (attempt < 2) resetConnection(res);
    else sendJson(res, 200, { result: 'NOT_FOUND' });
  }, async (client, upstream) => {
    assert.deepEqual(await client.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE }), { found: false });
    assert.equal(upstream.requests.length, 3);
  });
});

test('start calls: an unreachable upstream is a network error after all attempts (→ 50002)', async () => {
  const port = await closedPort();
  const client = new MidClient({ baseUrl: `http://127.0.0.1:${port}/mid-api`, ...RP, retryBackoffMs: 1 });
  try {
    const err = await rejectsWithKind(startAuth(client), 'network');
    assert.equal(err.attempts, 3);
    assert.equal(midErrorToErrorCode(err), 50002);
  } finally {
    await client.close();
  }
});

test('400 is bad_request (→ 50004), not retried; the upstream text stays out of the message and is redacted', async () => {
  const echo = `JSON parse error: phoneNumber ${PHONE} personal code ${CODE} must contain of + and numbers(8-30)`;
  await withUpstream((_req, res) => sendJson(res, 400, { error: echo }), async (client, upstream) => {
    const err = await rejectsWithKind(startAuth(client), 'bad_request');
    assert.equal(upstream.requests.length, 1);
    assert.equal(midErrorToErrorCode(err), 50004);
    assert.equal(err.httpStatus, 400);
    assert.equal(err.traceId, '6b2f0c3e5a1d4e7f');
    assert.ok(!err.message.includes('must contain'), 'upstream developer text is not in the message');
    for (const text of [err.message, err.upstreamMessage ?? '']) {
      assert.ok(!text.includes(PHONE.slice(1)) && !text.includes(CODE), `no personal data in: ${text}`);
    }
    assert.match(err.upstreamMessage ?? '', /must contain of \+ and numbers\(8-30\)/);
  });
});

test('401 is unauthorized (→ 50003), not retried', async () => {
  await withUpstream((_req, res) => sendJson(res, 401, { error: 'Failed to authorize user' }), async (client, upstream) => {
    const err = await rejectsWithKind(client.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE }), 'unauthorized');
    assert.equal(upstream.requests.length, 1);
    assert.equal(midErrorToErrorCode(err), 50003);
  });
});

test('polls are never retried: neither on 500 nor on a reset', async () => {
  await withUpstream((_req, res) => sendJson(res, 500, { error: 'Internal error' }), async (client, upstream) => {
    await rejectsWithKind(client.pollAuthentication(SESSION_ID, 1000), 'server_error');
    assert.equal(upstream.requests.length, 1);
  });
  await withUpstream((_req, res) => resetConnection(res), async (client, upstream) => {
    await rejectsWithKind(client.pollAuthentication(SESSION_ID, 1000), 'network');
    assert.equal(upstream.requests.length, 1);
  });
});

test('a hanging poll ends as a timeout (read deadline = upstream hold + 1.5 s), it does not hang', async () => {
  await withUpstream(() => { /* never answers */ }, async (client, upstream) => {
    const err = await rejectsWithKind(client.pollAuthentication(SESSION_ID, 0), 'timeout');
    assert.equal(err.operation, 'poll');
    assert.equal(midErrorToErrorCode(err), 50002);
    assert.equal(upstream.requests.length, 1);
  });
});

test('a poll answered later than timeoutMs but within the 1.5 s grace succeeds', async () => {
  await withUpstream((_req, res) => {
    setTimeout(() => sendJson(res, 200, { state: 'RUNNING' }), 1000 + 500);
  }, async (client) => {
    assert.deepEqual(await client.pollAuthentication(SESSION_ID, 1000), { state: 'RUNNING' });
  });
});

test('a hanging start call times out after requestTimeoutMs and is not retried (certificate → 40801)', async () => {
  await withUpstream(() => { /* never answers */ }, async (client, upstream) => {
    const err = await rejectsWithKind(client.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE }), 'timeout');
    assert.equal(upstream.requests.length, 1);
    assert.equal(midErrorToErrorCode(err), 40801);
  }, { requestTimeoutMs: 200 });
});

test('an answer whose body stalls after the headers also times out (the deadline covers the body)', async () => {
  await withUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
    res.write('{"sessionID":"de30');
  }, async (client, upstream) => {
    const err = await rejectsWithKind(startAuth(client), 'timeout');
    assert.equal(err.operation, 'authentication');
    assert.equal(midErrorToErrorCode(err), 50002);
    assert.equal(upstream.requests.length, 1);
  }, { requestTimeoutMs: 200 });
});

test('aborting a poll rejects with the abort reason at once', async () => {
  await withUpstream(() => { /* never answers */ }, async (client) => {
    const controller = new AbortController();
    const poll = client.pollAuthentication(SESSION_ID, 30_000, controller.signal);
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    await assert.rejects(poll, { message: 'shutting down' });
  });
});

test('malformed answers are malformed_response (→ 50001)', async () => {
  const cases: Array<{ body: string; call: (c: MidClient) => Promise<unknown> }> = [
    { body: '{"sessionID":', call: (c) => startAuth(c) },
    { body: '[]', call: (c) => startAuth(c) },
    { body: '{"sessionID":42}', call: (c) => startAuth(c) },
    { body: '{"result":"OK"}', call: (c) => c.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE }) },
    { body: '{"result":"OK","cert":"not base64!"}', call: (c) => c.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE }) },
    { body: '{"state":"COMPLETE"}', call: (c) => c.pollAuthentication(SESSION_ID, 1000) },
    { body: '{"state":"PAUSED"}', call: (c) => c.pollAuthentication(SESSION_ID, 1000) },
    { body: '<html>Bad Gateway</html>', call: (c) => c.pollAuthentication(SESSION_ID, 1000) },
    { body: `PNOEE-${CODE} truncated certificate`, call: (c) => c.pollAuthentication(SESSION_ID, 1000) },
  ];
  for (const { body, call } of cases) {
    await withUpstream((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); }, async (client, upstream) => {
      const err = await rejectsWithKind(call(client), 'malformed_response');
      assert.equal(midErrorToErrorCode(err), 50001);
      assert.equal(upstream.requests.length, 1, `not retried: ${body}`);
      assert.ok(!inspect(err).includes('PNOEE'), 'no part of the body leaks into the error or its cause');
    });
  }
});

test('an oversize answer is malformed_response, with or without Content-Length, and the client keeps working', async () => {
  const twoMiB = Buffer.alloc(2 * 1024 * 1024, 'a');
  await withUpstream((req, res, attempt) => {
    if (attempt === 0) { // chunked: only the streaming limit can catch it
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"sessionID":"');
      res.write(twoMiB);
      res.end('"}');
    } else if (attempt === 1) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': twoMiB.length + 16 });
      res.end(Buffer.concat([Buffer.from('{"sessionID":"'), twoMiB, Buffer.from('"}')]));
    } else {
      sendJson(res, 200, { sessionID: SESSION_ID });
    }
    void req;
  }, async (client) => {
    await rejectsWithKind(startAuth(client), 'malformed_response');
    await rejectsWithKind(startAuth(client), 'malformed_response');
    assert.deepEqual(await startAuth(client), { sessionId: SESSION_ID });
  });
});

test('the keep-alive agent reuses one connection for consecutive calls', async () => {
  await withUpstream((_req, res) => sendJson(res, 200, { result: 'NOT_FOUND' }), async (client, upstream) => {
    for (let i = 0; i < 10; i++) await client.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE });
    assert.equal(upstream.requests.length, 10);
    // undici may open a second connection while it is still filing the first one as idle; after that
    // both are reused. Without keep-alive this would be 10.
    assert.ok(upstream.connections() <= 2, `${upstream.connections()} connections for 10 calls`);
  });
});

test('TLS pins: right pin connects, wrong pin fails as network error before any request, without retry', async () => {
  const tls = await makeSelfSignedCertificate();
  const rightPin = createHash('sha256').update(tls.spkiDer).digest('base64');
  const wrongPin = createHash('sha256').update('another key').digest('base64');
  const upstream = await startFakeUpstream((_req, res) => sendJson(res, 200, { result: 'NOT_FOUND' }), { key: tls.keyPem, cert: tls.certPem });
  const options = { baseUrl: upstream.baseUrl, ...RP, tlsCa: [tls.certPem], retryBackoffMs: 1 };
  const pinnedRight = new MidClient({ ...options, tlsPins: [wrongPin, rightPin] });
  const pinnedWrong = new MidClient({ ...options, tlsPins: [wrongPin] });
  try {
    assert.deepEqual(await pinnedRight.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE }), { found: false });
    assert.equal(upstream.requests.length, 1);

    const connectionsBefore = upstream.connections();
    const err = await rejectsWithKind(pinnedWrong.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE }), 'network');
    assert.match(err.message, /pin/i);
    assert.equal(midErrorToErrorCode(err), 50002);
    assert.equal(upstream.requests.length, 1, 'no request reached the server over the unpinned connection');
    assert.equal(upstream.connections() - connectionsBefore, 1, 'a pin mismatch is not retried');
  } finally {
    await pinnedRight.close();
    await pinnedWrong.close();
    await upstream.close();
  }
});

test('a matching pin does not replace certificate validation: an untrusted certificate still fails', async () => {
  const tls = await makeSelfSignedCertificate();
  const rightPin = createHash('sha256').update(tls.spkiDer).digest('base64');
  const upstream = await startFakeUpstream((_req, res) => sendJson(res, 200, { result: 'NOT_FOUND' }), { key: tls.keyPem, cert: tls.certPem });
  const client = new MidClient({ baseUrl: upstream.baseUrl, ...RP, tlsPins: [rightPin], retryBackoffMs: 1 });
  try {
    await rejectsWithKind(client.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE }), 'network');
    assert.equal(upstream.requests.length, 0);
  } finally {
    await client.close();
    await upstream.close();
  }
});

test('TLS pins do not apply to an http base URL (the local simulator)', async () => {
  const wrongPin = createHash('sha256').update('another key').digest('base64');
  await withUpstream((_req, res) => sendJson(res, 200, { result: 'NOT_FOUND' }), async (client) => {
    assert.deepEqual(await client.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE }), { found: false });
  }, { tlsPins: [wrongPin] });
});

test('spkiSha256Pin gives the same pin from PEM and DER, equal to SHA-256 of the SPKI', async () => {
  const tls = await makeSelfSignedCertificate();
  const expected = createHash('sha256').update(tls.spkiDer).digest('base64');
  assert.equal(spkiSha256Pin(tls.certPem), expected);
  assert.equal(spkiSha256Pin(new X509Certificate(tls.certPem).raw), expected);
});

test('configuration mistakes are refused at construction', () => {
  const base = { baseUrl: 'https://tsp.demo.sk.ee/mid-api', ...RP };
  const hexPin = createHash('sha256').update('x').digest('hex');
  assert.throws(() => new MidClient({ ...base, tlsPins: [hexPin] }), TypeError);
  assert.throws(() => new MidClient({ ...base, tlsPins: [] }), TypeError);
  const dispatcher = new Agent();
  assert.throws(() => new MidClient({ ...base, dispatcher, tlsPins: [createHash('sha256').update('x').digest('base64')] }), TypeError);
  assert.throws(() => new MidClient({ ...base, baseUrl: 'ftp://example.test/mid-api' }), TypeError);
  assert.throws(() => new MidClient({ ...base, startRetries: -1 }), RangeError);
  void dispatcher.close();
});

test('an injected dispatcher is used and left open by close()', async () => {
  const dispatcher = new Agent();
  const upstream = await startFakeUpstream((_req, res) => sendJson(res, 200, { result: 'NOT_FOUND' }));
  try {
    const client = new MidClient({ baseUrl: upstream.baseUrl, ...RP, dispatcher });
    await client.certificate({ phoneNumber: PHONE, nationalIdentityNumber: CODE });
    await client.close();
    assert.equal(dispatcher.closed, false);
  } finally {
    await dispatcher.close();
    await upstream.close();
  }
});

test('retry backoff doubles per retry, jitter stays within [half, full], capped at 10 s', () => {
  assert.deepEqual([1, 2, 3].map((n) => retryDelayMs(n, 250, () => 0)), [125, 250, 500]);
  assert.deepEqual([1, 2, 3].map((n) => retryDelayMs(n, 250, () => 1)), [250, 500, 1000]);
  assert.equal(retryDelayMs(20, 250, () => 1), 10_000);
});

test('midErrorToErrorCode follows the contract table', () => {
  const code = (kind: MidErrorKind, operation: 'certificate' | 'authentication' | 'poll' = 'authentication') =>
    midErrorToErrorCode(new MidError(kind, 'x', { operation }));
  assert.equal(code('unauthorized'), 50003);
  assert.equal(code('bad_request'), 50004);
  assert.equal(code('server_error'), 50000);
  assert.equal(code('network'), 50002);
  assert.equal(code('timeout'), 50002);
  assert.equal(code('timeout', 'certificate'), 40801);
  assert.equal(code('malformed_response', 'poll'), 50001);
  assert.equal(code('not_found', 'poll'), 40021);
});
