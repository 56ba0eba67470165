// Every Redis client the bot opens (cache, rate limits, dedupe, digest lock) fails fast and logs
// once per outage: a missing Redis must slow nothing down and flood no logs.
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '../core/ports.ts';

export interface RedisClient {
  redis: Redis;
  /** An outage was seen and Redis has not come back since: callers may skip it at once. */
  down(): boolean;
}

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
  // Without a listener ioredis prints every reconnect failure; log the first of each outage.
  redis.on('error', (err) => {
    if (!reported) log.warn({ err }, `redis unavailable (${purpose})`);
    reported = true;
  });
  redis.on('ready', () => (reported = false));
  return { redis, down: () => reported };
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
