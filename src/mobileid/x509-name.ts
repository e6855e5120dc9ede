/**
 * Reading X.501 names (certificate subject and issuer) attribute by attribute, in certificate order.
 * Both consumers need the typed ASN.1 value rather than a library's string rendering: identity
 * extraction must see every occurrence of an attribute (a duplicated serialNumber is ambiguous and
 * refused), and the OpenSSL one-line form escapes the value's encoded bytes, not its characters.
 */
import type { AttributeTypeAndValue, Name } from '@peculiar/asn1-x509';

export const OID = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  organisation: '2.5.4.10',
  organisationUnit: '2.5.4.11',
  givenName: '2.5.4.42',
} as const;

export interface NameAttribute {
  oid: string;
  /** The value as text (UTF-8 decoded for UTF8String, etc.). */
  text: string;
  /** The value's bytes as encoded in the certificate (UTF-8 for UTF8String, UTF-16BE for BMPString, …). */
  encoded: Uint8Array;
}

/** Every attribute of a name, in certificate order (multi-valued RDNs flattened in their encoded order). */
export function nameAttributes(name: Name): NameAttribute[] {
  return name.flatMap((rdn) => rdn.map(readAttribute));
}

/** The values of one attribute type, in certificate order. */
export function attributeValues(attributes: readonly NameAttribute[], oid: string): string[] {
  return attributes.filter((a) => a.oid === oid).map((a) => a.text);
}

function readAttribute(attribute: AttributeTypeAndValue): NameAttribute {
  const v = attribute.value;
  const oid = attribute.type;
  if (v.utf8String !== undefined) return { oid, text: v.utf8String, encoded: new TextEncoder().encode(v.utf8String) };
  if (v.printableString !== undefined) return { oid, text: v.printableString, encoded: latin1(v.printableString) };
  if (v.ia5String !== undefined) return { oid, text: v.ia5String, encoded: latin1(v.ia5String) };
  // asn1js decodes TeletexString byte by byte, so latin1 gives the original bytes back.
  if (v.teletexString !== undefined) return { oid, text: v.teletexString, encoded: latin1(v.teletexString) };
  if (v.bmpString !== undefined) return { oid, text: v.bmpString, encoded: utf16be(v.bmpString) };
  if (v.universalString !== undefined) return { oid, text: v.universalString, encoded: utf32be(v.universalString) };
  // Not a string type (never seen in Mobile-ID certificates): shown as RFC 4514 does, '#' and the DER in hex.
  const hex = `#${Buffer.from(v.anyValue ?? new ArrayBuffer(0)).toString('hex')}`;
  return { oid, text: hex, encoded: latin1(hex) };
}

// OpenSSL's short names (objects.txt), as X509_NAME_oneline prints them.
const OPENSSL_SHORT_NAME: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.13': 'description',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.41': 'name',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
};

/**
 * OpenSSL's `X509_NAME_oneline` rendering (what PHP's `openssl_x509_parse()['name']` returns, and so what
 * the gateway this API copies sends): `/TYPE=value` per attribute in certificate order; every encoded
 * byte outside printable ASCII becomes `\xHH`, so `GN=MARY ÄNN` (UTF-8) reads `/GN=MARY \xC3\x84NN`,
 * and `/` in a value becomes `\/` (OpenSSL 3). Unknown attribute types are written as dotted OIDs.
 */
export function opensslOneLine(attributes: readonly NameAttribute[]): string {
  return attributes
    .map((a) => `/${OPENSSL_SHORT_NAME[a.oid] ?? a.oid}=${escapeBytes(a.encoded)}`)
    .join('');
}

function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e) out += `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (b === 0x2f) out += '\\/';
    else out += String.fromCharCode(b);
  }
  return out;
}

function latin1(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}

function utf16be(text: string): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  return Uint8Array.from(le.swap16());
}

function utf32be(text: string): Uint8Array {
  const codePoints = [...text].map((c) => c.codePointAt(0) as number);
  const out = new Uint8Array(codePoints.length * 4);
  const view = new DataView(out.buffer);
  codePoints.forEach((cp, i) => view.setUint32(i * 4, cp));
  return out;
}
