/**
 * TLS public-key pinning for the upstream connection (SK requires pinned server certificates in
 * production and rotates them, so a pin set holds the current and the next key).
 *
 * A pin is base64 SHA-256 of the certificate's DER SubjectPublicKeyInfo — the same value as
 * HPKP's `pin-sha256` and `openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';

/**
 * The pin of a certificate given as PEM text or DER bytes.
 *
 * @example spkiSha256Pin(readFileSync('server.pem', 'utf8')) // 'pL1+qb9HTMRZJmuC/bB/ZI9d302BYrrqiVuRyW+DGrU='
 */
export function spkiSha256Pin(certificate: string | Uint8Array): string {
  const cert = new X509Certificate(typeof certificate === 'string' ? certificate : Buffer.from(certificate));
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** The server certificate's key matches none of the configured pins. */
export class TlsPinMismatchError extends Error {
  override readonly name = 'TlsPinMismatchError';
  readonly code = 'ERR_TLS_PIN_MISMATCH';
  constructor() {
    super('TLS pin mismatch: the server certificate public key matches none of the configured pins');
  }
}

/**
 * Checks that every pin is canonical base64 of 32 bytes. A mistyped pin (hex, a certificate
 * fingerprint instead of the SPKI hash) would otherwise fail every connection with a pin mismatch
 * and send the operator hunting in the wrong place.
 */
export function assertValidPins(pins: readonly string[]): void {
  if (pins.length === 0) throw new TypeError('tlsPins must not be empty when given');
  pins.forEach((pin, index) => {
    const bytes = Buffer.from(pin, 'base64');
    if (bytes.length !== 32 || bytes.toString('base64') !== pin) {
      throw new TypeError(`tlsPins[${index}] is not base64 of a SHA-256 digest (44 characters ending in '=')`);
    }
  });
}

/**
 * A `checkServerIdentity` for `tls.connect` that keeps Node's hostname check and adds the pin check.
 * Node calls it after chain validation and before the connection is handed to undici, so on a
 * mismatch the handshake is torn down and no request byte is written.
 */
export function pinnedServerIdentityCheck(
  pins: readonly string[],
): (hostname: string, cert: PeerCertificate) => Error | undefined {
  const accepted = new Set(pins);
  return (hostname, cert) => {
    const hostnameError = checkServerIdentity(hostname, cert);
    if (hostnameError) return hostnameError;
    return accepted.has(spkiSha256Pin(cert.raw)) ? undefined : new TlsPinMismatchError();
  };
}
