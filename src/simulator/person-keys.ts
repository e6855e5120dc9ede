/**
 * A simulated SIM's key pairs and how the SIM signs: over the hash it RECEIVED, never re-hashed.
 *
 * - EC P-256: ECDSA with the raw hash as the message representative (a 48- or 64-byte hash is
 *   truncated to its leftmost 256 bits by ECDSA itself), answer raw r‖s, and NOT low-S
 *   normalised — about half of SK's signatures are high-S and a verifier must accept them.
 *   WebCrypto and node:crypto always hash the message first, so @noble/curves signs here.
 * - RSA: PKCS#1 v1.5 over DigestInfo(hashType) ‖ hash. node's `crypto.sign` would hash again;
 *   `privateEncrypt` with PKCS#1 padding is exactly "type 1 padding over the given bytes".
 */
import { constants, generateKeyPair, privateEncrypt, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { p256 } from '@noble/curves/nist.js';
import { subtle } from './x509.ts';

export const HASH_TYPES = ['SHA256', 'SHA384', 'SHA512'] as const;
export type HashType = (typeof HASH_TYPES)[number];

export const HASH_LENGTH: Record<HashType, number> = { SHA256: 32, SHA384: 48, SHA512: 64 };

/** DER prefix of DigestInfo { AlgorithmIdentifier(hash, NULL), OCTET STRING(len) } per RFC 8017 §9.2. */
const DIGEST_INFO_PREFIX: Record<HashType, Buffer> = {
  SHA256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  SHA384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  SHA512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

export type PersonKey =
  | { kind: 'ec'; secretKey: Uint8Array; publicKey: CryptoKey }
  | { kind: 'rsa'; privateKey: KeyObject; publicKey: CryptoKey };

export interface HashSignature {
  /** Base64: raw r‖s for EC, the PKCS#1 v1.5 signature block for RSA. */
  value: string;
  /** SK's spelling, e.g. `SHA256WithECEncryption`. */
  algorithm: string;
}

const generateRsa = promisify(generateKeyPair);

export async function newPersonKey(kind: 'ec' | 'rsa'): Promise<PersonKey> {
  if (kind === 'ec') {
    const secretKey = p256.utils.randomSecretKey();
    const publicKey = await subtle.importKey('raw', p256.getPublicKey(secretKey, false),
      { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    return { kind, secretKey, publicKey };
  }
  const pair = await generateRsa('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  const spki = pair.publicKey.export({ type: 'spki', format: 'der' });
  const publicKey = await subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
  return { kind, privateKey: pair.privateKey, publicKey };
}

export function signHash(key: PersonKey, hash: Uint8Array, hashType: HashType): HashSignature {
  if (key.kind === 'ec') {
    // extraEntropy: a real SIM uses a fresh random k each time, not RFC 6979's deterministic one.
    const signature = p256.sign(hash, key.secretKey, { prehash: false, lowS: false, extraEntropy: true });
    return { value: Buffer.from(signature).toString('base64'), algorithm: `${hashType}WithECEncryption` };
  }
  const block = Buffer.concat([DIGEST_INFO_PREFIX[hashType], hash]);
  const signature = privateEncrypt({ key: key.privateKey, padding: constants.RSA_PKCS1_PADDING }, block);
  return { value: signature.toString('base64'), algorithm: `${hashType}WithRSAEncryption` };
}
