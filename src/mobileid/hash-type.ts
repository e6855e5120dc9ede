/**
 * The hash types Mobile-ID signs (MID REST `hashType`). The relying party hashes, sends the raw digest,
 * and later checks the signature over that same digest, so everything that depends on the hash type
 * lives here: its length, node's name for it, and the DigestInfo that RSA PKCS#1 v1.5 wraps it in.
 */

export type HashType = 'SHA256' | 'SHA384' | 'SHA512';

export const HASH_TYPES: readonly HashType[] = ['SHA256', 'SHA384', 'SHA512'];

export function isHashType(value: unknown): value is HashType {
  return typeof value === 'string' && (HASH_TYPES as readonly string[]).includes(value);
}

/** Digest length in bytes; MID rejects a hash whose length does not match its type. */
export const HASH_BYTE_LENGTH: Readonly<Record<HashType, number>> = { SHA256: 32, SHA384: 48, SHA512: 64 };

/** Algorithm names for node:crypto `createHash`. */
export const NODE_HASH_NAME: Readonly<Record<HashType, 'sha256' | 'sha384' | 'sha512'>> = {
  SHA256: 'sha256',
  SHA384: 'sha384',
  SHA512: 'sha512',
};

/**
 * DER of `DigestInfo { AlgorithmIdentifier { oid, NULL }, OCTET STRING (length) }` without the digest
 * itself (RFC 8017 §9.2, note 1). An RSA PKCS#1 v1.5 signature covers `prefix ‖ hash`; the prefix also
 * pins the hash algorithm, so a signature made over another hash type does not verify.
 */
export const DIGEST_INFO_PREFIX: Readonly<Record<HashType, Uint8Array>> = {
  SHA256: Uint8Array.from(Buffer.from('3031300d060960864801650304020105000420', 'hex')),
  SHA384: Uint8Array.from(Buffer.from('3041300d060960864801650304020205000430', 'hex')),
  SHA512: Uint8Array.from(Buffer.from('3051300d060960864801650304020305000440', 'hex')),
};
