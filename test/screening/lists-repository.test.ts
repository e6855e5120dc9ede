import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Store } from '../../src/store/db.ts';
import { importerFor, ListFormatError } from '../../src/screening/importers/registry.ts';
import { ConcurrentImportError, DuplicateEntryError, EmptyListError, ListsRepository, type ListSource } from '../../src/screening/lists-repository.ts';
import type { ListEntry } from '../../src/screening/model.ts';
import { dropSchema, postgresTestUrl } from '../helpers/postgres.ts';

const SHARED = new URL('../../../shared/fixtures/screening/', import.meta.url).pathname;
const OWN = new URL('../fixtures/screening/', import.meta.url).pathname;

const workDir = await mkdtemp(join(tmpdir(), 'eidgate-lists-'));
const pgSchemas: string[] = [];
after(async () => {
  await rm(workDir, { recursive: true, force: true });
  for (const schema of pgSchemas) await dropSchema(schema);
});

/** Two independent connections to one database: a writer and a reader that must never see half a list. */
interface Backend {
  name: string;
  open(): Promise<{ writer: Store; reader: Store }>;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    async open() {
      const path = join(workDir, `${randomBytes(4).toString('hex')}.db`);
      return { writer: await openDatabase({ sqlitePath: path }), reader: await openDatabase({ sqlitePath: path }) };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const schema = `t_lists_${randomBytes(6).toString('hex')}`;
      pgSchemas.push(schema);
      const writer = await openDatabase({ url: postgresTestUrl(), schema });
      return { writer, reader: await openDatabase({ url: postgresTestUrl(), schema }) };
    },
  },
];

function entry(id: string, name: string): ListEntry {
  return {
    id, schema: 'Person', names: [{ full: name, strength: 'primary' }], datesOfBirth: [], placesOfBirth: [],
    countries: [], documents: [], positions: [], associates: [], programs: [],
  };
}

function source(entries: AsyncIterable<ListEntry>, publishedAt?: string): ListSource {
  return { entries, publishedAt: () => publishedAt };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function entryCount(store: Store, list: string): Promise<number> {
  const row = await store.db.selectFrom('list_entries').select((eb) => eb.fn.countAll().as('n')).where('list_name', '=', list).executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const backend of backends) {
  test(`${backend.name}: an imported list is stored with its metadata and read back whole, in pages`, async () => {
    const { writer, reader } = await backend.open();
    try {
      const repository = new ListsRepository(writer);
      const versionBefore = await repository.version();
      const un = await repository.replaceList(
        { name: 'un-sc', kind: 'sanctions', format: 'un-xml' },
        importerFor('un-xml').open([join(SHARED, 'un/UN_consolidated.xml')], { kind: 'sanctions' }),
      );
      assert.equal(un.entryCount, 1003);
      assert.equal(un.publishedAt, '2026-02-27T00:00:09.554Z');
      const ofac = await repository.replaceList(
        { name: 'ofac-2019', kind: 'sanctions', format: 'ofac-csv' },
        importerFor('ofac-csv').open([join(SHARED, 'ofac/sdn-2019')], { kind: 'sanctions' }),
      );
      assert.equal(ofac.entryCount, 7379);
      assert.equal(ofac.publishedAt, undefined);
      assert.notEqual(await repository.version(), versionBefore);

      const listed = await new ListsRepository(reader).listLists();
      assert.deepEqual(listed, [ofac, un]);

      const loaded = await new ListsRepository(reader).loadAll();
      assert.deepEqual(loaded.map((l) => l.meta.name), ['ofac-2019', 'un-sc']);
      const ofacEntries = await collect(loaded[0]!.entries);
      assert.equal(ofacEntries.length, 7379, 'all pages are read');
      assert.equal(new Set(ofacEntries.map((e) => e.id)).size, 7379);
      const unEntries = await collect(loaded[1]!.entries);
      const badege = unEntries.find((e) => e.id === 'CDi.001');
      assert.deepEqual(badege?.names, [{ full: 'ERIC BADEGE', strength: 'primary', given: 'ERIC', surname: 'BADEGE' }]);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  test(`${backend.name}: a re-import replaces the list atomically; a reader sees the old list until commit; an error keeps it`, async () => {
    const { writer, reader } = await backend.open();
    try {
      const repository = new ListsRepository(writer);
      const readerRepository = new ListsRepository(reader);
      const first = await repository.replaceList({ name: 'demo', kind: 'sanctions', format: 'ftm' }, importerFor('ftm').open([join(OWN, 'entities.ftm.json')], { kind: 'sanctions' }));
      assert.equal(first.entryCount, 3);

      // A new edition that stops half-way (after more than one insert batch) and then turns out broken.
      let release!: () => void;
      const paused = new Promise<void>((resolve) => { release = resolve; });
      let reachedPause!: () => void;
      const atPause = new Promise<void>((resolve) => { reachedPause = resolve; });
      async function* brokenEdition(): AsyncGenerator<ListEntry> {
        for (let i = 0; i < 1200; i++) yield entry(`n${i}`, `New Person ${i}`);
        reachedPause();
        await paused;
        throw new ListFormatError('new.json', 1201, undefined, 'invalid JSON');
      }
      const importing = repository.replaceList({ name: 'demo', kind: 'sanctions', format: 'ftm' }, source(brokenEdition()));
      await atPause;
      assert.equal(await entryCount(reader, 'demo'), 3, 'a reader sees the old entries while the import runs');
      assert.deepEqual(await readerRepository.listLists(), [first]);
      // Another writer (a gateway instance on the same database) is not locked out by the long import.
      const other = await readerRepository.replaceList({ name: 'other', kind: 'peps', format: 'ftm' }, source((async function* () { yield entry('x', 'X'); })()));
      assert.equal(other.entryCount, 1);
      assert.equal(await readerRepository.removeList('other'), true);
      release();
      await assert.rejects(importing, ListFormatError);
      assert.equal(await entryCount(reader, 'demo'), 3, 'the failed import left the old list');
      const leftovers = await reader.db.selectFrom('list_entries').select('list_name').where('list_name', '!=', 'demo').execute();
      assert.deepEqual(leftovers, [], 'the staged rows of the failed import are gone');
      assert.deepEqual(await readerRepository.listLists(), [first]);

      const versionBefore = await repository.version();
      async function* goodEdition(): AsyncGenerator<ListEntry> {
        for (let i = 0; i < 1200; i++) yield entry(`n${i}`, `New Person ${i}`);
      }
      const second = await repository.replaceList({ name: 'demo', kind: 'sanctions', format: 'ftm' }, source(goodEdition(), '2026-03-01'));
      assert.equal(second.entryCount, 1200);
      assert.equal(second.publishedAt, '2026-03-01');
      assert.ok(second.importedAt > first.importedAt);
      assert.notEqual(await repository.version(), versionBefore);
      assert.equal(await entryCount(reader, 'demo'), 1200);
      const loaded = await readerRepository.loadAll();
      assert.equal((await collect(loaded[0]!.entries)).filter((e) => e.id.startsWith('t-')).length, 0, 'no entry of the old edition remains');
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  test(`${backend.name}: a malformed real file, an empty list and duplicate ids are refused and the old list stays`, async () => {
    const { writer, reader } = await backend.open();
    const dir = await mkdtemp(join(workDir, 'un-'));
    try {
      const repository = new ListsRepository(writer);
      const target = { name: 'un-sc', kind: 'sanctions', format: 'un-xml' } as const;
      const good = await repository.replaceList(target, importerFor('un-xml').open([join(SHARED, 'un/UN_consolidated.xml')], { kind: 'sanctions' }));

      // The real list, cut off after about two thirds: hundreds of entries are read before it breaks.
      const xml = await readFile(join(SHARED, 'un/UN_consolidated.xml'), 'utf8');
      const truncated = join(dir, 'UN_consolidated.xml');
      await writeFile(truncated, `${xml.slice(0, Math.floor(xml.length * 0.66))}</CONSOLIDATED_LIST>`);
      await assert.rejects(
        repository.replaceList(target, importerFor('un-xml').open([truncated], { kind: 'sanctions' })),
        (error: unknown) => error instanceof ListFormatError && /^UN_consolidated\.xml line \d+ column \d+: /.test(error.message),
      );
      await assert.rejects(repository.replaceList(target, source((async function* () {})())), EmptyListError);
      await assert.rejects(
        repository.replaceList(target, source((async function* () { yield entry('a', 'A'); yield entry('a', 'B'); })())),
        DuplicateEntryError,
      );
      assert.deepEqual(await new ListsRepository(reader).listLists(), [good]);
      assert.equal(await entryCount(reader, 'un-sc'), 1003);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  test(`${backend.name}: of two overlapping imports of one list, the later one wins and the earlier one fails`, async () => {
    const { writer, reader } = await backend.open();
    try {
      const target = { name: 'dup', kind: 'sanctions', format: 'ftm' } as const;
      let release!: () => void;
      const paused = new Promise<void>((resolve) => { release = resolve; });
      let reachedPause!: () => void;
      const atPause = new Promise<void>((resolve) => { reachedPause = resolve; });
      async function* slowEdition(): AsyncGenerator<ListEntry> {
        for (let i = 0; i < 700; i++) yield entry(`slow${i}`, `Slow ${i}`);
        reachedPause();
        await paused;
        yield entry('slow-last', 'Slow Last');
      }
      const slow = new ListsRepository(writer).replaceList(target, source(slowEdition()));
      await atPause;
      const fast = await new ListsRepository(reader).replaceList(target, source((async function* () { yield entry('fast', 'Fast'); })()));
      release();
      await assert.rejects(slow, ConcurrentImportError);
      assert.deepEqual(await new ListsRepository(reader).listLists(), [fast]);
      const rows = await reader.db.selectFrom('list_entries').select(['list_name', 'entry_id']).execute();
      assert.deepEqual(rows, [{ list_name: 'dup', entry_id: 'fast' }], 'nothing of the failed import remains');
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  test(`${backend.name}: removing a list deletes its entries and changes the version`, async () => {
    const { writer, reader } = await backend.open();
    try {
      const repository = new ListsRepository(writer);
      await repository.replaceList({ name: 'a', kind: 'sanctions', format: 'simple-csv' }, importerFor('simple-csv').open([join(OWN, 'targets.simple.csv')], { kind: 'sanctions' }));
      await repository.replaceList({ name: 'b', kind: 'peps', format: 'ftm' }, importerFor('ftm').open([join(OWN, 'entities.ftm.json')], { kind: 'peps' }));
      const before = await repository.version();
      assert.equal(await repository.removeList('a'), true);
      assert.equal(await repository.removeList('a'), false, 'a second removal finds nothing');
      assert.notEqual(await repository.version(), before);
      assert.deepEqual((await new ListsRepository(reader).listLists()).map((l) => [l.name, l.kind, l.entryCount]), [['b', 'peps', 2]]);
      assert.equal(await entryCount(reader, 'a'), 0);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
}
