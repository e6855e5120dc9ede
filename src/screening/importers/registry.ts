/** Every supported list format, by the name the CLI uses for it. */
import { euFsfImporter } from './eu-fsf.ts';
import { ftmImporter } from './ftm.ts';
import { ofacCsvImporter } from './ofac-csv.ts';
import { ofacXmlImporter } from './ofac-xml.ts';
import { simpleCsvImporter } from './simple-csv.ts';
import { LIST_FORMATS, type ListFormat, type ListImporter } from './types.ts';
import { unXmlImporter } from './un-xml.ts';

const IMPORTERS: Record<ListFormat, ListImporter> = {
  'ofac-xml': ofacXmlImporter,
  'ofac-csv': ofacCsvImporter,
  'eu-fsf': euFsfImporter,
  'un-xml': unXmlImporter,
  ftm: ftmImporter,
  'simple-csv': simpleCsvImporter,
};

export function isListFormat(value: string): value is ListFormat {
  return (LIST_FORMATS as readonly string[]).includes(value);
}

export function importerFor(format: ListFormat): ListImporter {
  return IMPORTERS[format];
}

export { LIST_FORMATS, type ListFormat, type ListImporter, type ParsedList } from './types.ts';
export { ListFilesError, ListFormatError } from './errors.ts';
