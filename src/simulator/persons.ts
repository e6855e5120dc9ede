/**
 * Who the simulator knows: SK's published demo test numbers (mid-rest.md, every row, EE and LT)
 * plus persons an operator adds from a JSON file. A person is identified by the (phone, personal
 * code) PAIR, as in SK's demo: the same code with another phone is a stranger (NOT_MID_CLIENT).
 */
import { readFile } from 'node:fs/promises';

export const RESULTS = [
  'OK', 'TIMEOUT', 'NOT_MID_CLIENT', 'USER_CANCELLED', 'SIGNATURE_HASH_MISMATCH',
  'PHONE_ABSENT', 'DELIVERY_ERROR', 'SIM_ERROR',
] as const;
export type SessionResult = (typeof RESULTS)[number];

export const ISSUING_CA_NAMES = ['TEST of ESTEID-SK 2015', 'TEST of EID-SK 2016'] as const;
export type IssuingCaName = (typeof ISSUING_CA_NAMES)[number];

export type Country = 'EE' | 'LT';
export type KeyType = 'ec' | 'rsa';

export interface Person {
  phone: string;
  code: string;
  givenName: string;
  surname: string;
  country: Country;
  /** How every authentication or signing session of this person ends. */
  outcome: SessionResult;
  keyType: KeyType;
  issuer: IssuingCaName;
  /**
   * Whether the person holds active Mobile-ID certificates, i.e. whether `/certificate` answers OK.
   * Only NOT_MID_CLIENT persons lack them: SK's demo persons whose sessions fail on the phone side
   * (cancel, SIM error, timeout, …) are still Mobile-ID clients with certificates.
   */
  midClient: boolean;
}

const ESTEID = 'TEST of ESTEID-SK 2015';
const EID = 'TEST of EID-SK 2016';

function demo(phone: string, code: string, givenName: string, surname: string, outcome: SessionResult,
  extra: Partial<Person> = {}): Person {
  return {
    phone, code, givenName, surname, outcome,
    country: phone.startsWith('+370') ? 'LT' : 'EE',
    keyType: 'ec',
    // Lithuanian Mobile-ID certificates come from EID-SK 2016, Estonian ones from ESTEID-SK 2015.
    issuer: phone.startsWith('+370') ? EID : ESTEID,
    midClient: outcome !== 'NOT_MID_CLIENT',
    ...extra,
  };
}

/**
 * SK's demo test numbers. Names that mid-rest.md gives are used verbatim; for the rows where it
 * names nobody, the simulator invents a descriptive given name with the surname TESTNUMBER.
 */
export const DEMO_PERSONS: readonly Person[] = Object.freeze([
  demo('+37200000766', '60001019906', 'MARY ÄNN', 'O’CONNEŽ-ŠUSLIK TESTNUMBER', 'OK'),
  demo('+37269000366', '60001017705', 'TEN', 'TESTNUMBER', 'OK'),
  demo('+37269100366', '60001017716', 'ONE', 'TESTNUMBER', 'OK'),
  demo('+37268000769', '60001017869', 'EID2016', 'TESTNUMBER', 'OK', { issuer: EID }),
  demo('+37200001566', '39901019992', 'RSA', 'TESTNUMBER', 'OK', { keyType: 'rsa' }),
  demo('+37200000266', '60001019939', 'NOTCLIENT', 'TESTNUMBER', 'NOT_MID_CLIENT'),
  demo('+37200000366', '60001019928', 'NOTCLIENT', 'TESTNUMBER', 'NOT_MID_CLIENT'),
  demo('+37207110066', '60001019947', 'DELIVERY', 'TESTNUMBER', 'DELIVERY_ERROR'),
  demo('+37201100266', '60001019950', 'CANCELLED', 'TESTNUMBER', 'USER_CANCELLED'),
  demo('+37200000666', '60001019961', 'MISMATCH', 'TESTNUMBER', 'SIGNATURE_HASH_MISMATCH'),
  demo('+37201200266', '60001019972', 'SIMERROR', 'TESTNUMBER', 'SIM_ERROR'),
  demo('+37213100266', '60001019983', 'ABSENT', 'TESTNUMBER', 'PHONE_ABSENT'),
  demo('+37266000266', '50001018908', 'TIMEOUT', 'TESTNUMBER', 'TIMEOUT'),
  demo('+37060000666', '50001018865', 'LT', 'TESTNUMBER', 'OK'),
  demo('+37060000266', '50001018832', 'NOTCLIENT', 'TESTNUMBER', 'NOT_MID_CLIENT'),
  demo('+37061100266', '50001018854', 'CANCELLED', 'TESTNUMBER', 'USER_CANCELLED'),
  demo('+37061200266', '50001018876', 'SIMERROR', 'TESTNUMBER', 'SIM_ERROR'),
  demo('+37066000266', '50001018908', 'TIMEOUT', 'TESTNUMBER', 'TIMEOUT'),
]);

export function personKey(phone: string, code: string): string {
  return `${phone}/${code}`;
}

/** The directory of persons: demo rows first, then added persons (which replace a demo row with the same pair). */
export class PersonDirectory {
  private readonly byPair = new Map<string, Person>();

  constructor(extra: readonly Person[] = []) {
    for (const person of [...DEMO_PERSONS, ...extra]) this.byPair.set(personKey(person.phone, person.code), person);
  }

  find(phone: string, code: string): Person | undefined {
    return this.byPair.get(personKey(phone, code));
  }

  all(): Person[] {
    return [...this.byPair.values()];
  }
}

/** A person as written in a persons file or passed in options: everything but the identity has a default. */
export type PersonDefinition = Pick<Person, 'phone' | 'code' | 'givenName' | 'surname'> & Partial<Person>;

export class PersonsFileError extends Error {}

const PHONE = /^\+\d{8,30}$/;
const CODE = /^\d{11}$/;

/**
 * Checks one entry of a persons file. Every mistake is reported with its entry index and field,
 * because a silently ignored typo would make a test person quietly behave as a stranger.
 */
export function parsePersonDefinition(raw: unknown, where: string): Person {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PersonsFileError(`${where}: must be an object`);
  const entry = raw as Record<string, unknown>;
  const known = new Set(['phone', 'code', 'givenName', 'surname', 'country', 'outcome', 'keyType', 'issuer', 'midClient']);
  for (const key of Object.keys(entry)) {
    if (!known.has(key)) throw new PersonsFileError(`${where}: unknown field "${key}"`);
  }
  const text = (field: string, rule?: RegExp): string => {
    const value = entry[field];
    if (typeof value !== 'string' || value.length === 0) throw new PersonsFileError(`${where}: "${field}" must be a non-empty string`);
    if (rule && !rule.test(value)) throw new PersonsFileError(`${where}: "${field}" does not match ${rule}`);
    return value;
  };
  const oneOf = <T extends string>(field: string, allowed: readonly T[], fallback: T): T => {
    const value = entry[field];
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw new PersonsFileError(`${where}: "${field}" must be one of ${allowed.join(', ')}`);
    }
    return value as T;
  };
  const phone = text('phone', PHONE);
  const country = oneOf<Country>('country', ['EE', 'LT'], phone.startsWith('+370') ? 'LT' : 'EE');
  const outcome = oneOf('outcome', RESULTS, 'OK');
  const midClient = entry['midClient'];
  if (midClient !== undefined && typeof midClient !== 'boolean') throw new PersonsFileError(`${where}: "midClient" must be true or false`);
  return {
    phone,
    code: text('code', CODE),
    givenName: text('givenName'),
    surname: text('surname'),
    country,
    outcome,
    keyType: oneOf<KeyType>('keyType', ['ec', 'rsa'], 'ec'),
    issuer: oneOf<IssuingCaName>('issuer', ISSUING_CA_NAMES, country === 'LT' ? EID : ESTEID),
    midClient: midClient ?? outcome !== 'NOT_MID_CLIENT',
  };
}

/** Parses persons-file content: either an array of persons or `{"persons": [...]}`. */
export function parsePersons(json: unknown): Person[] {
  const list = Array.isArray(json) ? json
    : typeof json === 'object' && json !== null && Array.isArray((json as { persons?: unknown }).persons)
      ? (json as { persons: unknown[] }).persons
      : undefined;
  if (!list) throw new PersonsFileError('a persons file holds an array of persons or {"persons": [...]}');
  return list.map((entry, index) => parsePersonDefinition(entry, `persons[${index}]`));
}

export async function loadPersonsFile(path: string): Promise<Person[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new PersonsFileError(`cannot read persons file ${path}: ${(error as Error).message}`);
  }
  return parsePersons(json);
}
