/**
 * Re-screening a customer base from a CSV file (columns given_name, surname, date_of_birth, country,
 * id; header row required, any column order), writing one result row per customer as it goes, so
 * neither file is held in memory.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { basename } from 'node:path';
import { streamCsvRows } from './importers/csv-rows.ts';
import { codeToIso2, toIso2 } from './importers/countries.ts';
import { ListFormatError } from './importers/errors.ts';
import type { ListKind, ScreeningQuery } from './model.ts';
import type { ScreeningService } from './service.ts';

const INPUT_COLUMNS = ['given_name', 'surname', 'date_of_birth', 'country', 'id'] as const;
export const OUTPUT_COLUMNS = [
  'id', 'given_name', 'surname', 'date_of_birth', 'country', 'status', 'sanctions_matches', 'peps_matches',
  'best_score', 'best_kind', 'best_list', 'best_reference', 'best_name',
] as const;

export interface BatchSummary {
  screened: number;
  withMatches: number;
  sanctionsHits: number;
  pepHits: number;
  /** Rows screened with a name that normalises to nothing, or no name at all: reported, never "clear". */
  skipped: number;
}

/** Counts the data rows first, for a progress bar with a total. */
export async function countCustomers(path: string): Promise<number> {
  let rows = -1;
  for await (const row of streamCsvRows(path)) if (row.fields.length > 0) rows++;
  return Math.max(0, rows);
}

/** RFC 4180 quoting for the output file; a whole CSV library for writing one flat row is not worth it. */
function csvLine(values: readonly string[]): string {
  return `${values.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')}\n`;
}

export async function screenBatch(
  service: ScreeningService,
  inputPath: string,
  outputPath: string,
  kinds: ListKind[],
  options: { threshold?: number; onProgress?: (done: number) => void } = {},
): Promise<BatchSummary> {
  service.assertAvailable(kinds);
  const file = basename(inputPath);
  const out = createWriteStream(outputPath);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  const summary: BatchSummary = { screened: 0, withMatches: 0, sanctionsHits: 0, pepHits: 0, skipped: 0 };
  try {
    await write(csvLine(OUTPUT_COLUMNS));
    let columns: Map<string, number> | undefined;
    for await (const row of streamCsvRows(inputPath)) {
      if (columns === undefined) {
        columns = new Map(row.fields.map((name, index) => [name.trim().toLowerCase(), index]));
        const missing = INPUT_COLUMNS.filter((c) => !columns!.has(c));
        if (missing.length > 0) throw new ListFormatError(file, row.line, undefined, `header lacks column(s) ${missing.join(', ')}`);
        continue;
      }
      const cell = (name: (typeof INPUT_COLUMNS)[number]) => row.fields[columns!.get(name)!]?.trim() ?? '';
      const query: ScreeningQuery = { givenName: cell('given_name'), surname: cell('surname') };
      const dob = cell('date_of_birth');
      if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(dob)) query.dateOfBirth = dob;
      const country = codeToIso2(cell('country')) ?? toIso2(cell('country'));
      if (country !== undefined) query.country = country;

      const base = [cell('id'), query.givenName, query.surname, dob, cell('country')];
      if (`${query.givenName}${query.surname}`.trim() === '') {
        summary.skipped++;
        await write(csvLine([...base, 'no-name', '', '', '', '', '', '', '']));
      } else {
        const result = service.screen(query, kinds, options.threshold === undefined ? {} : { threshold: options.threshold });
        const all = [...result.sanctions.map((r) => ({ kind: 'sanctions', r })), ...result.peps.map((p) => ({ kind: 'peps', r: p }))];
        const best = all.sort((a, b) => b.r.score - a.r.score)[0];
        summary.screened++;
        if (best !== undefined) summary.withMatches++;
        if (result.sanctions.length > 0) summary.sanctionsHits++;
        if (result.peps.length > 0) summary.pepHits++;
        await write(csvLine([
          ...base,
          best === undefined ? 'clear' : 'match',
          String(result.sanctions.length),
          String(result.peps.length),
          best === undefined ? '' : best.r.score.toFixed(3),
          best?.kind ?? '',
          best?.r.id.slice(0, best.r.id.indexOf('/')) ?? '',
          best?.r.reference ?? '',
          best?.r.matched_name ?? '',
        ]));
      }
      options.onProgress?.(summary.screened + summary.skipped);
    }
    if (columns === undefined) throw new ListFormatError(file, undefined, undefined, 'empty file (no header row)');
  } finally {
    out.end();
    await once(out, 'close');
  }
  return summary;
}
