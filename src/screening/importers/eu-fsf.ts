/**
 * EU Financial Sanctions Files, XML version 1.1: <export generationDate=…> with one <sanctionEntity
 * logicalId=…> per listed subject; subjectType code person / enterprise; nameAlias with firstName,
 * middleName, lastName, wholeName, gender, function and strong="true|false" (a non-strong alias is a
 * weak one); birthdate (birthdate, year, circa, yearRangeFrom/To, place, countryIso2Code); citizenship
 * countryIso2Code; identification number; regulation programme and publicationDate.
 */
import { basename } from 'node:path';
import type { EntryDate, EntryName, ListEntry } from '../model.ts';
import { codeToIso2, toIso2 } from './countries.ts';
import { isoDate } from './dates.ts';
import { ListFormatError } from './errors.ts';
import type { ListImporter, ParsedList } from './types.ts';
import { singlePath } from './single-path.ts';
import { attr, children, streamXmlRecords, type XmlElement } from './xml-records.ts';

export const euFsfImporter: ListImporter = {
  format: 'eu-fsf',
  files: 'the FSF full sanctions list XML, version 1.1',
  open(paths) {
    const path = singlePath(paths, 'eu-fsf');
    const file = basename(path);
    let publishedAt: string | undefined;
    async function* entries() {
      const records = streamXmlRecords(path, {
        rootName: 'export',
        recordNames: new Set(['sanctionEntity']),
        onRoot: (attributes) => {
          publishedAt = attributes['generationDate'];
        },
      });
      for await (const record of records) yield sanctionEntityToEntry(record, file);
    }
    return { entries: entries(), publishedAt: () => publishedAt } satisfies ParsedList;
  },
};

function aliasName(alias: XmlElement, isPerson: boolean, strength: EntryName['strength']): EntryName | undefined {
  const first = attr(alias, 'firstName');
  const middle = attr(alias, 'middleName');
  const last = attr(alias, 'lastName');
  const given = [first, middle].filter((p) => p !== undefined).join(' ');
  const full = attr(alias, 'wholeName') ?? [given, last].filter((p) => p !== undefined && p !== '').join(' ');
  if (full === '') return undefined;
  const name: EntryName = { full, strength };
  if (isPerson && given !== '' && last !== undefined) {
    name.given = given;
    name.surname = last;
  }
  return name;
}

function birthDate(element: XmlElement): EntryDate | undefined {
  const circa = attr(element, 'circa') === 'true';
  const from = Number(attr(element, 'yearRangeFrom'));
  const to = Number(attr(element, 'yearRangeTo'));
  if (from > 0 && to > 0) return { kind: 'range', fromYear: Math.min(from, to), toYear: Math.max(from, to) };
  let date = isoDate(attr(element, 'birthdate'));
  if (date === undefined) {
    const year = attr(element, 'year');
    if (year === undefined || !/^\d{4}$/.test(year)) return undefined;
    const month = attr(element, 'monthOfYear');
    const day = attr(element, 'dayOfMonth');
    date = year;
    if (month !== undefined) {
      date += `-${month.padStart(2, '0')}`;
      if (day !== undefined) date += `-${day.padStart(2, '0')}`;
    }
  }
  return circa ? { kind: 'exact', date, circa } : { kind: 'exact', date };
}

function country(element: XmlElement): string | undefined {
  return codeToIso2(attr(element, 'countryIso2Code')) ?? toIso2(attr(element, 'countryDescription'));
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
}

function sanctionEntityToEntry(record: XmlElement, file: string): ListEntry {
  const id = attr(record, 'logicalId');
  if (id === undefined) throw new ListFormatError(file, record.line, undefined, '<sanctionEntity> has no logicalId');
  const subject = children(record, 'subjectType')[0];
  const code = subject === undefined ? undefined : attr(subject, 'code');
  const isPerson = code === 'person';
  const names: EntryName[] = [];
  const aliases = children(record, 'nameAlias');
  for (const alias of aliases) {
    // The first alias is the name the regulation lists the subject under; strong="false" marks a weak alias.
    const strength = names.length === 0 ? 'primary' : attr(alias, 'strong') === 'false' ? 'weak' : 'strong';
    const name = aliasName(alias, isPerson, strength);
    if (name !== undefined) names.push(name);
  }
  if (names.length === 0) throw new ListFormatError(file, record.line, undefined, `<sanctionEntity> ${id} has no named <nameAlias>`);
  const births = children(record, 'birthdate');
  const regulations = children(record, 'regulation');
  const genders = unique(aliases.map((a) => attr(a, 'gender')));

  const entry: ListEntry = {
    id,
    schema: isPerson ? 'Person' : code === 'enterprise' ? 'Organization' : 'Other',
    names,
    datesOfBirth: births.flatMap((b) => birthDate(b) ?? []),
    placesOfBirth: unique(births.map((b) => unique([attr(b, 'city') ?? attr(b, 'place'), attr(b, 'region'), attr(b, 'countryDescription')]).join(', '))),
    countries: unique(children(record, 'citizenship').map(country)),
    documents: unique(children(record, 'identification').map((i) => attr(i, 'number') ?? attr(i, 'latinNumber'))),
    positions: unique(aliases.map((a) => attr(a, 'function'))),
    associates: [],
    programs: unique(regulations.map((r) => attr(r, 'programme'))),
  };
  if (genders.length === 1 && (genders[0] === 'M' || genders[0] === 'F')) entry.gender = genders[0] === 'M' ? 'male' : 'female';
  const listedOn = isoDate(attr(record, 'designationDate')) ?? unique(regulations.map((r) => isoDate(attr(r, 'publicationDate')))).sort()[0];
  if (listedOn !== undefined) entry.listedOn = listedOn;
  const remarks = unique(children(record, 'remark').map((r) => r.text)).join('\n');
  if (remarks !== '') entry.remarks = remarks;
  return entry;
}

