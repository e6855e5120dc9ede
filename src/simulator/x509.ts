/**
 * @peculiar/x509 wired to Node's WebCrypto, plus the few certificate-building helpers the test CA
 * and the person certificates share.
 */
// @peculiar/x509 resolves its algorithms through tsyringe, which needs a Reflect polyfill loaded first.
import 'reflect-metadata';
import { webcrypto, randomBytes } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };

export const subtle = webcrypto.subtle as unknown as SubtleCrypto;

/** RSA PKCS#1 v1.5 with SHA-256: how SK's test CAs sign certificates. */
export const CA_SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

export const CA_KEY_ALGORITHM = {
  ...CA_SIGNING_ALGORITHM,
  // 2048 bits instead of SK's 4096: key generation at start-up stays well under a second, and the
  // size makes no difference to what a verifier has to do.
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
} as const;

export const OID = {
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationIdentifier: '2.5.4.97',
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  givenName: '2.5.4.42',
  serialNumber: '2.5.4.5',
  emailAddress: '1.2.840.113549.1.9.1',
} as const;

/** A positive random 16-byte serial number, hex, like SK's. */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x10;
  return bytes.toString('hex');
}

/** The subject of one of SK's test CAs: C, O, organizationIdentifier, CN, with SK's string types. */
export function skCaName(commonName: string): x509.JsonNameParams {
  return [
    { [OID.country]: [{ printableString: 'EE' }] },
    { [OID.organization]: [{ utf8String: 'AS Sertifitseerimiskeskus' }] },
    { [OID.organizationIdentifier]: [{ utf8String: 'NTREE-10747013' }] },
    { [OID.commonName]: [{ utf8String: commonName }] },
  ];
}
