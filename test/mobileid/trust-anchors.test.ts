import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { loadTrustAnchors, trustAnchorsFromPem } from '../../src/mobileid/trust-anchors.ts';
import { createTestCa, issueLeaf } from './test-pki.ts';

const CA_DIR = '/work/shared/fixtures/mid/trusted-ca';
const ESTEID_2015 = readFileSync(join(CA_DIR, 'TEST_of_ESTEID-SK_2015.pem.crt'), 'utf8');
const EID_2016 = readFileSync(join(CA_DIR, 'TEST_of_EID-SK_2016.pem.crt'), 'utf8');
const NQ_2016 = readFileSync(join(CA_DIR, 'TEST_of_NQ-SK_2016.pem.crt'), 'utf8');

function withDir(files: Record<string, string | Uint8Array>, run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'eidgate-anchors-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return run(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

const commonNames = (anchors: { anchors: readonly { certificate: X509Certificate }[] }) =>
  anchors.anchors.map((a) => /CN=([^\n]*)/.exec(a.certificate.subject)?.[1]).sort();

test('loads the demo issuing CAs with their validity', async () => {
  const anchors = await loadTrustAnchors(CA_DIR);
  assert.deepEqual(commonNames(anchors), ['TEST of EID-SK 2016', 'TEST of ESTEID-SK 2015', 'TEST of NQ-SK 2016']);
  const esteid = anchors.anchors.find((a) => a.source.endsWith('TEST_of_ESTEID-SK_2015.pem.crt'));
  assert.equal(esteid?.notBefore.toISOString(), '2015-12-18T07:13:44.000Z');
  assert.equal(esteid?.notAfter.toISOString(), '2030-12-17T23:59:59.000Z');
});

test('reads several certificates from one file, .pem/.crt/.cer names, symlinks; ignores other files; drops duplicates', async () => {
  await withDir({ 'bundle.pem': `${ESTEID_2015}\n${EID_2016}`, 'nq.cer': NQ_2016, 'copy.crt': ESTEID_2015, 'README.md': 'not a certificate' }, async (dir) => {
    symlinkSync(join(dir, 'nq.cer'), join(dir, 'linked.pem'));
    const anchors = await loadTrustAnchors(dir);
    assert.deepEqual(commonNames(anchors), ['TEST of EID-SK 2016', 'TEST of ESTEID-SK 2015', 'TEST of NQ-SK 2016']);
  });
});

test('a file that is not a PEM certificate is an error naming the file', async () => {
  const der = new X509Certificate(ESTEID_2015).raw;
  const cases: Record<string, string | Uint8Array> = {
    'key.pem': '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIB==\n-----END PRIVATE KEY-----\n',
    'binary.cer': der,
    'broken.crt': '-----BEGIN CERTIFICATE-----\nMIIBbroken\n-----END CERTIFICATE-----\n',
    'notbase64.pem': '-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----\n',
  };
  for (const [name, content] of Object.entries(cases)) {
    await withDir({ 'good.pem': ESTEID_2015, [name]: content }, async (dir) => {
      await assert.rejects(loadTrustAnchors(dir), (e: Error) => e.message.includes(name), name);
    });
  }
});

test('an end-entity certificate is refused as an anchor', async () => {
  const ca = await createTestCa();
  const leaf = await issueLeaf(ca, { key: 'P-256' });
  const pem = new X509Certificate(leaf.der).toString();
  await withDir({ 'leaf.pem': pem }, async (dir) => {
    await assert.rejects(loadTrustAnchors(dir), /leaf\.pem: not a CA certificate/);
  });
  assert.throws(() => trustAnchorsFromPem([pem]), /pem\[0\]: not a CA certificate/);
});

test('a directory without any certificate file is an error', async () => {
  await withDir({ 'notes.txt': 'nothing here' }, async (dir) => {
    await assert.rejects(loadTrustAnchors(dir), /no trust anchor certificates/);
  });
});

test('issuersOf: only an anchor whose key verifies the certificate signature counts', async () => {
  const ca = await createTestCa({ commonName: 'Twin CA' });
  const twin = await createTestCa({ commonName: 'Twin CA', keyIdOf: ca }); // same name and key id, other key
  const leaf = new X509Certificate((await issueLeaf(ca, { key: 'P-256' })).der);
  assert.equal(trustAnchorsFromPem([ca.pem]).issuersOf(leaf).length, 1);
  assert.equal(trustAnchorsFromPem([twin.pem]).issuersOf(leaf).length, 0);
  assert.equal(trustAnchorsFromPem([twin.pem, ca.pem]).issuersOf(leaf).length, 1);
});
