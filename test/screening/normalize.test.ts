import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEmptyName, skeleton, tokenizeName } from '../../src/screening/normalize.ts';

/** The skeletons of a name's tokens, in order. */
function skeletons(name: string): string[] {
  return tokenizeName(name).map(skeleton);
}

test('diacritics fold both ways: Žemaitytė and Zemaityte are the same tokens', () => {
  assert.deepEqual(tokenizeName('Rūta Žemaitytė'), ['ruta', 'zemaityte']);
  assert.deepEqual(tokenizeName('Ruta Zemaityte'), ['ruta', 'zemaityte']);
  assert.deepEqual(tokenizeName('Jõgeva Pärnu Ülle Õun'), ['jogeva', 'parnu', 'ulle', 'oun']);
});

test('Polish, German and Nordic letters without a decomposition are transliterated (ł ø ß æ œ đ)', () => {
  assert.deepEqual(tokenizeName('Łukasz Ørsted Strauß Æbeltoft Œuvre Đorđević'), ['lukasz', 'orsted', 'strauss', 'aebeltoft', 'oeuvre', 'dordevic']);
});

test('Cyrillic meets its Latin romanisations under more than one scheme', () => {
  // Щ → shch / sch; Ж → zh / z; Х → kh / h; Й → y / i / j
  const shcherbakov = skeletons('Щербаков')[0];
  assert.equal(skeletons('Shcherbakov')[0], shcherbakov);
  assert.equal(skeletons('Scherbakov')[0], shcherbakov);
  assert.equal(skeletons('Жуков')[0], skeletons('Zhukov')[0]);
  assert.equal(skeletons('Харитонов')[0], skeletons('Kharitonov')[0]);
  assert.equal(skeletons('Haritonov')[0], skeletons('Kharitonov')[0]);
  const andrey = skeletons('Андрей')[0];
  for (const spelling of ['Andrey', 'Andrei', 'Andrej']) assert.equal(skeletons(spelling)[0], andrey, spelling);
  assert.deepEqual(skeletons('Лукашенко'), skeletons('Lukaschenko'));
});

test('Estonian, Latvian, Czech, Polish and German romanisations of Щ, Ч and Ж meet the Cyrillic', () => {
  const shch = skeletons('Щербаков')[0];
  for (const spelling of ['Štšerbakov', 'Ščerbakov', 'Szczerbakow', 'Schtscherbakow', 'Sherbakov']) {
    assert.equal(skeletons(spelling)[0], shch, spelling);
  }
  const ch = skeletons('Чернов')[0];
  for (const spelling of ['Tšernov', 'Černov', 'Czernow', 'Tschernow', 'Tchernov']) assert.equal(skeletons(spelling)[0], ch, spelling);
  const zh = skeletons('Жуков')[0];
  for (const spelling of ['Žukov', 'Żukow', 'Schukow', 'Zukov']) assert.equal(skeletons(spelling)[0], zh, spelling);
  // ...while other consonants and the vowels still differ
  assert.notEqual(skeletons('Чернов')[0], skeletons('Кернов')[0]);
  assert.notEqual(skeletons('Olga')[0], skeletons('Oleg')[0]);
});

test('Greek is transliterated', () => {
  assert.deepEqual(tokenizeName('Κυριάκος Μητσοτάκης'), ['kyriakos', 'mitsotakis']);
});

test('OFAC "SURNAME, Given" gives the same tokens as "Given Surname", order aside', () => {
  assert.deepEqual(tokenizeName('KOWALCZYK, Jan Piotr').sort(), tokenizeName('Jan Piotr Kowalczyk').sort());
});

test('look-alike digits inside words, acronyms with dots and spelled-out ordinals are normalised', () => {
  assert.deepEqual(tokenizeName('Ig0r Sech1n'), ['igor', 'sechin']);
  assert.deepEqual(tokenizeName('A.B.C. Company'), ['abc', 'company']);
  assert.deepEqual(tokenizeName('1st International Bank'), tokenizeName('First International Bank'));
  assert.deepEqual(tokenizeName('Open Joint Stock Company Gazprom'), ['jsc', 'gazprom']);
});

test('a name of punctuation, null markers or titles only normalises to nothing', () => {
  for (const name of ['', '   ', '-0- ', ', .', 'Mr.', 'Dr. Prof.']) {
    assert.ok(isEmptyName(tokenizeName(name)), JSON.stringify(name));
  }
  assert.ok(!isEmptyName(tokenizeName('Dr. Rami Makhlouf')));
});
