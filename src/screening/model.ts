/**
 * The shape every list importer produces and the screening index consumes. One vocabulary for
 * all sources (OFAC, EU, UN, OpenSanctions), so matching never needs to know where an entry came from.
 */

export type ListKind = 'sanctions' | 'peps';

export type EntrySchema = 'Person' | 'Organization' | 'Vessel' | 'Aircraft' | 'Other';

/**
 * How much a name may be trusted as an identifier. Weak aliases (OFAC "weak a.k.a.", UN QUALITY=Low)
 * are matched only exactly, as the list publishers instruct.
 */
export type NameStrength = 'primary' | 'strong' | 'weak';

export interface EntryName {
  /** The name as written by the list, whole. */
  full: string;
  /** Given name(s) when the source separates them. */
  given?: string;
  /** Surname / family name when the source separates it. */
  surname?: string;
  strength: NameStrength;
}

/**
 * A date of birth as precise as the source gives it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`;
 * `circa` for "approximately"; a range for UN "BETWEEN" (years inclusive).
 */
export type EntryDate =
  | { kind: 'exact'; date: string; circa?: boolean }
  | { kind: 'range'; fromYear: number; toYear: number };

export interface ListEntry {
  /** Stable id within its list (e.g. OFAC ent_num, UN REFERENCE_NUMBER, EU logicalId, FtM id). */
  id: string;
  schema: EntrySchema;
  names: EntryName[];
  gender?: 'male' | 'female';
  datesOfBirth: EntryDate[];
  placesOfBirth: string[];
  /** ISO 3166-1 alpha-2, upper case, where the source allows mapping; nationality / citizenship. */
  countries: string[];
  /** Passport / national id numbers as free strings. */
  documents: string[];
  /** ISO alpha-2 countries where the person holds or held their positions (OpenSanctions Position.country), when known. */
  activityCountries?: string[];
  /** PEP positions held ("Member of the Seimas", ...). */
  positions: string[];
  /** Related persons: relation → names. */
  associates: { relation: string; name: string }[];
  /** Programmes / regimes / regulations the entry is listed under. */
  programs: string[];
  listedOn?: string;
  dateOfDeath?: string;
  imageUrl?: string;
  remarks?: string;
}

export interface ListMetadata {
  name: string;
  kind: ListKind;
  /** The source format the list was imported from (ofac-xml, un-xml, ...). */
  format: string;
  /** The publisher's own date for this edition of the list, ISO, when the file carries one. */
  publishedAt?: string;
  importedAt: string;
  entryCount: number;
}

/** What a person is screened with: everything comes from the verified certificate and personal code. */
export interface ScreeningQuery {
  givenName: string;
  surname: string;
  /** `YYYY-MM-DD` when known. */
  dateOfBirth?: string;
  gender?: 'male' | 'female';
  /** ISO 3166-1 alpha-2. */
  country?: string;
}

/** One feature's contribution to a match score, for the compliance officer reading the result. */
export interface ExplanationItem {
  feature: string;
  effect: number;
  detail: string;
}

export interface Match {
  listName: string;
  kind: ListKind;
  entry: ListEntry;
  /** The list name that matched best. */
  matchedName: string;
  score: number;
  explanation: ExplanationItem[];
}
