/**
 * What the SDK returns: the wire bodies in camelCase with types, each keeping the body it came from
 * in `raw` (for storing it verbatim, or for fields a gateway adds that this SDK does not know).
 */
import type {
  WireCertificate, WireIdentifiedResponse, WireLoginResponse, WireMatchRecord, WireWaitingResponse,
} from './wire.ts';

export interface Certificate {
  /** OpenSSL one-line subject, e.g. `/C=EE/CN=TESTNUMBER,TEN,60001017705/SN=TESTNUMBER/GN=TEN/serialNumber=PNOEE-60001017705`. */
  name: string;
  subject: {
    country: string | null;
    organisation: string | null;
    organisationUnit: string | null;
    commonName: string | null;
    surname: string | null;
    name: string | null;
    serialNumber: string | null;
  };
  issuer: {
    country: string | null;
    organisation: string | null;
    commonName: string | null;
  };
  /** `YYYY-MM-DD`. */
  validFrom: string;
  /** `YYYY-MM-DD`. */
  validTo: string;
  /** As on the wire: Base64 of the Base64 DER text (decode twice to get DER), the vendor's convention. */
  value: string;
}

/** Why a screening record matched: one scoring feature, its effect on the score, and a readable detail. */
export interface ExplanationItem {
  feature: string;
  effect: number;
  detail: string;
}

/** A sanctions or PEP list record that matched the identified person. */
export interface ScreeningMatch {
  id: string | null;
  reference: string | null;
  fullName: string | null;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  placeOfBirth: string | null;
  aka: string | null;
  gender: string | null;
  countryOfOrigin: string | null;
  /** Sanctions records: the list the entry is on (`name_of_the_list`). */
  listName: string | null;
  /** PEP records: the position held (`political_position`). */
  politicalPosition: string | null;
  /** eidgate's match score, 0–1; null from a gateway that does not score. */
  score: number | null;
  /** eidgate's reasons for the score; [] from a gateway that does not explain. */
  explanation: ExplanationItem[];
  raw: WireMatchRecord;
}

/** A verified identity: the answer of a status request once the person confirmed. */
export interface Identity {
  name: string;
  surname: string;
  /** Personal code. */
  code: string;
  /** ISO 3166-1 alpha-2 country of the personal code, e.g. `EE`, `LT`. */
  country: string;
  controlCode: string;
  /** The session token (the vendor's name for the session id). */
  token: string;
  /** The authentication certificate that signed the challenge. */
  certificate: Certificate;
  /** [] when nothing matched or the check was not requested. */
  sanctions: ScreeningMatch[];
  /** [] when nothing matched or the check was not requested. */
  peps: ScreeningMatch[];
  raw: WireIdentifiedResponse;
}

export interface LoginResult {
  token: string;
  /** Show this to the person: their phone shows the same code, which tells them the request is yours. */
  controlCode: string;
  /** Personal code, as sent. */
  code: string;
  /** The person's signing certificate, as Mobile-ID knows it before they confirm anything. */
  certificate: Certificate;
  raw: WireLoginResponse;
}

export type SessionStatus =
  | { status: 'waiting'; token: string; controlCode: string; raw: WireWaitingResponse }
  | { status: 'ok'; identity: Identity; raw: WireIdentifiedResponse };

export function toCertificate(wire: WireCertificate): Certificate {
  return {
    name: wire.name,
    subject: {
      country: wire.subject.country,
      organisation: wire.subject.organisation,
      organisationUnit: wire.subject.organisation_unit,
      commonName: wire.subject.common_name,
      surname: wire.subject.surname,
      name: wire.subject.name,
      serialNumber: wire.subject.serial_number,
    },
    issuer: {
      country: wire.issuer.country,
      organisation: wire.issuer.organisation,
      commonName: wire.issuer.common_name,
    },
    validFrom: wire.valid_from,
    validTo: wire.valid_to,
    value: wire.value,
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function toExplanation(value: unknown): ExplanationItem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { feature, effect, detail } = item as Record<string, unknown>;
    if (typeof feature !== 'string' || typeof effect !== 'number' || typeof detail !== 'string') return [];
    return [{ feature, effect, detail }];
  });
}

/** Lenient on purpose: match records vary between gateways, and one odd field must not hide a match. */
export function toScreeningMatch(record: WireMatchRecord): ScreeningMatch {
  return {
    id: text(record.id),
    reference: text(record.reference),
    fullName: text(record.full_name),
    firstName: text(record.first_name),
    lastName: text(record.last_name),
    dateOfBirth: text(record.date_of_birth),
    placeOfBirth: text(record.place_of_birth),
    aka: text(record.aka),
    gender: text(record.gender),
    countryOfOrigin: text(record.country_of_origin),
    listName: text(record.name_of_the_list),
    politicalPosition: text(record.political_position),
    score: typeof record.score === 'number' ? record.score : null,
    explanation: toExplanation(record.explanation),
    raw: record,
  };
}

export function toIdentity(wire: WireIdentifiedResponse): Identity {
  return {
    name: wire.name,
    surname: wire.surname,
    code: wire.code,
    country: wire.country,
    controlCode: wire.control_code,
    token: wire.token,
    certificate: toCertificate(wire.certificate),
    sanctions: wire.sanctions_data.map(toScreeningMatch),
    peps: wire.peps_data.map(toScreeningMatch),
    raw: wire,
  };
}

export function toLoginResult(wire: WireLoginResponse): LoginResult {
  return {
    token: wire.token,
    controlCode: wire.control_code,
    code: wire.code,
    certificate: toCertificate(wire.certificate),
    raw: wire,
  };
}
