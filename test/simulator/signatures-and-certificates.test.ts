/**
 * The simulator signs like a Mobile-ID SIM and issues certificates like SK's test CAs. Checked
 * with tools that share nothing with the simulator: @noble/curves in prehash-free mode, node:crypto
 * verifying over the original data, and the DER bytes themselves.
 */
import 'reflect-metadata';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, verify as nodeVerify } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { MARY, RP, RSA_PERSON, certificateOf, isHighS, newHash, post, runSession, verifiesWithNoble, type HashName } from './helpers.ts';

let sim: RunningSimulator;
let anchors: X509Certificate[];
before(async () => {
  sim = await startSimulator({ okDelayMs: 0 });
  anchors = sim.ca.pems().map((pem) => new X509Certificate(pem));
});
after(() => sim.close());

test('40 OK authentications over random hashes: every signature verifies over the raw hash, both high-S and low-S occur', async () => {
  let high = 0;
  let low = 0;
  const answers = await Promise.all(Array.from({ length: 40 }, async () => {
    const hash = newHash();
    return { hash, status: await runSession(sim.url, 'authentication', MARY, hash) };
  }));
  for (const { hash, status } of answers) {
    assert.equal(status.body.result, 'OK');
    const signature = Buffer.from(status.body.signature.value, 'base64');
    assert.equal(signature.length, 64, 'raw r‖s, not DER');
    const cert = certificateOf(status.body.cert);
    assert.ok(verifiesWithNoble(status.body.signature.value, hash.hash, cert));
    const tampered = Buffer.from(hash.hash);
    tampered[0] = (tampered[0] as number) ^ 0x80;
    assert.equal(verifiesWithNoble(status.body.signature.value, tampered, cert), false);
    if (isHighS(status.body.signature.value)) high += 1; else low += 1;
  }
  // P(all 40 on one side) = 2^-39: not a flaky assertion.
  assert.ok(high > 0 && low > 0, `high-S ${high}, low-S ${low}`);
});

for (const hashType of ['SHA256', 'SHA384', 'SHA512'] as HashName[]) {
  test(`${hashType}: EC signature over the received hash (truncated to 256 bits by ECDSA), algorithm ${hashType}WithECEncryption`, async () => {
    const hash = newHash(hashType);
    const status = await runSession(sim.url, 'authentication', MARY, hash);
    assert.equal(status.body.signature.algorithm, `${hashType}WithECEncryption`);
    const cert = certificateOf(status.body.cert);
    assert.ok(verifiesWithNoble(status.body.signature.value, hash.hash, cert));
    // Independently: OpenSSL's ECDSA over the original data with the same digest.
    assert.ok(nodeVerify(hash.nodeHash, hash.data, { key: cert.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(status.body.signature.value, 'base64')));
  });

  test(`${hashType}: the RSA person signs PKCS#1 v1.5 over DigestInfo ‖ hash, algorithm ${hashType}WithRSAEncryption`, async () => {
    const hash = newHash(hashType);
    const status = await runSession(sim.url, 'authentication', RSA_PERSON, hash);
    assert.equal(status.body.signature.algorithm, `${hashType}WithRSAEncryption`);
    const cert = certificateOf(status.body.cert);
    assert.equal(cert.publicKey.asymmetricKeyType, 'rsa');
    assert.equal(cert.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.ok(nodeVerify(hash.nodeHash, hash.data, cert.publicKey, Buffer.from(status.body.signature.value, 'base64')));
    assert.equal(nodeVerify(hash.nodeHash, Buffer.concat([hash.data, Buffer.from('x')]), cert.publicKey, Buffer.from(status.body.signature.value, 'base64')), false);
  });
}

/** DER of an attribute value as UTF8String (tag 0x0c), to find it byte-exact inside a certificate. */
function utf8StringDer(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([0x0c, bytes.length]), bytes]);
}

test('authentication certificate: SK subject layout with non-ASCII names as UTF8String, EC key, digitalSignature + keyAgreement, valid now, chained to the exported CA', async () => {
  const status = await runSession(sim.url, 'authentication', MARY);
  const der = Buffer.from(status.body.cert, 'base64');
  const cert = new x509.X509Certificate(der);
  const name = cert.subjectName;
  assert.deepEqual(name.getField('C'), ['EE']);
  assert.deepEqual(name.getField('CN'), ['MARY ÄNN,O’CONNEŽ-ŠUSLIK TESTNUMBER']);
  assert.deepEqual(name.getField('2.5.4.4'), ['O’CONNEŽ-ŠUSLIK TESTNUMBER']);
  assert.deepEqual(name.getField('2.5.4.42'), ['MARY ÄNN']);
  assert.deepEqual(name.getField('2.5.4.5'), ['PNOEE-60001019906']);
  for (const text of ['MARY ÄNN', 'O’CONNEŽ-ŠUSLIK TESTNUMBER', 'MARY ÄNN,O’CONNEŽ-ŠUSLIK TESTNUMBER']) {
    assert.ok(der.includes(utf8StringDer(text)), `${text} as UTF8String`);
  }
  const usage = cert.getExtension(x509.KeyUsagesExtension)!;
  assert.equal(usage.critical, true);
  assert.equal(usage.usages, x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement);
  assert.ok(cert.notBefore.getTime() <= Date.now() && Date.now() <= cert.notAfter.getTime());
  const node = new X509Certificate(der);
  assert.equal(node.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  assert.equal(node.issuer, anchors[0]!.subject);
  assert.ok(node.checkIssued(anchors[0]!) && node.verify(anchors[0]!.publicKey));
  assert.equal(node.verify(anchors[1]!.publicKey), false);
});

test('signing certificate (/certificate): nonRepudiation only, a different key than the authentication certificate', async () => {
  const signing = new x509.X509Certificate(Buffer.from((await post(sim.url, '/certificate', { ...RP, ...MARY })).body.cert, 'base64'));
  assert.equal(signing.getExtension(x509.KeyUsagesExtension)!.usages, x509.KeyUsageFlags.nonRepudiation);
  const auth = certificateOf((await runSession(sim.url, 'authentication', MARY)).body.cert);
  assert.notEqual(Buffer.from(signing.publicKey.rawData).toString('hex'), auth.publicKey.export({ type: 'spki', format: 'der' }).toString('hex'));
  assert.deepEqual(await sim.certificates(MARY.phoneNumber, MARY.nationalIdentityNumber), {
    authentication: auth.raw.toString('base64'),
    signing: Buffer.from(signing.rawData).toString('base64'),
  });
});

test('issuers: +37268000769 and the LT person under TEST of EID-SK 2016 (PNOLT- for LT); the CA subjects copy SK\'s', async () => {
  const eid = anchors.find((ca) => ca.subject.includes('CN=TEST of EID-SK 2016'))!;
  for (const [person, prefix] of [[{ phoneNumber: '+37268000769', nationalIdentityNumber: '60001017869' }, 'PNOEE-'],
    [{ phoneNumber: '+37060000666', nationalIdentityNumber: '50001018865' }, 'PNOLT-']] as const) {
    const cert = certificateOf((await runSession(sim.url, 'authentication', person)).body.cert);
    assert.ok(cert.verify(eid.publicKey));
    assert.ok(cert.subject.includes(`serialNumber=${prefix}${person.nationalIdentityNumber}`));
  }
  for (const ca of anchors) {
    assert.match(ca.subject, /^C=EE\nO=AS Sertifitseerimiskeskus\norganizationIdentifier=NTREE-10747013\nCN=TEST of (ESTEID-SK 2015|EID-SK 2016)$/);
    assert.match(ca.issuer, /CN=TEST of EE Certification Centre Root CA/);
    assert.ok(ca.ca);
  }
  assert.equal(anchors.length, 2);
});
