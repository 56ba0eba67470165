// "Have we answered this interaction id?": so a retried or replayed delivery is answered once.
// Memory for one process; Redis SET NX PX when replicas sit behind a load balancer.
import type { Redis } from 'ioredis';
import type { Logger } from '../log.ts';

export interface SeenSet {
  /** True the first time an id is offered within the TTL, false after. */
  firstTime(id: string): Promise<boolean>;
}

/** An interaction token lives 15 minutes; nothing can arrive for it after that. */
export const SEEN_TTL_MS = 15 * 60_000;

/** Bounded: past `max` ids the oldest are forgotten first (a Map keeps insertion order). */
export function memorySeen(ttlMs = SEEN_TTL_MS, max = 50_000, now: () => number = Date.now): SeenSet {
  const expiry = new Map<string, number>();
  return {
    async firstTime(id) {
      const t = now();
      const until = expiry.get(id);
      if (until !== undefined && until > t) return false;
      expiry.delete(id);
      expiry.set(id, t + ttlMs);
      for (const [k, v] of expiry) {
        if (expiry.size <= max && v > t) break;
        expiry.delete(k);
      }
      return true;
    },
  };
}

/** Shared across replicas; if Redis fails, this process's memory decides (better twice than never). */
export function redisSeen(redis: Redis, log: Logger, ttlMs = SEEN_TTL_MS, fallback: SeenSet = memorySeen(ttlMs)): SeenSet {
  return {
    async firstTime(id) {
      try {
        return (await redis.set(`stressbot:discord:interaction:${id}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
      } catch (err) {
        log.warn({ err }, 'discord: redis dedupe unavailable; using memory');
        return fallback.firstTime(id);
      }
    },
  };
}
