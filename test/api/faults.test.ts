/**
 * Every fault the simulator can inject ends in its documented code — never `ok` for anything that
 * fails verification — and the gateway keeps serving other sessions meanwhile.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postJson, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import type { FaultRule } from '../../src/simulator/faults.ts';

const MARY = { phone: '+37200000766', code: '60001019906' };
const TEN = { phone: '+37269000366', code: '60001017705' };

async function outcome(gw: TestGateway, person: { phone: string; code: string }): Promise<{ stage: 'login' | 'status'; status: number; body: any }> {
  const login = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, ...person });
  if (login.status !== 200) return { stage: 'login', ...login };
  for (;;) {
    const r = await postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token, wait: 10 });
    if (r.body.status !== 'waiting') return { stage: 'status', ...r };
  }
}

const CASES: { name: string; faults: FaultRule[]; stage: 'login' | 'status'; code: number | 'ok' }[] = [
  { name: 'HTTP 500 on /certificate, every time', faults: [{ fault: 'http-500', endpoint: 'certificate', phone: MARY.phone }], stage: 'login', code: 50000 },
  { name: 'HTTP 503 on /authentication, every time', faults: [{ fault: 'http-503', endpoint: 'authentication', phone: MARY.phone }], stage: 'login', code: 50000 },
  { name: 'HTTP 503 on /certificate once: retried, then ok', faults: [{ fault: 'http-503', endpoint: 'certificate', phone: MARY.phone, times: 1 }], stage: 'status', code: 'ok' },
  { name: 'HTTP 500 on the status poll, every time', faults: [{ fault: 'http-500', endpoint: 'authentication-status', phone: MARY.phone }], stage: 'status', code: 50000 },
  { name: '/certificate slower than the client allows', faults: [{ fault: 'hang', endpoint: 'certificate', phone: MARY.phone, ms: 6000 }], stage: 'login', code: 40801 },
  { name: '/authentication slower than the client allows', faults: [{ fault: 'hang', endpoint: 'authentication', phone: MARY.phone, ms: 6000 }], stage: 'login', code: 50002 },
  { name: 'malformed JSON from the status poll', faults: [{ fault: 'malformed-json', endpoint: 'authentication-status', phone: MARY.phone }], stage: 'status', code: 50001 },
  { name: 'malformed JSON from /certificate', faults: [{ fault: 'malformed-json', endpoint: 'certificate', phone: MARY.phone }], stage: 'login', code: 50001 },
  { name: 'a signature that does not verify', faults: [{ fault: 'bad-signature', phone: MARY.phone }], stage: 'status', code: 50001 },
  { name: 'a certificate from an untrusted CA', faults: [{ fault: 'untrusted-cert', endpoint: 'authentication-status', phone: MARY.phone }], stage: 'status', code: 50001 },
  { name: 'an expired certificate', faults: [{ fault: 'expired-cert', endpoint: 'authentication-status', phone: MARY.phone }], stage: 'status', code: 50001 },
  { name: 'a certificate of another person', faults: [{ fault: 'wrong-identity-cert', endpoint: 'authentication-status', phone: MARY.phone }], stage: 'status', code: 50001 },
  { name: 'an unknown result value', faults: [{ fault: 'unknown-result', phone: MARY.phone }], stage: 'status', code: 50001 },
  { name: 'an extra unknown JSON field (clients must ignore it)', faults: [{ fault: 'extra-field', phone: MARY.phone }], stage: 'status', code: 'ok' },
];

describe('upstream faults', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({
      configure: (c) => {
        // Generous enough for a loaded CI machine; the hangs below are longer still.
        c.mid.requestTimeoutMs = 2500;
        c.mid.pollTimeoutMs = 1000;
        c.mid.startRetries = 2;
      },
    });
  });
  after(() => gw.close());

  for (const c of CASES) {
    test(`${c.name} → ${c.code}`, async () => {
      gw.simulator!.setFaults(c.faults);
      try {
        const r = await outcome(gw, MARY);
        assert.equal(r.stage, c.stage, JSON.stringify(r.body));
        if (c.code === 'ok') {
          assert.equal(r.body.status, 'ok');
          assert.equal(r.body.name, 'MARY ÄNN');
        } else {
          assert.notEqual(r.body.status, 'ok');
          assert.deepEqual(r.body, { status: 'error', message: r.body.message, error_code: c.code });
          assert.equal(r.status, Math.floor(c.code / 100));
        }
      } finally {
        gw.simulator!.setFaults([]);
      }
    });
  }

  test('a hanging upstream for one person does not hold up another person', async () => {
    gw.simulator!.setFaults([{ fault: 'hang', endpoint: 'authentication-status', phone: MARY.phone, ms: 4000 }]);
    try {
      let slowEnded = false;
      const slow = outcome(gw, MARY).finally(() => { slowEnded = true; });
      const fast = await outcome(gw, TEN);
      assert.equal(fast.body.status, 'ok');
      assert.equal(fast.body.name, 'TEN');
      // TEN was identified while MARY's poll was still hanging.
      assert.equal(slowEnded, false);
      const r = await slow;
      assert.notEqual(r.body.status, 'ok');
      assert.equal(r.body.error_code, 50002);
    } finally {
      gw.simulator!.setFaults([]);
    }
  });
});
