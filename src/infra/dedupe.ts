// "Have we answered this delivery?" Platforms redeliver (Slack retries events, Discord replays
// interactions); each is answered once. Memory for one process, Redis SET NX PX across replicas.
import type { Redis } from 'ioredis';
import type { Dedupe, Logger } from '../core/ports.ts';

export type { Dedupe } from '../core/ports.ts';

/** One process, bounded: a Map in insertion order, so the oldest keys are forgotten first. */
export function memoryDedupe(ttlMs: number, maxKeys = 10_000, now: () => number = Date.now): Dedupe {
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
  prefix: string,
  ttlMs: number,
  guard: <T>(op: () => Promise<T>) => Promise<T> = (op) => op(),
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
