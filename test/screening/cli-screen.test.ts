import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { openDatabase } from '../../src/store/db.ts';
import { importerFor } from '../../src/screening/importers/registry.ts';
import { ListsRepository } from '../../src/screening/lists-repository.ts';
import { importDemoWatchlist } from '../../src/screening/demo-watchlist.ts';
import { runCli } from './cli-helpers.ts';

const SHARED = new URL('../../../shared/fixtures/screening/', import.meta.url).pathname;
const workDir = await mkdtemp(join(tmpdir(), 'eidgate-cli-screen-'));
const both = { EIDGATE_SQLITE_PATH: join(workDir, 'both.db') };
const sanctionsOnly = { EIDGATE_SQLITE_PATH: join(workDir, 'sanctions.db') };

before(async () => {
  for (const env of [both, sanctionsOnly]) {
    const store = await openDatabase({ sqlitePath: env.EIDGATE_SQLITE_PATH });
    const repository = new ListsRepository(store);
    await repository.replaceList({ name: 'un-sc', kind: 'sanctions', format: 'un-xml' }, importerFor('un-xml').open([join(SHARED, 'un/UN_consolidated.xml')], { kind: 'sanctions' }));
    if (env === both) await importDemoWatchlist(repository);
    await store.close();
  }
});
after(() => rm(workDir, { recursive: true, force: true }));

test('eidgate screen --json and the human table: matches with scores and explanations; a kind without a list fails closed', async () => {
  const [json, human, refused] = await Promise.all([
    runCli(['screen', '--given', 'MARY ÄNN', '--surname', 'O’CONNEŽ-ŠUSLIK TESTNUMBER', '--dob', '2000-01-01', '--country', 'EE', '--json'], both),
    runCli(['screen', '--given', 'Eric', '--surname', 'Badege', '--dob', '1971-03-02', '--kind', 'sanctions'], both),
    runCli(['screen', '--given', 'Eric', '--surname', 'Badege', '--kind', 'peps'], sanctionsOnly),
  ]);

  assert.equal(json.code, 0, json.stderr);
  const result = JSON.parse(json.stdout) as { kinds: string[]; sanctions: { reference: string; score: number; explanation: { feature: string }[] }[]; peps: { reference: string }[] };
  assert.deepEqual(result.kinds, ['sanctions', 'peps']);
  assert.deepEqual(result.sanctions.map((r) => r.reference), ['eidgate-demo-sanction-mary']);
  assert.deepEqual(result.peps.map((r) => r.reference), ['eidgate-demo-pep-mary']);
  assert.ok(result.sanctions[0]!.score > 0.7);
  assert.ok(result.sanctions[0]!.explanation.some((e) => e.feature === 'date_of_birth'));

  assert.equal(human.code, 0, human.stderr);
  const lines = human.stdout.split('\n');
  assert.match(lines[0]!, /^SCORE\s+KIND\s+LIST\s+REFERENCE\s+NAME\s+BORN\s+COUNTRY$/);
  assert.ok(lines.some((l) => /^\d\.\d{3}\s+sanctions\s+un-sc\s+CDi\.001\s+ERIC BADEGE\s+1971\s+CD$/.test(l)), human.stdout);
  assert.ok(lines.some((l) => /^\s+[+-]\d\.\d{3}\s+name_part:exact\s+"badege" ~ "badege"/.test(l)), human.stdout);

  assert.equal(refused.code, 1);
  assert.equal(refused.stdout, '');
  assert.equal(refused.stderr, 'eidgate: no peps list is loaded, so the peps check cannot be performed\n');
});

test('eidgate screen --batch writes one result row per customer and prints a summary', async () => {
  const input = join(workDir, 'customers.csv');
  const output = join(workDir, 'results.csv');
  await writeFile(input, [
    'id,given_name,surname,date_of_birth,country',
    'c-1,MARY ÄNN,O’CONNEŽ-ŠUSLIK TESTNUMBER,2000-01-01,EE',
    'c-2,TEN,TESTNUMBER,1965-01-01,EE',
    'c-3,Eric,Badege,1971-01-01,CD',
    'c-4,,,,',
    '',
  ].join('\n'));
  const run = await runCli(['screen', '--batch', input, '--out', output], both);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^screened 3 persons against the sanctions and peps lists in \d+\.\d s: 2 with matches \(2 sanctions, 1 PEP\), 1 clear, 1 rows without a name not screened; results in .*results\.csv\n$/);
  const rows = parse(await readFile(output), { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => [r['id'], r['status'], r['sanctions_matches'], r['peps_matches']]), [
    ['c-1', 'match', '1', '1'], ['c-2', 'clear', '0', '0'], ['c-3', 'match', '1', '0'], ['c-4', 'no-name', '', ''],
  ]);
  assert.equal(rows[2]!['best_list'], 'un-sc');
  assert.equal(rows[2]!['best_reference'], 'CDi.001');
  assert.equal(rows[0]!['given_name'], 'MARY ÄNN');
});
