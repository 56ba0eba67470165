// "Have we seen this delivery?" Slack redelivers events it thinks we missed; each is answered once.
import type { Redis } from 'ioredis';
import type { Logger } from '../log.ts';

export interface Dedupe {
  /** True the first time `key` is seen within the TTL, false for every repeat. */
  first(key: string): Promise<boolean>;
}

/** Slack retries within minutes; ten covers every retry with room to spare. */
export const DEDUPE_TTL_MS = 10 * 60_000;

/** One process: a Map in insertion order, so the oldest entries are at the front. */
export function memoryDedupe(ttlMs = DEDUPE_TTL_MS, maxKeys = 10_000, now: () => number = Date.now): Dedupe {
  const seen = new Map<string, number>();
  return {
    async first(key) {
      const t = now();
      for (const [k, expires] of seen) {
        if (expires > t && seen.size < maxKeys) break;
        seen.delete(k);
      }
      const expires = seen.get(key);
      if (expires !== undefined && expires > t) return false;
      seen.delete(key);
      seen.set(key, t + ttlMs);
      return true;
    },
  };
}

/** Every replica: SET NX PX is atomic, so exactly one of them wins. A Redis outage answers rather than drops. */
export function redisDedupe(redis: Pick<Redis, 'set'>, log: Logger, ttlMs = DEDUPE_TTL_MS): Dedupe {
  return {
    async first(key) {
      try {
        return (await redis.set(`stressbot:slack:seen:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
      } catch (err) {
        log.warn({ err, key }, 'dedupe store unavailable; answering anyway');
        return true;
      }
    },
  };
}
