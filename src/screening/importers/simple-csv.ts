/**
 * OpenSanctions targets.simple.csv: a header row, then one row per target with the columns id, schema,
 * name, aliases, birth_date, countries, addresses, identifiers, sanctions, phones, emails, program_ids,
 * dataset, first_seen, last_seen, last_change; multiple values inside a cell are separated by ";".
 * The file has no topics column, so every row is imported into the list of the kind asked for.
 */
import { FTM_SCHEMAS } from './ftm-schemas.ts';
import { basename } from 'node:path';
import type { EntryName, ListEntry } from '../model.ts';
import { codeToIso2 } from './countries.ts';
import { streamCsvRows } from './csv-rows.ts';
import { isoDate } from './dates.ts';
import { ListFormatError } from './errors.ts';
import type { ListImporter, ParsedList } from './types.ts';
import { singlePath } from './single-path.ts';

const REQUIRED_COLUMNS = ['id', 'schema', 'name', 'aliases', 'birth_date', 'countries', 'identifiers', 'sanctions', 'program_ids', 'dataset', 'first_seen'] as const;


export const simpleCsvImporter: ListImporter = {
  format: 'simple-csv',
  files: 'OpenSanctions targets.simple.csv',
  open(paths) {
    const path = singlePath(paths, 'simple-csv');
    const file = basename(path);
    async function* entries() {
      let columns: Map<string, number> | undefined;
      for await (const row of streamCsvRows(path)) {
        if (columns === undefined) {
          columns = new Map(row.fields.map((name, index) => [name.trim(), index]));
          const missing = REQUIRED_COLUMNS.filter((c) => !columns!.has(c));
          if (missing.length > 0) throw new ListFormatError(file, row.line, undefined, `header lacks column(s) ${missing.join(', ')}`);
          continue;
        }
        if (row.fields.length !== columns.size) {
          throw new ListFormatError(file, row.line, undefined, `expected ${columns.size} fields, got ${row.fields.length}`);
        }
        const cell = (name: (typeof REQUIRED_COLUMNS)[number]) => row.fields[columns!.get(name)!]!.trim();
        const many = (name: (typeof REQUIRED_COLUMNS)[number]) => cell(name).split(';').map((v) => v.trim()).filter((v) => v !== '');
        const id = cell('id');
        const name = cell('name');
        if (id === '' || name === '') throw new ListFormatError(file, row.line, undefined, 'row has no id or name');
        const names: EntryName[] = [{ full: name, strength: 'primary' }];
        for (const alias of many('aliases')) if (alias !== name) names.push({ full: alias, strength: 'strong' });
        const entry: ListEntry = {
          id,
          schema: FTM_SCHEMAS[cell('schema')] ?? 'Other',
          names,
          datesOfBirth: many('birth_date').flatMap((d) => {
            const date = isoDate(d);
            return date === undefined ? [] : [{ kind: 'exact' as const, date }];
          }),
          placesOfBirth: [],
          countries: [...new Set(many('countries').flatMap((c) => codeToIso2(c) ?? []))],
          documents: many('identifiers'),
          positions: [],
          associates: [],
          programs: [...new Set([...many('program_ids'), ...many('sanctions')])],
        };
        const listedOn = isoDate(cell('first_seen'));
        if (listedOn !== undefined) entry.listedOn = listedOn;
        yield entry;
      }
      if (columns === undefined) throw new ListFormatError(file, undefined, undefined, 'empty file (no header row)');
    }
    return { entries: entries(), publishedAt: () => undefined } satisfies ParsedList;
  },
};
