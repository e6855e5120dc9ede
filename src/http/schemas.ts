/**
 * The API's request and response schemas, for documentation: @fastify/swagger turns them into the
 * OpenAPI document. They do not validate anything at run time: the domain validates requests and
 * answers with the vendor's error codes (a JSON-schema failure could only ever say "400"), and every
 * response already goes out as bytes (see wire.ts). `test/openapi.test.ts` keeps them honest by
 * validating real responses against them.
 */
import { Type, type TSchema } from 'typebox';
import type { FastifySchema, FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { ERROR_CODES, GatewayError, type ErrorCode } from '../identification/errors.ts';
import { LANGUAGES, MESSAGE_FORMATS } from '../identification/login-request.ts';
import { ERROR_CATALOGUE, errorMessage, httpStatusOf, type Locale } from './messages.ts';

/**
 * Route options that keep a documented route's behaviour exactly as without a schema: nothing is
 * validated or coerced by Fastify, and nothing is serialised by it.
 */
export const DOCUMENTATION_ONLY: { validatorCompiler: FastifySchemaCompiler<unknown>; serializerCompiler: FastifySerializerCompiler<unknown> } = {
  validatorCompiler: () => () => true,
  serializerCompiler: () => (data) => JSON.stringify(data),
};

const nullableString = (description?: string) =>
  Type.Union([Type.String(), Type.Null()], description ? { description } : {});

/** A reference to a component schema, resolved to `#/components/schemas/<id>` in the document. */
const ref = (id: string, description?: string) => Type.Ref(id, description ? { description } : {});

// Examples: the contract's samples (shared/reference/gateway-contract.md and the vendor's pages).
const SAMPLE_TOKEN = '381ed84f-0851-ce1e-a048-fa1e13a53bba';
const SAMPLE_ACCESS_TOKEN = '52900c96-3f60-5307-3719-5948f0191da6';
const SAMPLE_CERTIFICATE = {
  name: '/C=EE/CN=TESTNUMBER,TEN,60001017705/SN=TESTNUMBER/GN=TEN/serialNumber=PNOEE-60001017705',
  subject: {
    country: 'EE', organisation: null, organisation_unit: null, common_name: 'TESTNUMBER,TEN,60001017705',
    surname: 'TESTNUMBER', name: 'TEN', serial_number: 'PNOEE-60001017705',
  },
  issuer: { country: 'EE', organisation: 'AS Sertifitseerimiskeskus', common_name: 'TEST of ESTEID-SK 2015' },
  valid_from: '2020-11-13',
  valid_to: '2025-11-12',
  value: 'TUlJRnZEQ0NBNlNnQXdJQkFnSVFUNnM1QU1GN1VncGZybytaam...QxdnNBWmVZRGlveURtejVEaVg5QUlPWUtkWVhxOGZRT2k3ND0=',
};
const EXPLANATION_SAMPLE = [
  { feature: 'name', effect: 0.927, detail: '"MARY ÄNN O’CONNEŽ-ŠUSLIK TESTNUMBER" against "O\'CONNEZ-SUSLIK, Mary Ann" (primary name)' },
  { feature: 'name_part:exact', effect: 1, detail: '"suslik" ~ "suslik": exact' },
  { feature: 'name_unmatched_query', effect: 0, detail: 'in the person\'s name only: testnumber' },
  { feature: 'date_of_birth', effect: 0.025, detail: 'same date of birth (2000-01-01)' },
  { feature: 'country', effect: 0.005, detail: 'country EE is on the entry' },
];
const SANCTIONS_SAMPLE = {
  id: 'demo-sanctions/eidgate-demo-sanction-mary', reference: 'eidgate-demo-sanction-mary',
  first_name: 'Mary Ann', last_name: 'O\'CONNEZ-SUSLIK', full_name: 'O\'CONNEZ-SUSLIK, Mary Ann',
  date_of_birth: '2000-01-01', place_of_birth: 'Tallinn, Estonia', aka: 'Lady Harbour', gender: 'female',
  country_of_origin: 'EE', search_created_at: '2026-11-28T07:51:18.485Z', associates: null, date_of_death: null,
  matched_name: 'O\'CONNEZ-SUSLIK, Mary Ann', programs: ['DEMO-HARBOUR (fictional)'], score: 0.957,
  explanation: EXPLANATION_SAMPLE,
  document_number: 'DEMO0000001', type_sdn_or_entity: 'Individual', name_of_the_list: 'demo-sanctions',
  date_of_publication: '2026-02-03', date_of_publication_of_the_list: null, image_url: null,
};
const PEP_SAMPLE = {
  id: 'demo-peps/eidgate-demo-pep-mary', reference: 'eidgate-demo-pep-mary',
  first_name: 'Mary Ann', last_name: 'O\'Connez-Suslik', full_name: 'Mary Ann O\'Connez-Suslik',
  date_of_birth: '2000-01-01', place_of_birth: null, aka: 'Mary O\'Connez', gender: 'female',
  country_of_origin: 'EE', search_created_at: '2026-11-28T07:51:18.485Z',
  associates: { brother: 'Oskar O\'Connez', 'business associate': 'Jaan Tammeorg-Demo' }, date_of_death: null,
  matched_name: 'Mary Ann O\'Connez-Suslik', programs: [], score: 0.957, explanation: EXPLANATION_SAMPLE,
  political_position: 'Chair of the Board, Demo Harbour Authority', country_of_activity: 'EE',
};

export const CertificateInfoSchema = Type.Object({
  name: Type.String({ description: 'OpenSSL one-line form of the subject.' }),
  subject: Type.Object({
    country: nullableString(),
    organisation: nullableString(),
    organisation_unit: nullableString(),
    common_name: nullableString(),
    surname: nullableString(),
    name: nullableString(),
    serial_number: nullableString('e.g. `PNOEE-60001017705`'),
  }, { additionalProperties: false }),
  issuer: Type.Object({
    country: nullableString(),
    organisation: nullableString(),
    common_name: nullableString(),
  }, { additionalProperties: false }),
  valid_from: Type.String({ format: 'date', description: 'notBefore as a UTC date.' }),
  valid_to: Type.String({ format: 'date', description: 'notAfter as a UTC date.' }),
  value: Type.String({ description: 'Base64 of the Base64 DER text: decode twice to get the DER certificate (the vendor\'s convention).' }),
}, {
  $id: 'CertificateInfo',
  additionalProperties: false,
  description: 'A certificate as the vendor\'s gateway describes it (PHP `openssl_x509_parse()` mapped to fixed fields); attributes absent from the certificate are null.',
  examples: [SAMPLE_CERTIFICATE],
});

export const ExplanationItemSchema = Type.Object({
  feature: Type.String({ description: 'The scoring feature, e.g. `name`, `name_part:exact`, `date_of_birth`.' }),
  effect: Type.Number({ description: 'Its contribution to the score.' }),
  detail: Type.String({ description: 'What was compared, in words.' }),
}, { $id: 'ExplanationItem', additionalProperties: false, description: 'One reason for a match score, for the compliance officer reading it.' });

const commonRecordFields = {
  id: Type.String({ description: '`<list name>/<entry id>`: unique across lists, stable across re-imports.' }),
  reference: Type.String({ description: 'The publisher\'s own id of the entry.' }),
  first_name: nullableString(),
  last_name: nullableString(),
  full_name: Type.String({ description: 'The listed primary name as written.' }),
  date_of_birth: nullableString('`YYYY[-MM[-DD]]`, `circa YYYY` or `YYYY to YYYY`; several joined with "; ".'),
  place_of_birth: nullableString(),
  aka: nullableString('Aliases joined with "; ".'),
  gender: Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Null()]),
  country_of_origin: nullableString(),
  search_created_at: Type.String({ format: 'date-time', description: 'When this screening ran.' }),
  associates: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()], { description: 'Relation → names, comma-separated.' }),
  date_of_death: nullableString(),
  matched_name: Type.String({ description: 'eidgate: the listed name that matched best.' }),
  programs: Type.Array(Type.String(), { description: 'eidgate: sanctions programmes of the entry.' }),
  score: Type.Number({ minimum: 0, maximum: 1, description: 'eidgate: match score.' }),
  explanation: Type.Array(ref('ExplanationItem'), { description: 'eidgate: why the entry matched.' }),
};

export const SanctionsRecordSchema = Type.Object({
  ...commonRecordFields,
  document_number: nullableString(),
  type_sdn_or_entity: Type.String({ description: '`Individual`, `Entity`, `Vessel`, `Aircraft` or `Other`.' }),
  name_of_the_list: Type.String(),
  date_of_publication: nullableString('When the entry was listed.'),
  date_of_publication_of_the_list: nullableString('The publisher\'s date of the imported edition.'),
  image_url: nullableString(),
}, { $id: 'SanctionsRecord', additionalProperties: false, description: 'A sanctions list entry that matched the person (the vendor\'s fields, plus eidgate\'s `matched_name`, `programs`, `score`, `explanation`).', examples: [SANCTIONS_SAMPLE] });

export const PepRecordSchema = Type.Object({
  ...commonRecordFields,
  political_position: nullableString(),
  country_of_activity: nullableString(),
}, { $id: 'PepRecord', additionalProperties: false, description: 'A PEP list entry that matched the person (the vendor\'s fields, plus eidgate\'s `matched_name`, `programs`, `score`, `explanation`).', examples: [PEP_SAMPLE] });

export const LoginResponseSchema = Type.Object({
  status: Type.Literal('ok'),
  certificate: ref('CertificateInfo', 'The person\'s signing certificate (Mobile-ID `/certificate`).'),
  code: Type.String({ description: 'The personal code of the request.' }),
  token: Type.String({ format: 'uuid', description: 'The session token for status and remove requests.' }),
  control_code: Type.String({ pattern: '^[0-9]{4}$', description: 'Show it to the person: their phone shows the same code.' }),
}, { $id: 'LoginResponse', additionalProperties: false });

export const WaitingResponseSchema = Type.Object({
  status: Type.Literal('waiting'),
  token: Type.String({ format: 'uuid' }),
  control_code: Type.String({ pattern: '^[0-9]{4}$' }),
}, { $id: 'WaitingResponse', additionalProperties: false, description: 'The person has not answered yet.' });

export const IdentifiedResponseSchema = Type.Object({
  status: Type.Literal('ok'),
  country: Type.String({ description: 'Country of the personal code, e.g. `EE`, `LT`.' }),
  certificate: ref('CertificateInfo', 'The authentication certificate that signed the challenge (verified).'),
  code: Type.String({ description: 'Personal code from the verified certificate.' }),
  token: Type.String({ format: 'uuid' }),
  control_code: Type.String({ pattern: '^[0-9]{4}$' }),
  name: Type.String(),
  surname: Type.String(),
  sanctions_data: Type.Array(ref('SanctionsRecord'), { description: '[] when nothing matched or the check was not requested.' }),
  peps_data: Type.Array(ref('PepRecord'), { description: '[] when nothing matched or the check was not requested.' }),
}, { $id: 'IdentifiedResponse', additionalProperties: false, description: 'The person confirmed and the signature, certificate chain and identity were verified.' });

export const RemoveResponseSchema = Type.Object({ status: Type.Literal('ok') }, { $id: 'RemoveResponse', additionalProperties: false });

/** Every error code with its HTTP status and its LT and EN message: the catalogue, machine-readable. */
export const ErrorCodeSchema = Type.Union(ERROR_CODES.map((code) => Type.Literal(code, {
  title: ERROR_CATALOGUE[code].en,
  description: `HTTP ${httpStatusOf(code)}. LT: "${ERROR_CATALOGUE[code].lt}". EN: "${ERROR_CATALOGUE[code].en}".`,
  'x-message-lt': ERROR_CATALOGUE[code].lt,
  'x-message-en': ERROR_CATALOGUE[code].en,
})), { $id: 'ErrorCode', description: `The error codes of the vendor's table. The HTTP status is a code's first three digits.\n\n${errorTable(ERROR_CODES)}` });

export const ErrorBodySchema = Type.Object({
  status: Type.Literal('error'),
  message: Type.String({ description: 'In the path\'s locale (Lithuanian, or English under `/en`). 40001 names the parameter: `Invalid parameter [name]: …`.' }),
  error_code: ref('ErrorCode'),
}, { $id: 'ErrorBody', additionalProperties: false, description: 'Every error, on every route.' });

const accessTokenField = Type.String({
  description: 'API access token. In the body (the vendor\'s way) or as the `access_token` query parameter.',
  examples: [SAMPLE_ACCESS_TOKEN],
});

export const LoginRequestSchema = Type.Object({
  access_token: Type.Optional(accessTokenField),
  phone: Type.String({ description: 'Phone number with country code; spaces are ignored. Wrong or missing: 40004.', pattern: '^\\+[0-9 ]{8,}$', examples: ['+37269000366'] }),
  code: Type.String({ description: 'Personal code (EE/LT, 11 digits with a valid checksum). Wrong or missing: 40005.', pattern: '^[0-9]{11}$', examples: ['60001017705'] }),
  language: Type.Optional(Type.Union(LANGUAGES.map((l) => Type.Literal(l)), { default: 'LIT', description: 'Language of the phone\'s screen.' })),
  message: Type.Optional(Type.String({ description: 'Text shown on the phone. At most 40 GSM-7 characters or 20 UCS-2 characters (the operator may raise the limits).' })),
  message_format: Type.Optional(Type.Union(MESSAGE_FORMATS.map((f) => Type.Literal(f)), { default: 'GSM-7' })),
  peps: Type.Optional(Type.Boolean({ default: false, description: 'Screen the identified person against the loaded PEP lists (50004 when none is loaded).' })),
  sanctions: Type.Optional(Type.Boolean({ default: false, description: 'Screen the identified person against the loaded sanctions lists (50004 when none is loaded).' })),
}, { $id: 'LoginRequest', description: 'Unknown fields are ignored. Invalid values are refused with the vendor\'s codes (40001, 40004, 40005).' });

export const StatusRequestSchema = Type.Object({
  access_token: Type.Optional(accessTokenField),
  wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 30, default: 0, description: 'Seconds to hold the request until the session ends (long polling). Also accepted in the query string.' })),
}, { $id: 'StatusRequest', description: 'Unknown fields are ignored (the vendor\'s client sends `token` too).' });

export const RemoveRequestSchema = Type.Object({
  access_token: Type.Optional(accessTokenField),
}, { $id: 'RemoveRequest', description: 'Unknown fields are ignored (the vendor\'s client sends `sessionId` too). The body may be empty when the token is in the query.' });

/** Registered with `app.addSchema`, they become `components.schemas` of the document. */
export const COMPONENT_SCHEMAS: TSchema[] = [
  CertificateInfoSchema, ExplanationItemSchema, SanctionsRecordSchema, PepRecordSchema, LoginResponseSchema,
  WaitingResponseSchema, IdentifiedResponseSchema, RemoveResponseSchema, ErrorCodeSchema, ErrorBodySchema,
  LoginRequestSchema, StatusRequestSchema, RemoveRequestSchema,
];

/** The `access_token` security scheme's name in the document. */
export const ACCESS_TOKEN_SCHEME = 'accessToken';

/** A Markdown table of error codes with their HTTP status and both messages. */
export function errorTable(codes: readonly ErrorCode[]): string {
  const rows = codes.map((c) => `| ${c} | ${httpStatusOf(c)} | ${ERROR_CATALOGUE[c].lt} | ${ERROR_CATALOGUE[c].en} |`);
  return ['| error_code | HTTP | LT message | EN message |', '|---|---|---|---|', ...rows].join('\n');
}

/** The codes each route can answer with (50001 is also what any unexpected failure becomes). */
const ROUTE_ERRORS = {
  login: [40001, 40003, 40004, 40005, 40021, 40401, 40801, 50000, 50001, 50002, 50003, 50004],
  status: [40001, 40003, 40020, 40021, 40401, 40402, 40403, 50000, 50001, 50002, 50003, 50004],
  remove: [40001, 40003, 40402, 50001],
} as const satisfies Record<string, readonly ErrorCode[]>;

/** A sample error body for a code, its message exactly as the gateway writes it. */
function errorSample(code: ErrorCode, locale: Locale) {
  const error = code === 40001
    ? new GatewayError(40001, { name: 'message_format', problem: 'enum', allowed: MESSAGE_FORMATS })
    : new GatewayError(code);
  return { status: 'error', message: errorMessage(error, locale), error_code: code };
}

/**
 * The error responses of a route, one per HTTP status: the body is ErrorBody with `error_code`
 * narrowed to the codes of that status, described in a table and given an example each.
 */
function errorResponses(codes: readonly ErrorCode[], locale: Locale): { schemas: Record<number, TSchema>; examples: Record<number, Examples> } {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(httpStatusOf(code), [...(byStatus.get(httpStatusOf(code)) ?? []), code]);
  const schemas: Record<number, TSchema> = {};
  const examples: Record<number, Examples> = {};
  for (const [status, statusCodes] of byStatus) {
    schemas[status] = Type.Object({
      status: Type.Literal('error'),
      message: Type.String(),
      error_code: Type.Integer({ enum: statusCodes }),
    }, { additionalProperties: false, description: `Error (see ErrorBody):\n\n${errorTable(statusCodes)}` });
    examples[status] = Object.fromEntries(statusCodes.map((c) => [String(c), { summary: ERROR_CATALOGUE[c][locale], value: errorSample(c, locale) }]));
  }
  return { schemas, examples };
}

/** Named examples of an OpenAPI media type object. */
export type Examples = Record<string, { summary: string; value: unknown }>;

/**
 * Where a route schema keeps its examples for openapi.ts to place into the document's media type
 * objects (@fastify/swagger drops keywords next to a \`$ref\`, so they cannot travel inside the schemas).
 */
export const X_REQUEST_EXAMPLES = 'x-eidgate-request-examples';
export const X_RESPONSE_EXAMPLES = 'x-eidgate-response-examples';
/** Marks a route whose body may be absent (the token can travel in the query string). */
export const X_BODY_OPTIONAL = 'x-eidgate-body-optional';

interface Documented {
  request: Examples;
  responses: Record<number, { schema: TSchema; examples: Examples }>;
  errors: readonly ErrorCode[];
  locale: Locale;
  bodyOptional?: boolean;
}

/** The body, response and example parts of a route schema. */
function documented(o: Documented): Record<string, unknown> {
  const errors = errorResponses(o.errors, o.locale);
  const response: Record<number, TSchema> = { ...errors.schemas };
  const responseExamples: Record<number, Examples> = { ...errors.examples };
  for (const [status, { schema, examples }] of Object.entries(o.responses)) {
    response[Number(status)] = schema;
    responseExamples[Number(status)] = examples;
  }
  return {
    response,
    [X_REQUEST_EXAMPLES]: o.request,
    [X_RESPONSE_EXAMPLES]: responseExamples,
    ...(o.bodyOptional ? { [X_BODY_OPTIONAL]: true } : {}),
  };
}

const LOCALE_NOTE: Record<Locale, string> = {
  lt: 'Messages in Lithuanian (the vendor\'s default locale).',
  en: 'Messages in English.',
};

const tokenParams = (name: string) => Type.Object({
  token: Type.String({ format: 'uuid', description: `${name}: the \`token\` of the login response. Anything that is not a UUID, a session of another client and a removed or purged session all answer 40402.`, examples: [SAMPLE_TOKEN] }),
});

function operation(id: string, locale: Locale): string {
  return locale === 'lt' ? id : `${id}En`;
}

export function loginRouteSchema(locale: Locale): FastifySchema {
  return {
    operationId: operation('login', locale),
    tags: ['Mobile-ID'],
    summary: `Start a Mobile-ID identification${locale === 'en' ? ' (English messages)' : ''}`,
    description: `Asks Mobile-ID for the person's certificate and starts an authentication; the person's phone shows \`control_code\`. Poll the status with the returned \`token\`. ${LOCALE_NOTE[locale]}`,
    security: [{ [ACCESS_TOKEN_SCHEME]: [] }],
    body: Type.Ref('LoginRequest'),
    ...documented({
      locale,
      errors: ROUTE_ERRORS.login,
      request: {
        contract: {
          summary: 'The vendor\'s sample request',
          value: { access_token: SAMPLE_ACCESS_TOKEN, phone: '+37269000366', code: '60001017705', language: 'ENG', message: 'any message', message_format: 'GSM-7', peps: true, sanctions: true },
        },
      },
      responses: {
        200: {
          schema: Type.Ref('LoginResponse', { description: 'The session started.' }),
          examples: { ok: { summary: 'TEN TESTNUMBER', value: { status: 'ok', certificate: SAMPLE_CERTIFICATE, code: '60001017705', token: SAMPLE_TOKEN, control_code: '6223' } } },
        },
      },
    }),
  } as FastifySchema;
}

export function statusRouteSchema(locale: Locale): FastifySchema {
  const identified = {
    status: 'ok', country: 'EE', certificate: SAMPLE_CERTIFICATE, code: '60001017705', token: SAMPLE_TOKEN,
    control_code: '6223', name: 'TEN', surname: 'TESTNUMBER', sanctions_data: [], peps_data: [],
  };
  return {
    operationId: operation('status', locale),
    tags: ['Mobile-ID'],
    summary: `The status of an identification and, when done, the verified identity${locale === 'en' ? ' (English messages)' : ''}`,
    description: `\`waiting\` until the person answers; then the verified identity (with screening results when requested), or the error the identification ended with (40020 refused, 40021 expired, …). With \`wait\` the request is held until the session ends or the seconds pass. ${LOCALE_NOTE[locale]}`,
    security: [{ [ACCESS_TOKEN_SCHEME]: [] }],
    params: tokenParams('Session token'),
    querystring: Type.Object({
      wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 30, description: 'Same as `wait` in the body.' })),
    }),
    body: Type.Ref('StatusRequest'),
    ...documented({
      locale,
      errors: ROUTE_ERRORS.status,
      bodyOptional: true,
      request: {
        contract: { summary: 'The vendor\'s sample request', value: { access_token: SAMPLE_ACCESS_TOKEN } },
        longPoll: { summary: 'Wait up to 25 s for the outcome', value: { access_token: SAMPLE_ACCESS_TOKEN, wait: 25 } },
      },
      responses: {
        200: {
          schema: Type.Union([Type.Ref('WaitingResponse'), Type.Ref('IdentifiedResponse')], { description: 'Waiting, or identified.' }),
          examples: {
            waiting: { summary: 'The person has not answered yet', value: { status: 'waiting', token: SAMPLE_TOKEN, control_code: '6223' } },
            identified: { summary: 'Identified (the vendor\'s sample)', value: identified },
            identifiedWithMatches: {
              summary: 'Identified, with a sanctions and a PEP match (demo watchlist)',
              value: {
                ...identified,
                certificate: { ...SAMPLE_CERTIFICATE, subject: { ...SAMPLE_CERTIFICATE.subject, common_name: 'MARY ÄNN,O’CONNEŽ-ŠUSLIK TESTNUMBER', surname: 'O’CONNEŽ-ŠUSLIK TESTNUMBER', name: 'MARY ÄNN', serial_number: 'PNOEE-60001019906' } },
                code: '60001019906', name: 'MARY ÄNN', surname: 'O’CONNEŽ-ŠUSLIK TESTNUMBER',
                sanctions_data: [SANCTIONS_SAMPLE], peps_data: [PEP_SAMPLE],
              },
            },
          },
        },
      },
    }),
  } as FastifySchema;
}

export function removeRouteSchema(locale: Locale): FastifySchema {
  return {
    operationId: operation('removeSession', locale),
    tags: ['Mobile-ID'],
    summary: `Remove a session and its personal data${locale === 'en' ? ' (English messages)' : ''}`,
    description: `Deletes the session at once (otherwise finished sessions are purged after the retention time). Later requests for the token answer 40402. ${LOCALE_NOTE[locale]}`,
    security: [{ [ACCESS_TOKEN_SCHEME]: [] }],
    params: tokenParams('sessionId (the vendor\'s name)'),
    body: Type.Ref('RemoveRequest'),
    ...documented({
      locale,
      errors: ROUTE_ERRORS.remove,
      bodyOptional: true,
      request: { contract: { summary: 'The vendor\'s sample request', value: { access_token: SAMPLE_ACCESS_TOKEN } } },
      responses: {
        200: { schema: Type.Ref('RemoveResponse', { description: 'Removed.' }), examples: { ok: { summary: 'Removed', value: { status: 'ok' } } } },
      },
    }),
  } as FastifySchema;
}

export const healthzRouteSchema: FastifySchema = {
  operationId: 'healthz',
  tags: ['Operations'],
  summary: 'Liveness: the process answers',
  response: { 200: Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false, description: 'Alive.' }) },
};

const readinessBody = (status: 'ok' | 'error', description: string) => Type.Object({
  status: Type.Literal(status),
  checks: Type.Record(Type.String(), Type.Boolean(), { description: 'Each check: database, trust_anchors, upstream_url.' }),
}, { additionalProperties: false, description });

export const readyzRouteSchema: FastifySchema = {
  operationId: 'readyz',
  tags: ['Operations'],
  summary: 'Readiness: database reachable, trust anchors loaded, upstream configured',
  response: {
    200: readinessBody('ok', 'Ready.'),
    503: readinessBody('error', 'Not ready: the failing checks are false.'),
  },
};
