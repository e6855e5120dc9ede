/**
 * The simulator and the gateway's verification routine agree: OK answers (EC and RSA persons, all
 * three hash types, both issuing CAs) pass `verifyAuthentication` with the CA exported the way an
 * operator would (`--export-ca` into a trust directory), and each certificate/signature fault is
 * rejected with the failure it is meant to provoke.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrustAnchors } from '../../src/mobileid/trust-anchors.ts';
import type { TrustAnchors } from '../../src/mobileid/trust-anchors.ts';
import { verifyAuthentication, type VerificationFailure } from '../../src/mobileid/verify.ts';
import type { FaultRule } from '../../src/simulator/faults.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { MARY, RSA_PERSON, isHighS, newHash, runSession, type HashName } from './helpers.ts';

let sim: RunningSimulator;
let anchors: TrustAnchors;
before(async () => {
  sim = await startSimulator({ okDelayMs: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'sim-trust-'));
  await sim.ca.exportTo(dir);
  anchors = await loadTrustAnchors(dir);
});
after(() => sim.close());

const PERSONS = [
  { who: MARY, given: 'MARY ÄNN', surname: 'O’CONNEŽ-ŠUSLIK TESTNUMBER', country: 'EE' },
  { who: RSA_PERSON, given: 'RSA', surname: 'TESTNUMBER', country: 'EE' },
  { who: { phoneNumber: '+37268000769', nationalIdentityNumber: '60001017869' }, given: 'EID2016', surname: 'TESTNUMBER', country: 'EE' },
  { who: { phoneNumber: '+37060000666', nationalIdentityNumber: '50001018865' }, given: 'LT', surname: 'TESTNUMBER', country: 'LT' },
];

for (const { who, given, surname, country } of PERSONS) {
  for (const hashType of ['SHA256', 'SHA384', 'SHA512'] as HashName[]) {
    test(`${who.phoneNumber} ${hashType}: the simulator's OK answer passes the gateway's verification`, async () => {
      const hash = newHash(hashType);
      const response = (await runSession(sim.url, 'authentication', who, hash)).body;
      const result = verifyAuthentication({ hash: hash.hash, hashType, requestedCode: who.nationalIdentityNumber, response, anchors });
      assert.ok(result.ok, result.ok ? '' : `${result.failure}: ${result.detail}`);
      assert.equal(result.identity.personalCode, who.nationalIdentityNumber);
      assert.equal(result.identity.givenName, given);
      assert.equal(result.identity.surname, surname);
      assert.equal(result.identity.country, country);
    });
  }
}

const FAULTS: [FaultRule['fault'], VerificationFailure][] = [
  ['bad-signature', 'bad_signature'],
  ['untrusted-cert', 'untrusted_chain'],
  ['expired-cert', 'expired'],
  ['wrong-identity-cert', 'identity_mismatch'],
];
for (const [fault, failure] of FAULTS) {
  test(`fault ${fault} is rejected by the gateway's verification as ${failure}`, async () => {
    for (const who of [MARY, RSA_PERSON]) {
      sim.setFaults([{ fault, endpoint: 'authentication-status', phone: who.phoneNumber, times: 1 }]);
      const hash = newHash();
      const response = (await runSession(sim.url, 'authentication', who, hash)).body;
      const result = verifyAuthentication({ hash: hash.hash, hashType: 'SHA256', requestedCode: who.nationalIdentityNumber, response, anchors });
      assert.equal(result.ok, false);
      assert.equal(result.ok ? undefined : result.failure, failure);
    }
  });
}

test('the same answer fails when the relying party asked for another code', async () => {
  const hash = newHash();
  const response = (await runSession(sim.url, 'authentication', MARY, hash)).body;
  const result = verifyAuthentication({ hash: hash.hash, hashType: 'SHA256', requestedCode: '60001017705', response, anchors });
  assert.equal(result.ok ? undefined : result.failure, 'identity_mismatch');
});

test('a high-S signature from the simulator is accepted by the gateway\'s verification', async () => {
  // About half of the signatures are high-S; 64 tries all being low-S has probability 2^-64.
  for (let attempt = 0; attempt < 64; attempt++) {
    const hash = newHash();
    const response = (await runSession(sim.url, 'authentication', MARY, hash)).body;
    if (!isHighS(response.signature.value)) continue;
    const result = verifyAuthentication({ hash: hash.hash, hashType: 'SHA256', requestedCode: MARY.nationalIdentityNumber, response, anchors });
    assert.ok(result.ok, result.ok ? '' : `${result.failure}: ${result.detail}`);
    return;
  }
  assert.fail('the simulator produced no high-S signature in 64 authentications');
});
