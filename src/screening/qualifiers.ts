/**
 * What the non-name facts do to a name score: date of birth (a strong qualifier), country, gender and the
 * kind of entity. Each returns the adjusted score and an explanation item, so the officer sees exactly how
 * much each fact moved the result.
 */
import type { EntryDate, EntrySchema, ExplanationItem } from './model.ts';

export type DobAgreement = 'exact' | 'year' | 'compatible' | 'near' | 'mismatch';

/** Years of slack around a date the list marks as approximate (UN "APPROXIMATELY", OFAC "circa"). */
const CIRCA_YEARS = 2;

interface PartialDate {
  year: number;
  month?: number;
  day?: number;
}

function parseDate(text: string): PartialDate | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  if (m === null) return undefined;
  const date: PartialDate = { year: Number(m[1]) };
  if (m[2] !== undefined) date.month = Number(m[2]);
  if (m[3] !== undefined) date.day = Number(m[3]);
  return date;
}

const RANK: Record<DobAgreement, number> = { exact: 4, year: 3, compatible: 2, near: 1, mismatch: 0 };

function compareOne(query: PartialDate, entry: EntryDate): DobAgreement {
  if (entry.kind === 'range') {
    if (query.year >= entry.fromYear && query.year <= entry.toYear) return 'year';
    return query.year >= entry.fromYear - 1 && query.year <= entry.toYear + 1 ? 'compatible' : 'mismatch';
  }
  const listed = parseDate(entry.date);
  if (listed === undefined) return 'compatible';
  const yearGap = Math.abs(listed.year - query.year);
  if (entry.circa === true) {
    if (yearGap === 0) return 'year';
    return yearGap <= CIRCA_YEARS ? 'compatible' : 'mismatch';
  }
  if (yearGap !== 0) return yearGap === 1 && (listed.month === undefined || query.month === undefined) ? 'near' : 'mismatch';
  if (listed.month === undefined || query.month === undefined) return 'year';
  if (listed.day === undefined || query.day === undefined) return listed.month === query.month ? 'year' : 'near';
  if (listed.month === query.month && listed.day === query.day) return 'exact';
  // Day and month swapped (a US/EU date-order slip) or one of them off: same year, likely a clerical error.
  if (listed.month === query.day && listed.day === query.month) return 'near';
  return listed.month === query.month || listed.day === query.day ? 'near' : 'mismatch';
}

/** The best agreement between the query's date of birth and any of the list's dates, or undefined if either is unknown. */
export function compareDateOfBirth(query: string | undefined, listed: readonly EntryDate[]): DobAgreement | undefined {
  if (query === undefined || listed.length === 0) return undefined;
  const q = parseDate(query);
  if (q === undefined) return undefined;
  let best: DobAgreement = 'mismatch';
  for (const date of listed) {
    const a = compareOne(q, date);
    if (RANK[a] > RANK[best]) best = a;
  }
  return best;
}

function describeDates(listed: readonly EntryDate[]): string {
  return listed
    .map((d) => (d.kind === 'range' ? `${d.fromYear}–${d.toYear}` : `${d.circa === true ? 'circa ' : ''}${d.date}`))
    .join(', ');
}

/** An adjusted score and, built only for results that are reported, the explanation of the adjustment. */
export interface Adjusted {
  score: number;
  explain?: () => ExplanationItem;
}

function item(feature: string, before: number, after: number, detail: () => string): Adjusted {
  const score = Math.min(1, Math.max(0, after));
  return { score, explain: () => ({ feature, effect: Math.round((score - before) * 1000) / 1000, detail: detail() }) };
}

/**
 * Date of birth. An exact date closes much of the gap to 1, a matching year a little; a different date
 * cuts the score to 60 %: the same name with another birth date is most often another person, and this is
 * what keeps common names from flooding the officer.
 */
export function applyDateOfBirth(score: number, query: string | undefined, listed: readonly EntryDate[]): Adjusted {
  const agreement = compareDateOfBirth(query, listed);
  if (agreement === undefined) return { score };
  const dates = () => describeDates(listed);
  switch (agreement) {
    case 'exact':
      return item('date_of_birth', score, score + (1 - score) * 0.35, () => `same date of birth (${dates()})`);
    case 'year':
      return item('date_of_birth', score, score + (1 - score) * 0.1, () => `birth year agrees with ${dates()}`);
    case 'compatible':
      return item('date_of_birth', score, score, () => `birth date within the list's approximation (${dates()})`);
    case 'near':
      return item('date_of_birth', score, score - 0.08, () => `birth date close to ${dates()} (possible clerical difference)`);
    case 'mismatch':
      return item('date_of_birth', score, score * 0.6, () => `different date of birth (list: ${dates()})`);
  }
}

/** Country: agreement is mild support, disagreement a penalty (people move; nationality lists are incomplete). */
export function applyCountry(score: number, query: string | undefined, listed: readonly string[]): Adjusted {
  if (query === undefined || listed.length === 0) return { score };
  const country = query.toUpperCase();
  if (listed.includes(country)) return item('country', score, score + (1 - score) * 0.1, () => `country ${country} is on the entry`);
  return item('country', score, score - 0.05, () => `country ${country} not among ${listed.join(', ')}`);
}

export function applyGender(score: number, query: 'male' | 'female' | undefined, listed: 'male' | 'female' | undefined): Adjusted {
  if (query === undefined || listed === undefined || query === listed) return { score };
  return item('gender', score, score - 0.1, () => `entry is ${listed}, person is ${query}`);
}

/** The query is always a person: entries that are organisations, vessels or aircraft rank below persons. */
export function applySchema(score: number, schema: EntrySchema): Adjusted {
  if (schema === 'Person') return { score };
  return item('schema', score, score * 0.75, () => `entry is a ${schema}, not a person`);
}
