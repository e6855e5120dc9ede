import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_THRESHOLD, ScreeningIndex } from '../../src/screening/engine.ts';
import type { EntryDate, EntryName, EntrySchema, ListEntry, ListKind } from '../../src/screening/model.ts';

// Fictional persons written for these tests.
function entry(id: string, names: (string | EntryName)[], extra: Partial<ListEntry> = {}): ListEntry {
  return {
    id,
    schema: 'Person' as EntrySchema,
    names: names.map((n) => (typeof n === 'string' ? { full: n, strength: 'primary' as const } : n)),
    datesOfBirth: [],
    placesOfBirth: [],
    countries: [],
    documents: [],
    positions: [],
    associates: [],
    programs: [],
    ...extra,
  };
}

function exact(date: string, circa?: boolean): EntryDate {
  return circa === undefined ? { kind: 'exact', date } : { kind: 'exact', date, circa };
}

const SYLLABLES = ['ka', 'lo', 'mir', 'te', 'vus', 'ran', 'zel'];
/** Distinct made-up surnames: three syllables, numbered in base 7. */
function surname(i: number): string {
  const s = SYLLABLES[i % 7]! + SYLLABLES[Math.floor(i / 7) % 7]! + SYLLABLES[Math.floor(i / 49) % 7]!;
  return s[0]!.toUpperCase() + s.slice(1);
}

/** A list where "Mohammed" is frequent, plus persons with distinctive names. */
function sanctions(): ListEntry[] {
  const list = [
    entry('S1', ['KARPENKO, Oleksandr Viktorovych', { full: 'Александр Карпенко', strength: 'strong' }], {
      datesOfBirth: [exact('1968-03-14')],
      countries: ['UA'],
      gender: 'male',
    }),
    entry('S2', ['Rūta Žemaitytė'], { datesOfBirth: [exact('1975-11-02')], countries: ['LT'], gender: 'female' }),
    entry('S3', ['Indrek Vaitkevičius', { full: 'Bobo Kranjc', strength: 'weak' }], { datesOfBirth: [exact('1959')] }),
    entry('S4', ['Ali Hassan Qurbani'], { datesOfBirth: [exact('1970', true)] }),
    entry('S5', ['Tarmo Saarepuu'], { datesOfBirth: [{ kind: 'range', fromYear: 1960, toYear: 1964 }] }),
    entry('S6', ['-0- ']),
    entry('S7', ['Kalev Meriväli'], { schema: 'Vessel' }),
    entry('S8', ['Kalev Meriväli'], { datesOfBirth: [exact('1980-01-01')] }),
  ];
  for (let i = 0; i < 300; i++) list.push(entry(`M${i}`, [`Mohammed ${surname(i)}`]));
  return list;
}

function index(kind: ListKind = 'sanctions'): ScreeningIndex {
  return ScreeningIndex.build([{ meta: { name: 'Test list', kind }, entries: sanctions() }]);
}

const idx = index();

test('a listed person is found with a score and an explanation of every feature', () => {
  const matches = idx.screen({ givenName: 'Oleksandr', surname: 'Karpenko', dateOfBirth: '1968-03-14', country: 'UA', gender: 'male' });
  assert.equal(matches[0]?.entry.id, 'S1');
  assert.equal(matches[0]!.listName, 'Test list');
  assert.equal(matches[0]!.kind, 'sanctions');
  assert.ok(matches[0]!.score > 0.95 && matches[0]!.score <= 1);
  const features = matches[0]!.explanation.map((e) => e.feature);
  for (const f of ['name', 'name_part:exact', 'date_of_birth', 'country']) assert.ok(features.includes(f), `${f} in ${features.join(', ')}`);
  assert.ok(matches[0]!.explanation.find((e) => e.feature === 'date_of_birth')!.effect > 0);
});

test('a person not on the list gets no match', () => {
  assert.deepEqual(idx.screen({ givenName: 'Piret', surname: 'Lepik', dateOfBirth: '1990-01-01' }), []);
});

test('Cyrillic list name found from a Latin query in another romanisation', () => {
  const matches = idx.screen({ givenName: 'Aleksandr', surname: 'Karpenko' });
  assert.equal(matches[0]?.entry.id, 'S1');
});

test('diacritics both ways: Zemaityte finds Žemaitytė', () => {
  const matches = idx.screen({ givenName: 'Ruta', surname: 'ZEMAITYTE', dateOfBirth: '1975-11-02' });
  assert.equal(matches[0]?.entry.id, 'S2');
  assert.ok(matches[0]!.score >= 0.99);
});

test('swapped order and a typo in a long surname still match', () => {
  const matches = idx.screen({ givenName: 'Vaitkevicuis', surname: 'Indrek' });
  assert.equal(matches[0]?.entry.id, 'S3');
  assert.ok(matches[0]!.explanation.some((e) => e.feature === 'name_part:fuzzy'));
});

test('a 3-letter token does not match fuzzily', () => {
  const found = (givenName: string) => idx.screen({ givenName, surname: 'Qurbani' }).some((m) => m.entry.id === 'S4');
  assert.equal(found('Ali Hassan'), true);
  assert.equal(found('Ala Hassan'), false, 'Ala is not Ali');
  assert.equal(found('Alo Hassan'), false, 'Alo is not Ali');
  // a longer token with the same one-letter difference is a tolerated typo
  assert.equal(found('Ali Hassam'), true);
});

test('a different date of birth lowers the score clearly, below the default threshold', () => {
  const same = idx.screen({ givenName: 'Ruta', surname: 'Zemaityte', dateOfBirth: '1975-11-02' }, { threshold: 0 })[0]!;
  const different = idx.screen({ givenName: 'Ruta', surname: 'Zemaityte', dateOfBirth: '1991-06-20' }, { threshold: 0 })[0]!;
  const unknown = idx.screen({ givenName: 'Ruta', surname: 'Zemaityte' }, { threshold: 0 })[0]!;
  assert.ok(same.score >= unknown.score && unknown.score - different.score >= 0.3, `${same.score} ${unknown.score} ${different.score}`);
  const typoSame = idx.screen({ givenName: 'Ruta', surname: 'Zemaitite', dateOfBirth: '1975-11-02' }, { threshold: 0 })[0]!;
  const typoUnknown = idx.screen({ givenName: 'Ruta', surname: 'Zemaitite' }, { threshold: 0 })[0]!;
  assert.ok(typoSame.score > typoUnknown.score, 'an exact date of birth raises an imperfect name score');
  assert.ok(different.score < DEFAULT_THRESHOLD);
  assert.ok(different.explanation.find((e) => e.feature === 'date_of_birth')!.effect < 0);
  assert.deepEqual(idx.screen({ givenName: 'Ruta', surname: 'Zemaityte', dateOfBirth: '1991-06-20' }), []);
});

test('year-only, circa and range dates of birth', () => {
  const dob = (query: { givenName: string; surname: string }, dateOfBirth: string) =>
    idx.screen({ ...query, dateOfBirth }, { threshold: 0 })[0]!.explanation.find((e) => e.feature === 'date_of_birth')!;
  const indrek = { givenName: 'Indrek', surname: 'Vaitkevicuis' };
  assert.ok(dob(indrek, '1959-07-30').effect > 0, 'year-only list date agrees with the year');
  assert.ok(dob(indrek, '1962-07-30').effect < -0.2);
  const ali = { givenName: 'Ali Hassan', surname: 'Qurbani' };
  assert.equal(dob(ali, '1971-02-02').effect, 0, 'circa 1970 admits 1971');
  assert.ok(dob(ali, '1980-02-02').effect < -0.2);
  const tarmo = { givenName: 'Tarmo', surname: 'Saarepuu' };
  assert.match(dob(tarmo, '1962-05-05').detail, /agrees with 1960–1964/, '1962 is between 1960 and 1964');
  assert.ok(dob(tarmo, '1970-05-05').effect < -0.2);
});

test('a weak alias matches only exactly', () => {
  const exactAlias = idx.screen({ givenName: 'Bobo', surname: 'Kranjc' });
  assert.equal(exactAlias[0]?.entry.id, 'S3');
  assert.equal(exactAlias[0]!.matchedName, 'Bobo Kranjc');
  assert.deepEqual(idx.screen({ givenName: 'Bobo', surname: 'Kranjec' }, { threshold: 0.3 }), []);
  assert.deepEqual(idx.screen({ givenName: 'Bobo', surname: 'Kranjc Tamm' }, { threshold: 0.3 }), []);
});

test('a name that normalises to nothing never matches', () => {
  assert.deepEqual(idx.screen({ givenName: '', surname: '' }, { threshold: 0 }), []);
  assert.deepEqual(idx.screen({ givenName: '-0-', surname: '' }, { threshold: 0 }), []);
  assert.deepEqual(idx.screen({ givenName: 'Mr.', surname: '.' }, { threshold: 0 }), []);
});

test('a frequent token alone does not alert, but with the right surname it does', () => {
  assert.deepEqual(idx.screen({ givenName: 'Mohammed', surname: 'Vasquez' }, { threshold: 0.5 }), []);
  assert.deepEqual(idx.screen({ givenName: 'Mohammed', surname: '' }), []);
  assert.equal(idx.screen({ givenName: 'Mohammed', surname: surname(7) })[0]?.entry.id, 'M7');
});

test('a person query prefers a Person entry to a vessel of the same name', () => {
  const matches = idx.screen({ givenName: 'Kalev', surname: 'Merivali' }, { threshold: 0 });
  assert.equal(matches[0]?.entry.id, 'S8');
  const vessel = matches.find((m) => m.entry.id === 'S7')!;
  assert.ok(vessel.score < matches[0]!.score);
  assert.ok(vessel.explanation.some((e) => e.feature === 'schema' && e.effect < 0));
});

test('country and gender mismatches are penalties', () => {
  const base = idx.screen({ givenName: 'Ruta', surname: 'Zemaityte' })[0]!.score;
  const otherCountry = idx.screen({ givenName: 'Ruta', surname: 'Zemaityte', country: 'FI' })[0]!;
  const otherGender = idx.screen({ givenName: 'Ruta', surname: 'Zemaityte', gender: 'male' })[0]!;
  assert.ok(otherCountry.score < base && otherCountry.explanation.some((e) => e.feature === 'country' && e.effect < 0));
  assert.ok(otherGender.score < base && otherGender.explanation.some((e) => e.feature === 'gender' && e.effect < 0));
});

test('screening by kind only looks at lists of that kind; limit and threshold options apply', () => {
  assert.deepEqual(idx.screen({ givenName: 'Ruta', surname: 'Zemaityte' }, { kinds: ['peps'] }), []);
  assert.equal(idx.screen({ givenName: 'Ruta', surname: 'Zemaityte' }, { kinds: ['sanctions'] }).length, 1);
  assert.equal(idx.screen({ givenName: 'Kalev', surname: 'Merivali' }, { threshold: 0, limit: 1 }).length, 1);
});

test('buildAsync over an async stream lets the event loop run and gives the same index as build', async () => {
  async function* stream() {
    for (const e of sanctions()) yield e;
  }
  // Other work keeps running while the index is built: count turns of the event loop meanwhile.
  let turns = 0;
  let building = true;
  const spin = () => {
    turns++;
    if (building) setImmediate(spin);
  };
  setImmediate(spin);
  const built = await ScreeningIndex.buildAsync([{ meta: { name: 'Test list', kind: 'sanctions' }, entries: stream() }], { yieldEvery: 10 });
  building = false;
  assert.ok(turns >= 10, `event loop turned ${turns} times during the build`);
  assert.equal(built.size, idx.size);
  const query = { givenName: 'Aleksandr', surname: 'Karpenko', dateOfBirth: '1968-03-14' };
  assert.deepEqual(
    built.screen(query).map((m) => [m.entry.id, m.score]),
    idx.screen(query).map((m) => [m.entry.id, m.score]),
  );
});

test('odd input is screened without error: very long tokens, many tokens, other scripts, emoji', () => {
  assert.deepEqual(idx.screen({ givenName: 'x'.repeat(5000), surname: 'Karpenko'.repeat(100) }), []);
  const many = Array.from({ length: 60 }, (_, i) => `Name${String.fromCharCode(97 + (i % 26))}`).join(' ');
  assert.ok(Array.isArray(idx.screen({ givenName: many, surname: 'Karpenko' })));
  assert.deepEqual(idx.screen({ givenName: '🙂🙂', surname: '—' }), []);
  assert.equal(idx.screen({ givenName: 'Олександр', surname: 'Карпенко' })[0]?.entry.id, 'S1');
});

test('candidate generation finds what an exhaustive scan of every name finds', () => {
  const queries = [
    { givenName: 'Aleksandr', surname: 'Karpenko' },
    { givenName: 'Vaitkevicuis', surname: 'Indrek' },
    { givenName: 'Mohammed', surname: 'Kalomir' },
    { givenName: 'Kalev', surname: 'Merivali' },
    { givenName: 'Ruta', surname: 'Zemaitite', dateOfBirth: '1975-11-02' },
  ];
  for (const q of queries) {
    const exhaustive = idx.screen(q, { exhaustive: true, limit: 50 });
    assert.ok(exhaustive.length > 0, JSON.stringify(q));
    const sorted = (matches: typeof exhaustive) => matches.map((m) => `${m.score} ${m.entry.id}`).sort();
    assert.deepEqual(sorted(idx.screen(q, { limit: 50 })), sorted(exhaustive));
  }
});

test('a name split in the query and joined on the list is found', () => {
  const index = ScreeningIndex.build([{ meta: { name: 'list', kind: 'sanctions' as ListKind }, entries: [
    entry('J1', ['TOLVANEN, Maryann'], { datesOfBirth: [exact('1971-06-02')] }),
    ...Array.from({ length: 200 }, (_, i) => entry(`F${i}`, [`${surname(i)}, Mary`])),
  ] }]);
  const matches = index.screen({ givenName: 'Mary Ann', surname: 'Tolvanen', dateOfBirth: '1971-06-02' });
  assert.equal(matches[0]?.entry.id, 'J1', JSON.stringify(matches.map((m) => m.entry.id)));
  assert.ok(matches[0]!.score >= DEFAULT_THRESHOLD, String(matches[0]!.score));
});
