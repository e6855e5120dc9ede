/**
 * Seeded generator of plausible, fictional persons for the screening speed benchmark. Names are built from
 * per-culture given-name tables and surname syllables/suffixes, so a million persons have a realistic mix
 * of very common tokens (Mohammed, Maria, Wang) and a long tail of rare surnames, in Latin with diacritics,
 * Cyrillic and Greek script.
 */
import type { EntryDate, EntryName, ListEntry } from '../src/screening/model.ts';

/** mulberry32: tiny, fast, good enough spread for test data, and reproducible from the seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Culture {
  weight: number;
  countries: string[];
  male: string[];
  female: string[];
  roots: string[];
  suffixes: string[];
  /** Female surname form from the male one, where the language inflects surnames. */
  feminine?: (surname: string) => string;
  middle?: number;
}

const CULTURES: Culture[] = [
  {
    weight: 3,
    countries: ['EE', 'LV', 'LT'],
    male: ['Jānis', 'Andris', 'Mārtiņš', 'Tõnu', 'Jüri', 'Mihkel', 'Rasmus', 'Tomas', 'Mindaugas', 'Žilvinas', 'Darius', 'Kęstutis', 'Aivar', 'Indrek'],
    female: ['Liga', 'Ilze', 'Kristīne', 'Triin', 'Kadri', 'Mari', 'Rūta', 'Agnė', 'Gintarė', 'Eglė', 'Jurgita', 'Külli', 'Ülle'],
    roots: ['kaln', 'berz', 'ozol', 'liep', 'tamm', 'saar', 'kask', 'mets', 'jurg', 'petr', 'kazl', 'žemait', 'vaitk', 'paul', 'stank', 'balt', 'rand', 'põld', 'mänd', 'kõiv'],
    suffixes: ['s', 'iņš', 'ulis', 'aitis', 'auskas', 'ėnas', 'onis', 'e', 'lane', 'mägi', 'ste', 'us'],
    feminine: (s) => s.replace(/(aitis)$/, 'aitė').replace(/(auskas)$/, 'auskienė').replace(/iņš$/, 'iņa').replace(/s$/, 'a'),
  },
  {
    weight: 3,
    countries: ['RU', 'UA', 'BY', 'KZ'],
    male: ['Александр', 'Сергей', 'Владимир', 'Дмитрий', 'Андрей', 'Алексей', 'Николай', 'Иван', 'Михаил', 'Юрий', 'Олег', 'Евгений', 'Aleksandr', 'Sergey', 'Dmitriy', 'Mikhail', 'Oleksandr', 'Volodymyr'],
    female: ['Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Светлана', 'Юлия', 'Анна', 'Yelena', 'Olga', 'Natalya', 'Tetiana'],
    roots: ['Иван', 'Петр', 'Смирн', 'Кузнец', 'Попов', 'Соколь', 'Лебед', 'Козл', 'Новик', 'Морозь', 'Волк', 'Щерб', 'Жук', 'Ковал', 'Шевч', 'Бондар', 'Ткач', 'Лукаш', 'Kharit', 'Zhuk', 'Shcherb', 'Bondar', 'Koval'],
    suffixes: ['ов', 'ев', 'ин', 'енко', 'ук', 'ский', 'ович', 'ko', 'ov', 'enko', 'yuk', 'sky'],
    feminine: (s) => s.replace(/(ов|ев|ин)$/, '$1а').replace(/ский$/, 'ская').replace(/ov$/, 'ova'),
    middle: 0.5,
  },
  {
    weight: 3,
    countries: ['SA', 'EG', 'IQ', 'SY', 'AE', 'JO', 'AF', 'PK'],
    male: ['Mohammed', 'Muhammad', 'Ahmed', 'Ali', 'Hassan', 'Hussein', 'Omar', 'Abdullah', 'Khalid', 'Yusuf', 'Ibrahim', 'Tariq', 'Samir', 'Karim', 'Abdul Rahman', 'Faisal', 'Bilal'],
    female: ['Fatima', 'Aisha', 'Mariam', 'Layla', 'Noor', 'Zainab', 'Huda', 'Salma', 'Amal', 'Rania'],
    roots: ['Al-Haj', 'Al-Rash', 'Al-Mans', 'Qur', 'Haq', 'Naj', 'Zub', 'Shar', 'Kha', 'Sadd', 'Al-Tikr', 'Barz', 'Jab', 'Hamd', 'Ras', 'Ghan'],
    suffixes: ['ani', 'idi', 'ouri', 'ashi', 'ir', 'ali', 'awi', 'ari', 'im', 'an', 'i', 'uddin'],
    middle: 0.6,
  },
  {
    weight: 3,
    countries: ['ES', 'MX', 'CO', 'AR', 'PE', 'VE', 'CL'],
    male: ['José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Miguel', 'Pedro', 'Alejandro', 'Fernando', 'Rafael', 'Diego', 'Andrés'],
    female: ['María', 'Ana', 'Carmen', 'Lucía', 'Isabel', 'Sofía', 'Gabriela', 'Valentina', 'Daniela'],
    roots: ['Rodr', 'Gonz', 'Fern', 'Mart', 'Sánch', 'Pér', 'Góm', 'Lóp', 'Díaz', 'Hern', 'Ram', 'Torr', 'Vargas', 'Castill', 'Mor', 'Ort'],
    suffixes: ['íguez', 'ález', 'ández', 'ínez', 'ez', 'es', 'o', 'a', 'illo', 'ero'],
    middle: 0.4,
  },
  {
    weight: 2,
    countries: ['CN', 'TW', 'SG', 'HK'],
    male: ['Wei', 'Jun', 'Hao', 'Lei', 'Jian', 'Ming', 'Qiang', 'Yong', 'Jie', 'Tao', 'Xiaoming', 'Zhiwei'],
    female: ['Li', 'Fang', 'Min', 'Jing', 'Xiu Ying', 'Yan', 'Hui', 'Xiaoling', 'Mei'],
    roots: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo'],
    suffixes: [''],
  },
  {
    weight: 3,
    countries: ['DE', 'AT', 'CH', 'DK', 'NO', 'SE', 'FI', 'PL'],
    male: ['Jürgen', 'Klaus', 'Stefan', 'Thomas', 'Björn', 'Søren', 'Lars', 'Mikko', 'Łukasz', 'Paweł', 'Grzegorz', 'Matthias', 'Sebastian'],
    female: ['Jutta', 'Sabine', 'Anja', 'Åsa', 'Ingrid', 'Sæunn', 'Małgorzata', 'Katarzyna', 'Jolanta', 'Liisa', 'Brigitte'],
    roots: ['Müll', 'Schmid', 'Schneid', 'Fisch', 'Weiß', 'Meyer', 'Jørgen', 'Ander', 'Niel', 'Lind', 'Wiśniew', 'Kowal', 'Lewandow', 'Dąbrow', 'Strauß', 'Kwiatkow', 'Virtan', 'Korhon'],
    suffixes: ['er', 'sen', 'son', 'ström', 'berg', 'ski', 'czyk', 'en', 'mann', 'ow', 'inen'],
    feminine: (s) => s.replace(/ski$/, 'ska'),
  },
  {
    weight: 2,
    countries: ['GB', 'US', 'IE', 'CA', 'AU'],
    male: ['James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Joseph', 'Daniel', 'Matthew', 'Patrick'],
    female: ['Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Susan', 'Sarah', 'Emma', 'Olivia', 'Siobhán'],
    roots: ['Smith', 'Johns', 'Will', 'Brown', 'Jon', 'Mill', 'Davi', 'Wils', 'Tayl', 'Thom', 'Whit', 'Harr', 'Mart', 'Robin', 'Clark', 'Walk', "O'Conn", 'McDon'],
    suffixes: ['', 'on', 'son', 'er', 'ell', 'ford', 'ley', 'ham', 'ington', 'or'],
    middle: 0.3,
  },
  {
    weight: 1,
    countries: ['GR', 'CY'],
    male: ['Γιώργος', 'Κωνσταντίνος', 'Δημήτρης', 'Νίκος', 'Giorgos', 'Konstantinos', 'Dimitrios'],
    female: ['Μαρία', 'Ελένη', 'Αικατερίνη', 'Eleni', 'Sofia'],
    roots: ['Παπαδ', 'Γεωργ', 'Οικον', 'Παπα', 'Νικολ', 'Papad', 'Georgi', 'Mitsot', 'Karaman'],
    suffixes: ['όπουλος', 'ίου', 'άκης', 'ίδης', 'opoulos', 'ou', 'akis', 'idis'],
  },
];

const TOTAL_WEIGHT = CULTURES.reduce((s, c) => s + c.weight, 0);
const NOTHING: never[] = [];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function pickCulture(random: () => number): Culture {
  let r = random() * TOTAL_WEIGHT;
  for (const c of CULTURES) {
    r -= c.weight;
    if (r < 0) return c;
  }
  return CULTURES[0]!;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

export interface SyntheticPerson {
  given: string;
  surname: string;
  gender: 'male' | 'female';
  dateOfBirth: string;
  country: string;
}

export function syntheticPerson(random: () => number): SyntheticPerson {
  const culture = pickCulture(random);
  const gender = random() < 0.5 ? 'male' : 'female';
  let given = pick(random, gender === 'male' ? culture.male : culture.female);
  if (culture.middle !== undefined && random() < culture.middle) given += ' ' + pick(random, gender === 'male' ? culture.male : culture.female);
  // Two roots give the long tail of rare surnames; one root gives the common ones.
  let surname = pick(random, culture.roots) + pick(random, culture.suffixes);
  if (random() < 0.35) surname = pick(random, culture.roots) + surname.toLowerCase();
  if (gender === 'female' && culture.feminine !== undefined) surname = culture.feminine(surname);
  const year = 1935 + Math.floor(random() * 70);
  const dateOfBirth = `${year}-${two(1 + Math.floor(random() * 12))}-${two(1 + Math.floor(random() * 28))}`;
  return { given, surname, gender, dateOfBirth, country: pick(random, culture.countries) };
}

/** A list entry for a synthetic person; rarely used fields share one empty array to keep 10^6 entries small. */
export function syntheticEntry(id: number, random: () => number): ListEntry {
  const p = syntheticPerson(random);
  const names: EntryName[] = [{ full: `${p.surname.toUpperCase()}, ${p.given}`, given: p.given, surname: p.surname, strength: 'primary' }];
  // Some persons have a second surname (a maiden or former name) as an alias.
  if (random() < 0.2) {
    const other = syntheticPerson(random).surname;
    names.push({ full: `${p.given} ${other}`, given: p.given, surname: other, strength: 'strong' });
  }
  const dates: EntryDate[] = random() < 0.8 ? [{ kind: 'exact', date: p.dateOfBirth }] : [{ kind: 'exact', date: p.dateOfBirth.slice(0, 4), circa: true }];
  return {
    id: `S${id}`,
    schema: 'Person',
    names,
    gender: p.gender,
    datesOfBirth: dates,
    placesOfBirth: NOTHING,
    countries: [p.country],
    documents: NOTHING,
    positions: NOTHING,
    associates: NOTHING,
    programs: NOTHING,
  };
}

/** A query-side typo: one letter dropped, doubled or swapped, in a token long enough to be allowed one. */
export function withTypo(name: string, random: () => number): string {
  const tokens = name.split(' ');
  const longOnes = tokens.map((t, i) => [t, i] as const).filter(([t]) => t.length >= 7);
  if (longOnes.length === 0) return name;
  const [token, index] = pick(random, longOnes);
  const at = 1 + Math.floor(random() * (token.length - 2));
  const edit = Math.floor(random() * 3);
  const changed =
    edit === 0 ? token.slice(0, at) + token.slice(at + 1) : edit === 1 ? token.slice(0, at) + token[at] + token.slice(at) : token.slice(0, at - 1) + token[at] + token[at - 1] + token.slice(at + 1);
  tokens[index] = changed;
  return tokens.join(' ');
}
