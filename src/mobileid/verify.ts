/**
 * Verification of a completed Mobile-ID authentication (mid-rest.md, "Validating an OK authentication").
 * The gateway reports `ok` to its client only on a `{ ok: true }` from here.
 *
 * Checks run in this order, so that the failure reported is the one that matters most:
 *   1. shape   — state COMPLETE, result OK, signature value/algorithm and cert present and decodable,
 *                cert a single DER certificate                                   → malformed_response
 *   2. chain   — a configured issuing CA issued the cert and its key verifies
 *                the cert's signature (an untrusted cert's other properties mean nothing) → untrusted_chain
 *   3. time    — the cert, then that CA, valid at `now`                          → expired / not_yet_valid
 *   4. usage   — the cert's KeyUsage includes digitalSignature                   → missing_key_usage
 *   5. signature — the algorithm named matches the requested hash type and the key type, and the
 *                signature verifies over the relying party's own hash           → bad_signature
 *   6. identity — one GN, SN, C and serialNumber in the subject, and the personal code equals the
 *                requested one                                                  → identity_mismatch
 * Revocation (OCSP) is not checked.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, KeyUsage, KeyUsageFlags, id_ce_keyUsage } from '@peculiar/asn1-x509';
import { HASH_BYTE_LENGTH, isHashType, type HashType } from './hash-type.ts';
import { parseSignatureAlgorithm, signatureKeyType, verifyHashSignature } from './hash-signature.ts';
import { describePersonalCode, type Gender } from './personal-code.ts';
import { decodeBase64Strict } from './strict-base64.ts';
import type { TrustAnchors } from './trust-anchors.ts';
import { OID, attributeValues, nameAttributes } from './x509-name.ts';

export type VerificationFailure =
  | 'malformed_response'
  | 'bad_signature'
  | 'untrusted_chain'
  | 'expired'
  | 'not_yet_valid'
  | 'missing_key_usage'
  | 'identity_mismatch';

export interface VerifiedIdentity {
  givenName: string;
  surname: string;
  /** Without the `PNOxx-` prefix, e.g. `60001019906`. */
  personalCode: string;
  /** The subject's C attribute, e.g. `EE`. */
  country: string;
  /** From the personal code (EE and LT codes only), `YYYY-MM-DD`. */
  dateOfBirth?: string;
  gender?: Gender;
  /** DER of the authentication certificate that signed the challenge. */
  certificate: Uint8Array;
  issuerCommonName?: string;
}

export type VerificationResult =
  | { ok: true; identity: VerifiedIdentity }
  /** `detail` describes the problem for logs and never contains personal data. */
  | { ok: false; failure: VerificationFailure; detail: string };

export interface VerificationInput {
  /** The hash the relying party generated and sent upstream (never one taken from the response). */
  hash: Uint8Array;
  hashType: HashType;
  /** The personal code the relying party asked to authenticate. */
  requestedCode: string;
  /** The parsed MID session status JSON; anything at all is accepted and judged. */
  response: unknown;
  anchors: TrustAnchors;
  /** The moment validity is judged at; defaults to the current time. */
  now?: Date;
}

/**
 * Verifies a MID authentication status response. Never throws for anything in `response`.
 *
 * @throws TypeError/RangeError only for the caller's own arguments: an unknown `hashType`, a `hash`
 *   whose length does not fit it, an invalid `now` (bugs in the caller, not properties of the response).
 * @example
 * const result = verifyAuthentication({ hash, hashType: 'SHA256', requestedCode: '60001019906', response, anchors });
 * if (!result.ok) log.warn({ failure: result.failure, detail: result.detail }, 'MID verification failed');
 */
export function verifyAuthentication(input: VerificationInput): VerificationResult {
  const { hash, hashType, anchors } = input;
  if (!isHashType(hashType)) throw new TypeError('hashType must be SHA256, SHA384 or SHA512');
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_BYTE_LENGTH[hashType]) {
    throw new RangeError(`hash must be ${HASH_BYTE_LENGTH[hashType]} bytes for ${hashType}`);
  }
  const now = input.now ?? new Date();
  // An invalid Date compares false both ways and would pass every validity check.
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid Date');

  const shape = readResponse(input.response);
  if ('detail' in shape) return fail('malformed_response', shape.detail);
  const { signature, algorithmName, der } = shape;

  const leaf = parseCertificate(der);
  if (!leaf) return fail('malformed_response', 'cert is not a single DER X.509 certificate');
  const tbs = leaf.asn.tbsCertificate;

  const issuers = anchors.issuersOf(leaf.node);
  const [firstIssuer] = issuers;
  if (!firstIssuer) return fail('untrusted_chain', 'certificate was not issued and signed by any configured issuing CA');

  const leafTime = validityAt(now, tbs.validity.notBefore.getTime(), tbs.validity.notAfter.getTime());
  if (leafTime) return fail(leafTime, leafTime === 'expired' ? 'certificate has expired' : 'certificate is not yet valid');
  // A renewed CA may share its name and key with an older one; any issuer valid now will do.
  if (!issuers.some((a) => validityAt(now, a.notBefore, a.notAfter) === undefined)) {
    const issuerTime = validityAt(now, firstIssuer.notBefore, firstIssuer.notAfter);
    return issuerTime === 'not_yet_valid'
      ? fail('not_yet_valid', 'issuing CA certificate is not yet valid')
      : fail('expired', 'issuing CA certificate has expired');
  }

  const usage = keyUsageProblem(leaf.asn);
  if (usage) return fail('missing_key_usage', usage);

  const algorithm = parseSignatureAlgorithm(algorithmName);
  if (!algorithm) return fail('bad_signature', 'signature.algorithm is not a supported MID algorithm name');
  if (algorithm.hashType !== hashType) {
    return fail('bad_signature', `signature.algorithm names ${algorithm.hashType} but ${hashType} was requested`);
  }
  const { publicKey } = leaf;
  const keyType = signatureKeyType(publicKey);
  if (algorithm.keyType !== keyType) {
    return fail('bad_signature', `signature.algorithm names ${algorithm.keyType} but the certificate key is ${keyType ?? publicKey.asymmetricKeyType ?? 'unknown'}`);
  }
  const check = verifyHashSignature(publicKey, hashType, hash, signature);
  if (check === 'unsupported_key') return fail('bad_signature', 'certificate key type or curve is not supported');
  if (check === 'invalid') return fail('bad_signature', 'signature does not verify over the requested hash');

  return readIdentity(leaf.asn, der, input.requestedCode);
}

function fail(failure: VerificationFailure, detail: string): VerificationResult {
  return { ok: false, failure, detail };
}

interface ResponseParts {
  signature: Uint8Array;
  algorithmName: string;
  der: Uint8Array;
}

function readResponse(response: unknown): ResponseParts | { detail: string } {
  if (!isRecord(response)) return { detail: 'response is not a JSON object' };
  if (response.state !== 'COMPLETE') return { detail: 'state is not COMPLETE' };
  if (response.result !== 'OK') return { detail: 'result is not OK' };
  const sig = response.signature;
  if (!isRecord(sig)) return { detail: 'signature is missing' };
  if (typeof sig.value !== 'string') return { detail: 'signature.value is missing' };
  if (typeof sig.algorithm !== 'string') return { detail: 'signature.algorithm is missing' };
  if (typeof response.cert !== 'string') return { detail: 'cert is missing' };
  const signature = decodeBase64Strict(sig.value);
  if (!signature) return { detail: 'signature.value is not Base64' };
  const der = decodeBase64Strict(response.cert);
  if (!der) return { detail: 'cert is not Base64' };
  return { signature, algorithmName: sig.algorithm, der };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface ParsedCertificate {
  /** OpenSSL's view, for the chain signature check. */
  node: X509Certificate;
  publicKey: KeyObject;
  /** Typed fields: validity, extensions, subject attributes. */
  asn: Certificate;
}

function parseCertificate(der: Uint8Array): ParsedCertificate | undefined {
  try {
    const node = new X509Certificate(der);
    // OpenSSL also reads PEM and ignores trailing bytes; only exactly one DER certificate is accepted.
    if (node.raw.length !== der.length) return undefined;
    // Decoded here because OpenSSL decodes the key lazily and throws on a broken one.
    return { node, publicKey: node.publicKey, asn: AsnConvert.parse(der, Certificate) };
  } catch {
    return undefined;
  }
}

/** RFC 5280 §4.1.2.5: valid from notBefore through notAfter, both inclusive. */
function validityAt(now: Date, notBefore: Date, notAfter: Date): 'expired' | 'not_yet_valid' | undefined {
  const t = now.getTime();
  if (t < notBefore.getTime()) return 'not_yet_valid';
  if (t > notAfter.getTime()) return 'expired';
  return undefined;
}

function keyUsageProblem(certificate: Certificate): string | undefined {
  const [extension, ...more] = (certificate.tbsCertificate.extensions ?? []).filter((e) => e.extnID === id_ce_keyUsage);
  if (!extension) return 'certificate has no KeyUsage extension';
  if (more.length > 0) return 'certificate has more than one KeyUsage extension';
  let usage: KeyUsage;
  try {
    usage = AsnConvert.parse(extension.extnValue, KeyUsage);
  } catch {
    return 'certificate KeyUsage extension does not parse';
  }
  return usage.toNumber() & KeyUsageFlags.digitalSignature ? undefined : 'certificate KeyUsage lacks digitalSignature';
}

// ETSI EN 319 412-1 semantics identifier: `PNO` (personal number), country, hyphen. Certificates issued
// before that standard carry the bare code.
const PERSONAL_NUMBER_PREFIX = /^PNO[A-Z]{2}-/;

function readIdentity(certificate: Certificate, der: Uint8Array, requestedCode: string): VerificationResult {
  const subject = nameAttributes(certificate.tbsCertificate.subject);
  const single = (oid: string) => {
    const values = attributeValues(subject, oid);
    return values.length === 1 && values[0] !== '' ? values[0] : undefined;
  };
  // Never the CN: its layout changed between certificate generations.
  const givenName = single(OID.givenName);
  const surname = single(OID.surname);
  const country = single(OID.country);
  const serialNumber = single(OID.serialNumber);
  if (givenName === undefined) return fail('identity_mismatch', 'certificate subject has no single GN attribute');
  if (surname === undefined) return fail('identity_mismatch', 'certificate subject has no single SN attribute');
  if (country === undefined) return fail('identity_mismatch', 'certificate subject has no single C attribute');
  if (serialNumber === undefined) return fail('identity_mismatch', 'certificate subject has no single serialNumber attribute');

  const personalCode = serialNumber.replace(PERSONAL_NUMBER_PREFIX, '');
  if (personalCode !== requestedCode) {
    return fail('identity_mismatch', 'personal code in the certificate differs from the requested one');
  }

  // Only Estonian and Lithuanian codes have the GYYMMDDSSSC layout; the checksum is not judged here.
  const born = country === 'EE' || country === 'LT' ? describePersonalCode(personalCode) : undefined;
  const issuerCommonName = attributeValues(nameAttributes(certificate.tbsCertificate.issuer), OID.commonName)[0];
  return {
    ok: true,
    identity: {
      givenName,
      surname,
      personalCode,
      country,
      ...(born ? { dateOfBirth: born.dateOfBirth, gender: born.gender } : {}),
      // A copy: `der` may be a view into node's shared Buffer pool.
      certificate: Uint8Array.from(der),
      ...(issuerCommonName !== undefined ? { issuerCommonName } : {}),
    },
  };
}
