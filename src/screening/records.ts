/**
 * A screening Match as the gateway contract's sanctions_data / peps_data record
 * (../shared/reference/marksign/apiMobileidSigningStatus.md), plus eidgate's `score` and `explanation`.
 *
 * Value choices (documented in the README's screening section too):
 * - `id` is `<list name>/<entry id>`: unique across lists and stable across re-imports of the same list.
 * - `reference` is the publisher's own id (OFAC ent_num / uid, UN reference number, EU logicalId, FtM id).
 * - `first_name` / `last_name` are set only where the list separates them; `full_name` is the listed
 *   primary name as written (OFAC's "SURNAME, Given" included).
 * - several values (dates of birth, places, documents, aliases) are joined with "; " into the one string
 *   the contract has; a date of birth is `YYYY[-MM[-DD]]`, "circa YYYY" or "YYYY to YYYY".
 * - `date_of_publication` is when the entry was listed; `date_of_publication_of_the_list` the publisher's
 *   date of the edition that was imported (UN dateGenerated, EU generationDate, OFAC Publish_Date).
 * - `associates` maps a relation ("brother", "linked to") to the names, comma-separated.
 * - Unknown values are null, never invented. `matched_name` (which listed name matched) and `programs`
 *   are extra fields, which the contract allows.
 */
import type { EntryDate, ExplanationItem, ListEntry, ListMetadata, Match } from './model.ts';

interface CommonRecord {
  id: string;
  reference: string;
  first_name: string | null;
  last_name: string | null;
  full_name: string;
  date_of_birth: string | null;
  place_of_birth: string | null;
  aka: string | null;
  gender: 'male' | 'female' | null;
  country_of_origin: string | null;
  search_created_at: string;
  associates: Record<string, string> | null;
  date_of_death: string | null;
  matched_name: string;
  programs: string[];
  score: number;
  explanation: ExplanationItem[];
}

export interface SanctionsRecord extends CommonRecord {
  document_number: string | null;
  type_sdn_or_entity: string;
  name_of_the_list: string;
  date_of_publication: string | null;
  date_of_publication_of_the_list: string | null;
  image_url: string | null;
}

export interface PepRecord extends CommonRecord {
  political_position: string | null;
  country_of_activity: string | null;
}

function joined(values: readonly string[], separator = '; '): string | null {
  return values.length === 0 ? null : values.join(separator);
}

export function formatEntryDate(date: EntryDate): string {
  if (date.kind === 'range') return `${date.fromYear} to ${date.toYear}`;
  return date.circa ? `circa ${date.date}` : date.date;
}

function associatesByRelation(entry: ListEntry): Record<string, string> | null {
  if (entry.associates.length === 0) return null;
  const out: Record<string, string> = {};
  for (const { relation, name } of entry.associates) {
    const key = relation.toLowerCase();
    out[key] = out[key] === undefined ? name : `${out[key]}, ${name}`;
  }
  return out;
}

const ENTRY_TYPES: Record<ListEntry['schema'], string> = {
  Person: 'Individual',
  Organization: 'Entity',
  Vessel: 'Vessel',
  Aircraft: 'Aircraft',
  Other: 'Other',
};

function common(match: Match, searchedAt: Date): CommonRecord {
  const { entry } = match;
  const primary = entry.names.find((n) => n.strength === 'primary') ?? entry.names[0];
  return {
    id: `${match.listName}/${entry.id}`,
    reference: entry.id,
    first_name: primary?.given ?? null,
    last_name: primary?.surname ?? null,
    full_name: primary?.full ?? match.matchedName,
    date_of_birth: joined(entry.datesOfBirth.map(formatEntryDate)),
    place_of_birth: joined(entry.placesOfBirth),
    aka: joined(entry.names.filter((n) => n !== primary).map((n) => n.full)),
    gender: entry.gender ?? null,
    country_of_origin: joined(entry.countries, ', '),
    search_created_at: searchedAt.toISOString(),
    associates: associatesByRelation(entry),
    date_of_death: entry.dateOfDeath ?? null,
    matched_name: match.matchedName,
    programs: entry.programs,
    score: Math.round(match.score * 1000) / 1000,
    explanation: match.explanation,
  };
}

export function toSanctionsRecord(match: Match, list: ListMetadata | undefined, searchedAt: Date): SanctionsRecord {
  const { entry } = match;
  return {
    ...common(match, searchedAt),
    document_number: joined(entry.documents),
    type_sdn_or_entity: ENTRY_TYPES[entry.schema],
    name_of_the_list: match.listName,
    date_of_publication: entry.listedOn ?? null,
    date_of_publication_of_the_list: list?.publishedAt ?? null,
    image_url: entry.imageUrl ?? null,
  };
}

export function toPepRecord(match: Match, searchedAt: Date): PepRecord {
  const { entry } = match;
  return {
    ...common(match, searchedAt),
    political_position: joined(entry.positions),
    country_of_activity: joined(entry.activityCountries ?? [], ', '),
  };
}
