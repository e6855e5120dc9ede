/**
 * A real gateway on a random port, backed by a real simulator, on SQLite or on PostgreSQL (in a
 * schema of its own), with two API clients and every log line captured for inspection.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createGateway, type Gateway, type GatewayOverrides } from '../../src/app.ts';
import { defaultConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { openDatabase, type Store } from '../../src/store/db.ts';
import { ensureClient } from '../../src/identification/access-tokens.ts';
import { trustAnchorsFromPem } from '../../src/mobileid/trust-anchors.ts';
import { startSimulator, type SimulatorOptions } from '../../src/simulator/server.ts';
import { dropSchema, postgresTestUrl } from './postgres.ts';

export type TestDatabase = 'sqlite' | 'postgres';

export interface TestGatewayOptions {
  database?: TestDatabase;
  simulator?: SimulatorOptions;
  /** Runs against the store before the gateway starts (e.g. importing lists). */
  seed?: (store: Store) => Promise<void>;
  /** For tests that bring their own upstream (set `mid.baseUrl` in `configure`). */
  withoutSimulator?: boolean;
  configure?: (config: Config) => void;
  overrides?: Omit<GatewayOverrides, 'logger' | 'store'>;
}

export interface TestGateway {
  url: string;
  /** Access token of the client "app". */
  token: string;
  /** Access token of a second client, "other". */
  otherToken: string;
  gateway: Gateway;
  simulator: Awaited<ReturnType<typeof startSimulator>> | undefined;
  logs: string[];
  close(): Promise<void>;
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const database = options.database ?? 'sqlite';
  const simulator = options.withoutSimulator ? undefined : await startSimulator({ port: 0, okDelayMs: 0, ...options.simulator });
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const store = database === 'postgres'
    ? await openDatabase({ url: postgresTestUrl(), schema, poolSize: 5 })
    : await openDatabase({ sqlitePath: ':memory:' });

  const config = defaultConfig();
  config.port = 0;
  config.logLevel = 'info';
  config.poller.scanIntervalMs = 50;
  if (simulator) config.mid.baseUrl = simulator.url;
  config.mid.retryBackoffMs = 10;
  options.configure?.(config);

  await options.seed?.(store);
  const logs: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { logs.push(...chunk.toString().split('\n').filter(Boolean)); cb(); } });
  const logger = createLogger(config.logLevel, sink);
  const anchors = options.overrides?.anchors ?? (simulator ? trustAnchorsFromPem(simulator.ca.pems()) : undefined);
  const gateway = await createGateway(config, { ...options.overrides, ...(anchors ? { anchors } : {}), logger, store });
  const { token } = await ensureClient(store, 'app');
  const { token: otherToken } = await ensureClient(store, 'other');
  const url = await gateway.listen();
  return {
    url, token, otherToken, gateway, simulator, logs,
    async close() {
      await gateway.close();
      await store.close();
      await simulator?.close();
      if (database === 'postgres') await dropSchema(schema);
    },
  };
}

/** The databases the API suite runs against: both, always (PostgreSQL runs on every machine). */
export const DATABASES: TestDatabase[] = ['sqlite', 'postgres'];

export async function postJson(url: string, body: unknown, init: RequestInit = {}): Promise<{ status: number; contentType: string | null; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
  const text = await response.text();
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch { parsed = text; }
  return { status: response.status, contentType: response.headers.get('content-type'), body: parsed };
}
