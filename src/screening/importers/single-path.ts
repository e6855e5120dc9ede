import { ListFilesError } from './errors.ts';

/** The single-file formats take exactly one FILE argument; a second one would be silently ignored otherwise. */
export function singlePath(paths: string[], format: string): string {
  if (paths.length !== 1) throw new ListFilesError(`${format} takes exactly one file, got ${paths.length}`);
  return paths[0]!;
}
