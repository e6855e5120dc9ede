/** A fresh self-signed certificate for 127.0.0.1, made per test run so no key material is checked in. */
import { webcrypto } from 'node:crypto';
import 'reflect-metadata'; // @peculiar/x509 (via tsyringe) needs the Reflect polyfill loaded first
import * as x509 from '@peculiar/x509';

export interface TestCertificate {
  keyPem: string;
  certPem: string;
  /** DER SubjectPublicKeyInfo, as @peculiar/x509 encodes it — an independent source for pin checks. */
  spkiDer: Uint8Array;
}

export async function makeSelfSignedCertificate(): Promise<TestCertificate> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=eidgate test upstream',
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 24 * 3600_000),
    signingAlgorithm: algorithm,
    keys,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }])],
  }, webcrypto as Crypto);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    certPem: cert.toString('pem'),
    spkiDer: new Uint8Array(cert.publicKey.rawData),
  };
}
