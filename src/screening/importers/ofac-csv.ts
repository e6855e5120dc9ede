/**
 * OFAC SDN legacy CSV set: sdn.csv (12 columns, no header, "-0- " for null), alt.csv (aliases),
 * add.csv (addresses) and sdn_comments.csv (the part of Remarks that did not fit in sdn.csv).
 *
 * sdn.csv is streamed. alt.csv and sdn_comments.csv are read into maps keyed by ent_num first, because
 * they are ordered by their own keys and must be joined to sdn.csv rows; they are a few MB even for
 * the full list. Rows that reference an ent_num absent from sdn.csv (OFAC's files do have them) are
 * ignored. add.csv is checked for shape only: the list model keeps no addresses.
 */
import { stat, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { EntryName, EntrySchema, ListEntry } from '../model.ts';
import { expectFieldCount, streamCsvRows } from './csv-rows.ts';
import { ListFilesError, ListFormatError } from './errors.ts';
import { parseRemarks } from './ofac-remarks.ts';
import type { ListImporter, ParsedList } from './types.ts';

const SDN_FIELDS = 12;
const ALT_FIELDS = 5;
const ADD_FIELDS = 6;
const COMMENT_FIELDS = 2;

export const ofacCsvImporter: ListImporter = {
  format: 'ofac-csv',
  files: 'sdn.csv and optionally alt.csv, add.csv, sdn_comments.csv (or the folder holding them)',
  open(paths) {
    async function* entries() {
      const files = await resolveFileSet(paths);
      const aliases = files.alt === undefined ? new Map<string, EntryName[]>() : await readAliases(files.alt);
      const comments = files.comments === undefined ? new Map<string, string>() : await readComments(files.comments);
      if (files.add !== undefined) await checkAddresses(files.add);
      const file = basename(files.sdn);
      const seen = new Set<string>();
      for await (const row of streamCsvRows(files.sdn)) {
        expectFieldCount(file, row, SDN_FIELDS);
        const [entNum, name, type, program, title, , , , , , , remarks] = row.fields.map(nullable);
        if (entNum === undefined || !/^\d+$/.test(entNum)) throw new ListFormatError(file, row.line, undefined, `ent_num is not a number: ${JSON.stringify(row.fields[0])}`);
        if (name === undefined) throw new ListFormatError(file, row.line, undefined, `entry ${entNum} has no name`);
        if (seen.has(entNum)) throw new ListFormatError(file, row.line, undefined, `duplicate ent_num ${entNum}`);
        seen.add(entNum);
        yield sdnRowToEntry(entNum, name, type, program, title, joinRemarks(remarks, comments.get(entNum)), aliases.get(entNum) ?? []);
      }
    }
    return { entries: entries(), publishedAt: () => undefined } satisfies ParsedList;
  },
};

interface OfacFileSet {
  sdn: string;
  alt?: string;
  add?: string;
  comments?: string;
}

/** Files are told apart by their OFAC names; a folder argument stands for the files in it. */
async function resolveFileSet(paths: string[]): Promise<OfacFileSet> {
  const files: string[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) files.push(...(await readdir(path)).map((f) => join(path, f)));
    else files.push(path);
  }
  const find = (name: string) => files.find((f) => basename(f).toLowerCase() === name);
  const sdn = find('sdn.csv');
  if (sdn === undefined) throw new ListFilesError('ofac-csv needs sdn.csv (files are recognised by their OFAC names)');
  const set: OfacFileSet = { sdn };
  const alt = find('alt.csv');
  const add = find('add.csv');
  const comments = find('sdn_comments.csv');
  if (alt !== undefined) set.alt = alt;
  if (add !== undefined) set.add = add;
  if (comments !== undefined) set.comments = comments;
  return set;
}

function nullable(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' || trimmed === '-0-' ? undefined : trimmed;
}

async function readAliases(path: string): Promise<Map<string, EntryName[]>> {
  const file = basename(path);
  const byEntity = new Map<string, EntryName[]>();
  for await (const row of streamCsvRows(path)) {
    expectFieldCount(file, row, ALT_FIELDS);
    const [entNum, , , altName] = row.fields.map(nullable);
    if (entNum === undefined || altName === undefined) continue;
    const list = byEntity.get(entNum) ?? [];
    // alt.csv holds OFAC's strong aliases (a.k.a., f.k.a., n.k.a.); weak ones live in the remarks.
    list.push({ ...splitOfacName(altName), strength: 'strong' });
    byEntity.set(entNum, list);
  }
  return byEntity;
}

async function readComments(path: string): Promise<Map<string, string>> {
  const file = basename(path);
  const byEntity = new Map<string, string>();
  for await (const row of streamCsvRows(path)) {
    expectFieldCount(file, row, COMMENT_FIELDS);
    const [entNum, text] = row.fields;
    if (entNum === undefined || text === undefined || nullable(entNum) === undefined) continue;
    byEntity.set(entNum.trim(), (byEntity.get(entNum.trim()) ?? '') + text);
  }
  return byEntity;
}

async function checkAddresses(path: string): Promise<void> {
  const file = basename(path);
  for await (const row of streamCsvRows(path)) expectFieldCount(file, row, ADD_FIELDS);
}

/** sdn_comments.csv continues the Remarks text exactly where sdn.csv cut it, often mid-word. */
function joinRemarks(remarks: string | undefined, continuation: string | undefined): string | undefined {
  if (continuation === undefined) return remarks;
  return (remarks ?? '') + continuation;
}

/** "SURNAME, Given" → parts; a name without a comma (entities, vessels) stays whole. */
function splitOfacName(name: string): Omit<EntryName, 'strength'> {
  const comma = name.indexOf(', ');
  if (comma === -1) return { full: name };
  return { full: name, surname: name.slice(0, comma).trim(), given: name.slice(comma + 2).trim() };
}

const SCHEMAS: Record<string, EntrySchema> = { individual: 'Person', vessel: 'Vessel', aircraft: 'Aircraft' };

function sdnRowToEntry(
  entNum: string,
  name: string,
  type: string | undefined,
  program: string | undefined,
  title: string | undefined,
  remarks: string | undefined,
  aliases: EntryName[],
): ListEntry {
  const schema = type === undefined ? 'Organization' : (SCHEMAS[type.toLowerCase()] ?? 'Other');
  const facts = parseRemarks(remarks);
  const primary: EntryName = schema === 'Person' ? { ...splitOfacName(name), strength: 'primary' } : { full: name, strength: 'primary' };
  const entry: ListEntry = {
    id: entNum,
    schema,
    names: [primary, ...aliases, ...facts.weakAliases],
    datesOfBirth: facts.datesOfBirth,
    placesOfBirth: facts.placesOfBirth,
    countries: facts.countries,
    documents: facts.documents,
    positions: title === undefined ? [] : [title],
    associates: facts.linkedTo.map((linked) => ({ relation: 'linked to', name: linked })),
    programs: program === undefined ? [] : program.split(/\]\s*\[/).map((p) => p.trim()).filter((p) => p !== ''),
  };
  if (facts.gender !== undefined) entry.gender = facts.gender;
  if (remarks !== undefined) entry.remarks = remarks;
  return entry;
}
