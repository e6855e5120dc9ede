/**
 * UN Security Council consolidated list (XML, https://www.un.org/sc/resources/sc-sanctions.xsd).
 * INDIVIDUAL and ENTITY records; alias QUALITY Good → strong, Low → weak (the UN's own guidance is that
 * low-quality aliases are too broad to match on their own); dates of birth EXACT / APPROXIMATELY (circa)
 * / BETWEEN (a year range). Nationalities are country names, mapped to ISO alpha-2.
 */
import { basename } from 'node:path';
import type { EntryDate, EntryName, ListEntry, NameStrength } from '../model.ts';
import { toIso2List } from './countries.ts';
import { isoDate } from './dates.ts';
import { ListFormatError } from './errors.ts';
import { singlePath } from './single-path.ts';
import type { ListImporter, ParsedList } from './types.ts';
import { childText, children, streamXmlRecords, values, type XmlElement } from './xml-records.ts';

export const unXmlImporter: ListImporter = {
  format: 'un-xml',
  files: 'the consolidated list XML (consolidated.xml)',
  open(paths) {
    const path = singlePath(paths, 'un-xml');
    let publishedAt: string | undefined;
    const file = basename(path);
    async function* entries() {
      const records = streamXmlRecords(path, {
        rootName: 'CONSOLIDATED_LIST',
        recordNames: new Set(['INDIVIDUAL', 'ENTITY']),
        onRoot: (attributes) => {
          publishedAt = attributes['dateGenerated'];
        },
      });
      for await (const record of records) yield unRecordToEntry(record, file);
    }
    return { entries: entries(), publishedAt: () => publishedAt } satisfies ParsedList;
  },
};

function unRecordToEntry(record: XmlElement, file: string): ListEntry {
  const id = childText(record, 'REFERENCE_NUMBER') ?? childText(record, 'DATAID');
  if (id === undefined) throw new ListFormatError(file, record.line, undefined, `<${record.name}> has no REFERENCE_NUMBER or DATAID`);
  const isPerson = record.name === 'INDIVIDUAL';
  const parts = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME']
    .map((n) => childText(record, n))
    .filter((p): p is string => p !== undefined);
  if (parts.length === 0) throw new ListFormatError(file, record.line, undefined, `<${record.name}> ${id} has no FIRST_NAME`);

  // The UN does not say which part is the family name; FIRST_NAME is the given name and the rest is
  // kept together as the surname, the full name stays the authoritative form.
  const primary: EntryName = { full: parts.join(' '), strength: 'primary' };
  if (isPerson && parts.length > 1) {
    primary.given = parts[0]!;
    primary.surname = parts.slice(1).join(' ');
  }
  const names: EntryName[] = [primary];
  const original = childText(record, 'NAME_ORIGINAL_SCRIPT');
  if (original !== undefined) names.push({ full: original, strength: 'strong' });
  for (const alias of children(record, isPerson ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS')) {
    const full = childText(alias, 'ALIAS_NAME');
    if (full !== undefined) names.push({ full, strength: aliasStrength(childText(alias, 'QUALITY')) });
  }

  const gender = childText(record, 'GENDER')?.toLowerCase();
  const entry: ListEntry = {
    id,
    schema: isPerson ? 'Person' : 'Organization',
    names,
    datesOfBirth: children(record, 'INDIVIDUAL_DATE_OF_BIRTH').flatMap((d) => {
      const parsed = unDateOfBirth(d);
      return parsed === undefined ? [] : [parsed];
    }),
    placesOfBirth: children(record, 'INDIVIDUAL_PLACE_OF_BIRTH')
      .map((p) => ['CITY', 'STATE_PROVINCE', 'COUNTRY'].map((n) => childText(p, n)).filter((x) => x !== undefined).join(', '))
      .filter((p) => p !== ''),
    countries: toIso2List(values(record, 'NATIONALITY')),
    documents: children(record, 'INDIVIDUAL_DOCUMENT').flatMap((d) => {
      const number = childText(d, 'NUMBER');
      return number === undefined ? [] : [number];
    }),
    positions: values(record, 'DESIGNATION'),
    associates: [],
    programs: [childText(record, 'UN_LIST_TYPE')].filter((p): p is string => p !== undefined),
  };
  if (gender === 'male' || gender === 'female') entry.gender = gender;
  const listedOn = isoDate(childText(record, 'LISTED_ON'));
  if (listedOn !== undefined) entry.listedOn = listedOn;
  const remarks = childText(record, 'COMMENTS1');
  if (remarks !== undefined) entry.remarks = remarks;
  return entry;
}

function aliasStrength(quality: string | undefined): NameStrength {
  return quality?.toLowerCase() === 'low' ? 'weak' : 'strong';
}

function unDateOfBirth(element: XmlElement): EntryDate | undefined {
  const type = childText(element, 'TYPE_OF_DATE')?.toUpperCase();
  if (type === 'BETWEEN') {
    const from = Number(childText(element, 'FROM_YEAR'));
    const to = Number(childText(element, 'TO_YEAR'));
    return Number.isInteger(from) && Number.isInteger(to) && from > 0 && to > 0
      ? { kind: 'range', fromYear: Math.min(from, to), toYear: Math.max(from, to) }
      : undefined;
  }
  const date = isoDate(childText(element, 'DATE')) ?? isoDate(childText(element, 'YEAR'));
  if (date === undefined) return undefined;
  return type === 'APPROXIMATELY' ? { kind: 'exact', date, circa: true } : { kind: 'exact', date };
}
