/**
 * Each Mobile-ID client among the test persons gets two key pairs and two certificates, as on a
 * real Mobile-ID SIM: an authentication certificate (returned by authentication sessions) and a
 * signing certificate (nonRepudiation; returned by `/certificate`, its key signs `/signature`
 * sessions). Subjects follow SK's current layout: C, CN "GIVEN,SURNAME", SN, GN,
 * serialNumber `PNOEE-…`/`PNOLT-…`, names as UTF8String exactly as written (Ä, Ž, Š, ’).
 *
 * The faults `untrusted-cert`, `expired-cert` and `wrong-identity-cert` need look-alike
 * certificates over the SAME key (so the signature still verifies and only the certificate check
 * can catch the problem); they are issued on first use and cached.
 */
import type { CaCredential, TestCa } from './test-ca.ts';
import { createUntrustedCa } from './test-ca.ts';
import { newPersonKey, type PersonKey } from './person-keys.ts';
import type { Person } from './persons.ts';
import { CA_SIGNING_ALGORITHM, OID, randomSerialNumber, x509 } from './x509.ts';

export type CertificatePurpose = 'authentication' | 'signing';
export type CertificateVariant = 'untrusted' | 'expired' | 'wrong-identity';

export interface PersonCredentials {
  readonly person: Person;
  readonly authKey: PersonKey;
  readonly signKey: PersonKey;
  readonly authCertificate: x509.X509Certificate;
  readonly signCertificate: x509.X509Certificate;
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

/** SK's test-certificate policy ("Only for TESTING") plus the ETSI policy of each purpose. */
const POLICIES: Record<CertificatePurpose, string[]> = {
  authentication: ['1.3.6.1.4.1.10015.3.1.3', '0.4.0.2042.1.2'],
  signing: ['1.3.6.1.4.1.10015.3.1.3', '0.4.0.194112.1.2'],
};

function keyUsage(purpose: CertificatePurpose, key: PersonKey): number {
  const F = x509.KeyUsageFlags;
  if (purpose === 'signing') return F.nonRepudiation;
  // SK's EC authentication certificates carry keyAgreement too; its RSA ones key/data encipherment.
  return key.kind === 'ec' ? F.digitalSignature | F.keyAgreement : F.digitalSignature | F.keyEncipherment | F.dataEncipherment;
}

function personName(person: Person, code: string): x509.Name {
  return new x509.Name([
    { [OID.country]: [{ printableString: person.country }] },
    { [OID.commonName]: [{ utf8String: `${person.givenName},${person.surname}` }] },
    { [OID.surname]: [{ utf8String: person.surname }] },
    { [OID.givenName]: [{ utf8String: person.givenName }] },
    { [OID.serialNumber]: [{ printableString: `PNO${person.country}-${code}` }] },
  ]);
}

interface IssueArgs {
  issuer: CaCredential;
  person: Person;
  purpose: CertificatePurpose;
  key: PersonKey;
  code?: string;
  notBefore?: Date;
  notAfter?: Date;
}

async function issue({ issuer, person, purpose, key, code = person.code, notBefore, notAfter }: IssueArgs): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: personName(person, code),
    issuer: issuer.certificate.subjectName,
    notBefore: notBefore ?? new Date(Date.now() - DAY_MS),
    notAfter: notAfter ?? new Date(Date.now() + 5 * YEAR_MS),
    signingAlgorithm: CA_SIGNING_ALGORITHM,
    publicKey: key.publicKey,
    signingKey: issuer.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate.publicKey),
      new x509.CertificatePolicyExtension(POLICIES[purpose]),
      await x509.SubjectKeyIdentifierExtension.create(key.publicKey),
      new x509.KeyUsagesExtension(keyUsage(purpose, key), true),
    ],
  });
}

async function createCredentials(ca: TestCa, person: Person): Promise<PersonCredentials> {
  const [authKey, signKey] = await Promise.all([newPersonKey(person.keyType), newPersonKey(person.keyType)]);
  const issuer = ca.issuing[person.issuer];
  const [authCertificate, signCertificate] = await Promise.all([
    issue({ issuer, person, purpose: 'authentication', key: authKey }),
    issue({ issuer, person, purpose: 'signing', key: signKey }),
  ]);
  return { person, authKey, signKey, authCertificate, signCertificate };
}

/** The personal code put into a `wrong-identity` certificate: another demo person's. */
function anotherPersonsCode(person: Person): string {
  return person.code === '60001017705' ? '60001019906' : '60001017705';
}

let untrustedCa: Promise<TestCa> | undefined;

async function createVariant(ca: TestCa, credentials: PersonCredentials, purpose: CertificatePurpose,
  variant: CertificateVariant): Promise<x509.X509Certificate> {
  const { person } = credentials;
  const key = purpose === 'authentication' ? credentials.authKey : credentials.signKey;
  switch (variant) {
    case 'untrusted': {
      untrustedCa ??= createUntrustedCa();
      return issue({ issuer: (await untrustedCa).issuing[person.issuer], person, purpose, key });
    }
    case 'expired':
      return issue({ issuer: ca.issuing[person.issuer], person, purpose, key,
        notBefore: new Date(Date.now() - 3 * YEAR_MS), notAfter: new Date(Date.now() - DAY_MS) });
    case 'wrong-identity':
      return issue({ issuer: ca.issuing[person.issuer], person, purpose, key, code: anotherPersonsCode(person) });
  }
}

/**
 * Credentials per (CA, person definition), shared by every simulator in the process that uses the
 * same CA, so that test suites do not generate keys again for each simulator they start.
 */
const credentialCache = new WeakMap<TestCa, Map<string, Promise<PersonCredentials>>>();
const variantCache = new WeakMap<PersonCredentials, Map<string, Promise<x509.X509Certificate>>>();

export function credentialsFor(ca: TestCa, person: Person): Promise<PersonCredentials> {
  let perCa = credentialCache.get(ca);
  if (!perCa) credentialCache.set(ca, perCa = new Map());
  const key = JSON.stringify(person);
  let credentials = perCa.get(key);
  if (!credentials) perCa.set(key, credentials = createCredentials(ca, person));
  return credentials;
}

export function variantCertificate(ca: TestCa, credentials: PersonCredentials, purpose: CertificatePurpose,
  variant: CertificateVariant): Promise<x509.X509Certificate> {
  let perPerson = variantCache.get(credentials);
  if (!perPerson) variantCache.set(credentials, perPerson = new Map());
  const key = `${purpose}/${variant}`;
  let certificate = perPerson.get(key);
  if (!certificate) perPerson.set(key, certificate = createVariant(ca, credentials, purpose, variant));
  return certificate;
}

export function derBase64(certificate: x509.X509Certificate): string {
  return Buffer.from(certificate.rawData).toString('base64');
}
