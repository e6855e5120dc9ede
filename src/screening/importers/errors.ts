/**
 * The one error an importer throws for bad input. It names the file and the place that broke, so an
 * operator can open the file there; the import is then rolled back and the old list stays.
 */
export class ListFormatError extends Error {
  override readonly name = 'ListFormatError';

  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly detail: string,
  ) {
    super(`${file}${formatPosition(line, column)}: ${detail}`);
  }
}

function formatPosition(line: number | undefined, column: number | undefined): string {
  if (line === undefined) return '';
  return column === undefined ? ` line ${line}` : ` line ${line} column ${column}`;
}

/** The FILE arguments do not fit the format (a missing sdn.csv, two files for a one-file format). */
export class ListFilesError extends Error {
  override readonly name = 'ListFilesError';
}
