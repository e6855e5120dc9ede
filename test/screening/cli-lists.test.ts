import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/db.ts';
import { ListsRepository } from '../../src/screening/lists-repository.ts';
import type { ListMetadata } from '../../src/screening/model.ts';
import { runCli } from './cli-helpers.ts';

const SHARED = new URL('../../../shared/fixtures/screening/', import.meta.url).pathname;
const OWN = new URL('../fixtures/screening/', import.meta.url).pathname;
const workDir = await mkdtemp(join(tmpdir(), 'eidgate-cli-lists-'));
after(() => rm(workDir, { recursive: true, force: true }));

async function storedLists(sqlitePath: string): Promise<ListMetadata[]> {
  const store = await openDatabase({ sqlitePath });
  try {
    return await new ListsRepository(store).listLists();
  } finally {
    await store.close();
  }
}

test('eidgate lists import / lists / lists remove; a malformed file is refused with its position and the list stays', async () => {
  const env = { EIDGATE_SQLITE_PATH: join(workDir, 'import.db') };
  const imported = await runCli(['lists', 'import', '--kind', 'sanctions', '--format', 'un-xml', '--name', 'un-sc', join(SHARED, 'un/UN_consolidated.xml')], env);
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(imported.stdout, 'imported 1003 entries into sanctions list "un-sc" (published 2026-02-27T00:00:09.554Z)\n');
  const [before] = await storedLists(env.EIDGATE_SQLITE_PATH);

  const refused = await runCli(['lists', 'import', '--kind', 'sanctions', '--format', 'ofac-xml', '--name', 'un-sc', join(OWN, 'broken/truncated-sdn.xml')], env);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, 'eidgate: truncated-sdn.xml line 31 column 14: unexpected close tag; list "un-sc" was not changed\n');
  assert.deepEqual(await storedLists(env.EIDGATE_SQLITE_PATH), [before]);

  const shown = await runCli(['lists'], env);
  assert.equal(shown.code, 0, shown.stderr);
  const [header, row, ...rest] = shown.stdout.trimEnd().split('\n');
  assert.match(header!, /^NAME\s+KIND\s+FORMAT\s+ENTRIES\s+PUBLISHED\s+IMPORTED$/);
  assert.deepEqual(row!.split(/\s+/), ['un-sc', 'sanctions', 'un-xml', '1003', '2026-02-27T00:00:09.554Z', before!.importedAt]);
  assert.deepEqual(rest, []);

  const removed = await runCli(['lists', 'remove', 'un-sc'], env);
  assert.equal(removed.code, 0, removed.stderr);
  assert.equal(removed.stdout, 'removed list "un-sc"\n');
  assert.deepEqual(await storedLists(env.EIDGATE_SQLITE_PATH), []);
});

/** Serves fixture files the way the publishers do; `broken` paths answer 404 or a truncated body. */
async function publisher(): Promise<{ server: Server; url: string }> {
  const files: Record<string, string> = {
    '/ofac/SDN.XML': join(OWN, 'ofac-sdn.xml'),
    '/eu/xmlFullSanctionsList_1_1': join(OWN, 'eu-fsf.xml'),
    '/un/consolidated.xml': join(SHARED, 'un/UN_consolidated.xml'),
  };
  const unXml = await readFile(join(SHARED, 'un/UN_consolidated.xml'));
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = files[path];
    if (file !== undefined) {
      response.writeHead(200, { 'content-type': 'application/xml' });
      createReadStream(file).pipe(response);
    } else if (path === '/un/truncated.xml') {
      response.writeHead(200, { 'content-type': 'application/xml' });
      response.end(unXml.subarray(0, Math.floor(unXml.length / 2)));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

test('eidgate lists update downloads OFAC, EU and UN from the configured URLs; a failed download keeps the list', async () => {
  const { server, url } = await publisher();
  try {
    const env = {
      EIDGATE_SQLITE_PATH: join(workDir, 'update.db'),
      EIDGATE_LISTS_OFAC_URL: `${url}/ofac/SDN.XML`,
      EIDGATE_LISTS_UN_URL: `${url}/un/consolidated.xml`,
      EIDGATE_LISTS_EU_URL: `${url}/not-this-one`,
    };
    // The EU URL comes from the flag, which wins over the environment.
    const updated = await runCli(['lists', 'update', '--eu-url', `${url}/eu/xmlFullSanctionsList_1_1`], env);
    assert.equal(updated.code, 0, updated.stdout + updated.stderr);
    assert.equal(updated.stdout, [
      'updated ofac-sdn: 4 entries (published 2026-03-14)',
      'updated eu-fsf: 3 entries (published 2026-03-10T17:00:00.000+01:00)',
      'updated un-sc: 1003 entries (published 2026-02-27T00:00:09.554Z)',
      '',
    ].join('\n'));
    const lists = await storedLists(env.EIDGATE_SQLITE_PATH);
    assert.deepEqual(lists.map((l) => [l.name, l.kind, l.format, l.entryCount]), [
      ['eu-fsf', 'sanctions', 'eu-fsf', 3], ['ofac-sdn', 'sanctions', 'ofac-xml', 4], ['un-sc', 'sanctions', 'un-xml', 1003],
    ]);

    const failed = await runCli(['lists', 'update', '--only', 'un,ofac', '--un-url', `${url}/un/truncated.xml`, '--ofac-url', `${url}/ofac/gone`], env);
    assert.equal(failed.code, 1);
    const lines = failed.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `failed ofac-sdn: download failed: HTTP 404 from ${url}/ofac/gone; the stored list was not changed`);
    assert.match(lines[1]!, /^failed un-sc: un-sc\.xml line \d+ column \d+: unclosed tag: .*; the stored list was not changed$/);
    assert.deepEqual(await storedLists(env.EIDGATE_SQLITE_PATH), lists, 'both lists are as they were');
  } finally {
    server.close();
  }
});
