/**
 * The error catalogue: every wire code with its HTTP status and its message in Lithuanian (the
 * vendor's default locale) and English (`/en` paths). One table, used by every route.
 */
import type { ErrorCode, GatewayError, ParameterProblem } from '../identification/errors.ts';

export type Locale = 'lt' | 'en';

interface CatalogueEntry {
  lt: string;
  en: string;
}

export const ERROR_CATALOGUE: Record<ErrorCode, CatalogueEntry> = {
  40001: { lt: 'Neteisingi užklausos parametrai', en: 'Some of the request parameters are invalid' },
  40003: { lt: 'Neteisingas prieigos raktas', en: 'Invalid access token' },
  40004: { lt: 'Neteisingas telefono numerio formatas', en: 'Phone is of incorrect format' },
  40005: { lt: 'Neteisingas asmens kodo formatas', en: 'Person code is of incorrect format' },
  40020: { lt: 'Naudotojas atšaukė sesiją', en: 'User has refused the session' },
  40021: { lt: 'Sesijos laikas baigėsi: naudotojas nepatvirtino laiku', en: 'Session has expired: the user did not confirm in time' },
  40400: { lt: 'Tokio adreso nėra', en: 'No such endpoint' },
  40401: { lt: 'Naudotojas nerastas: ne Mobile-ID naudotojas', en: 'Invalid user: not a Mobile-ID user' },
  40402: { lt: 'Sesija pagal pateiktą raktą nerasta', en: 'Session for given token was not found' },
  40403: { lt: 'Paskyra netinkama: SIM kortelės Mobile-ID nustatymai neteisingi', en: 'Account is not qualified: the SIM card\'s Mobile-ID configuration is wrong' },
  40801: { lt: 'Baigėsi sertifikato gavimo laikas', en: 'Timeout while acquiring certificate' },
  50000: { lt: 'Apdorojant užklausą kilo nesklandumų', en: 'We are experiencing issues while processing the request' },
  50001: { lt: 'Įvyko techninė paslaugos klaida', en: 'Technical error in service occurred' },
  50002: { lt: 'Nepavyko užmegzti ryšio', en: 'Cannot establish a connection' },
  50003: { lt: 'Neturite teisės naudotis paslauga', en: 'Not authorized to use the service' },
  50004: { lt: 'Neteisinga kliento konfigūracija', en: 'Client side configuration is incorrect' },
};

const PROBLEMS: Record<ParameterProblem, (p: { allowed?: readonly string[]; max?: number }) => CatalogueEntry> = {
  required: () => ({ lt: 'privalomas parametras nepateiktas', en: 'the parameter is required' }),
  type_string: () => ({ lt: 'turi būti eilutė', en: 'must be a string' }),
  type_boolean: () => ({ lt: 'turi būti true arba false', en: 'must be true or false' }),
  type_integer: () => ({ lt: 'turi būti sveikasis skaičius', en: 'must be an integer' }),
  format: () => ({ lt: 'neteisingas formatas', en: 'invalid format' }),
  enum: (p) => ({ lt: `leistinos reikšmės: ${p.allowed?.join(', ')}`, en: `allowed values: ${p.allowed?.join(', ')}` }),
  too_long: (p) => ({ lt: `per ilgas, daugiausia ${p.max} simbolių`, en: `too long, at most ${p.max} characters` }),
  not_gsm7: () => ({ lt: 'yra simbolių, kurių nėra GSM-7 abėcėlėje; naudokite UCS-2', en: 'contains characters outside the GSM-7 alphabet; use UCS-2' }),
  not_ucs2: () => ({ lt: 'yra simbolių, kurių UCS-2 neužkoduoja', en: 'contains characters that UCS-2 cannot encode' }),
  range: (p) => ({ lt: `turi būti nuo 0 iki ${p.max}`, en: `must be between 0 and ${p.max}` }),
  json: () => ({ lt: 'užklausos turinys nėra teisingas JSON', en: 'the request body is not valid JSON' }),
  content_type: () => ({ lt: 'turinio tipas turi būti application/json', en: 'the content type must be application/json' }),
  body_too_large: () => ({ lt: 'užklausos turinys per didelis', en: 'the request body is too large' }),
  body_object: () => ({ lt: 'užklausos turinys turi būti JSON objektas', en: 'the request body must be a JSON object' }),
};

const PARAMETER_PREFIX: Record<Locale, string> = { lt: 'Neteisingas parametras', en: 'Invalid parameter' };

const LIST_MISSING: Record<'sanctions' | 'peps', CatalogueEntry> = {
  sanctions: { lt: 'sankcijų patikra negalima: neįkeltas joks sankcijų sąrašas', en: 'sanctions screening is unavailable: no sanctions list is loaded' },
  peps: { lt: 'PEP patikra negalima: neįkeltas joks PEP sąrašas', en: 'PEP screening is unavailable: no PEP list is loaded' },
};

/** The `message` of an error body, in the request's locale. */
export function errorMessage(error: GatewayError, locale: Locale): string {
  if (error.parameter) {
    const { name, problem } = error.parameter;
    return `${PARAMETER_PREFIX[locale]} [${name}]: ${PROBLEMS[problem](error.parameter)[locale]}`;
  }
  const base = ERROR_CATALOGUE[error.code][locale];
  if (error.missingListKind) return `${base}: ${LIST_MISSING[error.missingListKind][locale]}`;
  return base;
}

/** The HTTP status of a wire code: its first three digits. */
export function httpStatusOf(code: ErrorCode): number {
  return Math.floor(code / 100);
}
