import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase, type Store } from '../../src/store/db.ts';
import { importerFor } from '../../src/screening/importers/registry.ts';
import { ListsRepository } from '../../src/screening/lists-repository.ts';
import { ScreeningService, ScreeningUnavailableError } from '../../src/screening/service.ts';
import { importDemoWatchlist } from '../../src/screening/demo-watchlist.ts';
import { DEFAULT_THRESHOLD } from '../../src/screening/engine.ts';
import type { ScreeningQuery } from '../../src/screening/model.ts';
import { dropSchema, postgresTestUrl } from '../helpers/postgres.ts';

const OWN = new URL('../fixtures/screening/', import.meta.url).pathname;
const SHARED = new URL('../../../shared/fixtures/screening/', import.meta.url).pathname;
const NOW = new Date('2026-11-28T10:00:00.000Z');

/** The simulator's test person 60001019906 as the certificate and personal code give her. */
const MARY: ScreeningQuery = { givenName: 'MARY ÄNN', surname: 'O’CONNEŽ-ŠUSLIK TESTNUMBER', dateOfBirth: '2000-01-01', gender: 'female', country: 'EE' };
const NOBODY: ScreeningQuery = { givenName: 'TEN', surname: 'TESTNUMBER', dateOfBirth: '1965-01-01', gender: 'male', country: 'EE' };

const stores: Store[] = [];
const schemas: string[] = [];
after(async () => {
  for (const store of stores) await store.close();
  for (const schema of schemas) await dropSchema(schema);
});

async function memoryStore(): Promise<Store> {
  const store = await openDatabase({ sqlitePath: ':memory:' });
  stores.push(store);
  return store;
}

function rejectsKind(kind: 'sanctions' | 'peps') {
  return (error: unknown) => error instanceof ScreeningUnavailableError && error.kind === kind && error.message.includes(`no ${kind} list is loaded`);
}

test('with no list loaded every requested check fails closed; asking for none is not an error', async () => {
  const service = new ScreeningService(new ListsRepository(await memoryStore()));
  await service.start();
  assert.deepEqual(service.loadedKinds(), new Set());
  assert.throws(() => service.screen(MARY, ['sanctions']), rejectsKind('sanctions'));
  assert.throws(() => service.screen(MARY, ['peps']), rejectsKind('peps'));
  assert.deepEqual(service.screen(MARY, []), { sanctions: [], peps: [] });
});

test('the demo watchlist: the simulator test person is a sanctions and a PEP hit, with contract records and explanations', async () => {
  const repository = new ListsRepository(await memoryStore());
  const lists = await importDemoWatchlist(repository);
  assert.deepEqual(lists.map((l) => [l.name, l.kind, l.entryCount]), [['demo-sanctions', 'sanctions', 4], ['demo-peps', 'peps', 3]]);
  const service = new ScreeningService(repository, { now: () => NOW });
  await service.start();
  assert.deepEqual(service.loadedKinds(), new Set(['sanctions', 'peps']));

  const result = service.screen(MARY, ['sanctions', 'peps']);
  assert.equal(result.sanctions.length, 1);
  assert.equal(result.peps.length, 1);
  const [sanction] = result.sanctions;
  assert.ok(sanction!.score >= DEFAULT_THRESHOLD && sanction!.score <= 1);
  assert.deepEqual({ ...sanction, score: undefined, explanation: undefined }, {
    id: 'demo-sanctions/eidgate-demo-sanction-mary',
    reference: 'eidgate-demo-sanction-mary',
    first_name: 'Mary Ann',
    last_name: "O'CONNEZ-SUSLIK",
    full_name: "O'CONNEZ-SUSLIK, Mary Ann",
    date_of_birth: '2000-01-01',
    place_of_birth: 'Tallinn, Estonia',
    aka: 'Lady Harbour',
    gender: 'female',
    document_number: 'DEMO0000001',
    country_of_origin: 'EE',
    type_sdn_or_entity: 'Individual',
    name_of_the_list: 'demo-sanctions',
    date_of_publication: '2026-02-03',
    date_of_publication_of_the_list: null,
    search_created_at: '2026-11-28T10:00:00.000Z',
    associates: null,
    image_url: null,
    date_of_death: null,
    matched_name: "O'CONNEZ-SUSLIK, Mary Ann",
    programs: ['DEMO-HARBOUR (fictional)'],
    score: undefined,
    explanation: undefined,
  });
  const features = sanction!.explanation.map((e) => e.feature);
  assert.ok(features.includes('name') && features.includes('date_of_birth'), `explanation covers name and date of birth: ${features.join(', ')}`);

  const [pep] = result.peps;
  assert.equal(pep!.full_name, "Mary Ann O'Connez-Suslik");
  assert.equal(pep!.political_position, 'Chair of the Board, Demo Harbour Authority');
  assert.equal(pep!.country_of_activity, 'EE');
  assert.deepEqual(pep!.associates, { brother: "Oskar O'Connez", 'business associate': 'Jaan Tammeorg-Demo' });
  assert.equal(pep!.aka, "Mary O'Connez");

  assert.deepEqual(service.screen(NOBODY, ['sanctions', 'peps']), { sanctions: [], peps: [] }, 'a person on no list gets empty arrays');
});

test('a kind without a list fails closed even when the other kind is loaded', async () => {
  const repository = new ListsRepository(await memoryStore());
  await repository.replaceList({ name: 'peps-only', kind: 'peps', format: 'ftm' }, importerFor('ftm').open([join(OWN, 'entities.ftm.json')], { kind: 'peps' }));
  const service = new ScreeningService(repository);
  await service.start();
  assert.deepEqual(service.loadedKinds(), new Set(['peps']));
  assert.throws(() => service.screen(NOBODY, ['peps', 'sanctions']), rejectsKind('sanctions'));
  const peps = service.screen({ givenName: 'Dovydas', surname: 'Isgalvotas' }, ['peps']).peps;
  assert.deepEqual(peps.map((p) => p.reference), ['t-person-dovydas']);
});

test('the index is swapped only when a rebuild is ready; until then the old one answers; removal fails closed again', async () => {
  const repository = new ListsRepository(await memoryStore());
  await repository.replaceList({ name: 'un-sc', kind: 'sanctions', format: 'un-xml' }, importerFor('un-xml').open([join(SHARED, 'un/UN_consolidated.xml')], { kind: 'sanctions' }));
  const service = new ScreeningService(repository);
  await service.start();
  const anselm: ScreeningQuery = { givenName: 'Anselm', surname: 'Quellwasser', dateOfBirth: '1959-08-30' };
  assert.deepEqual(service.screen(anselm, ['sanctions']).sanctions, []);

  await repository.replaceList({ name: 'test-ftm', kind: 'sanctions', format: 'ftm' }, importerFor('ftm').open([join(OWN, 'entities.ftm.json')], { kind: 'sanctions' }));
  const rebuilding = service.refresh();
  assert.deepEqual(service.screen(anselm, ['sanctions']).sanctions, [], 'requests are answered by the old index during the rebuild');
  assert.equal(await rebuilding, true);
  assert.deepEqual(service.screen(anselm, ['sanctions']).sanctions.map((r) => r.id), ['test-ftm/t-person-anselm']);
  assert.equal(await service.refresh(), false, 'nothing changed, nothing rebuilt');
  assert.deepEqual(service.loadedLists().map((l) => l.name), ['test-ftm', 'un-sc']);

  await repository.removeList('un-sc');
  await repository.removeList('test-ftm');
  assert.equal(await service.refresh(), true);
  assert.throws(() => service.screen(anselm, ['sanctions']), rejectsKind('sanctions'));
});

async function eventually(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('PostgreSQL, two gateway instances: one sees a list the other imported by polling the lists version', async () => {
  const schema = `t_screening_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  const storeA = await openDatabase({ url: postgresTestUrl(), schema });
  stores.push(storeA);
  const storeB = await openDatabase({ url: postgresTestUrl(), schema });
  stores.push(storeB);
  const instanceA = new ScreeningService(new ListsRepository(storeA), { refreshIntervalMs: 25 });
  await instanceA.start();
  try {
    assert.throws(() => instanceA.screen(MARY, ['peps']), rejectsKind('peps'));
    await importDemoWatchlist(new ListsRepository(storeB));
    await eventually(() => instanceA.loadedKinds().has('peps') && instanceA.loadedKinds().has('sanctions'), 'instance A loaded the demo lists');
    assert.equal(instanceA.screen(MARY, ['peps']).peps.length, 1);
  } finally {
    instanceA.stop();
  }
});

test('a refresh asked for while a rebuild runs sees the lists as they are when it was asked', async () => {
  const repository = new ListsRepository(await memoryStore());
  const service = new ScreeningService(repository);
  await service.start();
  await repository.replaceList({ name: 'un-sc', kind: 'sanctions', format: 'un-xml' }, importerFor('un-xml').open([join(SHARED, 'un/UN_consolidated.xml')], { kind: 'sanctions' }));
  const first = service.refresh();
  await repository.replaceList({ name: 'test-ftm', kind: 'peps', format: 'ftm' }, importerFor('ftm').open([join(OWN, 'entities.ftm.json')], { kind: 'peps' }));
  const second = service.refresh();
  assert.equal(service.refresh(), second, 'calls while one is queued share it');
  await Promise.all([first, second]);
  assert.deepEqual(service.loadedLists().map((l) => l.name), ['test-ftm', 'un-sc']);
  assert.deepEqual(service.loadedKinds(), new Set(['sanctions', 'peps']));
});
