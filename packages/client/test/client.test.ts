/**
 * The SDK against a real gateway and the real Mobile-ID simulator (test/helpers/gateway.ts): every
 * call, every error kind an application tells apart, abort and time limits, both locales, and the
 * browser pattern (no access token in the client, a proxy adds it).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { postJson, startTestGateway, type TestGateway } from '../../../test/helpers/gateway.ts';
import { ListsRepository } from '../../../src/screening/lists-repository.ts';
import { importDemoWatchlist } from '../../../src/screening/demo-watchlist.ts';
import { EidgateClient, EidgateError, isEidgateError, kindOfErrorCode, type EidgateErrorKind, type LoginResult } from '../src/index.ts';

const TEN = { phone: '+37269000366', code: '60001017705' };
const MARY = { phone: '+37200000766', code: '60001019906' };
const CANCELS = { phone: '+37201100266', code: '60001019950' };
const TIMES_OUT = { phone: '+37266000266', code: '50001018908' };
const NOT_MID = { phone: '+37200000266', code: '60001019939' };

async function rejection(promise: Promise<unknown>): Promise<EidgateError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isEidgateError(error), `not an EidgateError: ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

function assertError(error: EidgateError, kind: EidgateErrorKind, errorCode?: number): void {
  assert.ok(error instanceof EidgateError);
  assert.equal(error.kind, kind, error.message);
  assert.equal(error.errorCode, errorCode);
  if (errorCode !== undefined) {
    assert.equal(error.httpStatus, Math.floor(errorCode / 100));
    assert.deepEqual(error.body, { status: 'error', message: error.message, error_code: errorCode });
  }
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** People answer at once; TIMEOUT people after 200 ms. The demo watchlist is loaded. */
let fast: TestGateway;
/** Nobody answers within a test's lifetime: sessions stay waiting. */
let slow: TestGateway;

before(async () => {
  [fast, slow] = await Promise.all([
    startTestGateway({
      simulator: { okDelayMs: 0, userTimeoutMs: 200 },
      seed: async (store) => { await importDemoWatchlist(new ListsRepository(store)); },
    }),
    startTestGateway({ simulator: { okDelayMs: 600_000, userTimeoutMs: 600_000 } }),
  ]);
});
after(async () => {
  await Promise.all([fast.close(), slow.close()]);
});

const clientOf = (gw: TestGateway, extra: { locale?: 'lt' | 'en'; timeoutMs?: number } = {}) =>
  new EidgateClient({ baseUrl: gw.url, accessToken: gw.token, ...extra });

describe('login, status, remove', () => {
  test('login answers the control code and certificate; status answers the identity; remove deletes the session', async () => {
    const client = clientOf(fast);
    const login = await client.mobile.login({ ...TEN, language: 'ENG', message: 'eidgate SDK test', messageFormat: 'GSM-7' });
    assert.match(login.controlCode, /^\d{4}$/);
    assert.equal(login.code, TEN.code);
    assert.equal(login.certificate.subject.serialNumber, 'PNOEE-60001017705');
    assert.equal(login.certificate.issuer.commonName, 'TEST of ESTEID-SK 2015');
    assert.equal(login.raw.control_code, login.controlCode);

    const status = await client.mobile.status(login.token, { wait: 10 });
    assert.equal(status.status, 'ok');
    assert.ok(status.status === 'ok');
    const { identity } = status;
    assert.equal(identity.name, 'TEN');
    assert.equal(identity.surname, 'TESTNUMBER');
    assert.equal(identity.code, TEN.code);
    assert.equal(identity.country, 'EE');
    assert.equal(identity.token, login.token);
    assert.equal(identity.controlCode, login.controlCode);
    assert.equal(identity.certificate.subject.serialNumber, 'PNOEE-60001017705');
    assert.match(identity.certificate.validFrom, /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(identity.sanctions, []);
    assert.deepEqual(identity.peps, []);
    // raw is the wire body, exactly as the gateway sends it.
    const wire = await postJson(`${fast.url}/en/mobile/status/${login.token}.json`, { access_token: fast.token });
    assert.deepEqual(identity.raw, wire.body);

    await client.mobile.remove(login.token);
    assertError(await rejection(client.mobile.status(login.token)), 'not_found', 40402);
  });

  test('status of a session nobody answered yet is waiting, with the login\'s control code', async () => {
    const client = clientOf(slow);
    const login = await client.mobile.login(TEN);
    const status = await client.mobile.status(login.token);
    assert.deepEqual(status, {
      status: 'waiting', token: login.token, controlCode: login.controlCode,
      raw: { status: 'waiting', token: login.token, control_code: login.controlCode },
    });
    await client.mobile.remove(login.token);
  });

  test('another client\'s session is not found (token isolation)', async () => {
    const login = await clientOf(fast).mobile.login(TEN);
    const other = new EidgateClient({ baseUrl: fast.url, accessToken: fast.otherToken });
    assertError(await rejection(other.mobile.status(login.token)), 'not_found', 40402);
  });

  test('a wait beyond 30 s is refused by the gateway as an invalid request', async () => {
    const client = clientOf(slow);
    const login = await client.mobile.login(TEN);
    assertError(await rejection(client.mobile.status(login.token, { wait: 31 })), 'invalid_request', 40001);
    await client.mobile.remove(login.token);
  });
});

describe('identify', () => {
  test('ok: onControlCode is called once, with the login\'s code, before the identity arrives', async () => {
    const calls: [string, LoginResult][] = [];
    const identity = await clientOf(fast).mobile.identify(TEN, { onControlCode: (code, login) => calls.push([code, login]) });
    assert.equal(calls.length, 1);
    const [[code, login]] = calls as [[string, LoginResult]];
    assert.equal(code, login.controlCode);
    assert.equal(identity.controlCode, code);
    assert.equal(identity.token, login.token);
    assert.equal(identity.name, 'TEN');
    const stored = await fast.gateway.store.db.selectFrom('sessions').select(['control_code']).where('token', '=', login.token).executeTakeFirstOrThrow();
    assert.equal(stored.control_code, code);
  });

  test('screening matches arrive with list, score and explanation', async () => {
    const identity = await clientOf(fast).mobile.identify({ ...MARY, sanctions: true, peps: true });
    assert.equal(identity.name, 'MARY ÄNN');
    assert.equal(identity.sanctions.length, 1);
    assert.equal(identity.peps.length, 1);
    const [sanction] = identity.sanctions;
    const [pep] = identity.peps;
    assert.equal(sanction?.listName, 'demo-sanctions');
    assert.equal(sanction?.dateOfBirth, '2000-01-01');
    assert.match(pep?.politicalPosition ?? '', /Harbour Authority/);
    for (const match of [sanction, pep]) {
      assert.ok(match && match.score !== null && match.score > 0 && match.score <= 1);
      assert.ok(match.explanation.length > 0);
      assert.deepEqual(match.explanation, match.raw.explanation);
    }
  });

  test('USER_CANCELLED → refused (40020)', async () => {
    assertError(await rejection(clientOf(fast).mobile.identify(CANCELS)), 'refused', 40020);
  });

  test('TIMEOUT → expired (40021)', async () => {
    assertError(await rejection(clientOf(fast).mobile.identify(TIMES_OUT)), 'expired', 40021);
  });

  test('not a Mobile-ID client → not_mobile_id_user (40401), and onControlCode is never called', async () => {
    let called = false;
    const error = await rejection(clientOf(fast).mobile.identify(NOT_MID, { onControlCode: () => { called = true; } }));
    assertError(error, 'not_mobile_id_user', 40401);
    assert.equal(called, false);
  });

  test('a malformed phone number → invalid_request (40004)', async () => {
    assertError(await rejection(clientOf(fast).mobile.identify({ phone: '37269000366', code: TEN.code })), 'invalid_request', 40004);
  });

  test('a wrong access token → unauthorized (40003)', async () => {
    const client = new EidgateClient({ baseUrl: fast.url, accessToken: 'not-a-token' });
    assertError(await rejection(client.mobile.identify(TEN)), 'unauthorized', 40003);
  });

  test('aborting while the person has not answered → aborted, and the session is removed', async () => {
    const controller = new AbortController();
    let token = '';
    const error = await rejection(clientOf(slow).mobile.identify(TEN, {
      signal: controller.signal,
      onControlCode: (_code, login) => {
        token = login.token;
        // Abort once the status request is on its way, so the wait itself is what gets cut short.
        setTimeout(() => controller.abort(), 50);
      },
    }));
    assertError(error, 'aborted');
    assert.ok(token);
    assertError(await rejection(clientOf(slow).mobile.status(token)), 'not_found', 40402);
  });

  test('an already aborted signal → aborted, without starting a session', async () => {
    const before = await slow.gateway.store.db.selectFrom('sessions').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const error = await rejection(clientOf(slow).mobile.identify(TEN, { signal: AbortSignal.abort() }));
    assertError(error, 'aborted');
    const afterwards = await slow.gateway.store.db.selectFrom('sessions').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterwards.n), Number(before.n));
  });

  test('onControlCode throwing rejects identify with that error, and the session is removed', async () => {
    let token = '';
    const failure = new Error('could not show the code');
    await assert.rejects(clientOf(slow).mobile.identify(TEN, {
      onControlCode: (_code, login) => { token = login.token; throw failure; },
    }), (error) => error === failure);
    assertError(await rejection(clientOf(slow).mobile.status(token)), 'not_found', 40402);
  });

  test('identify\'s timeoutMs → timeout, and the session is removed', async () => {
    let token = '';
    const error = await rejection(clientOf(slow).mobile.identify(TEN, { timeoutMs: 1_000, onControlCode: (_c, login) => { token = login.token; } }));
    assertError(error, 'timeout');
    if (token) assertError(await rejection(clientOf(slow).mobile.status(token)), 'not_found', 40402);
  });
});

describe('transport failures and locales', () => {
  test('a server that accepts and never answers → timeout after the client\'s timeoutMs', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => { sockets.push(socket); });
    const url = await listen(silent);
    try {
      const client = new EidgateClient({ baseUrl: url, accessToken: 'x', timeoutMs: 300 });
      assertError(await rejection(client.mobile.login(TEN)), 'timeout');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test('a closed port → network', async () => {
    const server = createTcpServer();
    const url = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    const error = await rejection(new EidgateClient({ baseUrl: url, accessToken: 'x' }).mobile.login(TEN));
    assertError(error, 'network');
    assert.match(error.message, /ECONNREFUSED/);
  });

  test('an answer that is not the contract (a proxy\'s HTML error page) → invalid_response with its HTTP status', async () => {
    const proxy = createServer((_req, res) => { res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>'); });
    const url = await listen(proxy);
    try {
      const error = await rejection(new EidgateClient({ baseUrl: url, accessToken: 'x' }).mobile.login(TEN));
      assertError(error, 'invalid_response');
      assert.equal(error.httpStatus, 502);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  test('a base URL that is not a gateway (the simulator) → a clear error, never a result', async () => {
    const error = await rejection(new EidgateClient({ baseUrl: fast.simulator!.url, accessToken: 'x' }).mobile.login(TEN));
    assert.ok(error.kind === 'invalid_response' || error.kind === 'not_found', error.kind);
  });

  test('locale lt gives the gateway\'s Lithuanian messages, en the English ones', async () => {
    const bad = { phone: '+3726', code: TEN.code };
    const lt = await rejection(clientOf(fast, { locale: 'lt' }).mobile.login(bad));
    const en = await rejection(clientOf(fast).mobile.login(bad));
    assert.equal(lt.errorCode, 40004);
    assert.equal(en.errorCode, 40004);
    assert.match(lt.message, /^Neteisingas parametras \[phone\]/);
    assert.match(en.message, /^Invalid parameter \[phone\]/);
  });
});

describe('the browser pattern: no access token in the client', () => {
  let proxy: Server;
  let proxyUrl: string;
  before(async () => {
    // What an integrator's server does for its web page: forward the call, adding the token it keeps.
    proxy = createServer(async (req, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      const body = { ...(text ? JSON.parse(text) : {}), access_token: fast.token };
      const upstream = await fetch(`${fast.url}${req.url!.replace(/^\/api\/eidgate/, '')}`, {
        method: req.method!, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    });
    proxyUrl = await listen(proxy);
  });
  after(() => new Promise<void>((resolve) => { proxy.close(() => resolve()); }));

  test('without accessToken no access_token is sent: the gateway itself refuses (40003)', async () => {
    assertError(await rejection(new EidgateClient({ baseUrl: fast.url }).mobile.login(TEN)), 'unauthorized', 40003);
  });

  test('through a proxy that adds the token, identify works', async () => {
    const identity = await new EidgateClient({ baseUrl: `${proxyUrl}/api/eidgate` }).mobile.identify(TEN);
    assert.equal(identity.surname, 'TESTNUMBER');
  });
});

test('codes the SDK does not know fall back on their family', () => {
  assert.equal(kindOfErrorCode(40099), 'invalid_request');
  assert.equal(kindOfErrorCode(50099), 'server');
  assert.equal(kindOfErrorCode(50002), 'upstream');
});
