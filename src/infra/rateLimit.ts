// Per-user command budget shared by every adapter: memory by default, Redis across replicas.
import type { Redis } from 'ioredis';
import type { RateLimiter } from '../core/ports.ts';

export type { RateLimiter } from '../core/ports.ts';

/** Fixed one-minute windows: simple to explain to users ("10 a minute") and to share via Redis. */
export function memoryRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async take(key) {
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= 60_000) {
        if (windows.size > 10_000) for (const [k, v] of windows) if (t - v.start >= 60_000) windows.delete(k);
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return w.count <= perMinute ? { ok: true, retryAfterSec: 0 } : { ok: false, retryAfterSec: Math.ceil((w.start + 60_000 - t) / 1000) };
    },
  };
}

export interface RedisLimiterOptions {
  /** While Redis is down: count in this process (`local`, default) or refuse every command (`closed`). */
  whenDown?: 'local' | 'closed';
  /** Runs a Redis call unless Redis is known to be down (a RedisClient's guard): outages cost no timeout per answer. */
  guard?: <T>(op: () => Promise<T>) => Promise<T>;
  onError?: (err: unknown) => void;
  now?: () => number;
}

/** Retry-after said while limits fail closed: Redis is usually back within the minute. */
const CLOSED_RETRY_SEC = 30;

/**
 * Shared by replicas. While Redis is down the limit still holds: this process counts on its own
 * (each replica then allows the limit, not the whole fleet), or with `closed` nobody gets through.
 */
export function redisRateLimiter(redis: Redis, perMinute: number, opts: RedisLimiterOptions | ((err: unknown) => void) = {}): RateLimiter {
  const o: RedisLimiterOptions = typeof opts === 'function' ? { onError: opts } : opts;
  const local = memoryRateLimiter(perMinute, o.now);
  const guard = o.guard ?? ((op) => op());
  return {
    async take(key) {
      const k = `stressbot:rate:${key}`;
      let res: [Error | null, unknown][] | null;
      try {
        res = await guard(() => redis.multi().incr(k).pexpire(k, 60_000, 'NX').pttl(k).exec());
      } catch (err) {
        o.onError?.(err);
        return o.whenDown === 'closed' ? { ok: false, retryAfterSec: CLOSED_RETRY_SEC } : local.take(key);
      }
      const count = Number(res?.[0]?.[1] ?? 0);
      const ttl = Number(res?.[2]?.[1] ?? 60_000);
      return count <= perMinute ? { ok: true, retryAfterSec: 0 } : { ok: false, retryAfterSec: Math.max(1, Math.ceil(ttl / 1000)) };
    },
  };
}
