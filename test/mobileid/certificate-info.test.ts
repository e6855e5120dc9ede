import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCertificate } from '../../src/mobileid/certificate-info.ts';
import { createTestCa, issueLeaf } from './test-pki.ts';

const CAPTURED = '/work/shared/fixtures/mid/captured';

function capturedCert(name: string): Buffer {
  const json = JSON.parse(readFileSync(join(CAPTURED, `${name}.json`), 'utf8')) as { statusResponse: { cert: string } };
  return Buffer.from(json.statusResponse.cert, 'base64');
}

test('describes the tara-2025 certificate in the contract shape', () => {
  const der = capturedCert('tara-2025');
  const info = describeCertificate(der);
  assert.deepEqual({ ...info, value: undefined }, {
    // As printed by `openssl x509 -noout -subject -nameopt compat` (X509_NAME_oneline), OpenSSL 3.0.
    name: '/C=EE/CN=MARY \\xC3\\x84NN,O\\xE2\\x80\\x99CONNE\\xC5\\xBD-\\xC5\\xA0USLIK TESTNUMBER/SN=O\\xE2\\x80\\x99CONNE\\xC5\\xBD-\\xC5\\xA0USLIK TESTNUMBER/GN=MARY \\xC3\\x84NN/serialNumber=PNOEE-60001019906',
    subject: {
      country: 'EE',
      organisation: null,
      organisation_unit: null,
      common_name: 'MARY ÄNN,O’CONNEŽ-ŠUSLIK TESTNUMBER',
      surname: 'O’CONNEŽ-ŠUSLIK TESTNUMBER',
      name: 'MARY ÄNN',
      serial_number: 'PNOEE-60001019906',
    },
    issuer: { country: 'EE', organisation: 'AS Sertifitseerimiskeskus', common_name: 'TEST of ESTEID-SK 2015' },
    valid_from: '2025-11-20',
    valid_to: '2030-11-19',
    value: undefined,
  });
  // `value` is Base64 of the Base64 DER text, as in the vendor's samples ("TUlJ…" = "MIIF…").
  const inner = Buffer.from(info.value, 'base64').toString('latin1');
  assert.match(inner, /^[A-Za-z0-9+/]+=*$/);
  assert.deepEqual(Buffer.from(inner, 'base64'), der);
});

test('describes the java-ecc certificate: organisation, unit and attribute order kept, no PNO prefix', () => {
  const info = describeCertificate(capturedCert('java-ecc'));
  assert.equal(
    info.name,
    '/C=EE/O=ESTEID (MOBIIL-ID)/OU=authentication/SN=O\\xE2\\x80\\x99CONNE\\xC5\\xBD-\\xC5\\xA0USLIK TESTNUMBER/GN=MARY \\xC3\\x84NN/serialNumber=60001019906/CN=O\\xE2\\x80\\x99CONNE\\xC5\\xBD-\\xC5\\xA0USLIK TESTNUMBER,MARY \\xC3\\x84NN,60001019906',
  );
  assert.equal(info.subject.organisation, 'ESTEID (MOBIIL-ID)');
  assert.equal(info.subject.organisation_unit, 'authentication');
  assert.equal(info.subject.serial_number, '60001019906');
  // notAfter is 2030-12-17 23:59:59 UTC: the day is the UTC day.
  assert.equal(info.valid_from, '2022-12-12');
  assert.equal(info.valid_to, '2030-12-17');
});

test('one-line name: every string type escaped from its encoded bytes, "/" escaped, unknown types as OIDs', async () => {
  const ca = await createTestCa();
  const leaf = await issueLeaf(ca, {
    key: 'P-256',
    notBefore: new Date('2024-03-01T00:00:00Z'),
    notAfter: new Date('2029-02-28T23:59:59Z'),
    subject: [
      ['2.5.4.6', 'LT'],
      ['2.5.4.10', { bmpString: 'Ąžuolas' }],
      ['2.5.4.11', { ia5String: 'unit/a=b' }],
      ['2.5.4.97', 'NTRLT-1'],
      ['1.2.3.4', { utf8String: 'tab\there' }],
      ['2.5.4.3', { universalString: 'Ėglė' }],
    ],
  });
  const info = describeCertificate(leaf.der);
  // As printed by `openssl x509 -noout -subject -nameopt compat` for a certificate with this subject.
  assert.equal(
    info.name,
    '/C=LT/O=\\x01\\x04\\x01~\\x00u\\x00o\\x00l\\x00a\\x00s/OU=unit\\/a=b/organizationIdentifier=NTRLT-1/1.2.3.4=tab\\x09here/CN=\\x00\\x00\\x01\\x16\\x00\\x00\\x00g\\x00\\x00\\x00l\\x00\\x00\\x01\\x17',
  );
  assert.deepEqual(info.subject, {
    country: 'LT',
    organisation: 'Ąžuolas',
    organisation_unit: 'unit/a=b',
    common_name: 'Ėglė',
    surname: null,
    name: null,
    serial_number: null,
  });
  assert.deepEqual(info.issuer, { country: 'EE', organisation: 'eidgate tests', common_name: 'TEST of eidgate issuing CA' });
  assert.equal(info.valid_from, '2024-03-01');
  assert.equal(info.valid_to, '2029-02-28');
});

test('an attribute given twice is described by its first occurrence', async () => {
  const ca = await createTestCa();
  const leaf = await issueLeaf(ca, { key: 'P-256', subject: [['2.5.4.11', 'first'], ['2.5.4.11', 'second'], ['2.5.4.3', 'x']] });
  const info = describeCertificate(leaf.der);
  assert.equal(info.subject.organisation_unit, 'first');
  assert.equal(info.name, '/OU=first/OU=second/CN=x');
});

test('anything but a DER certificate is a TypeError', () => {
  for (const bytes of [new Uint8Array(0), Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x01]), new TextEncoder().encode('-----BEGIN CERTIFICATE-----')]) {
    assert.throws(() => describeCertificate(bytes), TypeError);
  }
});
