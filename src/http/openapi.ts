/**
 * The machine-readable API description and its reference page: `/openapi.json` (OpenAPI 3.1, built by
 * @fastify/swagger from the route schemas in schemas.ts) and `/docs` (Swagger UI, every asset served
 * from node_modules: the gateway runs where there is no internet).
 *
 * Must be registered before the routes it documents: @fastify/swagger collects them in an onRoute hook.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { ERROR_CODES } from '../identification/errors.ts';
import {
  ACCESS_TOKEN_SCHEME, COMPONENT_SCHEMAS, errorTable, X_BODY_OPTIONAL, X_REQUEST_EXAMPLES, X_RESPONSE_EXAMPLES, type Examples,
} from './schemas.ts';

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

const DESCRIPTION = `
Mobile-ID identification, wire-compatible with the Mark Sign gateway API: an application written against that gateway
works against eidgate by changing only the base URL.

**Flow.** \`POST /mobile/login.json\` starts an identification and answers the \`control_code\` to show the person and a
session \`token\`. \`POST /mobile/status/{token}.json\` answers \`waiting\` until the person answers on the phone, then the
verified identity (or the error the identification ended with); pass \`wait\` (0–30 s) to hold the request until then.
\`DELETE /api/mobile/session/{token}\` removes the session and its personal data.

**Locales.** Every route exists twice: without prefix, messages are in Lithuanian (the vendor's default); under
\`/en\` in English. Nothing else differs.

**Access token.** Every Mobile-ID request carries the client's API access token, as \`access_token\` in the JSON body (the
vendor's way) or in the query string (\`?access_token=\`). A session belongs to the token that created it: any other
token gets 40402, as for a session that never existed.

**Responses.** \`Content-Type: application/json\` exactly (no charset: the vendor's client compares it literally). Success
is HTTP 200, DELETE included. An error is \`{"status":"error","message":"…","error_code":…}\` with the HTTP status of the
code's first three digits.

**Error codes.**

${errorTable(ERROR_CODES)}
`.trim();

interface MediaType { schema?: unknown; examples?: Examples }
interface Operation {
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
  responses?: Record<string, { content?: Record<string, MediaType> }>;
  [key: string]: unknown;
}
interface OpenApiDocument { paths?: Record<string, Record<string, Operation>> }

/**
 * Moves the examples each route schema carries (schemas.ts) into its media type objects, and marks
 * bodies that may be absent as optional (@fastify/swagger marks every body required).
 */
function placeExamples(document: OpenApiDocument): OpenApiDocument {
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const request = operation[X_REQUEST_EXAMPLES] as Examples | undefined;
      const responses = operation[X_RESPONSE_EXAMPLES] as Record<string, Examples> | undefined;
      if (operation.requestBody) {
        if (operation[X_BODY_OPTIONAL]) operation.requestBody.required = false;
        for (const media of Object.values(operation.requestBody.content ?? {})) if (request) media.examples = request;
      }
      for (const [status, examples] of Object.entries(responses ?? {})) {
        for (const media of Object.values(operation.responses?.[status]?.content ?? {})) media.examples = examples;
      }
      delete operation[X_REQUEST_EXAMPLES];
      delete operation[X_RESPONSE_EXAMPLES];
      delete operation[X_BODY_OPTIONAL];
    }
  }
  return document;
}

/** Adds the component schemas, the document generator, `/openapi.json` and `/docs`. */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  for (const schema of COMPONENT_SCHEMAS) app.addSchema(schema);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'eidgate — Mobile-ID identification gateway',
        version: VERSION,
        description: DESCRIPTION,
        license: { name: 'MIT', identifier: 'MIT' },
      },
      tags: [
        { name: 'Mobile-ID', description: 'Identification with Mobile-ID, in Lithuanian (no prefix) and English (`/en`).' },
        { name: 'Operations', description: 'Probes for orchestrators.' },
      ],
      components: {
        securitySchemes: {
          [ACCESS_TOKEN_SCHEME]: {
            type: 'apiKey',
            in: 'query',
            name: 'access_token',
            description: 'The client\'s API access token. The query string is one of its two places: the vendor\'s clients put it in the JSON body as `access_token`, which works the same.',
          },
        },
      },
    },
    transformObject: (documentObject) => ('openapiObject' in documentObject
      ? placeExamples(documentObject.openapiObject as OpenApiDocument) as typeof documentObject.openapiObject
      : documentObject.swaggerObject),
    // Component schemas keep their $id as their name: `#/components/schemas/CertificateInfo`.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });

  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());

  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PATH,
    // No validator badge: it would send the document to an online service.
    uiConfig: { validatorUrl: null, docExpansion: 'list', deepLinking: true, defaultModelsExpandDepth: 1 },
    staticCSP: true,
    theme: { title: 'eidgate API reference' },
  });
}
