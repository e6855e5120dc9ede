import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, privateEncrypt } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyUsageFlags } from '@peculiar/asn1-x509';
import { verifyAuthentication, type VerificationInput, type VerificationResult } from '../../src/mobileid/verify.ts';
import { loadTrustAnchors, trustAnchorsFromPem } from '../../src/mobileid/trust-anchors.ts';
import type { HashType } from '../../src/mobileid/hash-type.ts';
import {
  MARY_SUBJECT,
  createTestCa,
  curveOrder,
  isHighS,
  issueLeaf,
  okResponse,
  signChallenge,
  type TestCa,
} from './test-pki.ts';

const FIXTURES = '/work/shared/fixtures/mid';
const CA_DIR = join(FIXTURES, 'trusted-ca');
// The captured certificates are valid until late 2030; the clock is pinned so the tests keep passing.
const NOW = new Date('2026-11-28T12:00:00Z');
const MARY_CODE = '60001019906';

interface Capture {
  hash: string;
  hashType: HashType;
  statusResponse: { state: string; result: string; signature: { value: string; algorithm: string }; cert: string };
}

function capture(name: 'tara-2025' | 'java-ecc'): Capture {
  return JSON.parse(readFileSync(join(FIXTURES, 'captured', `${name}.json`), 'utf8')) as Capture;
}

const anchors = await loadTrustAnchors(CA_DIR);

function verifyCapture(c: Capture, overrides: Partial<VerificationInput> = {}): VerificationResult {
  return verifyAuthentication({
    hash: new Uint8Array(Buffer.from(c.hash, 'base64')),
    hashType: c.hashType,
    requestedCode: MARY_CODE,
    response: c.statusResponse,
    anchors,
    now: NOW,
    ...overrides,
  });
}

function assertFailure(result: VerificationResult, failure: string): void {
  assert.equal(result.ok, false, 'expected a failure');
  if (result.ok) return;
  assert.equal(result.failure, failure, `failure ${result.failure}: ${result.detail}`);
  // detail goes to logs: it must describe the problem without personal data.
  for (const personal of [MARY_CODE, 'MARY', 'TESTNUMBER', 'ÄNN', 'O’CONNEŽ']) {
    assert.ok(!result.detail.includes(personal), `detail leaks personal data: ${result.detail}`);
  }
}

function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] as number) ^ 0x01;
  return bytes.toString('base64');
}

for (const name of ['tara-2025', 'java-ecc'] as const) {
  test(`${name}: the genuine demo response is accepted and yields the person from the subject attributes`, () => {
    const c = capture(name);
    const result = verifyCapture(c);
    assert.ok(result.ok, result.ok ? '' : `${result.failure}: ${result.detail}`);
    const { certificate, ...identity } = result.identity;
    assert.deepEqual(identity, {
      givenName: 'MARY ÄNN',
      surname: 'O’CONNEŽ-ŠUSLIK TESTNUMBER',
      personalCode: MARY_CODE,
      country: 'EE',
      dateOfBirth: '2000-01-01',
      gender: 'female',
      issuerCommonName: 'TEST of ESTEID-SK 2015',
    });
    assert.deepEqual(Buffer.from(certificate), Buffer.from(c.statusResponse.cert, 'base64'));
    assert.equal(certificate.byteLength, certificate.buffer.byteLength, 'the certificate owns its bytes');
  });

  test(`${name}: a change in the first hash byte is a bad signature`, () => {
    const c = capture(name);
    const hash = Buffer.from(c.hash, 'base64');
    hash[0] = (hash[0] as number) ^ 0x01;
    assertFailure(verifyCapture(c, { hash: new Uint8Array(hash) }), 'bad_signature');
  });

  test(`${name}: a change in one signature byte is a bad signature`, () => {
    const c = capture(name);
    for (const index of [5, 40, -1]) {
      const response = { ...c.statusResponse, signature: { ...c.statusResponse.signature, value: flipByte(c.statusResponse.signature.value, index) } };
      assertFailure(verifyCapture(c, { response }), 'bad_signature');
    }
  });

  test(`${name}: a changed certificate no longer chains to its CA`, () => {
    const c = capture(name);
    // Byte 16 is inside the serial number (TBS), the last byte inside the CA's signature: DER stays valid.
    for (const index of [16, -1]) {
      const response = { ...c.statusResponse, cert: flipByte(c.statusResponse.cert, index) };
      assertFailure(verifyCapture(c, { response }), 'untrusted_chain');
    }
  });

  test(`${name}: with an anchor directory that lacks its issuing CA the chain is untrusted`, async () => {
    const c = capture(name);
    const dir = mkdtempSync(join(tmpdir(), 'eidgate-anchors-'));
    try {
      for (const file of ['TEST_of_EID-SK_2016.pem.crt', 'TEST_of_NQ-SK_2016.pem.crt']) copyFileSync(join(CA_DIR, file), join(dir, file));
      assertFailure(verifyCapture(c, { anchors: await loadTrustAnchors(dir) }), 'untrusted_chain');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${name}: a different requested personal code is an identity mismatch`, () => {
    assertFailure(verifyCapture(capture(name), { requestedCode: '60001017705' }), 'identity_mismatch');
  });

  test(`${name}: the algorithm name is compared case-insensitively, and must name the requested hash type`, () => {
    const c = capture(name);
    const withAlgorithm = (algorithm: string) => ({ ...c.statusResponse, signature: { ...c.statusResponse.signature, algorithm } });
    const lower = verifyCapture(c, { response: withAlgorithm(c.statusResponse.signature.algorithm.toLowerCase()) });
    assert.equal(lower.ok, true);
    const other = c.hashType === 'SHA256' ? 'SHA512WithECEncryption' : 'SHA256WithECEncryption';
    assertFailure(verifyCapture(c, { response: withAlgorithm(other) }), 'bad_signature');
    const rsaName = `${c.hashType}WithRSAEncryption`;
    assertFailure(verifyCapture(c, { response: withAlgorithm(rsaName) }), 'bad_signature');
    assertFailure(verifyCapture(c, { response: withAlgorithm('ECDSA') }), 'bad_signature');
  });
}

test('tara-2025 (SHA-256 on P-256): a change in the last hash byte is a bad signature', () => {
  const c = capture('tara-2025');
  const hash = Buffer.from(c.hash, 'base64');
  hash[31] = (hash[31] as number) ^ 0x01;
  assertFailure(verifyCapture(c, { hash: new Uint8Array(hash) }), 'bad_signature');
});

test('java-ecc (SHA-512 on P-256): ECDSA uses the leftmost 32 bytes, so the last hash byte does not matter', () => {
  const c = capture('java-ecc');
  const hash = Buffer.from(c.hash, 'base64');
  hash[63] = (hash[63] as number) ^ 0x01;
  assert.equal(verifyCapture(c, { hash: new Uint8Array(hash) }).ok, true);
});

test('validity: after notAfter is expired, before notBefore is not yet valid (leaf first, then its CA)', () => {
  const tara = capture('tara-2025'); // leaf 2025-11-20 … 2030-11-19, CA … 2030-12-17
  assertFailure(verifyCapture(tara, { now: new Date('2030-12-01T00:00:00Z') }), 'expired');
  assertFailure(verifyCapture(tara, { now: new Date('2025-11-20T13:53:30Z') }), 'not_yet_valid');
  assert.equal(verifyCapture(tara, { now: new Date('2025-11-20T13:53:31Z') }).ok, true, 'notBefore itself is valid');
  assert.equal(verifyCapture(tara, { now: new Date('2030-11-19T13:53:30Z') }).ok, true, 'notAfter itself is valid');
  const javaEcc = capture('java-ecc'); // leaf 2022-12-12 … 2030-12-17 23:59:59, the same end as its CA
  assertFailure(verifyCapture(javaEcc, { now: new Date('2031-01-01T00:00:00Z') }), 'expired');
  assertFailure(verifyCapture(javaEcc, { now: new Date('2022-12-01T00:00:00Z') }), 'not_yet_valid');
});

test('malformed responses are reported as malformed_response and never throw', () => {
  const c = capture('tara-2025');
  const ok = c.statusResponse;
  const garbage: unknown[] = [
    null,
    undefined,
    42,
    'COMPLETE',
    [],
    [ok],
    {},
    { ...ok, state: 'RUNNING' },
    { ...ok, result: 'USER_CANCELLED' },
    { ...ok, result: 'ok' },
    { ...ok, cert: undefined },
    { ...ok, cert: 12 },
    { ...ok, cert: '' },
    { ...ok, cert: 'not base64!' },
    { ...ok, cert: `${ok.cert} ` },
    { ...ok, cert: 'AAAA' },
    { ...ok, cert: Buffer.from(ok.cert, 'base64').subarray(0, 300).toString('base64') },
    { ...ok, cert: Buffer.concat([Buffer.from(ok.cert, 'base64'), Buffer.of(0)]).toString('base64') },
    { ...ok, cert: Buffer.from(`-----BEGIN CERTIFICATE-----\n${ok.cert}\n-----END CERTIFICATE-----\n`).toString('base64') },
    { ...ok, signature: undefined },
    { ...ok, signature: 'abc' },
    { ...ok, signature: [] },
    { ...ok, signature: { algorithm: ok.signature.algorithm } },
    { ...ok, signature: { value: ok.signature.value } },
    { ...ok, signature: { value: 7, algorithm: ok.signature.algorithm } },
    { ...ok, signature: { value: '%%%', algorithm: ok.signature.algorithm } },
    { ...ok, signature: { value: ok.signature.value, algorithm: null } },
  ];
  for (const response of garbage) {
    const result = verifyCapture(c, { response });
    assertFailure(result, 'malformed_response');
  }
});

test('random damage to any part of a response never throws', () => {
  // A fixed-seed generator keeps the test deterministic.
  let seed = 0x2f6a;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (const name of ['tara-2025', 'java-ecc'] as const) {
    const c = capture(name);
    for (let i = 0; i < 150; i++) {
      const cert = Buffer.from(c.statusResponse.cert, 'base64');
      const sig = Buffer.from(c.statusResponse.signature.value, 'base64');
      const target = random(3) === 0 ? sig : cert;
      for (let k = 0; k <= random(4); k++) target[random(target.length)] = random(256);
      const response = {
        ...c.statusResponse,
        cert: random(10) === 0 ? cert.subarray(0, random(cert.length)).toString('base64') : cert.toString('base64'),
        signature: { ...c.statusResponse.signature, value: sig.toString('base64') },
      };
      const result = verifyCapture(c, { response });
      assert.equal(typeof result.ok, 'boolean');
    }
  }
});

test('the caller\'s own arguments are checked: hash length, hash type, clock (programming errors, not response problems)', () => {
  const c = capture('tara-2025');
  assert.throws(() => verifyCapture(c, { hash: new Uint8Array(48) }), RangeError);
  assert.throws(() => verifyCapture(c, { hashType: 'MD5' as HashType }), TypeError);
  assert.throws(() => verifyCapture(c, { now: new Date('not a date') }), RangeError);
});

// --- Throwaway PKI: key types, hash types and certificate properties the captures do not cover ---

const ca = await createTestCa();
const testAnchors = trustAnchorsFromPem([ca.pem]);

function verifyGenerated(
  leaf: { der: Uint8Array },
  hashType: HashType,
  signed: { hash: Uint8Array; signature: Uint8Array },
  algorithm: string,
  overrides: Partial<VerificationInput> = {},
): VerificationResult {
  return verifyAuthentication({
    hash: signed.hash,
    hashType,
    requestedCode: MARY_CODE,
    response: okResponse(leaf, signed.signature, algorithm),
    anchors: testAnchors,
    now: NOW,
    ...overrides,
  });
}

test('RSA key: PKCS#1 v1.5 signatures over DigestInfo ‖ hash verify for SHA-256, SHA-384 and SHA-512', async () => {
  const leaf = await issueLeaf(ca, { key: 'RSA' });
  for (const hashType of ['SHA256', 'SHA384', 'SHA512'] as const) {
    const signed = signChallenge(leaf, hashType);
    const result = verifyGenerated(leaf, hashType, signed, `${hashType}WithRSAEncryption`);
    assert.ok(result.ok, result.ok ? '' : `${hashType}: ${result.failure} ${result.detail}`);
    assert.equal(result.identity.personalCode, MARY_CODE);

    const damaged = new Uint8Array(signed.signature);
    damaged[100] = (damaged[100] as number) ^ 0x01;
    assertFailure(verifyGenerated(leaf, hashType, { ...signed, signature: damaged }, `${hashType}WithRSAEncryption`), 'bad_signature');
    assertFailure(verifyGenerated(leaf, hashType, signed, `${hashType}WithECEncryption`), 'bad_signature');
  }
});

test('RSA key: the DigestInfo is required and pins the hash type', async () => {
  const leaf = await issueLeaf(ca, { key: 'RSA' });
  const { hash } = signChallenge(leaf, 'SHA256');
  const rawSign = (block: Uint8Array) => new Uint8Array(privateEncrypt({ key: leaf.privateKey, padding: constants.RSA_PKCS1_PADDING }, block));
  const digestInfo = (prefix: string) => Buffer.concat([Buffer.from(prefix, 'hex'), hash]);
  const sha256Info = '3031300d060960864801650304020105000420';
  // Control: the type-1 block over DigestInfo(SHA-256) ‖ hash is exactly a PKCS#1 v1.5 signature.
  assert.equal(verifyGenerated(leaf, 'SHA256', { hash, signature: rawSign(digestInfo(sha256Info)) }, 'SHA256WithRSAEncryption').ok, true);
  // The bare hash, without DigestInfo, is not.
  assertFailure(verifyGenerated(leaf, 'SHA256', { hash, signature: rawSign(hash) }, 'SHA256WithRSAEncryption'), 'bad_signature');
  // A DigestInfo that names SHA-512 around the same 32 bytes is not a SHA-256 signature.
  const sha512Info = '3031300d060960864801650304020305000420';
  assertFailure(verifyGenerated(leaf, 'SHA256', { hash, signature: rawSign(digestInfo(sha512Info)) }, 'SHA256WithRSAEncryption'), 'bad_signature');
});

test('EC keys: genuine high-S signatures are accepted (SIMs do not normalise s)', async () => {
  for (const key of ['P-256', 'P-384'] as const) {
    const leaf = await issueLeaf(ca, { key });
    for (const hashType of ['SHA256', 'SHA384', 'SHA512'] as const) {
      const signed = signChallenge(leaf, hashType, { highS: true });
      assert.ok(isHighS(signed.signature, curveOrder(key)), 'the test signature must really be high-S');
      const result = verifyGenerated(leaf, hashType, signed, `${hashType}WithECEncryption`);
      assert.ok(result.ok, result.ok ? '' : `${key} ${hashType}: ${result.failure} ${result.detail}`);
    }
  }
});

test('EC key: the algorithm name must match the requested hash type', async () => {
  const leaf = await issueLeaf(ca, { key: 'P-256' });
  const signed = signChallenge(leaf, 'SHA256');
  assertFailure(verifyGenerated(leaf, 'SHA256', signed, 'SHA384WithECEncryption'), 'bad_signature');
  assertFailure(verifyGenerated(leaf, 'SHA256', signed, 'SHA256WithRSAEncryption'), 'bad_signature');
});

test('a certificate without digitalSignature in its KeyUsage, or without KeyUsage, is refused', async () => {
  for (const keyUsage of [KeyUsageFlags.keyAgreement | KeyUsageFlags.nonRepudiation, null]) {
    const leaf = await issueLeaf(ca, { key: 'P-256', keyUsage });
    const signed = signChallenge(leaf, 'SHA256');
    assertFailure(verifyGenerated(leaf, 'SHA256', signed, 'SHA256WithECEncryption'), 'missing_key_usage');
  }
});

test('a CA with the trusted name but another key is not trusted: names alone prove nothing', async () => {
  const impostor: TestCa = await createTestCa({ keyIdOf: ca }); // same subject name and key id as `ca`, other key
  const leaf = await issueLeaf(impostor, { key: 'P-256' });
  const signed = signChallenge(leaf, 'SHA256');
  assertFailure(verifyGenerated(leaf, 'SHA256', signed, 'SHA256WithECEncryption'), 'untrusted_chain');
});

test('an expired or not yet valid issuing CA fails the leaf that it signed', async () => {
  const shortLived = await createTestCa({
    commonName: 'TEST of short-lived CA',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
  });
  const leaf = await issueLeaf(shortLived, { key: 'P-256', notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2029-01-01T00:00:00Z') });
  const signed = signChallenge(leaf, 'SHA256');
  const anchorsOf = { anchors: trustAnchorsFromPem([shortLived.pem]) };
  assert.equal(verifyGenerated(leaf, 'SHA256', signed, 'SHA256WithECEncryption', { ...anchorsOf }).ok, true);
  assertFailure(verifyGenerated(leaf, 'SHA256', signed, 'SHA256WithECEncryption', { ...anchorsOf, now: new Date('2028-01-01T00:00:00Z') }), 'expired');
  assertFailure(verifyGenerated(leaf, 'SHA256', signed, 'SHA256WithECEncryption', { ...anchorsOf, now: new Date('2025-06-01T00:00:00Z') }), 'not_yet_valid');
});

test('identity: PNOxx- prefix stripped, country from C, never from CN; no prefix on older certificates', async () => {
  const lithuanian: Array<[string, string]> = [
    ['2.5.4.6', 'LT'],
    ['2.5.4.3', 'SOMEONE ELSE,NOT THIS,PNOLT-99999999999'],
    ['2.5.4.4', 'ŽEMAITĖ'],
    ['2.5.4.42', 'JONĖ'],
    ['2.5.4.5', 'PNOLT-50001018865'],
  ];
  const leaf = await issueLeaf(ca, { key: 'P-256', subject: lithuanian });
  const signed = signChallenge(leaf, 'SHA256');
  const result = verifyGenerated(leaf, 'SHA256', signed, 'SHA256WithECEncryption', { requestedCode: '50001018865' });
  assert.ok(result.ok);
  assert.equal(result.identity.personalCode, '50001018865');
  assert.equal(result.identity.country, 'LT');
  assert.equal(result.identity.givenName, 'JONĖ');
  assert.equal(result.identity.surname, 'ŽEMAITĖ');
  assert.equal(result.identity.dateOfBirth, '2000-01-01');
  assert.equal(result.identity.gender, 'male');
  assert.equal(result.identity.issuerCommonName, 'TEST of eidgate issuing CA');
  // The CN names another code: asking for it must fail.
  assertFailure(verifyGenerated(leaf, 'SHA256', signed, 'SHA256WithECEncryption', { requestedCode: '99999999999' }), 'identity_mismatch');
});

test('identity: a code that fails its checksum is still the identity a trusted certificate asserts', async () => {
  const code = '60001019907'; // 60001019906 is the valid one
  const subject = MARY_SUBJECT.map(([t, v]): [string, string] => (t === '2.5.4.5' ? [t, `PNOEE-${code}`] : [t, v]));
  const leaf = await issueLeaf(ca, { key: 'P-256', subject });
  const result = verifyGenerated(leaf, 'SHA256', signChallenge(leaf, 'SHA256'), 'SHA256WithECEncryption', { requestedCode: code });
  assert.ok(result.ok);
  assert.equal(result.identity.dateOfBirth, '2000-01-01');
});

test('identity: a missing, duplicated or non-PNO serialNumber, or a missing name, is an identity mismatch', async () => {
  const without = (oid: string) => MARY_SUBJECT.filter(([t]) => t !== oid);
  const subjects: Array<Array<[string, string]>> = [
    without('2.5.4.5'),
    [...MARY_SUBJECT, ['2.5.4.5', 'PNOEE-60001017705']],
    MARY_SUBJECT.map(([t, v]): [string, string] => (t === '2.5.4.5' ? [t, `IDCEE-${MARY_CODE}`] : [t, v])),
    without('2.5.4.42'),
    without('2.5.4.4'),
    without('2.5.4.6'),
  ];
  for (const subject of subjects) {
    const leaf = await issueLeaf(ca, { key: 'P-256', subject });
    assertFailure(verifyGenerated(leaf, 'SHA256', signChallenge(leaf, 'SHA256'), 'SHA256WithECEncryption'), 'identity_mismatch');
  }
});

test('checks run in the documented order: an untrusted, expired, badly signed response is reported untrusted', async () => {
  const stranger = await createTestCa({ commonName: 'Unknown CA' });
  const leaf = await issueLeaf(stranger, { key: 'P-256', notAfter: new Date('2025-01-01T00:00:00Z') });
  const signed = signChallenge(leaf, 'SHA256');
  const wrong = { ...signed, hash: new Uint8Array(32) };
  assertFailure(verifyGenerated(leaf, 'SHA256', wrong, 'SHA256WithECEncryption', { requestedCode: '1' }), 'untrusted_chain');
  const trustedButExpired = await issueLeaf(ca, { key: 'P-256', notAfter: new Date('2025-01-01T00:00:00Z'), keyUsage: null });
  assertFailure(verifyGenerated(trustedButExpired, 'SHA256', wrong, 'SHA256WithECEncryption', { requestedCode: '1' }), 'expired');
});
