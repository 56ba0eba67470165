// "Have we answered this delivery?" Platforms redeliver (Slack retries events, Discord replays
// interactions); the pipeline answers each once (Core.firstDelivery). Memory for one process, Redis
// SET NX PX across replicas, both behind the core's Dedupe port.
import type { Redis } from 'ioredis';
import type { Dedupe, Logger } from '../core/ports.ts';
import type { RedisClient } from './redis.ts';

export type { Dedupe } from '../core/ports.ts';

/**
 * How long a delivery id is remembered: a Discord interaction token lives 15 minutes (nothing can
 * arrive for it later) and Slack retries within minutes, so one TTL covers both.
 */
export const DELIVERY_TTL_MS = 15 * 60_000;

/** Every replica's keys: `stressbot:delivery:slack:event:Ev1`, `…:discord:interaction:123`. */
export const DELIVERY_PREFIX = 'stressbot:delivery:';

/** One process, bounded: a Map in insertion order, so the oldest keys are forgotten first. */
export function memoryDedupe(ttlMs = DELIVERY_TTL_MS, maxKeys = 50_000, now: () => number = Date.now): Dedupe {
  const seen = new Map<string, number>();
  return {
    async first(key) {
      const t = now();
      const expires = seen.get(key);
      if (expires !== undefined && expires > t) return false;
      seen.delete(key);
      seen.set(key, t + ttlMs);
      // Trim only after inserting, so looking up a known key never evicts another.
      for (const [k, until] of seen) {
        if (seen.size <= maxKeys && until > t) break;
        seen.delete(k);
      }
      return true;
    },
  };
}

/**
 * Every replica: SET NX PX is atomic, so exactly one of them wins. During a Redis outage this
 * process's memory decides: an answer twice across replicas beats no answer at all.
 */
export function redisDedupe(
  redis: Pick<Redis, 'set'>,
  log: Logger,
  ttlMs = DELIVERY_TTL_MS,
  guard: <T>(op: () => Promise<T>) => Promise<T> = (op) => op(),
  prefix = DELIVERY_PREFIX,
): Dedupe {
  const fallback = memoryDedupe(ttlMs);
  let warned = 0;
  return {
    async first(key) {
      try {
        return (await guard(() => redis.set(`${prefix}${key}`, '1', 'PX', ttlMs, 'NX'))) === 'OK';
      } catch (err) {
        // Once a minute at most: during an outage every delivery comes through here.
        if (Date.now() - warned > 60_000) (warned = Date.now()), log.warn({ err, key }, 'dedupe store unavailable; this process decides');
        return fallback.first(key);
      }
    },
  };
}

/** The process's delivery dedupe: on the shared Redis client when there is one, else in memory. */
export const deliveryDedupe = (shared: RedisClient | undefined, log: Logger): Dedupe =>
  shared ? redisDedupe(shared.redis, log, DELIVERY_TTL_MS, (op) => shared.guard(op)) : memoryDedupe();
