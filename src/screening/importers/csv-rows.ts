/**
 * Streams a CSV file row by row with the line each row ends on, through csv-parse (RFC 4180 quoting,
 * CRLF or LF, a missing final newline). Column counts are checked by the importers, which know what a
 * row must hold and can say so ("sdn.csv line 12: expected 12 fields, got 3").
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { CsvError, parse } from 'csv-parse';
import { ListFormatError } from './errors.ts';

export interface CsvRow {
  fields: string[];
  line: number;
}

export async function* streamCsvRows(path: string): AsyncGenerator<CsvRow> {
  const file = basename(path);
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const input = createReadStream(path);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const fields = item.record;
      // A DOS end-of-file byte (0x1A) after the last newline, as in OFAC's sdn_comments.csv, is not a row.
      if (fields.length === 1 && /^[\s\u001a]*$/.test(fields[0]!)) continue;
      yield { fields, line: item.info.lines };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new ListFormatError(file, line, undefined, error.message.replace(/^Invalid [^:]*: /, '').replace(/\.$/, ''));
    }
    throw error;
  } finally {
    input.destroy();
  }
}

/** Fails with the row's position unless it has exactly `count` fields. */
export function expectFieldCount(file: string, row: CsvRow, count: number): void {
  if (row.fields.length !== count) {
    throw new ListFormatError(file, row.line, undefined, `expected ${count} fields, got ${row.fields.length}`);
  }
}
