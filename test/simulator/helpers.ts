/**
 * Talking to a simulator over real HTTP, the way a relying party does, and checking its answers
 * with tools independent of the simulator (node:crypto, @noble/curves).
 */
import { X509Certificate, createHash, randomBytes } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';

export const RP = { relyingPartyUUID: '00000000-0000-0000-0000-000000000000', relyingPartyName: 'DEMO' } as const;

export const MARY = { phoneNumber: '+37200000766', nationalIdentityNumber: '60001019906' } as const;
export const RSA_PERSON = { phoneNumber: '+37200001566', nationalIdentityNumber: '39901019992' } as const;

export interface HttpAnswer {
  status: number;
  contentType: string | null;
  text: string;
  body: any;
}

async function answer(response: Response): Promise<HttpAnswer> {
  const text = await response.text();
  let body: unknown;
  try { body = JSON.parse(text); } catch { body = undefined; }
  return { status: response.status, contentType: response.headers.get('content-type'), text, body };
}

export async function post(base: string, path: string, body: unknown, init: RequestInit = {}): Promise<HttpAnswer> {
  return answer(await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  }));
}

export async function get(base: string, path: string, init: RequestInit = {}): Promise<HttpAnswer> {
  return answer(await fetch(base + path, init));
}

export type HashName = 'SHA256' | 'SHA384' | 'SHA512';
const NODE_HASH: Record<HashName, string> = { SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' };

/** A hash of random data, the data kept so that node:crypto can verify signatures the ordinary way. */
export function newHash(hashType: HashName = 'SHA256'): { data: Buffer; hash: Buffer; base64: string; hashType: HashName; nodeHash: string } {
  const data = randomBytes(40);
  const hash = createHash(NODE_HASH[hashType]).update(data).digest();
  return { data, hash, base64: hash.toString('base64'), hashType, nodeHash: NODE_HASH[hashType] };
}

export function startBody(person: { phoneNumber: string; nationalIdentityNumber: string }, hash = newHash(), extra: Record<string, unknown> = {}) {
  return { ...RP, ...person, hash: hash.base64, hashType: hash.hashType, language: 'ENG', ...extra };
}

/** Starts a session and polls until it completes (the simulator must be configured to end it soon). */
export async function runSession(base: string, kind: 'authentication' | 'signature',
  person: { phoneNumber: string; nationalIdentityNumber: string }, hash = newHash()): Promise<HttpAnswer> {
  const started = await post(base, `/${kind}`, startBody(person, hash));
  if (started.status !== 200) throw new Error(`start failed: ${started.status} ${started.text}`);
  for (;;) {
    const status = await get(base, `/${kind}/session/${started.body.sessionID}?timeoutMs=5000`);
    if (status.status !== 200 || status.body?.state !== 'RUNNING') return status;
  }
}

export function certificateOf(base64: string): X509Certificate {
  return new X509Certificate(Buffer.from(base64, 'base64'));
}

/** The uncompressed EC point of a P-256 certificate key, for @noble/curves. */
export function ecPoint(certificate: X509Certificate): Uint8Array {
  const jwk = certificate.publicKey.export({ format: 'jwk' });
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
}

export const P256_ORDER = p256.Point.Fn.ORDER;

/** ECDSA over the raw hash, raw r‖s, high-S accepted: how a MID signature must be checked. */
export function verifiesWithNoble(signatureBase64: string, hash: Uint8Array, certificate: X509Certificate): boolean {
  return p256.verify(Buffer.from(signatureBase64, 'base64'), hash, ecPoint(certificate), { prehash: false, lowS: false });
}

export function isHighS(signatureBase64: string): boolean {
  const s = BigInt('0x' + Buffer.from(signatureBase64, 'base64').subarray(32).toString('hex'));
  return s > P256_ORDER / 2n;
}
