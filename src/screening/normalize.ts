/**
 * Name normalisation for screening: any script → lower-case ASCII tokens, plus a "skeleton" per token that
 * collapses the spelling differences between romanisation schemes, so that "Лукашенко", "Lukashenko" and
 * "Lukaschenko" meet.
 *
 * Transliteration of whole scripts is done by `any-ascii` (Cyrillic, Greek, Arabic, CJK, Hangul, Armenian,
 * Georgian, Indic…, and Latin letters such as ł ø ß æ œ đ þ) rather than hand-written tables: it is a small,
 * dependency-free, well-kept table set and covers far more scripts than we could maintain here. What it
 * cannot do — treat `Shch`, `Sch` and `Sc` as the same sound — is the job of `skeleton()`.
 */
import anyAscii from 'any-ascii';

/**
 * Tokens that carry little identity: honorifics, Arabic / European name particles and legal forms of
 * companies. They are kept (so that "Bin Ali" still aligns) but weigh little in a score, and a name made only
 * of them counts as empty.
 */
const LOW_INFORMATION_TOKENS = new Set([
  // honorifics and titles
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'lord', 'dame', 'president', 'praesident', 'prasident',
  'shaikh', 'sheikh', 'sheik', 'shaykh', 'mullah', 'mulla', 'maulvi', 'mawlawi', 'maulana', 'qari', 'hajji',
  'general', 'gen', 'colonel', 'col', 'major', 'capt', 'captain',
  // name particles
  'al', 'el', 'bin', 'ibn', 'ben', 'bint', 'binti', 'ould', 'de', 'da', 'di', 'del', 'della', 'dos', 'das', 'do',
  'du', 'van', 'von', 'der', 'den', 'ter', 'la', 'le', 'y', 'e', 'ul', 'ud',
  // legal forms and company words
  'ag', 'gmbh', 'mbh', 'kg', 'llc', 'ltd', 'limited', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company',
  'sa', 'sas', 'sarl', 'srl', 'sro', 'spa', 'bv', 'nv', 'plc', 'llp', 'lp', 'ab', 'oy', 'as', 'asa', 'jsc', 'ojsc',
  'cjsc', 'pjsc', 'oao', 'ooo', 'zao', 'pao', 'tov', 'fze', 'fzco', 'pte', 'pty', 'the', 'of', 'and', 'und', 'et',
  'aktiengesellschaft', 'gesellschaft', 'societe', 'sociedad', 'societatea', 'obshchestvo', 'group', 'holding',
  'holdings', 'international', 'intl', 'spzoo', 'ano', 'ao',
]);

/**
 * Legal forms by kind of company. Two names whose legal forms are all of different kinds (an AG and a
 * GmbH, an SAS and an SARL) are different companies even when the rest of the name is the same.
 */
const LEGAL_FORM_KINDS = new Map<string, string>([
  ...['ag', 'aktiengesellschaft', 'sa', 'jsc', 'ojsc', 'cjsc', 'pjsc', 'oao', 'zao', 'pao', 'ao', 'nv', 'spa', 'asa', 'as', 'ab', 'oy', 'plc'].map(
    (t) => [t, 'joint-stock'] as [string, string],
  ),
  ...['gmbh', 'mbh', 'llc', 'ltd', 'limited', 'ooo', 'tov', 'srl', 'sarl', 'sro', 'spzoo', 'bv', 'pty'].map((t) => [t, 'limited'] as [string, string]),
  ...['sas'].map((t) => [t, 'simplified'] as [string, string]),
  ...['kg', 'lp', 'llp'].map((t) => [t, 'partnership'] as [string, string]),
  ...['ano'].map((t) => [t, 'non-profit'] as [string, string]),
]);

/** The kind of legal form a token is (joint-stock, limited, …), or undefined for other tokens. */
export function legalFormKind(token: string): string | undefined {
  return LEGAL_FORM_KINDS.get(token);
}

/** The kinds of legal form a name carries (empty for persons and most organisations). */
export function legalFormKinds(tokens: readonly string[]): Set<string> {
  const kinds = new Set<string>();
  for (const t of tokens) {
    const kind = LEGAL_FORM_KINDS.get(t);
    if (kind !== undefined) kinds.add(kind);
  }
  return kinds;
}

/** Spelled-out numbers and ordinals, mapped to digits so that "1st" meets "First" and "Three" meets "3". */
const NUMBER_WORDS = new Map<string, string>(Object.entries({
  one: '1', first: '1', '1st': '1', two: '2', second: '2', '2nd': '2', three: '3', third: '3', '3rd': '3',
  four: '4', fourth: '4', '4th': '4', five: '5', fifth: '5', '5th': '5', six: '6', sixth: '6', '6th': '6',
  seven: '7', seventh: '7', '7th': '7', eight: '8', eighth: '8', '8th': '8', nine: '9', ninth: '9', '9th': '9',
  ten: '10', tenth: '10', '10th': '10',
}));

/**
 * Spelled-out legal forms, reduced to their abbreviation before tokenising so "Open Joint Stock Company
 * Gazprom" meets "OAO Gazprom" (both end up as a low-information legal form plus "gazprom").
 */
const LEGAL_FORM_PHRASES: [RegExp, string][] = [
  [/\bgesellschaft mit beschrankter haftung\b/g, 'gmbh'],
  [/\b(?:open |closed |public |private )?joint[ -]stock company\b/g, 'jsc'],
  [/\blimited liability (?:company|partnership)\b/g, 'llc'],
  [/\bpublic limited company\b/g, 'plc'],
  [/\bobshchestvo s ogranichenno[iy] otvetstvennost[iy]?u\b/g, 'ooo'],
  [/\baktsionernoe obshchestvo\b/g, 'jsc'],
  [/\bsp\.? ?z ?o\.? ?o\b\.?/g, 'spzoo'],
];

/** Digits used as look-alike letters inside words ("Ig0r Sech1n"). Only applied to mixed tokens. */
const LOOKALIKE_DIGITS = new Map<string, string>(Object.entries({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g' }));

export function isLowInformation(token: string): boolean {
  return LOW_INFORMATION_TOKENS.has(token);
}

/** Whole-string folding: any script to ASCII, lower case, apostrophes and possessive 's removed. */
function foldToAscii(raw: string): string {
  const ascii = anyAscii(raw.normalize('NFC'));
  let folded = ascii.toLowerCase().replace(/['`]s\b/g, '').replace(/['`]/g, '');
  for (const [pattern, replacement] of LEGAL_FORM_PHRASES) folded = folded.replace(pattern, replacement);
  return folded;
}

function normalizeToken(token: string): string {
  const number = NUMBER_WORDS.get(token);
  if (number !== undefined) return number;
  if (/\d/.test(token) && /[a-z]/.test(token)) {
    const letters = token.replace(/\d/g, '').length;
    if (letters >= token.length - letters) return token.replace(/\d/g, (d) => LOOKALIKE_DIGITS.get(d) ?? d);
  }
  return token;
}

/**
 * Splits a name into normalised tokens. Word order is not significant for matching, so OFAC's
 * "SURNAME, Given" needs no reordering: the comma is just a separator. Exact repeats of a token are dropped
 * ("Sergey Sergey Shoigu").
 */
export function tokenizeName(raw: string): string[] {
  const tokens: string[] = [];
  for (const part of joinAcronyms(foldToAscii(raw).split(/[^a-z0-9]+/))) {
    if (part === '') continue;
    const token = normalizeToken(part);
    if (!tokens.includes(token)) tokens.push(token);
  }
  return tokens;
}

/** A run of single letters is an acronym written with dots or spaces ("A.B.C." = "ABC"). */
function joinAcronyms(parts: string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const part of parts) {
    if (part === '') continue;
    if (part.length === 1 && /[a-z]/.test(part)) {
      run += part;
      continue;
    }
    if (run !== '') out.push(run);
    run = '';
    out.push(part);
  }
  if (run !== '') out.push(run);
  return out;
}

/** A token that can identify someone on its own: not a title, particle or legal form, not a bare number. */
export function isIdentifying(token: string): boolean {
  return !isLowInformation(token) && !/^\d+$/.test(token);
}

/** True when a name has no token that identifies anyone (e.g. OFAC's "-0-"): such a name must never match. */
export function isEmptyName(tokens: readonly string[]): boolean {
  return !tokens.some(isIdentifying);
}

/**
 * Ordered rewrites that map the spellings different romanisation schemes give one sound to one symbol.
 * `C` is a placeholder for the ch / ts family (Ч, Ц, Czech/Baltic č and c before a front vowel, Polish
 * cz, German tsch, Estonian tš) so that later rules do not turn it into k.
 *
 * The sibilants s, sh, z, zh (Ш, Щ, Ж, German sch, Polish sz / szcz / ż, Baltic š / ž) are deliberately one
 * symbol, as in Daitch–Mokotoff soundex: transliteration (and the loss of a caron: Žukov → Zukov) moves
 * between them all the time, while vowels and the other consonants still tell names apart. A sibilant
 * followed by the ch sound is Щ (Estonian štš, Czech šč): it collapses to the sibilant.
 */
const SKELETON_RULES: [RegExp, string][] = [
  [/schtsch|shch|szcz/g, 's'],
  [/tsch|tch|tsh|cz/g, 'C'],
  [/sch|shh|sh|sz|zh|z/g, 's'],
  [/ch|ts|tz/g, 'C'],
  [/c(?=[eiy])/g, 'C'],
  [/dzh|dj/g, 'J'],
  [/kh/g, 'h'],
  [/gh/g, 'g'],
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/ck|c|q/g, 'k'],
  [/x/g, 'ks'],
  [/w/g, 'v'],
  [/[yj]/g, 'i'],
  [/ou/g, 'u'],
  [/s+C/g, 's'],
];

/**
 * A token's romanisation-neutral spelling: Щ → shch/sch/sc/štš/šč, Ж → zh/z/ž, Х → kh/h, Ч → ch/tš/č/cz,
 * Й → y/i/j and doubled letters all collapse. Vowels are kept: they are what tells Olga from Oleg.
 */
export function skeleton(token: string): string {
  let s = token;
  for (const [pattern, replacement] of SKELETON_RULES) s = s.replace(pattern, replacement);
  return s.replace(/(.)\1+/g, '$1');
}

export function isVowel(ch: string): boolean {
  return ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u';
}
