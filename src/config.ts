/**
 * One typed configuration. Every option has a default and a one-line reason, is read from an
 * `EIDGATE_*` environment variable, and is validated at start: a bad value stops the process
 * with a message naming the variable, instead of failing later on a request.
 */
import type { HashType } from './mobileid/hash-type.ts';

export interface Config {
  /** Interface to listen on. Loopback by default: exposing a gateway is a deliberate act. */
  host: string;
  port: number;
  /** `postgres://…` to share state between instances; unset means embedded SQLite. */
  databaseUrl?: string;
  /** SQLite file used when no database URL is set. */
  sqlitePath: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest accepted request body; login bodies are tiny, anything bigger is abuse. */
  bodyLimitBytes: number;
  mid: {
    /** SK's MID REST base, or the built-in simulator's. */
    baseUrl: string;
    relyingPartyUUID: string;
    relyingPartyName: string;
    /** Directory of PEM files with the issuing CAs a certificate must chain to. */
    trustDir: string;
    /** Base64 SHA-256 pins of SK's server SPKI; a list because SK rotates certificates. */
    tlsPins: string[];
    /** Hash eidgate generates for each login (its length decides the verification code's source). */
    hashType: HashType;
    /** Long-poll length asked of upstream per status request. */
    pollTimeoutMs: number;
    /** Deadline of one /certificate or /authentication call; a slow /certificate is 40801. */
    requestTimeoutMs: number;
    /** Retries of the start calls on 500/503/network errors. */
    startRetries: number;
    retryBackoffMs: number;
    /** Upstream forgets sessions after 5 minutes; a session still waiting then has expired (40021). */
    sessionLifetimeMs: number;
  };
  messages: {
    /** The vendor documents 40 GSM-7 / 20 UCS-2 characters; SK now allows up to 100 / 50. */
    gsm7MaxLength: number;
    ucs2MaxLength: number;
  };
  sessions: {
    /** Personal data of finished sessions is purged after this; the token then answers 40402. */
    retentionMs: number;
    purgeIntervalMs: number;
  };
  poller: {
    /** How long one instance owns a session's long poll before another may take it over. */
    leaseMs: number;
    /** How often the poller looks for waiting sessions it does not own yet. */
    scanIntervalMs: number;
  };
  screening: {
    /** Match threshold in [0, 1]; undefined uses the engine's benchmarked default. */
    threshold?: number;
    /** How often an instance checks whether another one imported a list. */
    refreshIntervalMs: number;
  };
  /** Serve the demo page and its token-holding endpoint. */
  demoPage: boolean;
}

export const DEMO_RELYING_PARTY = {
  uuid: '00000000-0000-0000-0000-000000000000',
  name: 'DEMO',
} as const;

export function defaultConfig(): Config {
  return {
    host: '127.0.0.1',
    port: 8080,
    sqlitePath: './data/eidgate.db',
    logLevel: 'info',
    bodyLimitBytes: 64 * 1024,
    mid: {
      baseUrl: 'https://tsp.demo.sk.ee/mid-api',
      relyingPartyUUID: DEMO_RELYING_PARTY.uuid,
      relyingPartyName: DEMO_RELYING_PARTY.name,
      trustDir: './trust',
      tlsPins: [],
      hashType: 'SHA256',
      pollTimeoutMs: 20_000,
      requestTimeoutMs: 10_000,
      startRetries: 2,
      retryBackoffMs: 250,
      sessionLifetimeMs: 5 * 60_000,
    },
    messages: { gsm7MaxLength: 40, ucs2MaxLength: 20 },
    sessions: { retentionMs: 24 * 3600_000, purgeIntervalMs: 60_000 },
    poller: { leaseMs: 60_000, scanIntervalMs: 1_000 },
    screening: { refreshIntervalMs: 30_000 },
    demoPage: false,
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function integer(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${key} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, key: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(`${key} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function text(env: Env, key: string, fallback: string): string {
  const raw = env[key];
  return raw === undefined || raw === '' ? fallback : raw;
}

function bool(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(`${key} must be true or false, got "${raw}"`);
}

/** Reads the configuration from environment variables over the defaults, and validates it. */
export function loadConfig(env: Env = process.env): Config {
  const d = defaultConfig();
  const uuid = text(env, 'EIDGATE_MID_RELYING_PARTY_UUID', d.mid.relyingPartyUUID);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(uuid)) {
    throw new ConfigError('EIDGATE_MID_RELYING_PARTY_UUID must be a lower-case UUID');
  }
  const baseUrl = text(env, 'EIDGATE_MID_URL', d.mid.baseUrl);
  if (!/^https?:\/\//.test(baseUrl)) throw new ConfigError('EIDGATE_MID_URL must be an http(s) URL');
  const threshold = env.EIDGATE_SCREENING_THRESHOLD;
  let screeningThreshold: number | undefined;
  if (threshold !== undefined && threshold !== '') {
    screeningThreshold = Number(threshold);
    if (!(screeningThreshold >= 0 && screeningThreshold <= 1)) {
      throw new ConfigError(`EIDGATE_SCREENING_THRESHOLD must be a number in [0, 1], got "${threshold}"`);
    }
  }
  const databaseUrl = env.EIDGATE_DATABASE_URL || undefined;
  return {
    host: text(env, 'EIDGATE_HOST', d.host),
    port: integer(env, 'EIDGATE_PORT', d.port, 0, 65535),
    ...(databaseUrl ? { databaseUrl } : {}),
    sqlitePath: text(env, 'EIDGATE_SQLITE_PATH', d.sqlitePath),
    logLevel: oneOf(env, 'EIDGATE_LOG_LEVEL', d.logLevel, ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    bodyLimitBytes: integer(env, 'EIDGATE_BODY_LIMIT_BYTES', d.bodyLimitBytes, 1024, 10 * 1024 * 1024),
    mid: {
      baseUrl: baseUrl.replace(/\/+$/, ''),
      relyingPartyUUID: uuid,
      relyingPartyName: text(env, 'EIDGATE_MID_RELYING_PARTY_NAME', d.mid.relyingPartyName),
      trustDir: text(env, 'EIDGATE_MID_TRUST_DIR', d.mid.trustDir),
      tlsPins: (env.EIDGATE_MID_TLS_PINS ?? '').split(',').map((p) => p.trim()).filter(Boolean),
      hashType: oneOf(env, 'EIDGATE_MID_HASH_TYPE', d.mid.hashType, ['SHA256', 'SHA384', 'SHA512']),
      pollTimeoutMs: integer(env, 'EIDGATE_MID_POLL_TIMEOUT_MS', d.mid.pollTimeoutMs, 1000, 120_000),
      requestTimeoutMs: integer(env, 'EIDGATE_MID_REQUEST_TIMEOUT_MS', d.mid.requestTimeoutMs, 100, 120_000),
      startRetries: integer(env, 'EIDGATE_MID_START_RETRIES', d.mid.startRetries, 0, 10),
      retryBackoffMs: integer(env, 'EIDGATE_MID_RETRY_BACKOFF_MS', d.mid.retryBackoffMs, 0, 60_000),
      sessionLifetimeMs: integer(env, 'EIDGATE_MID_SESSION_LIFETIME_MS', d.mid.sessionLifetimeMs, 1000, 3600_000),
    },
    messages: {
      gsm7MaxLength: integer(env, 'EIDGATE_MESSAGE_GSM7_MAX', d.messages.gsm7MaxLength, 1, 100),
      ucs2MaxLength: integer(env, 'EIDGATE_MESSAGE_UCS2_MAX', d.messages.ucs2MaxLength, 1, 50),
    },
    sessions: {
      retentionMs: integer(env, 'EIDGATE_RETENTION_MS', d.sessions.retentionMs, 0, 365 * 24 * 3600_000),
      purgeIntervalMs: integer(env, 'EIDGATE_PURGE_INTERVAL_MS', d.sessions.purgeIntervalMs, 100, 24 * 3600_000),
    },
    poller: {
      leaseMs: integer(env, 'EIDGATE_POLLER_LEASE_MS', d.poller.leaseMs, 1000, 3600_000),
      scanIntervalMs: integer(env, 'EIDGATE_POLLER_SCAN_MS', d.poller.scanIntervalMs, 10, 60_000),
    },
    screening: {
      ...(screeningThreshold !== undefined ? { threshold: screeningThreshold } : {}),
      refreshIntervalMs: integer(env, 'EIDGATE_SCREENING_REFRESH_MS', d.screening.refreshIntervalMs, 100, 3600_000),
    },
    demoPage: bool(env, 'EIDGATE_DEMO_PAGE', d.demoPage),
  };
}
