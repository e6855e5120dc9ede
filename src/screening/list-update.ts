/**
 * `eidgate lists update`: downloads the OFAC, EU and UN lists from their publishers and imports each.
 * A download is streamed to a temporary file (the lists are tens to hundreds of MB) and imported from
 * there, so a broken or truncated download fails the import and leaves the stored list as it was.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { importerFor } from './importers/registry.ts';
import type { ListFormat } from './importers/types.ts';
import type { ListsRepository } from './lists-repository.ts';
import type { ListKind, ListMetadata } from './model.ts';

export interface OfficialSource {
  key: 'ofac' | 'eu' | 'un';
  /** The list name it is stored under. */
  name: string;
  kind: ListKind;
  format: ListFormat;
  /** Environment variable that overrides the URL (mirrors, proxies, tests). */
  urlVariable: string;
  defaultUrl: string;
}

export const OFFICIAL_SOURCES: readonly OfficialSource[] = [
  {
    key: 'ofac',
    name: 'ofac-sdn',
    kind: 'sanctions',
    format: 'ofac-xml',
    urlVariable: 'EIDGATE_LISTS_OFAC_URL',
    defaultUrl: 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML',
  },
  {
    key: 'eu',
    name: 'eu-fsf',
    kind: 'sanctions',
    format: 'eu-fsf',
    urlVariable: 'EIDGATE_LISTS_EU_URL',
    // The FSF site's published public download link for the full list, XML 1.1 (the token is part of it).
    defaultUrl: 'https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw',
  },
  {
    key: 'un',
    name: 'un-sc',
    kind: 'sanctions',
    format: 'un-xml',
    urlVariable: 'EIDGATE_LISTS_UN_URL',
    defaultUrl: 'https://scsanctions.un.org/resources/xml/en/consolidated.xml',
  },
];

export function sourceUrl(source: OfficialSource, overrides: Partial<Record<OfficialSource['key'], string>>, env: NodeJS.ProcessEnv): string {
  return overrides[source.key] ?? (env[source.urlVariable] || source.defaultUrl);
}

export type UpdateOutcome = { source: OfficialSource; url: string; ok: true; list: ListMetadata } | { source: OfficialSource; url: string; ok: false; error: Error };

/** Downloads `url` to `path`; a failed HTTP status is an error, not a list. */
async function download(url: string, path: string, timeoutMs: number): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  if (!response.ok || response.body === null) throw new Error(`download failed: HTTP ${response.status} from ${url}`);
  await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(path));
}

/** Updates each source in turn; one failing does not stop the others. */
export async function updateOfficialLists(
  repository: ListsRepository,
  sources: readonly { source: OfficialSource; url: string }[],
  options: { timeoutMs?: number; onStart?: (source: OfficialSource, url: string) => void } = {},
): Promise<UpdateOutcome[]> {
  const outcomes: UpdateOutcome[] = [];
  for (const { source, url } of sources) {
    options.onStart?.(source, url);
    const folder = await mkdtemp(join(tmpdir(), 'eidgate-list-'));
    try {
      // Named after the list, so a parse error names something the operator recognises.
      const path = join(folder, `${source.name}.xml`);
      await download(url, path, options.timeoutMs ?? 10 * 60_000);
      const parsed = importerFor(source.format).open([path], { kind: source.kind });
      const list = await repository.replaceList({ name: source.name, kind: source.kind, format: source.format }, parsed);
      outcomes.push({ source, url, ok: true, list });
    } catch (error) {
      outcomes.push({ source, url, ok: false, error: error instanceof Error ? error : new Error(String(error)) });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  return outcomes;
}
