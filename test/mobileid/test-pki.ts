/**
 * A throwaway PKI for tests: issuing CAs and Mobile-ID-like authentication certificates, and MID status
 * responses signed the way a SIM signs them. Signing uses node:crypto over the original message, so the
 * verifier (which works from the hash) is checked against an independent implementation.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, createHash, sign, webcrypto } from 'node:crypto';
import { p256, p384 } from '@noble/curves/nist.js';
import { NODE_HASH_NAME, type HashType } from '../../src/mobileid/hash-type.ts';

const subtle = webcrypto.subtle as SubtleCrypto;
x509.cryptoProvider.set(webcrypto as Crypto);

const CA_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' } as const;

export interface TestCa {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
  pem: string;
}

let serial = 0x10000000;
function nextSerial(): string {
  return (serial++).toString(16);
}

export interface CaOptions {
  commonName?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Claim another CA's subject key identifier: a forger can copy names and key ids, never keys. */
  keyIdOf?: TestCa;
}

export async function createTestCa(options: CaOptions = {}): Promise<TestCa> {
  const keys = (await subtle.generateKey(CA_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const name = `C=EE, O=eidgate tests, CN=${options.commonName ?? 'TEST of eidgate issuing CA'}`;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name,
    notBefore: options.notBefore ?? new Date('2020-01-01T00:00:00Z'),
    notAfter: options.notAfter ?? new Date('2040-01-01T00:00:00Z'),
    keys,
    signingAlgorithm: CA_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      options.keyIdOf
        ? new x509.SubjectKeyIdentifierExtension(keyIdOf(options.keyIdOf))
        : await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, keys, pem: certificate.toString('pem') };
}

function keyIdOf(ca: TestCa): string {
  const extension = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  if (!extension) throw new Error('test CA without subject key identifier');
  return extension.keyId;
}

export type LeafKey = 'P-256' | 'P-384' | 'RSA';

export interface LeafOptions {
  key: LeafKey;
  /** Subject attributes in certificate order, as [OID, value]; a plain string value is encoded as
   * PrintableString when it can be and UTF8String otherwise, `{ bmpString: '…' }` etc. choose the type. */
  subject?: Array<[string, SubjectValue]>;
  /** KeyUsage flags; null leaves the extension out. Default digitalSignature | keyAgreement, as MID. */
  keyUsage?: number | null;
  notBefore?: Date;
  notAfter?: Date;
}

export type SubjectValue =
  | string
  | { utf8String: string }
  | { printableString: string }
  | { ia5String: string }
  | { bmpString: string }
  | { universalString: string };

export interface TestLeaf {
  der: Uint8Array;
  privateKey: KeyObject;
  key: LeafKey;
}

export const MARY_SUBJECT: Array<[string, string]> = [
  ['2.5.4.6', 'EE'],
  ['2.5.4.3', 'O’CONNEŽ-ŠUSLIK TESTNUMBER,MARY ÄNN,PNOEE-60001019906'],
  ['2.5.4.4', 'O’CONNEŽ-ŠUSLIK TESTNUMBER'],
  ['2.5.4.42', 'MARY ÄNN'],
  ['2.5.4.5', 'PNOEE-60001019906'],
];

const LEAF_ALGORITHM: Record<LeafKey, RsaHashedKeyGenParams | EcKeyGenParams> = {
  'P-256': { name: 'ECDSA', namedCurve: 'P-256' },
  'P-384': { name: 'ECDSA', namedCurve: 'P-384' },
  RSA: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
};

// One attribute per RDN, as Mobile-ID certificates have them.
function rdn(type: string, value: SubjectValue): Record<string, string[]> | Record<string, Exclude<SubjectValue, string>[]> {
  return typeof value === 'string' ? { [type]: [value] } : { [type]: [value] };
}

export async function issueLeaf(ca: TestCa, options: LeafOptions): Promise<TestLeaf> {
  const keys = (await subtle.generateKey(LEAF_ALGORITHM[options.key], true, ['sign', 'verify'])) as CryptoKeyPair;
  const keyUsage = options.keyUsage === undefined
    ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement
    : options.keyUsage;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false),
    // From the issuer's SKI extension (what chain builders compare), not recomputed from its key.
    new x509.AuthorityKeyIdentifierExtension(keyIdOf(ca)),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (keyUsage !== null) extensions.push(new x509.KeyUsagesExtension(keyUsage, true));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: new x509.Name((options.subject ?? MARY_SUBJECT).map(([type, value]) => rdn(type, value))),
    issuer: ca.certificate.subject,
    notBefore: options.notBefore ?? new Date('2024-01-01T00:00:00Z'),
    notAfter: options.notAfter ?? new Date('2030-01-01T00:00:00Z'),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: CA_ALGORITHM,
    extensions,
  });
  return { der: new Uint8Array(certificate.rawData), privateKey: KeyObject.from(keys.privateKey), key: options.key };
}

export interface SignedChallenge {
  /** The hash the relying party sent: the digest of `message`. */
  hash: Uint8Array;
  /** Raw r‖s for EC, the PKCS#1 v1.5 signature for RSA. */
  signature: Uint8Array;
}

/** Signs like a SIM: over the digest of a random message, EC signatures as raw r‖s. */
export function signChallenge(leaf: TestLeaf, hashType: HashType, options: { highS?: boolean } = {}): SignedChallenge {
  const message = webcrypto.getRandomValues(new Uint8Array(40));
  const hash = new Uint8Array(createHash(NODE_HASH_NAME[hashType]).update(message).digest());
  if (leaf.key === 'RSA') {
    return { hash, signature: new Uint8Array(sign(NODE_HASH_NAME[hashType], message, leaf.privateKey)) };
  }
  let signature: Uint8Array = new Uint8Array(sign(NODE_HASH_NAME[hashType], message, { key: leaf.privateKey, dsaEncoding: 'ieee-p1363' }));
  if (options.highS) signature = toHighS(signature, curveOrder(leaf.key));
  return { hash, signature };
}

/** (r, s) and (r, n − s) are both valid ECDSA signatures; returns the one with s > n/2. */
export function toHighS(signature: Uint8Array, n: bigint): Uint8Array {
  const half = signature.length / 2;
  const s = BigInt(`0x${Buffer.from(signature.subarray(half)).toString('hex')}`);
  const high = s > n / 2n ? s : n - s;
  const out = new Uint8Array(signature);
  out.set(Buffer.from(high.toString(16).padStart(half * 2, '0'), 'hex'), half);
  return out;
}

export function isHighS(signature: Uint8Array, n: bigint): boolean {
  const half = signature.length / 2;
  return BigInt(`0x${Buffer.from(signature.subarray(half)).toString('hex')}`) > n / 2n;
}

/** A MID COMPLETE/OK authentication status response. */
export function okResponse(leaf: { der: Uint8Array }, signature: Uint8Array, algorithm: string): Record<string, unknown> {
  return {
    state: 'COMPLETE',
    result: 'OK',
    signature: { value: Buffer.from(signature).toString('base64'), algorithm },
    cert: Buffer.from(leaf.der).toString('base64'),
  };
}

export function curveOrder(key: 'P-256' | 'P-384'): bigint {
  return key === 'P-256' ? p256.Point.Fn.ORDER : p384.Point.Fn.ORDER;
}
