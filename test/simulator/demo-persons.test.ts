/**
 * Every row of SK's demo test-number table (mid-rest.md), over real HTTP: how authentication and
 * signing sessions end, what `/certificate` answers, and what the certificates say.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, verify as nodeVerify } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { RP, certificateOf, newHash, post, runSession, verifiesWithNoble, type HashName } from './helpers.ts';

interface Row { phone: string; code: string; outcome: string; client: boolean; country: 'EE' | 'LT'; issuer?: string }

const ESTEID = 'TEST of ESTEID-SK 2015';
const EID = 'TEST of EID-SK 2016';
const TABLE: Row[] = [
  { phone: '+37200000766', code: '60001019906', outcome: 'OK', client: true, country: 'EE', issuer: ESTEID },
  { phone: '+37269000366', code: '60001017705', outcome: 'OK', client: true, country: 'EE', issuer: ESTEID },
  { phone: '+37269100366', code: '60001017716', outcome: 'OK', client: true, country: 'EE', issuer: ESTEID },
  { phone: '+37268000769', code: '60001017869', outcome: 'OK', client: true, country: 'EE', issuer: EID },
  { phone: '+37200001566', code: '39901019992', outcome: 'OK', client: true, country: 'EE', issuer: ESTEID },
  { phone: '+37200000266', code: '60001019939', outcome: 'NOT_MID_CLIENT', client: false, country: 'EE' },
  { phone: '+37200000366', code: '60001019928', outcome: 'NOT_MID_CLIENT', client: false, country: 'EE' },
  { phone: '+37207110066', code: '60001019947', outcome: 'DELIVERY_ERROR', client: true, country: 'EE' },
  { phone: '+37201100266', code: '60001019950', outcome: 'USER_CANCELLED', client: true, country: 'EE' },
  { phone: '+37200000666', code: '60001019961', outcome: 'SIGNATURE_HASH_MISMATCH', client: true, country: 'EE' },
  { phone: '+37201200266', code: '60001019972', outcome: 'SIM_ERROR', client: true, country: 'EE' },
  { phone: '+37213100266', code: '60001019983', outcome: 'PHONE_ABSENT', client: true, country: 'EE' },
  { phone: '+37266000266', code: '50001018908', outcome: 'TIMEOUT', client: true, country: 'EE' },
  { phone: '+37060000666', code: '50001018865', outcome: 'OK', client: true, country: 'LT', issuer: EID },
  { phone: '+37060000266', code: '50001018832', outcome: 'NOT_MID_CLIENT', client: false, country: 'LT' },
  { phone: '+37061100266', code: '50001018854', outcome: 'USER_CANCELLED', client: true, country: 'LT' },
  { phone: '+37061200266', code: '50001018876', outcome: 'SIM_ERROR', client: true, country: 'LT' },
  { phone: '+37066000266', code: '50001018908', outcome: 'TIMEOUT', client: true, country: 'LT' },
];

let sim: RunningSimulator;
const issuerCertificates = new Map<string, X509Certificate>();

before(async () => {
  sim = await startSimulator({ okDelayMs: 0, userTimeoutMs: 150 });
  for (const pem of sim.ca.pems()) {
    const ca = new X509Certificate(pem);
    issuerCertificates.set(/CN=([^\n]+)/.exec(ca.subject)![1]!, ca);
  }
});
after(() => sim.close());

const person = (row: Row) => ({ phoneNumber: row.phone, nationalIdentityNumber: row.code });

for (const row of TABLE) {
  test(`${row.phone} / ${row.code}: authentication ends ${row.outcome}`, async () => {
    const hash = newHash();
    const status = await runSession(sim.url, 'authentication', person(row), hash);
    assert.equal(status.status, 200);
    assert.equal(status.body.state, 'COMPLETE');
    assert.equal(status.body.result, row.outcome);
    if (row.outcome === 'OK') {
      const cert = certificateOf(status.body.cert);
      assert.ok(cert.subject.includes(`serialNumber=PNO${row.country}-${row.code}`), cert.subject);
      assert.ok(cert.subject.includes(`C=${row.country}`));
      assert.ok(cert.verify(issuerCertificates.get(row.issuer!)!.publicKey), `signed by ${row.issuer}`);
      assert.ok(cert.issuer.includes(`CN=${row.issuer}`));
      const rsa = cert.publicKey.asymmetricKeyType === 'rsa';
      assert.equal(status.body.signature.algorithm, rsa ? 'SHA256WithRSAEncryption' : 'SHA256WithECEncryption');
      if (rsa) {
        assert.ok(nodeVerify(hash.nodeHash, hash.data, cert.publicKey, Buffer.from(status.body.signature.value, 'base64')));
      } else {
        assert.ok(verifiesWithNoble(status.body.signature.value, hash.hash, cert));
      }
    } else {
      assert.deepEqual(Object.keys(status.body).sort(), ['result', 'state', 'time', 'traceId']);
    }
  });

  test(`${row.phone} / ${row.code}: /certificate answers ${row.client ? 'OK' : 'NOT_FOUND'}`, async () => {
    const answer = await post(sim.url, '/certificate', { ...RP, ...person(row) });
    assert.equal(answer.status, 200);
    if (!row.client) {
      assert.equal(answer.body.result, 'NOT_FOUND');
      assert.equal(answer.body.cert, undefined);
      return;
    }
    assert.equal(answer.body.result, 'OK');
    const cert = certificateOf(answer.body.cert);
    assert.ok(cert.subject.includes(`serialNumber=PNO${row.country}-${row.code}`));
    const expectedIssuer = row.issuer ?? (row.country === 'LT' ? EID : ESTEID);
    assert.ok(cert.verify(issuerCertificates.get(expectedIssuer)!.publicKey));
  });
}

test('the person of the table row decides, not the code alone: 50001018908 times out under both of its phones', async () => {
  for (const phone of ['+37266000266', '+37066000266']) {
    const status = await runSession(sim.url, 'authentication', { phoneNumber: phone, nationalIdentityNumber: '50001018908' });
    assert.equal(status.body.result, 'TIMEOUT');
  }
});

test('any other pair, including a demo code with a foreign phone, ends NOT_MID_CLIENT and has no certificate', async () => {
  for (const pair of [
    { phoneNumber: '+37255555555', nationalIdentityNumber: '38001085718' },
    { phoneNumber: '+37269000366', nationalIdentityNumber: '60001019906' },
  ]) {
    const status = await runSession(sim.url, 'authentication', pair);
    assert.deepEqual([status.body.state, status.body.result], ['COMPLETE', 'NOT_MID_CLIENT']);
    const certificate = await post(sim.url, '/certificate', { ...RP, ...pair });
    assert.equal(certificate.body.result, 'NOT_FOUND');
  }
});

for (const hashType of ['SHA256', 'SHA384', 'SHA512'] as HashName[]) {
  test(`signing session (${hashType}): signature by the /certificate key over the received hash, no cert`, async () => {
    for (const who of [TABLE[0]!, TABLE[4]!]) {
      const hash = newHash(hashType);
      const status = await runSession(sim.url, 'signature', person(who), hash);
      assert.equal(status.body.result, 'OK');
      assert.equal(status.body.cert, undefined);
      const signing = certificateOf((await post(sim.url, '/certificate', { ...RP, ...person(who) })).body.cert);
      const rsa = signing.publicKey.asymmetricKeyType === 'rsa';
      assert.equal(status.body.signature.algorithm, `${hashType}With${rsa ? 'RSA' : 'EC'}Encryption`);
      const signature = Buffer.from(status.body.signature.value, 'base64');
      assert.ok(nodeVerify(hash.nodeHash, hash.data, rsa ? signing.publicKey : { key: signing.publicKey, dsaEncoding: 'ieee-p1363' }, signature));
    }
  });
}
