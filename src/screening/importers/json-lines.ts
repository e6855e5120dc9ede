/** Streams a JSON-lines file as parsed objects with their line numbers; a bad line fails with its position. */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { ListFormatError } from './errors.ts';

export interface JsonLine {
  value: Record<string, unknown>;
  line: number;
}

export async function* streamJsonLines(path: string): AsyncGenerator<JsonLine> {
  const file = basename(path);
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new ListFormatError(file, line, undefined, `invalid JSON (${(error as Error).message})`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new ListFormatError(file, line, undefined, 'expected a JSON object');
      }
      yield { value: value as Record<string, unknown>, line };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
