/**
 * API access tokens: how they are made, how a presented one is recognised, and the demo client.
 *
 * A token is 128 random bits written as a UUID-shaped lower-case hex string
 * (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`), the shape of the vendor's tokens
 * (`52900c96-3f60-5307-3719-5948f0191da6`): applications written for the vendor may keep the token in
 * a UUID-typed column or check its shape, and must work by changing only the base URL. Unlike a
 * version-4 UUID no bits are fixed, so all 128 are random. Only the token's SHA-256 is stored: a
 * plain hash suffices (no salt, no slow KDF) because the token is random, not a password anyone could
 * guess.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/db.ts';
import { ClientsRepository, type Client, type RevokeResult } from '../store/clients-repository.ts';

/** Longer strings are refused before hashing: no real token is that long, and hashing them costs. */
export const MAX_TOKEN_LENGTH = 256;

export function createAccessToken(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function sha256(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The hex SHA-256 stored for a token. */
export function hashAccessToken(token: string): string {
  return sha256(token).toString('hex');
}

function isPresentable(token: unknown): token is string {
  return typeof token === 'string' && token.length > 0 && token.length <= MAX_TOKEN_LENGTH;
}

/** Where a failed `last_used_at` write is reported; pino's logger fits. */
export interface WarnLogger {
  warn(details: object, message: string): void;
}

export interface AccessTokenAuthenticatorOptions {
  /**
   * How long a recognised token is trusted without asking the database. A revocation made by
   * another process (the `eidgate tokens revoke` command, another instance) takes effect here
   * within this time; one made through this authenticator takes effect at once.
   */
  cacheTtlMs?: number;
  /** How long an unknown token is remembered as unknown: short, so a just-created token works soon. */
  negativeCacheTtlMs?: number;
  /** Bound on remembered unknown tokens, so a flood of random tokens cannot grow memory. */
  negativeCacheMaxEntries?: number;
  /** Bound on remembered known tokens (there are normally only as many as clients). */
  cacheMaxEntries?: number;
  /** `last_used_at` is written at most this often per client: a write per request would cost throughput. */
  lastUsedIntervalMs?: number;
  logger?: WarnLogger;
  /** Clock in milliseconds; tests move it instead of sleeping. */
  now?: () => number;
}

export const ACCESS_TOKEN_CACHE_DEFAULTS = {
  cacheTtlMs: 5_000,
  negativeCacheTtlMs: 1_000,
  negativeCacheMaxEntries: 10_000,
  cacheMaxEntries: 10_000,
  lastUsedIntervalMs: 60_000,
} as const;

interface CacheEntry {
  client: Client | undefined;
  expiresAt: number;
}

/**
 * Resolves the client an access token belongs to. It sits on the path of every request, hence the
 * cache: a look-up in memory instead of a database round trip, for a few seconds at most.
 */
export class AccessTokenAuthenticator {
  private readonly clients: ClientsRepository;
  private readonly options: Required<Omit<AccessTokenAuthenticatorOptions, 'logger'>>;
  private readonly logger: WarnLogger | undefined;
  /** Hex token hash → client. Keyed by the hash, never the token, so memory holds no secret. */
  private readonly known = new Map<string, CacheEntry>();
  private readonly unknown = new Map<string, CacheEntry>();
  /** Concurrent requests with the same uncached token share one database query. */
  private readonly inFlight = new Map<string, Promise<Client | undefined>>();
  /** Bumped by `forgetAll`, so a query that started before a revocation cannot re-cache its result. */
  private generation = 0;
  private readonly lastTouched = new Map<number, number>();
  private readonly pendingTouches = new Set<Promise<void>>();

  constructor(clients: ClientsRepository, options: AccessTokenAuthenticatorOptions = {}) {
    this.clients = clients;
    this.logger = options.logger;
    this.options = {
      cacheTtlMs: options.cacheTtlMs ?? ACCESS_TOKEN_CACHE_DEFAULTS.cacheTtlMs,
      negativeCacheTtlMs: options.negativeCacheTtlMs ?? ACCESS_TOKEN_CACHE_DEFAULTS.negativeCacheTtlMs,
      negativeCacheMaxEntries: options.negativeCacheMaxEntries ?? ACCESS_TOKEN_CACHE_DEFAULTS.negativeCacheMaxEntries,
      cacheMaxEntries: options.cacheMaxEntries ?? ACCESS_TOKEN_CACHE_DEFAULTS.cacheMaxEntries,
      lastUsedIntervalMs: options.lastUsedIntervalMs ?? ACCESS_TOKEN_CACHE_DEFAULTS.lastUsedIntervalMs,
      now: options.now ?? Date.now,
    };
  }

  /**
   * The active client the token belongs to, or undefined. Anything but a non-empty string of at
   * most MAX_TOKEN_LENGTH characters is refused without a query. Rejects only when the database fails.
   */
  async authenticate(token: unknown): Promise<Client | undefined> {
    if (!isPresentable(token)) return undefined;
    const digest = sha256(token);
    const key = digest.toString('hex');
    const hit = this.cached(key, this.options.now());
    const client = hit === undefined ? await this.lookUp(key, digest) : hit ?? undefined;
    if (client) this.noteUse(client);
    return client;
  }

  /** Revokes a client and drops every cached token at once, so this process refuses it from now on. */
  async revoke(name: string): Promise<RevokeResult> {
    const result = await this.clients.revoke(name);
    this.forgetAll();
    return result;
  }

  /** Forgets every cached answer (after any change to clients made through this process). */
  forgetAll(): void {
    this.generation += 1;
    this.known.clear();
    this.unknown.clear();
    this.inFlight.clear();
  }

  /** Number of cached answers (known and unknown tokens): lets callers check that memory stays bounded. */
  get cacheSize(): number {
    return this.known.size + this.unknown.size;
  }

  /** Waits for pending `last_used_at` writes: call before closing the store. */
  async settle(): Promise<void> {
    await Promise.all([...this.pendingTouches]);
  }

  /** A fresh cached answer: the client, `null` for a token known to be unknown, undefined for a miss. */
  private cached(key: string, now: number): Client | null | undefined {
    const hit = this.known.get(key) ?? this.unknown.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt <= now) {
      this.known.delete(key);
      this.unknown.delete(key);
      return undefined;
    }
    return hit.client ?? null;
  }

  private async lookUp(key: string, digest: Buffer): Promise<Client | undefined> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const query = this.query(digest, key).then((client) => {
      if (generation === this.generation) this.remember(key, client);
      return client;
    }).finally(() => {
      if (this.inFlight.get(key) === query) this.inFlight.delete(key);
    });
    this.inFlight.set(key, query);
    return query;
  }

  private async query(digest: Buffer, key: string): Promise<Client | undefined> {
    const found = await this.clients.findActiveByTokenHash(key);
    if (!found) return undefined;
    // The database matched on the hash already; comparing the digests once more in constant time
    // guards against a store that compares loosely (collation, case) without leaking timing.
    const stored = Buffer.from(found.tokenHash, 'hex');
    if (stored.length !== digest.length || !timingSafeEqual(stored, digest)) return undefined;
    return { id: found.id, name: found.name, createdAt: found.createdAt, lastUsedAt: found.lastUsedAt, revokedAt: found.revokedAt };
  }

  private remember(key: string, client: Client | undefined): void {
    const now = this.options.now();
    if (client) {
      boundedSet(this.known, key, { client, expiresAt: now + this.options.cacheTtlMs }, this.options.cacheMaxEntries);
    } else {
      boundedSet(this.unknown, key, { client, expiresAt: now + this.options.negativeCacheTtlMs }, this.options.negativeCacheMaxEntries);
    }
  }

  /** Writes `last_used_at` in the background, at most once per interval per client. */
  private noteUse(client: Client): void {
    const now = this.options.now();
    const last = this.lastTouched.get(client.id) ?? (client.lastUsedAt ? Date.parse(client.lastUsedAt) : undefined);
    if (last !== undefined && now - last < this.options.lastUsedIntervalMs) return;
    this.lastTouched.set(client.id, now);
    const write = this.clients.touch(client.id, new Date(now)).catch((error: unknown) => {
      this.logger?.warn({ clientId: client.id, err: error instanceof Error ? error.message : String(error) },
        'could not record the client\'s last use');
    }).finally(() => this.pendingTouches.delete(write));
    this.pendingTouches.add(write);
  }
}

/** Map insertion order makes the first key the oldest: evicting it keeps the map within `max`. */
function boundedSet<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  while (map.size >= max) {
    const oldest = map.keys().next();
    if (oldest.done) break;
    map.delete(oldest.value);
  }
  map.set(key, value);
}

export interface EnsuredClient {
  client: Client;
  /** The token that now authenticates the client. */
  token: string;
  /** What had to be done: nothing (the given token already matched), a new client, or a new token. */
  action: 'unchanged' | 'created' | 'rotated';
}

/**
 * Makes sure a client `name` exists, is active, and answers to a token the caller knows: demo mode
 * prints that token. Only hashes are stored, so an existing client's token cannot be read back:
 * - with `token`: the client is created with it, or, if its stored hash differs (or it was revoked),
 *   switched to it; a matching active client is left untouched. A caller that remembers its token
 *   (environment, a file next to the database) thus gets the same token on every start;
 * - without `token`: a new client gets a new token; an existing one is rotated to a new token
 *   (its previous token stops working), since the old one cannot be recovered.
 * Revoked clients are reactivated: whoever calls this wants a working client.
 * Running authenticators keep accepting a replaced token until their cache expires; call this
 * before serving, or call `forgetAll()` on them.
 */
export async function ensureClient(store: Store, name: string, token?: string): Promise<EnsuredClient> {
  if (token !== undefined && !isPresentable(token)) {
    throw new Error(`a token must be 1 to ${MAX_TOKEN_LENGTH} characters long`);
  }
  const clients = new ClientsRepository(store.db);
  const wanted = token ?? createAccessToken();
  const hash = hashAccessToken(wanted);
  const existing = await clients.findByName(name);
  if (token !== undefined) {
    const holder = await clients.findActiveByTokenHash(hash);
    if (holder && holder.id !== existing?.id) throw new Error(`that token already belongs to another client`);
    if (holder && existing) return { client: existing, token: wanted, action: 'unchanged' };
  }
  if (!existing) {
    return { client: await clients.create(name, hash), token: wanted, action: 'created' };
  }
  await clients.replaceTokenHash(name, hash);
  const client = await clients.findByName(name);
  if (!client) throw new Error(`client "${name}" disappeared while its token was replaced`);
  return { client, token: wanted, action: 'rotated' };
}
