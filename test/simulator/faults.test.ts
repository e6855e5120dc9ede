/**
 * Every fault the simulator can inject, observed the way a gateway would meet it, plus the rule
 * language (endpoint, phone, times) and its file and command-line forms.
 */
import 'reflect-metadata';
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, verify } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultSpecError, loadScenarioFile, parseFaultSpec, parseScenario } from '../../src/simulator/faults.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { MARY, RP, RSA_PERSON, certificateOf, get, newHash, post, runSession, startBody, verifiesWithNoble } from './helpers.ts';

const TEN = { phoneNumber: '+37269000366', nationalIdentityNumber: '60001017705' };

let sim: RunningSimulator;
let esteid: X509Certificate;
before(async () => {
  sim = await startSimulator({ okDelayMs: 0 });
  esteid = sim.ca.pems().map((pem) => new X509Certificate(pem)).find((ca) => ca.subject.includes('ESTEID-SK 2015'))!;
});
beforeEach(() => sim.setFaults([]));
after(() => sim.close());

test('http-500 and http-503 answer with SK\'s error shape, for the named endpoint and phone only, `times` times', async () => {
  sim.setFaults([
    { fault: 'http-500', endpoint: 'authentication', phone: MARY.phoneNumber, times: 1 },
    { fault: 'http-503', endpoint: 'certificate', times: 2 },
  ]);
  const other = await post(sim.url, '/authentication', startBody(TEN));
  assert.equal(other.status, 200, 'another phone is not affected');
  const failed = await post(sim.url, '/authentication', startBody(MARY));
  assert.equal(failed.status, 500);
  assert.equal(failed.body.error, 'Internal error');
  assert.match(failed.body.traceId, /^[0-9a-f]{16}$/);
  assert.equal((await post(sim.url, '/authentication', startBody(MARY))).status, 200, 'used up after one');
  for (let i = 0; i < 2; i += 1) {
    const unavailable = await post(sim.url, '/certificate', { ...RP, ...TEN });
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.body.error, 'Service Unavailable');
  }
  assert.equal((await post(sim.url, '/certificate', { ...RP, ...TEN })).body.result, 'OK');
});

test('http-503 on a status endpoint strikes the polls of that person\'s sessions', async () => {
  const started = await post(sim.url, '/authentication', startBody(MARY));
  sim.setFaults([{ fault: 'http-503', endpoint: 'authentication-status', phone: MARY.phoneNumber, times: 1 }]);
  const path = `/authentication/session/${started.body.sessionID}?timeoutMs=1000`;
  assert.equal((await get(sim.url, path)).status, 503);
  assert.equal((await get(sim.url, path)).body.result, 'OK');
});

test('hang holds the answer longer than a client\'s timeout; the next request is answered normally', { timeout: 10_000 }, async () => {
  sim.setFaults([{ fault: 'hang', endpoint: 'certificate', ms: 3_000, times: 1 }]);
  await assert.rejects(post(sim.url, '/certificate', { ...RP, ...MARY }, { signal: AbortSignal.timeout(300) }), { name: 'TimeoutError' });
  assert.equal((await post(sim.url, '/certificate', { ...RP, ...MARY }, { signal: AbortSignal.timeout(3_000) })).body.result, 'OK');
});

test('malformed-json sends a body that is not JSON, with a JSON content type', async () => {
  sim.setFaults([{ fault: 'malformed-json', endpoint: 'authentication-status', times: 1 }]);
  const started = await post(sim.url, '/authentication', startBody(MARY));
  const broken = await get(sim.url, `/authentication/session/${started.body.sessionID}?timeoutMs=1000`);
  assert.equal(broken.status, 200);
  assert.match(broken.contentType ?? '', /^application\/json/);
  assert.ok(broken.text.startsWith('{"state":"COMPLETE"'));
  assert.throws(() => JSON.parse(broken.text), SyntaxError);
});

test('extra-field adds an unknown field (an object) next to the normal ones', async () => {
  sim.setFaults([{ fault: 'extra-field' }]);
  const started = await post(sim.url, '/authentication', startBody(MARY));
  assert.equal(typeof started.body.simulatorExtraField, 'object');
  assert.match(started.body.sessionID, /^[0-9a-f-]{36}$/);
  const status = await get(sim.url, `/authentication/session/${started.body.sessionID}?timeoutMs=1000`);
  assert.equal(status.body.result, 'OK');
  assert.ok('simulatorExtraField' in status.body);
});

test('bad-signature: a well-formed signature by the right key that does not verify over the hash; RUNNING polls and other endpoints do not use it up', async () => {
  sim.setFaults([{ fault: 'bad-signature', phone: MARY.phoneNumber, times: 1 }]);
  assert.equal((await post(sim.url, '/certificate', { ...RP, ...MARY })).body.result, 'OK');
  const hash = newHash();
  const bad = await runSession(sim.url, 'authentication', MARY, hash);
  assert.equal(bad.body.result, 'OK');
  assert.equal(Buffer.from(bad.body.signature.value, 'base64').length, 64);
  assert.equal(verifiesWithNoble(bad.body.signature.value, hash.hash, certificateOf(bad.body.cert)), false);
  const nextHash = newHash();
  const good = await runSession(sim.url, 'authentication', MARY, nextHash);
  assert.ok(verifiesWithNoble(good.body.signature.value, nextHash.hash, certificateOf(good.body.cert)));
});

test('bad-signature also for the RSA person', async () => {
  sim.setFaults([{ fault: 'bad-signature', phone: RSA_PERSON.phoneNumber }]);
  const hash = newHash();
  const bad = await runSession(sim.url, 'authentication', RSA_PERSON, hash);
  const cert = certificateOf(bad.body.cert);
  assert.equal(verify(hash.nodeHash, hash.data, cert.publicKey, Buffer.from(bad.body.signature.value, 'base64')), false);
});

test('untrusted-cert: same subject, same issuer NAME and same key (the signature verifies), but not signed by the exported CA', async () => {
  sim.setFaults([{ fault: 'untrusted-cert', endpoint: 'authentication-status', times: 1 }]);
  const hash = newHash();
  const status = await runSession(sim.url, 'authentication', MARY, hash);
  const cert = certificateOf(status.body.cert);
  assert.ok(verifiesWithNoble(status.body.signature.value, hash.hash, cert));
  assert.equal(cert.issuer, esteid.subject);
  assert.ok(cert.subject.includes('serialNumber=PNOEE-60001019906'));
  assert.equal(cert.verify(esteid.publicKey), false);
});

test('expired-cert: issued by the trusted CA over the same key, notAfter in the past', async () => {
  sim.setFaults([{ fault: 'expired-cert', endpoint: 'authentication-status', times: 1 }]);
  const hash = newHash();
  const status = await runSession(sim.url, 'authentication', MARY, hash);
  const cert = certificateOf(status.body.cert);
  assert.ok(cert.verify(esteid.publicKey));
  assert.ok(verifiesWithNoble(status.body.signature.value, hash.hash, cert));
  assert.ok(Date.parse(cert.validTo) < Date.now());
});

test('wrong-identity-cert: trusted, same key and names, but serialNumber carries another person\'s code', async () => {
  sim.setFaults([{ fault: 'wrong-identity-cert', phone: MARY.phoneNumber, endpoint: 'authentication-status' }]);
  const hash = newHash();
  const status = await runSession(sim.url, 'authentication', MARY, hash);
  const cert = certificateOf(status.body.cert);
  assert.ok(cert.verify(esteid.publicKey));
  assert.ok(verifiesWithNoble(status.body.signature.value, hash.hash, cert));
  assert.ok(cert.subject.includes('GN=MARY ÄNN'));
  assert.ok(cert.subject.includes('serialNumber=PNOEE-60001017705'), cert.subject);
});

test('certificate faults apply to /certificate\'s signing certificate too', async () => {
  sim.setFaults([{ fault: 'expired-cert', endpoint: 'certificate', times: 1 }, { fault: 'untrusted-cert', endpoint: 'certificate', times: 1 }]);
  const expired = certificateOf((await post(sim.url, '/certificate', { ...RP, ...MARY })).body.cert);
  assert.ok(Date.parse(expired.validTo) < Date.now());
  const untrusted = certificateOf((await post(sim.url, '/certificate', { ...RP, ...MARY })).body.cert);
  assert.equal(untrusted.verify(esteid.publicKey), false);
  const genuine = certificateOf((await post(sim.url, '/certificate', { ...RP, ...MARY })).body.cert);
  assert.ok(genuine.verify(esteid.publicKey) && Date.parse(genuine.validTo) > Date.now());
});

test('unknown-result: COMPLETE with a result value no client knows (default or chosen)', async () => {
  sim.setFaults([
    { fault: 'unknown-result', endpoint: 'signature-status', times: 1 },
    { fault: 'unknown-result', endpoint: 'authentication-status', result: 'EXPIRED_TRANSACTION', times: 1 },
  ]);
  const signing = await runSession(sim.url, 'signature', MARY);
  assert.deepEqual([signing.body.state, signing.body.result, signing.body.signature], ['COMPLETE', 'SIMULATED_UNKNOWN_RESULT', undefined]);
  const auth = await runSession(sim.url, 'authentication', MARY);
  assert.equal(auth.body.result, 'EXPIRED_TRANSACTION');
});

test('fault rules from code are checked: a typo throws instead of never firing', () => {
  assert.throws(() => sim.setFaults([{ fault: 'bad-sig' as 'bad-signature' }]), FaultSpecError);
  assert.throws(() => sim.setFaults([{ fault: 'hang', endpoint: 'status' as 'version' }]), FaultSpecError);
  assert.throws(() => sim.setFaults([{ fault: 'hang', times: 0 }]), FaultSpecError);
});

test('command-line form FAULT[:key=value,...] and the scenario file', async () => {
  assert.deepEqual(parseFaultSpec('bad-signature:phone=+37200000766,endpoint=authentication-status,times=1'),
    { fault: 'bad-signature', phone: '+37200000766', endpoint: 'authentication-status', times: 1 });
  assert.deepEqual(parseFaultSpec('http-503'), { fault: 'http-503' });
  assert.deepEqual(parseFaultSpec('hang:ms=65000'), { fault: 'hang', ms: 65000 });
  assert.deepEqual(parseFaultSpec('unknown-result:result=NEW_THING'), { fault: 'unknown-result', result: 'NEW_THING' });
  for (const bad of ['nope', 'hang:ms=soon', 'hang:color=red', 'http-500:times', 'http-500:phone=37200000766']) {
    assert.throws(() => parseFaultSpec(bad), FaultSpecError, bad);
  }
  const dir = await mkdtemp(join(tmpdir(), 'sim-scenario-'));
  const file = join(dir, 'scenario.json');
  await writeFile(file, JSON.stringify({ faults: [{ phone: '+37200000766', endpoint: 'authentication-status', fault: 'bad-signature', times: 1 }] }));
  assert.deepEqual(await loadScenarioFile(file), [{ phone: '+37200000766', endpoint: 'authentication-status', fault: 'bad-signature', times: 1 }]);
  assert.throws(() => parseScenario([]), FaultSpecError);
  assert.throws(() => parseScenario({ faults: [{ fault: 'http-500', extra: 1 }] }), /faults\[0\]: unknown field "extra"/);
  await assert.rejects(loadScenarioFile(join(dir, 'missing.json')), FaultSpecError);
});

test('faults given at start are in force, and the simulator keeps serving after each', async () => {
  const faulty = await startSimulator({ okDelayMs: 0, faults: [{ fault: 'http-500', endpoint: 'version', times: 1 }] });
  try {
    assert.equal((await fetch(`${faulty.url}/version`)).status, 500);
    assert.equal((await fetch(`${faulty.url}/version`)).status, 200);
  } finally {
    await faulty.close();
  }
});

test('close() does not wait for a hang', { timeout: 10_000 }, async () => {
  const hanging = await startSimulator({ okDelayMs: 0, faults: [{ fault: 'hang', ms: 60_000 }] });
  const pending = fetch(`${hanging.url}/version`).catch((error: Error) => error);
  await new Promise((resolve) => setTimeout(resolve, 100));
  await hanging.close();
  await pending;
});
