/**
 * OFAC SDN list XML (sdn.xsd): <sdnList><publshInformation><Publish_Date>MM/DD/YYYY</Publish_Date>…
 * then <sdnEntry> records with uid, firstName, lastName, sdnType, programList, akaList (category
 * strong / weak), dateOfBirthList, placeOfBirthList, nationalityList, citizenshipList, idList.
 * ("publshInformation" is OFAC's spelling.) OFAC's newer exports also state gender as an id of type
 * "Gender".
 */
import { basename } from 'node:path';
import type { EntryName, EntrySchema, ListEntry } from '../model.ts';
import { toIso2List } from './countries.ts';
import { parseOfacDate, usDate } from './dates.ts';
import { ListFormatError } from './errors.ts';
import type { ListImporter, ParsedList } from './types.ts';
import { singlePath } from './single-path.ts';
import { child, childText, children, streamXmlRecords, type XmlElement } from './xml-records.ts';

export const ofacXmlImporter: ListImporter = {
  format: 'ofac-xml',
  files: 'the SDN list XML (sdn.xml)',
  open(paths) {
    const path = singlePath(paths, 'ofac-xml');
    const file = basename(path);
    let publishedAt: string | undefined;
    async function* entries() {
      const records = streamXmlRecords(path, { rootName: 'sdnList', recordNames: new Set(['publshInformation', 'sdnEntry']) });
      for await (const record of records) {
        if (record.name === 'publshInformation') publishedAt = usDate(childText(record, 'Publish_Date'));
        else yield sdnEntryToEntry(record, file);
      }
    }
    return { entries: entries(), publishedAt: () => publishedAt } satisfies ParsedList;
  },
};

const SCHEMAS: Record<string, EntrySchema> = { individual: 'Person', entity: 'Organization', vessel: 'Vessel', aircraft: 'Aircraft' };

/**
 * idList also carries websites, e-mail and currency addresses, vessel numbers and gender; only
 * documents that identify a person or a company are kept as documents.
 */
const IDENTITY_DOCUMENT = /passport|\bid\b|id no|identification|cedula|d\.n\.i|c\.u\.r\.p|r\.f\.c|nit #|tax id|driver|residency|registration|ssn|national/i;

/** The items of a list wrapper: listChildren(entry, 'akaList', 'aka'). */
function listChildren(element: XmlElement, wrapper: string, item: string): XmlElement[] {
  const holder = child(element, wrapper);
  return holder === undefined ? [] : children(holder, item);
}

function ofacName(element: XmlElement, isPerson: boolean): Omit<EntryName, 'strength'> | undefined {
  const given = childText(element, 'firstName');
  const surname = childText(element, 'lastName');
  if (given === undefined && surname === undefined) return undefined;
  if (!isPerson || given === undefined || surname === undefined) return { full: [given, surname].filter((p) => p !== undefined).join(' ') };
  return { full: `${given} ${surname}`, given, surname };
}

function sdnEntryToEntry(record: XmlElement, file: string): ListEntry {
  const uid = childText(record, 'uid');
  if (uid === undefined) throw new ListFormatError(file, record.line, undefined, '<sdnEntry> has no <uid>');
  const schema = SCHEMAS[childText(record, 'sdnType')?.toLowerCase() ?? ''] ?? 'Other';
  const isPerson = schema === 'Person';
  const primary = ofacName(record, isPerson);
  if (primary === undefined) throw new ListFormatError(file, record.line, undefined, `<sdnEntry> ${uid} has no <lastName>`);
  const names: EntryName[] = [{ ...primary, strength: 'primary' }];
  for (const aka of listChildren(record, 'akaList', 'aka')) {
    const name = ofacName(aka, isPerson);
    if (name !== undefined) names.push({ ...name, strength: childText(aka, 'category')?.toLowerCase() === 'weak' ? 'weak' : 'strong' });
  }
  const ids = listChildren(record, 'idList', 'id');
  const genderId = ids.find((id) => childText(id, 'idType')?.toLowerCase() === 'gender');
  const gender = genderId === undefined ? undefined : childText(genderId, 'idNumber')?.toLowerCase();
  const countryTexts = [
    ...listChildren(record, 'nationalityList', 'nationality'),
    ...listChildren(record, 'citizenshipList', 'citizenship'),
  ].flatMap((n) => childText(n, 'country') ?? []);

  const entry: ListEntry = {
    id: uid,
    schema,
    names,
    datesOfBirth: listChildren(record, 'dateOfBirthList', 'dateOfBirthItem').flatMap((d) => {
      const text = childText(d, 'dateOfBirth');
      return (text === undefined ? undefined : parseOfacDate(text)) ?? [];
    }),
    placesOfBirth: listChildren(record, 'placeOfBirthList', 'placeOfBirthItem').flatMap((p) => childText(p, 'placeOfBirth') ?? []),
    countries: toIso2List(countryTexts),
    documents: ids
      .filter((id) => IDENTITY_DOCUMENT.test(childText(id, 'idType') ?? ''))
      .flatMap((id) => childText(id, 'idNumber') ?? []),
    positions: [childText(record, 'title')].filter((t): t is string => t !== undefined),
    associates: [],
    programs: listChildren(record, 'programList', 'program').map((p) => p.text).filter((p) => p !== ''),
  };
  if (gender === 'male' || gender === 'female') entry.gender = gender;
  const remarks = childText(record, 'remarks');
  if (remarks !== undefined) entry.remarks = remarks;
  return entry;
}
