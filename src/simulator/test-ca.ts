/**
 * The simulator's own test CA: a root and the two issuing CAs whose subjects copy SK's demo ones
 * (`TEST of ESTEID-SK 2015`, `TEST of EID-SK 2016`, `AS Sertifitseerimiskeskus`, C=EE) but whose
 * keys are the simulator's. A verifier that trusts names instead of signatures therefore fails
 * against it, as it should.
 *
 * The CA is created in memory, or loaded from a directory (created and saved there when the
 * directory is empty) so that a gateway's trust directory stays valid across simulator restarts.
 * Either way it is cached per process: test suites start many simulators and pay once.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ISSUING_CA_NAMES, type IssuingCaName } from './persons.ts';
import { CA_KEY_ALGORITHM, CA_SIGNING_ALGORITHM, randomSerialNumber, skCaName, subtle, x509 } from './x509.ts';

export interface CaCredential {
  certificate: x509.X509Certificate;
  privateKey: CryptoKey;
}

export interface TestCa {
  root: CaCredential;
  issuing: Record<IssuingCaName, CaCredential>;
}

export const ROOT_CA_NAME = 'TEST of EE Certification Centre Root CA';

/** File names in a `--ca-dir`. Keys are unencrypted PKCS#8: this is a test CA. */
const STORED_FILES: Record<'root' | IssuingCaName, { cert: string; key: string }> = {
  root: { cert: 'root-ca.crt.pem', key: 'root-ca.key.pem' },
  'TEST of ESTEID-SK 2015': { cert: 'esteid-sk-2015.crt.pem', key: 'esteid-sk-2015.key.pem' },
  'TEST of EID-SK 2016': { cert: 'eid-sk-2016.crt.pem', key: 'eid-sk-2016.key.pem' },
};

/** The names SK's own trust folders use, so an exported directory looks like the real one. */
export function exportFileName(commonName: string): string {
  return `${commonName.replaceAll(' ', '_')}.pem.crt`;
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

async function newCaKeys(): Promise<CryptoKeyPair> {
  return subtle.generateKey(CA_KEY_ALGORITHM, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

/** A self-signed root with SK's root CA subject (plus SK's e-mail attribute). */
async function createRoot(commonName = ROOT_CA_NAME): Promise<CaCredential> {
  const keys = await newCaKeys();
  const name = new x509.Name([
    { '1.2.840.113549.1.9.1': [{ ia5String: 'pki@sk.ee' }] },
    ...skCaName(commonName),
  ]);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: name,
    issuer: name,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 20 * YEAR_MS),
    signingAlgorithm: CA_SIGNING_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, privateKey: keys.privateKey };
}

/** An issuing CA under `parent`; also used for the untrusted look-alike CAs of the fault injector. */
export async function createIssuingCa(commonName: string, parent: CaCredential): Promise<CaCredential> {
  const keys = await newCaKeys();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: new x509.Name(skCaName(commonName)),
    issuer: parent.certificate.subjectName,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 15 * YEAR_MS),
    signingAlgorithm: CA_SIGNING_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: parent.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(parent.certificate.publicKey),
    ],
  });
  return { certificate, privateKey: keys.privateKey };
}

async function createTestCa(): Promise<TestCa> {
  const root = await createRoot();
  const [esteid, eid] = await Promise.all(ISSUING_CA_NAMES.map((name) => createIssuingCa(name, root)));
  return { root, issuing: { 'TEST of ESTEID-SK 2015': esteid!, 'TEST of EID-SK 2016': eid! } };
}

/**
 * A CA nobody trusts, with the same root and issuing subjects as the real test CA: certificates
 * it issues look right by name and fail only a signature check.
 */
export function createUntrustedCa(): Promise<TestCa> {
  return createTestCa();
}

function keyToPem(pkcs8: ArrayBuffer): string {
  return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
}

async function saveCa(ca: TestCa, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries: ['root' | IssuingCaName, CaCredential][] = [['root', ca.root], ...ISSUING_CA_NAMES.map((n) => [n, ca.issuing[n]] as [IssuingCaName, CaCredential])];
  for (const [which, credential] of entries) {
    const files = STORED_FILES[which];
    await writeFile(join(dir, files.cert), credential.certificate.toString('pem') + '\n');
    await writeFile(join(dir, files.key), keyToPem(await subtle.exportKey('pkcs8', credential.privateKey)) + '\n', { mode: 0o600 });
  }
}

async function loadCredential(dir: string, which: 'root' | IssuingCaName): Promise<CaCredential> {
  const files = STORED_FILES[which];
  const certificate = new x509.X509Certificate(await readFile(join(dir, files.cert), 'utf8'));
  const der = x509.PemConverter.decodeFirst(await readFile(join(dir, files.key), 'utf8'));
  const privateKey = await subtle.importKey('pkcs8', der, CA_SIGNING_ALGORITHM, true, ['sign']);
  return { certificate, privateKey };
}

export class CaDirectoryError extends Error {}

async function keyMatchesCertificate({ certificate, privateKey }: CaCredential): Promise<boolean> {
  const probe = new TextEncoder().encode('eidgate simulator CA key check');
  const signature = await subtle.sign(CA_SIGNING_ALGORITHM, privateKey, probe);
  return subtle.verify(CA_SIGNING_ALGORITHM, await certificate.publicKey.export(CA_SIGNING_ALGORITHM, ['verify']), signature, probe);
}

/**
 * Loads the CA kept in `dir`; creates and saves one when the directory is missing or empty.
 * A directory holding only some of the files is an error: silently replacing a half-present CA
 * would invalidate a gateway's trust directory without anyone noticing.
 */
export async function openCaDirectory(dir: string): Promise<TestCa> {
  const present = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const expected = Object.values(STORED_FILES).flatMap((f) => [f.cert, f.key]);
  const found = expected.filter((name) => present.includes(name));
  if (found.length === 0) {
    const ca = await createTestCa();
    await saveCa(ca, dir);
    return ca;
  }
  if (found.length !== expected.length) {
    const missing = expected.filter((name) => !present.includes(name));
    throw new CaDirectoryError(`CA directory ${dir} is incomplete (missing ${missing.join(', ')}); empty it to create a new CA`);
  }
  const root = await loadCredential(dir, 'root');
  const issuing = {
    'TEST of ESTEID-SK 2015': await loadCredential(dir, 'TEST of ESTEID-SK 2015'),
    'TEST of EID-SK 2016': await loadCredential(dir, 'TEST of EID-SK 2016'),
  };
  for (const credential of [root, ...Object.values(issuing)]) {
    if (!(await keyMatchesCertificate(credential))) {
      throw new CaDirectoryError(`CA directory ${dir}: the key stored for ${credential.certificate.subject} does not belong to its certificate`);
    }
    if (!(await credential.certificate.verify({ publicKey: root.certificate.publicKey, signatureOnly: true }))) {
      throw new CaDirectoryError(`CA directory ${dir}: ${credential.certificate.subject} is not signed by the stored root`);
    }
  }
  return { root, issuing };
}

const cache = new Map<string, Promise<TestCa>>();

/** The test CA for `dir` (or the process's in-memory one when `dir` is undefined), created once per process. */
export function getTestCa(dir?: string): Promise<TestCa> {
  const key = dir ?? ':memory:';
  let ca = cache.get(key);
  if (!ca) {
    ca = dir === undefined ? createTestCa() : openCaDirectory(dir);
    // A failed load must not poison the cache: the next caller may have fixed the directory.
    ca.catch(() => cache.delete(key));
    cache.set(key, ca);
  }
  return ca;
}

/** PEMs of the issuing CAs: what a gateway's trust directory needs. */
export function issuingCaPems(ca: TestCa): string[] {
  return ISSUING_CA_NAMES.map((name) => ca.issuing[name].certificate.toString('pem'));
}

/** Writes the issuing CAs and the root as PEM files under SK's file names. */
export async function exportCa(ca: TestCa, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const credential of [...ISSUING_CA_NAMES.map((n) => ca.issuing[n]), ca.root]) {
    const commonName = credential.certificate.subjectName.getField('CN')[0] ?? 'ca';
    const path = join(dir, exportFileName(commonName));
    await writeFile(path, credential.certificate.toString('pem') + '\n');
    written.push(path);
  }
  return written;
}
