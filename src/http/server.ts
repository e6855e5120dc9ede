/**
 * The HTTP server: the three Mobile-ID endpoints in LT and `/en` form, health probes, and the
 * rules every response follows (exact Content-Type, one error body shape, no stack traces).
 * Handlers are thin: they read the wire, call the IdentificationService, write the wire.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { GatewayError, describeError } from '../identification/errors.ts';
import { parseWaitSeconds } from '../identification/login-request.ts';
import type { IdentificationService } from '../identification/service.ts';
import type { Client } from '../store/clients-repository.ts';
import { JSON_TYPE, localeOf, sendError, sendJson } from './wire.ts';
import { registerOpenApi } from './openapi.ts';
import {
  DOCUMENTATION_ONLY, healthzRouteSchema, loginRouteSchema, readyzRouteSchema, removeRouteSchema, statusRouteSchema,
} from './schemas.ts';

export interface Authenticator {
  authenticate(token: unknown): Promise<Client | undefined>;
}

export interface HttpServerOptions {
  service: IdentificationService;
  authenticator: Authenticator;
  logger: Logger;
  bodyLimitBytes: number;
  /** Readiness: database reachable, upstream configuration usable. */
  ready: () => Promise<{ ready: boolean; checks: Record<string, boolean> }>;
  /** Routes other areas add (demo page, API docs), registered before the server starts. */
  plugins?: ((app: FastifyInstance) => Promise<void> | void)[];
}

/** Session tokens are UUIDs; anything else cannot name a session, so it is not looked up. */
const TOKEN_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Body = Record<string, unknown>;

function bodyOf(request: FastifyRequest): Body {
  const body = request.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new GatewayError(40001, { name: 'body', problem: 'body_object' });
  return body as Body;
}

function queryOf(request: FastifyRequest): Body {
  return (request.query ?? {}) as Body;
}

/** Query strings are logged without their values: `access_token` may travel there. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = url.slice(q + 1).split('&').map((pair) => `${pair.split('=')[0]}=*`);
  return `${url.slice(0, q)}?${names.join('&')}`;
}

export async function buildHttpServer(o: HttpServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: o.logger as FastifyBaseLogger,
    // One line per request is written in onResponse, with the query redacted.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: o.bodyLimitBytes,
    // Fastify's own 503-while-closing body is not in the contract's format; a request that still reaches a
    // closing server is served normally instead (the store closes only after the server has drained).
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true },
  });

  // An empty JSON body is what some clients send with DELETE; it means "no fields", not an error.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, raw: string, done) => {
    if (raw.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(raw));
    } catch {
      done(new GatewayError(40001, { name: 'body', problem: 'json' }), undefined);
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const locale = localeOf(request.url);
    if (error instanceof GatewayError) return sendError(reply, error, locale);
    const fastifyCode = (error as { code?: string }).code;
    if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(reply, new GatewayError(40001, { name: 'Content-Type', problem: 'content_type' }), locale);
    }
    if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, new GatewayError(40001, { name: 'body', problem: 'body_too_large' }), locale);
    }
    if (fastifyCode?.startsWith('FST_ERR_CTP') || (error as { statusCode?: number }).statusCode === 400) {
      return sendError(reply, new GatewayError(40001, { name: 'body', problem: 'json' }), locale);
    }
    request.log.error({ event: 'unhandled_error', err: describeError(error) }, 'request failed');
    return sendError(reply, new GatewayError(50001), locale);
  });

  app.setNotFoundHandler((request, reply) => sendError(reply, new GatewayError(40400), localeOf(request.url)));

  // Fastify appends "; charset=utf-8" to JSON it serialises (plugins' routes); the vendor's client
  // compares the header literally. sendJson already avoids it; this catches every other route.
  app.addHook('onSend', (_request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith(JSON_TYPE)) reply.header('content-type', JSON_TYPE);
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    request.log.info({
      event: 'request',
      method: request.method,
      url: redactUrl(request.url),
      status: reply.statusCode,
      ...(reply.errorCode ? { error_code: reply.errorCode } : {}),
      ms: Math.round(reply.elapsedTime * 10) / 10,
    }, 'request');
    done();
  });

  async function clientOf(request: FastifyRequest, body: Body): Promise<Client> {
    const token = body.access_token ?? queryOf(request).access_token;
    const client = token === undefined ? undefined : await o.authenticator.authenticate(token);
    if (!client) throw new GatewayError(40003);
    return client;
  }

  function sessionToken(request: FastifyRequest): string {
    const token = (request.params as { token: string }).token;
    if (!TOKEN_PATTERN.test(token)) throw new GatewayError(40402);
    return token.toLowerCase();
  }

  // Before the routes: the document generator collects them as they are added.
  await registerOpenApi(app);

  for (const prefix of ['', '/en']) {
    const locale = prefix === '/en' ? 'en' : 'lt';
    app.post(`${prefix}/mobile/login.json`, { schema: loginRouteSchema(locale), ...DOCUMENTATION_ONLY }, async (request, reply) => {
      const body = bodyOf(request);
      const client = await clientOf(request, body);
      return sendJson(reply, 200, await o.service.login(client.id, body));
    });

    app.post(`${prefix}/mobile/status/:token.json`, { schema: statusRouteSchema(locale), ...DOCUMENTATION_ONLY }, async (request, reply) => {
      const body = bodyOf(request);
      const client = await clientOf(request, body);
      const token = sessionToken(request);
      const wait = parseWaitSeconds(body.wait ?? queryOf(request).wait);
      let signal: AbortSignal | undefined;
      if (wait > 0) {
        // A client that hangs up while waiting frees its waiter at once.
        const abort = new AbortController();
        request.raw.once('close', () => abort.abort());
        signal = abort.signal;
      }
      return sendJson(reply, 200, await o.service.status(client.id, token, wait, signal));
    });

    app.delete(`${prefix}/api/mobile/session/:token`, { schema: removeRouteSchema(locale), ...DOCUMENTATION_ONLY }, async (request, reply) => {
      const body = bodyOf(request);
      const client = await clientOf(request, body);
      await o.service.remove(client.id, sessionToken(request));
      return sendJson(reply, 200, { status: 'ok' });
    });
  }

  app.get('/healthz', { schema: healthzRouteSchema, ...DOCUMENTATION_ONLY }, async (_request, reply) => sendJson(reply, 200, { status: 'ok' }));
  app.get('/readyz', { schema: readyzRouteSchema, ...DOCUMENTATION_ONLY }, async (_request, reply) => {
    const { ready, checks } = await o.ready();
    return sendJson(reply, ready ? 200 : 503, { status: ready ? 'ok' : 'error', checks });
  });

  for (const plugin of o.plugins ?? []) await plugin(app);
  return app;
}
