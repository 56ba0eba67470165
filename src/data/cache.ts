// The cache in front of the providers: TTL chosen by the caller, single-flight (any number of
// simultaneous asks for one cold key = one upstream load), stale-if-error (a failed load serves
// the last good copy, saying how old it is), bounded memory, optionally shared through Redis.
import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';
import { DataError } from '../core/errors.ts';
import { silentLogger, type Logger } from '../core/ports.ts';
import { latestCompleteSession, type Market } from './calendar.ts';

/** Data that moves while a market is open (the latest session, quotes, today's option chain). */
export const TTL_LATEST_MS = 5 * 60_000;
/** Settled history: sessions before the latest complete one no longer change. */
export const TTL_SETTLED_MS = 24 * 3_600_000;
/** How long a store keeps a value past its TTL, as the stale-if-error fallback (Redis expiry). */
export const KEEP_MS = 7 * 24 * 3_600_000;

/** TTL for data of `market` dated `date` (YYYY-MM-DD): settled once a later session has closed. */
export const ttlForDate = (market: Market, date: string, now: Date): number =>
  date < latestCompleteSession(market, now) ? TTL_SETTLED_MS : TTL_LATEST_MS;

export interface CacheEntry {
  value: unknown;
  /** Epoch ms when the value was loaded. */
  storedAt: number;
}

/** Where values live. Memory by default; Redis when replicas should share them. */
export interface CacheStore {
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): Promise<void>;
  close?(): Promise<void>;
}

export interface CacheStats {
  /** Asks answered by a value younger than its TTL. */
  hits: number;
  /** Asks that needed a load (joined single-flight asks included). */
  misses: number;
  /** Asks answered by an old value because the load failed. */
  staleServes: number;
  /** Upstream load calls actually made. */
  loads: number;
  loadErrors: number;
  /** Store reads/writes that failed (e.g. Redis down); the cache carries on without it. */
  storeErrors: number;
}

export interface CacheResult<T> {
  value: T;
  /** Set when served after an upstream failure: why, and how old the copy is. */
  stale?: string;
  hit: boolean;
}

export interface SeriesCache {
  /**
   * The value under `key`: from the store when younger than `ttlMs`, else from `load()`.
   * Values are shared between callers and must be treated as immutable.
   */
  get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<CacheResult<T>>;
  readonly stats: CacheStats;
  close(): Promise<void>;
}

export interface SeriesCacheOptions {
  store?: CacheStore;
  /** Bound of the default memory store (ignored when `store` is given). */
  maxEntries?: number;
  /** Epoch ms clock, injectable for tests. */
  now?: () => number;
  log?: Logger;
}

export function createMemoryStore(maxEntries = 500): CacheStore {
  const lru = new LRUCache<string, CacheEntry>({ max: maxEntries });
  return {
    get: async (key) => lru.get(key),
    set: async (key, entry) => void lru.set(key, entry),
  };
}

/** "45s", "12 min", "3h", "2 days". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 2 * 3600) return `${Math.floor(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)} days`;
}

const reasonOf = (err: unknown): string =>
  err instanceof DataError ? err.reason : err instanceof Error ? err.message : String(err);

export function createSeriesCache(opts: SeriesCacheOptions = {}): SeriesCache {
  const store = opts.store ?? createMemoryStore(opts.maxEntries);
  const now = opts.now ?? Date.now;
  const log = opts.log ?? silentLogger;
  const stats: CacheStats = { hits: 0, misses: 0, staleServes: 0, loads: 0, loadErrors: 0, storeErrors: 0 };
  // Single-flight is per process: concurrent asks for a key share the lookup and the load.
  const inflight = new Map<string, Promise<CacheResult<unknown>>>();

  async function lookup(key: string): Promise<CacheEntry | undefined> {
    try {
      return await store.get(key);
    } catch (err) {
      stats.storeErrors++;
      log.warn({ key, err }, 'cache store read failed; loading upstream');
      return undefined;
    }
  }

  async function resolve(key: string, ttlMs: number, load: () => Promise<unknown>): Promise<CacheResult<unknown>> {
    const old = await lookup(key);
    if (old && now() - old.storedAt < ttlMs) return { value: old.value, hit: true };
    stats.loads++;
    let value: unknown;
    try {
      value = await load();
    } catch (err) {
      stats.loadErrors++;
      if (!old) throw err;
      const stale = `upstream failed (${reasonOf(err)}); served cached copy from ${formatAge(now() - old.storedAt)} ago`;
      log.warn({ key, err }, stale);
      return { value: old.value, stale, hit: false };
    }
    try {
      await store.set(key, { value, storedAt: now() });
    } catch (err) {
      stats.storeErrors++;
      log.warn({ key, err }, 'cache store write failed');
    }
    return { value, hit: false };
  }

  return {
    stats,
    async get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<CacheResult<T>> {
      let pending = inflight.get(key);
      if (!pending) {
        pending = resolve(key, ttlMs, load).finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      const result = await pending.catch((err: unknown) => {
        stats.misses++;
        throw err;
      });
      if (result.hit) stats.hits++;
      else stats.misses++;
      if (result.stale) stats.staleServes++;
      return result as CacheResult<T>;
    },
    close: async () => store.close?.(),
  };
}

export interface RedisStoreOptions {
  /** Key prefix; every key the bot writes starts with `stressbot:`. */
  prefix?: string;
  /** Redis expiry of each value: how long it stays available as a stale-if-error fallback. */
  keepMs?: number;
}

/** The process's Redis client (src/infra/redis.ts), which its owner closes. */
export interface RedisHandle {
  redis: Pick<Redis, 'get' | 'set' | 'status'>;
  /** An outage was seen and Redis has not come back since. */
  down(): boolean;
  /** Runs a call unless Redis is known down or hung (then it throws at once). */
  guard?<T>(op: (redis: RedisHandle['redis']) => Promise<T>): Promise<T>;
}

/**
 * Values as JSON `{storedAt, value}` under `stressbot:cache:<key>`, shared by every replica.
 * Fails fast when Redis is unreachable (the cache then loads upstream) instead of queueing forever.
 */
export function createRedisStore(handle: RedisHandle, opts: RedisStoreOptions = {}): CacheStore {
  const { redis, down } = handle;
  const prefix = opts.prefix ?? 'stressbot:cache:';
  const keepMs = opts.keepMs ?? KEEP_MS;
  // Once an outage is known, skip Redis at once rather than make every ask wait for a timeout.
  const usable = (): void => {
    if (down() && redis.status !== 'ready') throw new Error(`redis unavailable (${redis.status})`);
  };
  // A client's guard (src/infra/redis.ts) also skips a hung Redis after one timeout, not just a lost one.
  const guard = <T>(op: (r: RedisHandle['redis']) => Promise<T>): Promise<T> => (usable(), handle.guard ? handle.guard(op) : op(redis));

  return {
    async get(key) {
      // Once an outage (or a hang) is known, Redis is skipped at once rather than waited for on every ask.
      const raw = await guard((r) => r.get(prefix + key));
      if (raw === null) return undefined;
      const parsed = JSON.parse(raw) as Partial<CacheEntry>;
      return typeof parsed.storedAt === 'number' ? { value: parsed.value, storedAt: parsed.storedAt } : undefined;
    },
    async set(key, entry) {
      await guard((r) => r.set(prefix + key, JSON.stringify({ storedAt: entry.storedAt, value: entry.value }), 'PX', keepMs));
    },
  };
}

/** The store the process should use: Redis when the process has a client, else memory. */
export const createCacheStore = (redis: RedisHandle | undefined, maxEntries?: number): CacheStore =>
  redis ? createRedisStore(redis) : createMemoryStore(maxEntries);
