// Every Redis client the bot opens (cache, rate limits, dedupe, digest lock) fails fast and logs
// once per outage: a missing Redis must slow nothing down and flood no logs.
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './log.ts';

export interface RedisClient {
  redis: Redis;
  /** An outage was seen and Redis has not come back since: callers may skip it at once. */
  down(): boolean;
}

export function connectRedis(url: string, log: Logger, purpose: string, options: RedisOptions = {}): RedisClient {
  const timeoutMs = options.commandTimeout ?? 1_000;
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
