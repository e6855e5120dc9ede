import type { ListEntry, ListKind } from '../model.ts';

export const LIST_FORMATS = ['ofac-xml', 'ofac-csv', 'eu-fsf', 'un-xml', 'ftm', 'simple-csv'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/**
 * A list being read. `entries` streams; the publisher's date is known once the first entry has been
 * read (XML files carry it before the records), and stays undefined for formats that do not carry one.
 */
export interface ParsedList {
  entries: AsyncIterable<ListEntry>;
  publishedAt(): string | undefined;
}

export interface ImportOptions {
  /** Which kind of list is being built: OpenSanctions files mix sanctioned persons and PEPs. */
  kind: ListKind;
}

export interface ListImporter {
  format: ListFormat;
  /** What FILE… arguments the format takes, for the CLI help. */
  files: string;
  open(paths: string[], options: ImportOptions): ParsedList;
}
