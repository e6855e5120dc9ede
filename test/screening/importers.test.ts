import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importerFor, ListFormatError, type ListFormat } from '../../src/screening/importers/registry.ts';
import { toIso2 } from '../../src/screening/importers/countries.ts';
import type { ListEntry, ListKind } from '../../src/screening/model.ts';

const SHARED = new URL('../../../shared/fixtures/screening/', import.meta.url).pathname;
const OWN = new URL('../fixtures/screening/', import.meta.url).pathname;

async function readAll(format: ListFormat, paths: string[], kind: ListKind = 'sanctions') {
  const parsed = importerFor(format).open(paths, { kind });
  const entries: ListEntry[] = [];
  for await (const entry of parsed.entries) entries.push(entry);
  return { entries, publishedAt: parsed.publishedAt(), byId: new Map(entries.map((e) => [e.id, e])) };
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

test('UN consolidated XML: 730 individuals and 273 entities, aliases by QUALITY, the three kinds of date of birth', async () => {
  const { entries, publishedAt, byId } = await readAll('un-xml', [join(SHARED, 'un/UN_consolidated.xml')]);
  assert.equal(publishedAt, '2026-02-27T00:00:09.554Z');
  assert.deepEqual(countBy(entries, (e) => e.schema), { Person: 730, Organization: 273 });
  assert.equal(new Set(entries.map((e) => e.id)).size, 1003, 'REFERENCE_NUMBER is unique');

  const names = entries.flatMap((e) => e.names);
  // README: 615 individual aliases with QUALITY Low (all named); Good 1,524 + entity aliases 613
  // + 378 names in original script are strong.
  assert.equal(names.filter((n) => n.strength === 'weak').length, 615);
  assert.equal(names.filter((n) => n.strength === 'strong').length, 1524 + 613 + 378);
  assert.equal(names.filter((n) => n.strength === 'primary').length, 1003);

  const dates = entries.flatMap((e) => e.datesOfBirth);
  // EXACT 722 / APPROXIMATELY 117 / BETWEEN 31, less the 6 + 1 elements that carry no date at all.
  assert.equal(dates.filter((d) => d.kind === 'range').length, 31);
  assert.equal(dates.filter((d) => d.kind === 'exact' && d.circa).length, 116);
  assert.equal(dates.filter((d) => d.kind === 'exact' && !d.circa).length, 716);

  const badege = byId.get('CDi.001')!;
  assert.deepEqual(badege.names, [{ full: 'ERIC BADEGE', strength: 'primary', given: 'ERIC', surname: 'BADEGE' }]);
  assert.deepEqual(badege.datesOfBirth, [{ kind: 'exact', date: '1971' }]);
  assert.deepEqual(badege.countries, ['CD']);
  assert.equal(badege.gender, 'male');
  assert.deepEqual(badege.programs, ['DRC']);
  assert.equal(badege.listedOn, '2012-12-31');

  const qdi1 = byId.get('QDi.001')!;
  assert.equal(qdi1.names[1]!.full, 'محمد صلاح الدين عبدالحليم زيدان');
  assert.deepEqual(qdi1.names.filter((n) => n.strength === 'weak').map((n) => n.full), ['Ibrahim al-Madani', "Saif Al-'Adil", 'Seif al Adel']);
  assert.deepEqual(qdi1.datesOfBirth, [{ kind: 'exact', date: '1963-04-11' }, { kind: 'exact', date: '1960-04-11' }]);

  const ranged = entries.find((e) => e.datesOfBirth.some((d) => d.kind === 'range' && d.fromYear === 1973 && d.toYear === 1974));
  assert.ok(ranged, 'the BETWEEN 1973–1974 date of birth is kept as a range');
  assert.ok(entries.some((e) => e.datesOfBirth.some((d) => d.kind === 'exact' && d.circa && d.date === '1966')), 'APPROXIMATELY 1966 is circa');
});

test('UN nationalities: every country name in the file maps to ISO alpha-2', async () => {
  const xml = await readFile(join(SHARED, 'un/UN_consolidated.xml'), 'utf8');
  const nationalities = new Set<string>();
  for (const block of xml.matchAll(/<NATIONALITY>([\s\S]*?)<\/NATIONALITY>/g)) {
    for (const value of block[1]!.matchAll(/<VALUE>([^<]*)<\/VALUE>/g)) nationalities.add(value[1]!.trim());
  }
  // The two values that are not countries: "na" (not available) and the former Soviet Union.
  const unmapped = [...nationalities].filter((n) => toIso2(n) === undefined).sort();
  assert.deepEqual(unmapped, ['former Soviet Union', 'na']);
  assert.equal(toIso2("Democratic People's Republic of Korea"), 'KP');
  assert.equal(toIso2('Iran (Islamic Republic of)'), 'IR');
  assert.equal(toIso2('United Kingdom of Great Britain and Northern Ireland'), 'GB');
  assert.equal(toIso2('Türkiye'), 'TR');
  assert.equal(toIso2('Korea, North'), 'KP');
  assert.equal(toIso2('Burma'), 'MM');
});

test('OFAC legacy CSV subset: 17 entries, aliases joined, orphan alt/add rows ignored, remarks read', async () => {
  const { entries, publishedAt, byId } = await readAll('ofac-csv', [join(SHARED, 'ofac')]);
  assert.equal(publishedAt, undefined, 'the CSV set carries no publication date');
  assert.deepEqual(countBy(entries, (e) => e.schema), { Person: 4, Organization: 7, Vessel: 4, Aircraft: 2 });
  assert.equal(entries.filter((e) => e.datesOfBirth.length > 0).length, 4);
  // alt.csv: 18 rows for 11 ent_nums; 13 rows belong to 6 of the 17 entities (the fixture README says
  // "11 of the 17", which counts the ent_nums of all rows); the 5 orphans reference absent ent_nums.
  assert.equal(entries.reduce((n, e) => n + e.names.filter((x) => x.strength === 'strong').length, 0), 13);
  assert.equal(entries.filter((e) => e.names.some((x) => x.strength === 'strong')).length, 6);

  const logan = byId.get('10278')!;
  assert.deepEqual(logan.names, [
    { full: 'LOGAN MOREY, Elvis Angus', surname: 'LOGAN MOREY', given: 'Elvis Angus', strength: 'primary' },
    { full: 'BURTON BURGESS', strength: 'weak' },
  ]);
  assert.deepEqual(logan.datesOfBirth, [{ kind: 'exact', date: '1963-07-28' }]);
  assert.deepEqual(logan.placesOfBirth, ['Toledo District, Belize']);
  assert.deepEqual(logan.documents, ['P0017003']);
  assert.deepEqual(logan.programs, ['SDNT']);

  const iran = byId.get('11195')!;
  assert.equal(iran.schema, 'Organization');
  assert.deepEqual(iran.programs, ['NPWMD', 'IFSR', 'IRAN-CON-ARMS-EO']);
  assert.ok(iran.names.some((n) => n.full === 'HESA TRADE CENTER' && n.strength === 'strong'));
  assert.ok(iran.names.some((n) => n.full === 'HESA' && n.strength === 'weak'));

  // sdn_comments.csv continues SUEX's remarks mid-word; the weak a.k.a. is only in the continuation.
  const suex = byId.get('33151')!;
  assert.ok(suex.remarks!.includes('aa35MVkf7sDjuGUYAP5izQt7Qi; Digital Currency Address - ETH'));
  assert.ok(suex.names.some((n) => n.full === 'SUCCESSFUL EXCHANGE' && n.strength === 'weak'));
});

test('OFAC legacy CSV 2019: 7,379 entries, 9,682 aliases, DOB in 3,662 remarks, the DOS EOF byte ignored', async () => {
  const { entries, byId } = await readAll('ofac-csv', ['sdn.csv', 'alt.csv', 'add.csv', 'sdn_comments.csv'].map((f) => join(SHARED, 'ofac/sdn-2019', f)));
  assert.equal(entries.length, 7379);
  assert.deepEqual(countBy(entries, (e) => e.schema), { Person: 3845, Organization: 2994, Vessel: 323, Aircraft: 217 });
  assert.equal(entries.reduce((n, e) => n + e.names.filter((x) => x.strength === 'strong').length, 0), 9682);
  assert.equal(entries.filter((e) => e.datesOfBirth.length > 0).length, 3662);
  const cifuentes = byId.get('12300')!;
  assert.deepEqual(cifuentes.names[0], { full: 'CIFUENTES VILLA, Jorge Milton', surname: 'CIFUENTES VILLA', given: 'Jorge Milton', strength: 'primary' });
  assert.deepEqual(cifuentes.datesOfBirth[0], { kind: 'exact', date: '1965-05-13' });
  const abbas = byId.get('2674')!;
  assert.deepEqual(abbas.positions, ['Director of PALESTINE LIBERATION FRONT - ABU ABBAS FACTION']);
  // "nationality Syria" / "citizen Mexico" in the remarks become ISO codes.
  assert.ok(entries.filter((e) => e.countries.includes('SY')).length >= 298);
  assert.ok(entries.some((e) => e.datesOfBirth.some((d) => d.kind === 'range')), '"DOB 1955 to 1957" is a range');
});

test('OFAC SDN XML: publish date, strong and weak a.k.a.s, dates, nationality and citizenship, documents, gender', async () => {
  const { entries, publishedAt, byId } = await readAll('ofac-xml', [join(OWN, 'ofac-sdn.xml')]);
  assert.equal(publishedAt, '2026-03-14');
  assert.deepEqual(entries.map((e) => [e.id, e.schema]), [['90001', 'Person'], ['90002', 'Person'], ['90003', 'Organization'], ['90004', 'Vessel']]);
  const korvanen = byId.get('90001')!;
  assert.deepEqual(korvanen.names, [
    { full: 'Aurelio Benedikt KORVANEN SALAZAR', given: 'Aurelio Benedikt', surname: 'KORVANEN SALAZAR', strength: 'primary' },
    { full: 'Aurelio KORVANEN', given: 'Aurelio', surname: 'KORVANEN', strength: 'strong' },
    { full: 'EL CONTADOR', strength: 'weak' },
  ]);
  assert.deepEqual(korvanen.datesOfBirth, [{ kind: 'exact', date: '1971-02-07' }, { kind: 'exact', date: '1972-02' }]);
  assert.deepEqual(korvanen.countries, ['CO', 'ES']);
  assert.deepEqual(korvanen.documents, ['X1234567'], 'the website in idList is not a document');
  assert.equal(korvanen.gender, 'male');
  assert.deepEqual(korvanen.programs, ['SDNTK', 'ILLICIT-DRUGS-EO14059']);
  assert.deepEqual(byId.get('90002')!.datesOfBirth, [{ kind: 'exact', date: '1980', circa: true }]);
  assert.deepEqual(byId.get('90003')!.names.map((n) => n.strength), ['primary', 'strong']);
});

test('EU FSF XML 1.1: generation date, nameAlias strength, birthdate forms, citizenship, identification, programme', async () => {
  const { entries, publishedAt, byId } = await readAll('eu-fsf', [join(OWN, 'eu-fsf.xml')]);
  assert.equal(publishedAt, '2026-03-10T17:00:00.000+01:00');
  assert.deepEqual(entries.map((e) => [e.id, e.schema]), [['700001', 'Person'], ['700002', 'Person'], ['700003', 'Organization']]);
  const bogdan = byId.get('700001')!;
  assert.deepEqual(bogdan.names.map((n) => [n.full, n.strength]), [
    ['Bogdan Fyodorovich Vymyshlenko', 'primary'],
    ['Богдан Фёдорович Вымышленко', 'strong'],
    ['Bodya', 'weak'],
  ]);
  assert.equal(bogdan.names[0]!.surname, 'Vymyshlenko');
  assert.equal(bogdan.names[0]!.given, 'Bogdan Fyodorovich');
  assert.deepEqual(bogdan.datesOfBirth, [{ kind: 'exact', date: '1966-11-23' }]);
  assert.deepEqual(bogdan.countries, ['RU']);
  assert.deepEqual(bogdan.documents, ['720000001']);
  assert.deepEqual(bogdan.programs, ['UKR']);
  assert.deepEqual(bogdan.positions, ['Deputy Chairman of the Imaginary Committee']);
  assert.equal(bogdan.gender, 'male');
  assert.equal(bogdan.listedOn, '2022-03-15');
  const nadira = byId.get('700002')!;
  assert.deepEqual(nadira.datesOfBirth, [{ kind: 'exact', date: '1958', circa: true }, { kind: 'range', fromYear: 1959, toYear: 1961 }]);
  assert.equal(nadira.gender, 'female');
  assert.deepEqual(byId.get('700003')!.names.map((n) => n.full), ['Joint Stock Company Fictional Instruments', 'AO Fiktivnye Pribory']);
});

test('FtM JSON lines: topics choose the list; positions via Occupancy → Position; Family and Associate; Sanction programmes', async () => {
  const sanctions = await readAll('ftm', [join(OWN, 'entities.ftm.json')], 'sanctions');
  assert.deepEqual(sanctions.entries.map((e) => e.id), ['t-person-anselm', 't-person-rosalind', 't-company-zephyr']);
  const anselm = sanctions.byId.get('t-person-anselm')!;
  assert.deepEqual(anselm.names, [
    { full: 'Anselm Quellwasser', strength: 'primary', given: 'Anselm', surname: 'Quellwasser' },
    { full: 'Anselm Kvellvasser', strength: 'strong' },
    { full: 'Der Brunnen', strength: 'weak' },
  ]);
  assert.deepEqual(anselm.datesOfBirth, [{ kind: 'exact', date: '1959-08-30' }]);
  assert.deepEqual(anselm.countries, ['AT', 'DE']);
  assert.deepEqual(anselm.associates, [{ relation: 'Spouse', name: 'Greta Quellwasser' }], 'the relative is named although listed after the Family entity');
  assert.deepEqual(anselm.programs, ['TEST-PROGRAMME-1']);
  assert.equal(anselm.listedOn, '2024-05-30');
  assert.equal(sanctions.byId.get('t-company-zephyr')!.schema, 'Organization');

  const peps = await readAll('ftm', [join(OWN, 'entities.ftm.json')], 'peps');
  assert.deepEqual(peps.entries.map((e) => e.id), ['t-person-rosalind', 't-person-dovydas'], 'a target:false PEP is not listed');
  const dovydas = peps.byId.get('t-person-dovydas')!;
  assert.deepEqual(dovydas.positions, ['Minister of Imaginary Affairs'], 'the Occupancy is listed before the holder');
  assert.deepEqual(dovydas.activityCountries, ['LT']);
  assert.deepEqual(dovydas.associates, [{ relation: 'Business partner', name: 'Rosalind Mbeki-Tarrant' }]);
  assert.deepEqual(peps.byId.get('t-person-rosalind')!.positions, ['Ambassador to the Republic of Nowhere']);
});

test('targets.simple.csv: multi-valued cells split on ";", codes mapped, every row imported', async () => {
  const { entries, byId } = await readAll('simple-csv', [join(OWN, 'targets.simple.csv')]);
  assert.equal(entries.length, 3);
  const hieronymus = byId.get('t-simple-1')!;
  assert.deepEqual(hieronymus.names.map((n) => [n.full, n.strength]), [
    ['Hieronymus Falschname', 'primary'], ['Hieronimus Falshname', 'strong'], ['Hiero Falschname', 'strong'],
  ]);
  assert.deepEqual(hieronymus.countries, ['CH', 'LI']);
  assert.deepEqual(hieronymus.documents, ['CH-FAKE-001']);
  assert.deepEqual(byId.get('t-simple-2')!.datesOfBirth, [{ kind: 'exact', date: '1988-07-09' }, { kind: 'exact', date: '1988' }]);
  assert.equal(byId.get('t-simple-3')!.schema, 'Organization');
});

async function rejection(format: ListFormat, paths: string[]): Promise<ListFormatError> {
  try {
    await readAll(format, paths);
  } catch (error) {
    assert.ok(error instanceof ListFormatError, `expected a ListFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail('the malformed file was accepted');
}

test('malformed files are rejected with the file and position that broke', async () => {
  const broken = join(OWN, 'broken');
  assert.equal((await rejection('ofac-xml', [join(broken, 'truncated-sdn.xml')])).message, 'truncated-sdn.xml line 31 column 14: unexpected close tag');
  assert.equal((await rejection('ofac-csv', [join(broken, 'ofac-short')])).message, 'sdn.csv line 2: expected 12 fields, got 3');
  assert.equal((await rejection('simple-csv', [join(broken, 'short-row.simple.csv')])).message, 'short-row.simple.csv line 3: expected 16 fields, got 3');
  assert.match((await rejection('ftm', [join(broken, 'bad-line.ftm.json')])).message, /^bad-line\.ftm\.json line 4: invalid JSON/);
  assert.equal(
    (await rejection('un-xml', [join(OWN, 'eu-fsf.xml')])).message,
    'eu-fsf.xml line 2 column 120: expected root element <CONSOLIDATED_LIST>, found <export>',
    'a file of another format is not read as an empty list',
  );
});

test('a stray close tag in the UN file fails at its line and column; the broken record is not handed out', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'eidgate-un-'));
  try {
    const lines = (await readFile(join(SHARED, 'un/UN_consolidated.xml'), 'utf8')).split('\n');
    // Line 41 of the real file closes the first INDIVIDUAL; a stray close tag stands there instead.
    assert.equal(lines[40]!.trim(), '</INDIVIDUAL>');
    const path = join(dir, 'UN_consolidated.xml');
    await writeFile(path, [...lines.slice(0, 40), '      </DATAID>', ...lines.slice(41)].join('\n'));
    const parsed = importerFor('un-xml').open([path], { kind: 'sanctions' });
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const entry of parsed.entries) seen.push(entry.id);
    }, (error: unknown) => error instanceof ListFormatError && error.message === 'UN_consolidated.xml line 41 column 15: unexpected close tag');
    assert.deepEqual(seen, [], 'the broken record is not handed out');
  } finally {
    await rm(dir, { recursive: true });
  }
});
