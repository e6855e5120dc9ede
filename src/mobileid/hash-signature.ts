/**
 * Verifying a Mobile-ID signature over a hash the relying party computed itself. The phone signs the
 * raw digest, so the digest is the message representative: nothing may hash it again.
 */
import { constants, publicDecrypt, timingSafeEqual, type KeyObject } from 'node:crypto';
import { p256, p384 } from '@noble/curves/nist.js';
import { DIGEST_INFO_PREFIX, type HashType } from './hash-type.ts';

export type SignatureKeyType = 'EC' | 'RSA';

export interface SignatureAlgorithm {
  hashType: HashType;
  keyType: SignatureKeyType;
}

// MID names: `SHA256WithECEncryption`, `SHA512WithRSAEncryption`; the case is not reliable upstream.
const ALGORITHM = /^(SHA256|SHA384|SHA512)WITH(EC|RSA)ENCRYPTION$/;

/** Parses a MID `signature.algorithm` name (case-insensitively); undefined for anything else. */
export function parseSignatureAlgorithm(name: string): SignatureAlgorithm | undefined {
  const match = ALGORITHM.exec(name.toUpperCase());
  if (!match) return undefined;
  return { hashType: match[1] as HashType, keyType: match[2] as SignatureKeyType };
}

/** 'EC' or 'RSA' for the key kinds Mobile-ID uses; undefined for any other (RSA-PSS-only, EdDSA, …). */
export function signatureKeyType(key: KeyObject): SignatureKeyType | undefined {
  if (key.asymmetricKeyType === 'ec') return 'EC';
  if (key.asymmetricKeyType === 'rsa') return 'RSA';
  return undefined;
}

// OpenSSL's curve names, as KeyObject.asymmetricKeyDetails reports them.
const EC_CURVES: Readonly<Record<string, typeof p256>> = { prime256v1: p256, secp384r1: p384 };

export type HashSignatureCheck = 'valid' | 'invalid' | 'unsupported_key';

/**
 * Checks `signature` over `hash` with `key`.
 *
 * ECDSA (P-256, P-384): `signature` is raw r‖s (IEEE P1363). node's `crypto.verify` would hash the
 * input again, so @noble/curves verifies with `prehash: false`, which takes the leftmost curve-size
 * bits of a longer hash as ECDSA prescribes (a SHA-512 hash on P-256 uses its first 32 bytes), and with
 * `lowS: false`, because SIMs do not normalise s and a low-S-only verifier rejects genuine logins.
 *
 * RSA: PKCS#1 v1.5 over DigestInfo(hashType) ‖ hash. node cannot verify a pre-hashed RSA signature:
 * `crypto.verify(null, …)` with an RSA key still hashes (with SHA-256, OpenSSL's default digest), and a
 * named digest would hash the hash. So this is RFC 8017 §8.2.2 done by hand: the raw public-key
 * operation (`publicDecrypt` without padding) and a byte-for-byte comparison with the encoded message
 * we build, `00 01 FF…FF 00 ‖ DigestInfo ‖ hash`. Comparing the whole block, rather than parsing the
 * padding, is what the RFC recommends and leaves no room for lax-parser forgeries; the DigestInfo pins
 * the hash type, so a signature over a digest of another type fails.
 */
export function verifyHashSignature(
  key: KeyObject,
  hashType: HashType,
  hash: Uint8Array,
  signature: Uint8Array,
): HashSignatureCheck {
  const keyType = signatureKeyType(key);
  if (keyType === 'RSA') return verifyRsaPkcs1v15(key, hashType, hash, signature);
  if (keyType === 'EC') {
    const curve = EC_CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''];
    if (!curve) return 'unsupported_key';
    const jwk = key.export({ format: 'jwk' });
    if (!jwk.x || !jwk.y) return 'unsupported_key';
    const point = Buffer.concat([Buffer.of(0x04), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
    try {
      const ok = curve.verify(signature, hash, point, { prehash: false, lowS: false, format: 'compact' });
      return ok ? 'valid' : 'invalid';
    } catch {
      // noble throws on a signature of the wrong length; that is a signature that does not verify.
      return 'invalid';
    }
  }
  return 'unsupported_key';
}

function verifyRsaPkcs1v15(key: KeyObject, hashType: HashType, hash: Uint8Array, signature: Uint8Array): HashSignatureCheck {
  const modulusBits = key.asymmetricKeyDetails?.modulusLength;
  if (!modulusBits) return 'unsupported_key';
  const k = Math.ceil(modulusBits / 8);
  // RFC 8017 §8.2.2 step 1: the signature is exactly as long as the modulus.
  if (signature.length !== k) return 'invalid';
  const t = Buffer.concat([DIGEST_INFO_PREFIX[hashType], hash]);
  const padding = k - t.length - 3;
  if (padding < 8) return 'unsupported_key';
  const expected = Buffer.concat([Buffer.of(0x00, 0x01), Buffer.alloc(padding, 0xff), Buffer.of(0x00), t]);
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    // OpenSSL refuses a signature representative not below the modulus.
    return 'invalid';
  }
  return recovered.length === k && timingSafeEqual(recovered, expected) ? 'valid' : 'invalid';
}
