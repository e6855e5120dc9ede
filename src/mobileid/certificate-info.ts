/**
 * The `certificate` object of the gateway contract (gateway-contract.md): the shape PHP's
 * `openssl_x509_parse()` output is mapped to by the gateway this API copies. Applications parse it, so
 * its fields are kept exactly: OpenSSL one-line subject, null for absent attributes, dates as days.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { OID, nameAttributes, opensslOneLine, type NameAttribute } from './x509-name.ts';

export interface CertificateInfo {
  /** OpenSSL one-line subject, e.g. `/C=EE/CN=TESTNUMBER,TEN,60001017705/SN=TESTNUMBER/GN=TEN/serialNumber=PNOEE-60001017705`. */
  name: string;
  subject: {
    country: string | null;
    organisation: string | null;
    organisation_unit: string | null;
    common_name: string | null;
    surname: string | null;
    name: string | null;
    serial_number: string | null;
  };
  issuer: {
    country: string | null;
    organisation: string | null;
    common_name: string | null;
  };
  /** notBefore as a UTC date, `YYYY-MM-DD`. */
  valid_from: string;
  /** notAfter as a UTC date, `YYYY-MM-DD`. */
  valid_to: string;
  /** Base64 of the Base64 DER text: the vendor encodes twice, and clients decode twice. */
  value: string;
}

/**
 * Describes a DER certificate in the contract's shape. Describing is not trusting: verify first where
 * trust matters. An attribute that occurs more than once is given by its first occurrence.
 *
 * @throws TypeError when `der` is not a DER X.509 certificate.
 * @example describeCertificate(Buffer.from(midStatus.cert, 'base64')).subject.serial_number // 'PNOEE-60001017705'
 */
export function describeCertificate(der: Uint8Array): CertificateInfo {
  let certificate: Certificate;
  try {
    certificate = AsnConvert.parse(der, Certificate);
  } catch {
    throw new TypeError('not a DER X.509 certificate');
  }
  const tbs = certificate.tbsCertificate;
  const subject = nameAttributes(tbs.subject);
  const issuer = nameAttributes(tbs.issuer);
  return {
    name: opensslOneLine(subject),
    subject: {
      country: first(subject, OID.country),
      organisation: first(subject, OID.organisation),
      organisation_unit: first(subject, OID.organisationUnit),
      common_name: first(subject, OID.commonName),
      surname: first(subject, OID.surname),
      name: first(subject, OID.givenName),
      serial_number: first(subject, OID.serialNumber),
    },
    issuer: {
      country: first(issuer, OID.country),
      organisation: first(issuer, OID.organisation),
      common_name: first(issuer, OID.commonName),
    },
    valid_from: utcDay(tbs.validity.notBefore.getTime()),
    valid_to: utcDay(tbs.validity.notAfter.getTime()),
    value: Buffer.from(Buffer.from(der).toString('base64'), 'latin1').toString('base64'),
  };
}

function first(attributes: readonly NameAttribute[], oid: string): string | null {
  return attributes.find((a) => a.oid === oid)?.text ?? null;
}

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
