/**
 * Genuinely signed demo responses (../shared/fixtures/mid/captured/) replayed to the gateway's client
 * path by a test upstream that answers for their hashes: accepted as ok with the public test CAs;
 * tampered copies end as 50001, never ok.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { postJson, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { loadTrustAnchors } from '../../src/mobileid/trust-anchors.ts';

const FIXTURES = new URL('../../../shared/fixtures/mid/', import.meta.url);
const CAPTURED = ['tara-2025.json', 'java-ecc.json'].map((name) => ({
  name,
  ...(JSON.parse(readFileSync(new URL(`captured/${name}`, FIXTURES), 'utf8')) as {
    hash: string; hashType: 'SHA256' | 'SHA512'; verificationCode: string; statusResponse: Record<string, any>;
  }),
}));
/** The fixtures' certificates are valid on this date; the clock is pinned so the test keeps its meaning. */
const PINNED = Date.parse('2026-11-28T12:00:00Z');

type Tamper = (response: Record<string, any>) => Record<string, any>;

function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index] = (bytes[index] as number) ^ 0x01;
  return bytes.toString('base64');
}

/** A MID REST upstream that answers every session with one captured (possibly tampered) response. */
async function replayUpstream(signingCert: string, response: Record<string, any>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url === '/mid-api/certificate') {
        res.end(JSON.stringify({ result: 'OK', cert: signingCert }));
      } else if (req.method === 'POST' && req.url === '/mid-api/authentication') {
        res.end(JSON.stringify({ sessionID: 'a0b1c2d3-0000-4000-8000-000000000001' }));
      } else if (req.method === 'GET' && req.url?.startsWith('/mid-api/authentication/session/')) {
        res.end(JSON.stringify(response));
      } else {
        res.statusCode = 404;
        res.end('{"error":"not found"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/mid-api`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function identify(captured: (typeof CAPTURED)[number], tamper: Tamper = (r) => r) {
    // The captures hold only the authentication certificate; it stands in for the signing one at login.
  const upstream = await replayUpstream(captured.statusResponse.cert, tamper(structuredClone(captured.statusResponse)));
  const start = Date.now();
  const gw: TestGateway = await startTestGateway({
    configure: (c) => {
      c.mid.baseUrl = upstream.url;
      c.mid.hashType = captured.hashType;
    },
    withoutSimulator: true,
    overrides: {
      anchors: await loadTrustAnchors(new URL('trusted-ca/', FIXTURES).pathname),
      randomHash: () => Buffer.from(captured.hash, 'base64'),
      clock: () => new Date(PINNED + (Date.now() - start)),
    },
  });
  try {
    const login = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, phone: '+37200000766', code: '60001019906' });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    assert.equal(login.body.control_code, captured.verificationCode);
    const status = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token, wait: 10 });
    return { status, logs: gw.logs };
  } finally {
    await gw.close();
    await upstream.close();
  }
}

describe('captured genuine demo responses', () => {
  for (const captured of CAPTURED) {
    test(`${captured.name}: accepted, identity from the certificate`, async () => {
      const { status } = await identify(captured);
      assert.equal(status.status, 200, JSON.stringify(status.body));
      assert.equal(status.body.status, 'ok');
      assert.equal(status.body.name, 'MARY ÄNN');
      assert.equal(status.body.surname, 'O’CONNEŽ-ŠUSLIK TESTNUMBER');
      assert.equal(status.body.code, '60001019906');
      assert.equal(status.body.country, 'EE');
      assert.equal(status.body.control_code, captured.verificationCode);
      assert.equal(status.body.certificate.issuer.common_name, 'TEST of ESTEID-SK 2015');
    });

    const tampers: [string, Tamper][] = [
      ['first signature byte changed', (r) => ({ ...r, signature: { ...r.signature, value: flipByte(r.signature.value, 0) } })],
      ['last signature byte changed', (r) => ({ ...r, signature: { ...r.signature, value: flipByte(r.signature.value, 63) } })],
      ['a certificate byte changed (inside its signed part)', (r) => ({ ...r, cert: flipByte(r.cert, 200) })],
      ['another certificate (the other capture\'s)', (r) => ({ ...r, cert: CAPTURED.find((c) => c.name !== captured.name)!.statusResponse.cert })],
      ['algorithm of another hash type', (r) => ({ ...r, signature: { ...r.signature, algorithm: captured.hashType === 'SHA256' ? 'SHA512WithECEncryption' : 'SHA256WithECEncryption' } })],
      ['signature removed', (r) => ({ ...r, signature: undefined })],
      ['result not OK', (r) => ({ ...r, result: 'OK ' })],
    ];
    for (const [name, tamper] of tampers) {
      test(`${captured.name}, ${name} → 50001, never ok`, async () => {
        const { status, logs } = await identify(captured, tamper);
        assert.equal(status.status, 500, JSON.stringify(status.body));
        assert.deepEqual(status.body, { status: 'error', message: 'Technical error in service occurred', error_code: 50001 });
        // The operator learns why, from the log (without personal data).
        assert.ok(logs.some((line) => line.includes('"session_finished"') && line.includes('"error_code":50001')));
      });
    }
  }
});
