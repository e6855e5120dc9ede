/**
 * The demo watchlist: fictional persons written for eidgate's demo (not copied from any list), in
 * OpenSanctions FollowTheMoney JSON lines so the demo also runs the FtM importer. One of them, Mary Ann
 * O'Connez-Suslik born 2000-01-01, is the simulator's test person MARY ÄNN O’CONNEŽ-ŠUSLIK TESTNUMBER
 * (60001019906) as a list would write her: she is on both the demo sanctions list and the demo PEP list,
 * so an identification with both checks shows a hit of each kind with its explanation.
 */
import { fileURLToPath } from 'node:url';
import { importerFor } from './importers/registry.ts';
import type { ListsRepository } from './lists-repository.ts';
import type { ListKind, ListMetadata } from './model.ts';

export const DEMO_WATCHLIST_PATH = fileURLToPath(new URL('./demo-watchlist.ftm.jsonl', import.meta.url));

export const DEMO_LISTS: readonly { name: string; kind: ListKind }[] = [
  { name: 'demo-sanctions', kind: 'sanctions' },
  { name: 'demo-peps', kind: 'peps' },
];

/** Imports (or re-imports) the demo sanctions and PEP lists. */
export async function importDemoWatchlist(repository: ListsRepository): Promise<ListMetadata[]> {
  const imported: ListMetadata[] = [];
  for (const { name, kind } of DEMO_LISTS) {
    const source = importerFor('ftm').open([DEMO_WATCHLIST_PATH], { kind });
    imported.push(await repository.replaceList({ name, kind, format: 'ftm' }, source));
  }
  return imported;
}
