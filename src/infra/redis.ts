// Every Redis client the bot opens (cache, rate limits, dedupe, digest lock) fails fast and logs
// once per outage: a missing or hung Redis must slow nothing down and flood no logs.
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '../core/ports.ts';

export interface RedisClient {
  redis: Redis;
  /** An outage was seen and Redis has not come back since: callers may skip it at once. */
  down(): boolean;
  /**
   * Runs `op` unless Redis is known to be down (then it throws at once, without waiting). A failure
   * or timeout opens a breaker for a few seconds, so a hung Redis costs one timeout per cool-off,
   * not one per answer; the first call after the cool-off probes it.
   */
  guard<T>(op: (redis: Redis) => Promise<T>): Promise<T>;
}

const loadIoredis = () => createRequire(import.meta.url)('ioredis') as typeof import('ioredis');

export class RedisDownError extends Error {
  override name = 'RedisDownError';
}

/** How long a failed call keeps every other call from trying. */
export const COOL_OFF_MS = 5_000;

export function connectRedis(url: string, log: Logger, purpose: string, options: RedisOptions = {}): RedisClient {
  const timeoutMs = options.commandTimeout ?? 1_000;
  // Loaded on first use: without REDIS_URL nothing pays for ioredis at start-up.
  const { Redis } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  const redis = new Redis(url, {
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    ...options,
  });
  let reported = false;
  let openUntil = 0;
  // Without a listener ioredis prints every reconnect failure; log the first of each outage.
  const outage = (err: unknown) => {
    if (!reported) log.warn({ err }, `redis unavailable (${purpose})`);
    reported = true;
  };
  redis.on('error', outage);
  redis.on('ready', () => {
    reported = false;
    openUntil = 0;
  });
  const down = () => (reported && redis.status !== 'ready') || openUntil > Date.now();
  return {
    redis,
    down,
    async guard(op) {
      if (down()) throw new RedisDownError(`redis unavailable (${purpose}; ${redis.status})`);
      try {
        return await op(redis);
      } catch (err) {
        // A reply error (wrong type, script error) is the caller's; anything else is the connection.
        if (!(err instanceof Error && err.name === 'ReplyError')) {
          openUntil = Date.now() + COOL_OFF_MS;
          outage(err);
        }
        throw err;
      }
    },
  };
}

/** What a failed start-up check means: one line for the operator. */
export function redisStartupProblem(err: unknown): string | undefined {
  const message = err instanceof Error ? err.message : String(err);
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password|AUTH failed|NOPERM/i.test(message)) {
    return 'REDIS_URL: Redis refused the credentials (wrong password or user); fix REDIS_URL';
  }
  return undefined;
}

/**
 * At start: a wrong password is a configuration error (stop with one line); an unreachable Redis is
 * an outage the bot rides out (it starts, and shared state falls back to this process).
 */
export async function checkRedisAtStart(url: string, log: Logger, timeoutMs = 2_000): Promise<{ ok: true } | { ok: false; fatal?: string; reason: string }> {
  const { Redis } = loadIoredis();
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The AUTH refusal arrives as an 'error' event; connect() itself only says the connection closed.
  let seen: unknown;
  redis.on('error', (err) => (seen ??= err));
  try {
    await redis.connect();
    await redis.ping();
    return { ok: true };
  } catch (thrown) {
    const err = seen ?? thrown;
    const fatal = redisStartupProblem(err) ?? redisStartupProblem(thrown);
    if (!fatal) log.warn({ err }, 'redis unreachable at start: rate limits, dedupe and the digest lock run in this process until it is back');
    return { ok: false, reason: err instanceof Error ? err.message : String(err), ...(fatal ? { fatal } : {}) };
  } finally {
    redis.disconnect();
  }
}

/** The readiness check (`health.register('redis', …)`): Redis answers PING within the timeout. */
export function redisHealth(client: RedisClient, timeoutMs = 500): () => Promise<{ state: 'up' | 'down'; detail?: string }> {
  const fallback = 'rate limits count in each process and the digest falls back to the store\'s claim';
  return async () => {
    if (client.down()) return { state: 'down', detail: `redis ${client.redis.status}: ${fallback}` };
    try {
      await client.guard((r) =>
        Promise.race([r.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no PONG within ${timeoutMs} ms`)), timeoutMs).unref())]),
      );
      return { state: 'up' };
    } catch (err) {
      return { state: 'down', detail: `${err instanceof Error ? err.message : String(err)}: ${fallback}` };
    }
  };
}

const shared = new Map<string, RedisClient>();

/**
 * The process's one client for `url`: the cache, rate limits and the wiring share it, and
 * closeSharedRedis() ends it on shutdown. Lazy, so a one-shot CLI answer never connects unless asked.
 */
export function sharedRedis(url: string, log: Logger): RedisClient {
  let client = shared.get(url);
  if (!client) {
    client = connectRedis(url, log, 'shared', { lazyConnect: true });
    shared.set(url, client);
  }
  return client;
}

/** Quit every shared client (disconnect at once where no reply would come). */
export async function closeSharedRedis(): Promise<void> {
  const clients = [...shared.values()];
  shared.clear();
  await Promise.all(clients.map(({ redis }) => (redis.status === 'ready' ? redis.quit().then(() => undefined, () => redis.disconnect()) : redis.disconnect())));
}
