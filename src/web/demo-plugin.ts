/**
 * The demo page (`/demo`) and the small server-side endpoint it talks to (`/demo/api/...`).
 *
 * The endpoint is the pattern integrators should copy (docs/demo-page.md): the browser never holds
 * an access token. It sends the Mobile-ID calls to this endpoint, which forwards only the fields a
 * person may choose, adds the demo client's token on the server, and returns the gateway's answer
 * unchanged — so the page can use the same SDK as any server, pointed at `/demo/api`.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { DEMO_PERSONS } from '../simulator/persons.ts';
import { demoPageScript } from './bundle.ts';
import { TEXTS, type TextKey } from './texts.ts';

export interface DemoPageOptions {
  /** The access token of the client the demo identifies as. Stays on the server. */
  accessToken: string;
}

export const DEMO_PATH = '/demo';
const API_PREFIX = `${DEMO_PATH}/api`;

/** What the page may ask for; anything else in its bodies (an `access_token` above all) is dropped. */
const FORWARDED_FIELDS = {
  login: ['phone', 'code', 'language', 'message', 'message_format', 'peps', 'sanctions'],
  status: ['wait'],
  remove: [],
} as const;

// Same-origin only: the page loads its script and style from here and talks to nothing else.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

const HIDDEN = { schema: { hide: true } } as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** SK's demo persons: the simulator's, and the same numbers SK's own demo service answers for. */
function personOptions(): string {
  return DEMO_PERSONS.map((p, i) => {
    const label = `${p.givenName} ${p.surname} · ${p.phone} · ${p.outcome}`;
    return `          <option value="${i}" data-phone="${escapeHtml(p.phone)}" data-code="${escapeHtml(p.code)}"${i === 0 ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  }).join('\n');
}

async function renderPage(): Promise<string> {
  const template = await readFile(new URL('./page.html', import.meta.url), 'utf8');
  return template
    .replace('{{PERSON_OPTIONS}}', personOptions())
    .replace(/\{\{t:(\w+)\}\}/g, (_match, key: string) => {
      const text = TEXTS.lt[key as TextKey];
      if (typeof text !== 'string') throw new Error(`page.html names an unknown text "${key}"`);
      return escapeHtml(text);
    });
}

function pick(body: unknown, fields: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const picked: Record<string, unknown> = {};
  for (const field of fields) if (field in body) picked[field] = (body as Record<string, unknown>)[field];
  return picked;
}

export function demoPagePlugin(options: DemoPageOptions): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    // Built at start, so a broken page or script stops the gateway instead of failing a visitor.
    const [html, script, css] = await Promise.all([
      renderPage(),
      demoPageScript(),
      readFile(new URL('./page.css', import.meta.url), 'utf8'),
    ]);

    const page = (type: string, body: string) => (_request: FastifyRequest, reply: FastifyReply) => reply
      .header('content-type', type)
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('referrer-policy', 'no-referrer')
      .send(body);
    app.get(DEMO_PATH, HIDDEN, page('text/html; charset=utf-8', html));
    app.get(`${DEMO_PATH}/demo.js`, HIDDEN, page('text/javascript; charset=utf-8', script));
    app.get(`${DEMO_PATH}/demo.css`, HIDDEN, page('text/css; charset=utf-8', css));

    /** Calls the gateway's own route in-process with the demo token, and hands its answer back as is. */
    async function forward(reply: FastifyReply, method: HTTPMethods, url: string, fields: Record<string, unknown>) {
      const answer = await app.inject({
        method,
        url,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ ...fields, access_token: options.accessToken }),
      });
      return reply
        .code(answer.statusCode)
        .header('content-type', answer.headers['content-type'] ?? 'application/json')
        .header('cache-control', 'no-store')
        .send(answer.rawPayload);
    }

    const token = (request: FastifyRequest) => encodeURIComponent((request.params as { token: string }).token);
    for (const locale of ['', '/en']) {
      app.post(`${API_PREFIX}${locale}/mobile/login.json`, HIDDEN, (request, reply) =>
        forward(reply, 'POST', `${locale}/mobile/login.json`, pick(request.body, FORWARDED_FIELDS.login)));
      app.post(`${API_PREFIX}${locale}/mobile/status/:token.json`, HIDDEN, (request, reply) =>
        forward(reply, 'POST', `${locale}/mobile/status/${token(request)}.json`, pick(request.body, FORWARDED_FIELDS.status)));
      app.delete(`${API_PREFIX}${locale}/api/mobile/session/:token`, HIDDEN, (request, reply) =>
        forward(reply, 'DELETE', `${locale}/api/mobile/session/${token(request)}`, pick(request.body, FORWARDED_FIELDS.remove)));
    }
  };
}
