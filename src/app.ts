/**
 * Composition root: builds the store, upstream client, trust anchors, screening, services and the
 * HTTP server from one Config, and shuts them down in order (stop accepting → stop polling and
 * hand leases back → close the store).
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ConfigError, type Config } from './config.ts';
import { openDatabase, type Store } from './store/db.ts';
import { SessionsRepository } from './store/sessions-repository.ts';
import { ClientsRepository } from './store/clients-repository.ts';
import { AccessTokenAuthenticator } from './identification/access-tokens.ts';
import { IdentificationService } from './identification/service.ts';
import { SessionFinisher } from './identification/finisher.ts';
import { Poller } from './identification/poller.ts';
import { InProcessSessionEvents, type SessionEvents } from './identification/session-events.ts';
import { PgSessionEvents } from './identification/pg-session-events.ts';
import { sql } from 'kysely';
import type { Screener, Upstream, UpstreamErrorMapper } from './identification/ports.ts';
import { RetentionJob } from './identification/retention.ts';
import { MidClient } from './mobileid/mid-client.ts';
import { MidError, midErrorToErrorCode } from './mobileid/mid-errors.ts';
import { loadTrustAnchors, type TrustAnchors } from './mobileid/trust-anchors.ts';
import { buildHttpServer } from './http/server.ts';
import { createLogger } from './logger.ts';
import { createScreener } from './screening/screener.ts';
import { demoPagePlugin } from './web/demo-plugin.ts';

export interface GatewayOverrides {
  logger?: Logger;
  /** Replaces the MID client (tests that replay captured responses). */
  upstream?: Upstream;
  anchors?: TrustAnchors;
  store?: Store;
  clock?: () => Date;
  /** Replaces the CSPRNG for login hashes: only for replaying captured responses in tests. */
  randomHash?: (length: number) => Buffer;
  plugins?: ((app: FastifyInstance) => Promise<void> | void)[];
  /** The access token the demo page's server-side endpoint uses; required when `config.demoPage` is on. */
  demoAccessToken?: string;
}

export interface Gateway {
  config: Config;
  server: FastifyInstance;
  store: Store;
  service: IdentificationService;
  poller: Poller;
  retention: RetentionJob;
  logger: Logger;
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export const mapUpstreamError: UpstreamErrorMapper = (error) =>
  error instanceof MidError ? midErrorToErrorCode(error) : 50001;

export async function createGateway(config: Config, overrides: GatewayOverrides = {}): Promise<Gateway> {
  if (config.demoPage && !overrides.demoAccessToken) {
    throw new ConfigError('the demo page (EIDGATE_DEMO_PAGE=true) needs the access token of a client to identify as: set EIDGATE_DEMO_ACCESS_TOKEN (see docs/demo-page.md)');
  }
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const anchors = overrides.anchors ?? (await loadTrustAnchors(config.mid.trustDir).catch((error: unknown) => {
    throw new ConfigError(`EIDGATE_MID_TRUST_DIR: no usable trust anchors in ${config.mid.trustDir} (${error instanceof Error ? error.message : String(error)})`);
  }));
  const store = overrides.store ?? (await openDatabase({
    ...(config.databaseUrl ? { url: config.databaseUrl } : {}),
    sqlitePath: config.sqlitePath,
  }));
  const midClient = overrides.upstream ? undefined : new MidClient({
    baseUrl: config.mid.baseUrl,
    relyingPartyUUID: config.mid.relyingPartyUUID,
    relyingPartyName: config.mid.relyingPartyName,
    ...(config.mid.tlsPins.length > 0 ? { tlsPins: config.mid.tlsPins } : {}),
    startRetries: config.mid.startRetries,
    requestTimeoutMs: config.mid.requestTimeoutMs,
    retryBackoffMs: config.mid.retryBackoffMs,
  });
  const upstream: Upstream = overrides.upstream ?? midClient!;
  const sessions = new SessionsRepository(store.db);
  // With PostgreSQL, instances share sessions: a waiting status request must wake whichever instance finishes it.
  const events: SessionEvents = store.postgresUrl
    ? await PgSessionEvents.start(store.postgresUrl, async (channel, token) => {
      await sql`select pg_notify(${channel}, ${token})`.execute(store.db);
    }, logger)
    : new InProcessSessionEvents();
  const screening = await createScreener(store, config, logger);
  const screener: Screener = screening.screener;
  const clock = overrides.clock;

  const finisher = new SessionFinisher({ sessions, events, screener, anchors: () => anchors, logger, ...(clock ? { clock } : {}) });
  const poller = new Poller({
    sessions, upstream, finisher, mapUpstreamError, logger,
    leaseMs: config.poller.leaseMs,
    scanIntervalMs: config.poller.scanIntervalMs,
    pollTimeoutMs: config.mid.pollTimeoutMs,
    ...(clock ? { clock } : {}),
  });
  const service = new IdentificationService({
    sessions, events, upstream, mapUpstreamError, screener, logger,
    hashType: config.mid.hashType,
    sessionLifetimeMs: config.mid.sessionLifetimeMs,
    messageLimits: config.messages,
    retentionMs: config.sessions.retentionMs,
    onSessionStarted: () => poller.kick(),
    ...(clock ? { clock } : {}),
    ...(overrides.randomHash ? { randomHash: overrides.randomHash } : {}),
  });
  const retention = new RetentionJob({ sessions, events, logger, retentionMs: config.sessions.retentionMs, intervalMs: config.sessions.purgeIntervalMs, ...(clock ? { clock } : {}) });
  const authenticator = new AccessTokenAuthenticator(new ClientsRepository(store.db), { logger });

  const server = await buildHttpServer({
    service,
    authenticator,
    logger,
    bodyLimitBytes: config.bodyLimitBytes,
    ready: async () => {
      const checks = { database: await store.ping(), trust_anchors: anchors.anchors.length > 0, upstream_url: Boolean(config.mid.baseUrl) };
      return { ready: Object.values(checks).every(Boolean), checks };
    },
    plugins: [
      ...(overrides.plugins ?? []),
      ...(config.demoPage && overrides.demoAccessToken ? [demoPagePlugin({ accessToken: overrides.demoAccessToken })] : []),
    ],
  });

  let started = false;
  return {
    config, server, store, service, poller, retention, logger,
    async listen() {
      const address = await server.listen({ host: config.host, port: config.port });
      poller.start();
      retention.start();
      started = true;
      return address.replace('[::1]', 'localhost');
    },
    async close() {
      // Stop accepting; answer requests that wait for a session at once, then let in-flight ones drain.
      const drained = server.close();
      await events.close();
      await drained;
      if (started) {
        retention.stop();
        await poller.stop();
      }
      await screening.close();
      await authenticator.settle();
      await midClient?.close();
      if (!overrides.store) await store.close();
    },
  };
}
