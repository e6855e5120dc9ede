/**
 * Country names and codes, as the lists write them, to ISO 3166-1 alpha-2.
 *
 * The base names come from the ICU data built into Node (`Intl.DisplayNames`) for every assigned code,
 * so all countries are covered without a hand-typed copy of the standard. The lists, however, use the
 * formal UN names ("Iran (Islamic Republic of)"), OFAC's inverted forms ("Korea, North") and older
 * names ("Burma"); those variants are listed explicitly below.
 */

/** Every officially assigned ISO 3166-1 alpha-2 code, plus XK (Kosovo, used by OFAC, EU and OpenSanctions). */
const ASSIGNED_CODES = `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM
FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD
SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC
VE VG VI VN VU WF WS XK YE YT ZA ZM ZW`.split(/\s+/);

/** Names that occur in the UN, OFAC and EU files and differ from ICU's English short names. */
const VARIANTS: Record<string, string> = {
  // UN formal names
  "Democratic People's Republic of Korea": 'KP',
  'Republic of Korea': 'KR',
  'Democratic Republic of the Congo': 'CD',
  Congo: 'CG',
  'Iran (Islamic Republic of)': 'IR',
  'United Kingdom of Great Britain and Northern Ireland': 'GB',
  'United States of America': 'US',
  'Syrian Arab Republic': 'SY',
  'State of Palestine': 'PS',
  'United Republic of Tanzania': 'TZ',
  'Russian Federation': 'RU',
  "Lao People's Democratic Republic": 'LA',
  'Viet Nam': 'VN',
  'Republic of Moldova': 'MD',
  'Bolivia (Plurinational State of)': 'BO',
  'Venezuela (Bolivarian Republic of)': 'VE',
  'Micronesia (Federated States of)': 'FM',
  'Netherlands (Kingdom of the)': 'NL',
  'Brunei Darussalam': 'BN',
  'Holy See': 'VA',
  'Cabo Verde': 'CV',
  Turkey: 'TR',
  Swaziland: 'SZ',
  'The former Yugoslav Republic of Macedonia': 'MK',
  'Czech Republic': 'CZ',
  'Ivory Coast': 'CI',
  "Cote d'Ivoire": 'CI',
  'East Timor': 'TL',
  'Hong Kong': 'HK',
  Macau: 'MO',
  Macao: 'MO',
  // OFAC forms
  'Korea, North': 'KP',
  'Korea, South': 'KR',
  Burma: 'MM',
  Myanmar: 'MM',
  'Congo, Democratic Republic of the': 'CD',
  'Congo, Republic of the': 'CG',
  'Bahamas, The': 'BS',
  'The Bahamas': 'BS',
  'Gambia, The': 'GM',
  'The Gambia': 'GM',
  'Micronesia, Federated States of': 'FM',
  Macedonia: 'MK',
  'West Bank': 'PS',
  Gaza: 'PS',
  'Palestinian Territories': 'PS',
  Palestine: 'PS',
  'Region: Gaza': 'PS',
  'Region: West Bank': 'PS',
  'Bosnia-Herzegovina': 'BA',
  'Saint Kitts and Nevis': 'KN',
  'Saint Lucia': 'LC',
  'Saint Vincent and the Grenadines': 'VC',
  'Sao Tome and Principe': 'ST',
  'Antigua and Barbuda': 'AG',
  'Trinidad and Tobago': 'TT',
  'Turks and Caicos Islands': 'TC',
  'Heard Island and McDonald Islands': 'HM',
  'Svalbard and Jan Mayen': 'SJ',
  'Wallis and Futuna': 'WF',
  'Saint Pierre and Miquelon': 'PM',
  'Saint Helena': 'SH',
  'Saint Martin': 'MF',
  'Saint Barthelemy': 'BL',
  'Virgin Islands, British': 'VG',
  'Virgin Islands, U.S.': 'VI',
  'Great Britain': 'GB',
  England: 'GB',
  'United States': 'US',
  USA: 'US',
  UK: 'GB',
  Vatican: 'VA',
  'Vatican City': 'VA',
  'Kyrgyz Republic': 'KG',
  'Slovak Republic': 'SK',
};

function normalizeCountryName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\bst\b\.?/g, 'saint')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const byName: Map<string, string> = buildNameTable();

function buildNameTable(): Map<string, string> {
  const table = new Map<string, string>();
  const english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (const code of ASSIGNED_CODES) {
    const name = english.of(code);
    if (name === undefined) continue;
    table.set(normalizeCountryName(name), code);
    // ICU qualifies some names ("Myanmar (Burma)", "Hong Kong SAR China", "Congo - Kinshasa"); the
    // unqualified head is also a name people write.
    const head = name.replace(/\s*\(.*\)$/, '').replace(/\s+SAR China$/, '');
    if (head !== name && !head.includes(' - ')) table.set(normalizeCountryName(head), code);
  }
  for (const [name, code] of Object.entries(VARIANTS)) table.set(normalizeCountryName(name), code);
  return table;
}

const assigned = new Set(ASSIGNED_CODES);

/**
 * ISO alpha-2 (upper case) for a country name as a list writes it, or undefined when it is not a
 * country. An upper-case two-letter code is taken as a code; a lower-case one is not ("na" is the UN's
 * "not available", not Namibia).
 */
export function toIso2(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim().replace(/\.$/, '');
  if (trimmed === '') return undefined;
  if (/^[A-Z]{2}$/.test(trimmed)) return codeToIso2(trimmed);
  return byName.get(normalizeCountryName(trimmed));
}

/** ISO alpha-2 (upper case) for a field that holds codes (EU countryIso2Code, FtM country), any case. */
export function codeToIso2(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const upper = code.trim().toUpperCase();
  if (upper === 'UK') return 'GB';
  return assigned.has(upper) ? upper : undefined;
}

/** Maps each value with `map`, drops the ones that are not countries and duplicates, keeps the order. */
export function toIso2List(values: Iterable<string>, map: (value: string) => string | undefined = toIso2): string[] {
  const out: string[] = [];
  for (const value of values) {
    const code = map(value);
    if (code !== undefined && !out.includes(code)) out.push(code);
  }
  return out;
}
