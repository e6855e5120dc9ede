/**
 * The Mobile-ID issuing CAs the gateway trusts. Trust is one level deep, as in SK's own clients: an
 * authentication certificate is accepted when an anchor issued it AND its signature verifies with that
 * anchor's public key (names alone prove nothing). The root above the issuing CAs is not needed and not
 * consulted. Anchors are parsed once here, so verification does no PEM or ASN.1 work for them per login.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { decodeBase64Strict } from './strict-base64.ts';

export interface TrustAnchor {
  readonly certificate: X509Certificate;
  /** Decoded once: every verification checks a signature with it. */
  readonly publicKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Where the anchor came from (file name, or `pem[i]`), for operators' error messages. */
  readonly source: string;
}

export class TrustAnchors {
  readonly anchors: readonly TrustAnchor[];

  constructor(anchors: readonly TrustAnchor[]) {
    // The same CA in two files (e.g. `.pem` and `.crt` copies) is one anchor.
    const seen = new Set<string>();
    this.anchors = anchors.filter((a) => {
      const fingerprint = a.certificate.fingerprint256;
      if (seen.has(fingerprint)) return false;
      seen.add(fingerprint);
      return true;
    });
  }

  /**
   * The anchors that issued `leaf`: the names and key identifiers match (OpenSSL's X509_check_issued,
   * which also wants keyCertSign on the anchor when it has a KeyUsage) and the leaf's signature verifies
   * with the anchor's key. Time is not considered here; the caller decides what validity means.
   */
  issuersOf(leaf: X509Certificate): TrustAnchor[] {
    return this.anchors.filter((a) => leaf.checkIssued(a.certificate) && verifiesWith(leaf, a.publicKey));
  }
}

function verifiesWith(leaf: X509Certificate, anchorKey: KeyObject): boolean {
  try {
    return leaf.verify(anchorKey);
  } catch {
    // OpenSSL refuses some key/algorithm pairings outright; that is a failed verification, not a crash.
    return false;
  }
}

// `.pem.crt` is covered by `.crt`.
const ANCHOR_FILE = /\.(pem|crt|cer)$/i;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([^-]*)-----END CERTIFICATE-----/g;

/**
 * Reads every `.pem`, `.crt` (including `.pem.crt`) and `.cer` file of `dir`; each must hold one or more
 * PEM certificates of CAs. Other files are ignored. Fails, naming the file, when a file holds no
 * certificate, holds one that does not parse, or holds a certificate that is not a CA; and when the
 * directory yields no anchor at all.
 */
export async function loadTrustAnchors(dir: string): Promise<TrustAnchors> {
  const names = (await readdir(dir)).filter((n) => ANCHOR_FILE.test(n) && !n.startsWith('.')).sort();
  const anchors: TrustAnchor[] = [];
  for (const name of names) {
    const path = join(dir, name);
    // stat follows symlinks: mounted secrets and config maps are links to files.
    if (!(await stat(path)).isFile()) continue;
    anchors.push(...parsePemAnchors(await readFile(path, 'latin1'), path));
  }
  if (anchors.length === 0) throw new Error(`no trust anchor certificates (.pem, .crt, .cer) found in ${dir}`);
  return new TrustAnchors(anchors);
}

/** Anchors from PEM texts already in memory (each text may hold several certificates). */
export function trustAnchorsFromPem(pems: readonly string[]): TrustAnchors {
  return new TrustAnchors(pems.flatMap((pem, i) => parsePemAnchors(pem, `pem[${i}]`)));
}

function parsePemAnchors(text: string, source: string): TrustAnchor[] {
  const bodies = [...text.matchAll(PEM_CERTIFICATE)].map((m) => m[1] ?? '');
  if (bodies.length === 0) {
    throw new Error(`${source}: no PEM certificate (-----BEGIN CERTIFICATE-----) found; DER files must be converted to PEM first`);
  }
  return bodies.map((body, i) => {
    const where = bodies.length > 1 ? `${source} (certificate ${i + 1})` : source;
    const der = decodeBase64Strict(body.replace(/\s+/g, ''));
    if (!der) throw new Error(`${where}: the PEM block is not valid Base64`);
    let certificate: X509Certificate;
    let publicKey: KeyObject;
    let validity: Certificate['tbsCertificate']['validity'];
    try {
      certificate = new X509Certificate(der);
      publicKey = certificate.publicKey;
      validity = AsnConvert.parse(der, Certificate).tbsCertificate.validity;
    } catch {
      throw new Error(`${where}: not an X.509 certificate`);
    }
    if (!certificate.ca) {
      throw new Error(`${where}: not a CA certificate (basicConstraints cA is not set); configure the issuing CA, not a leaf`);
    }
    return {
      certificate,
      publicKey,
      notBefore: validity.notBefore.getTime(),
      notAfter: validity.notAfter.getTime(),
      source: where,
    };
  });
}
