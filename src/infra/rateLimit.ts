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

/** Shared by replicas. A Redis outage lets commands through (logged): answering beats refusing everyone. */
export function redisRateLimiter(redis: Redis, perMinute: number, onError: (err: unknown) => void = () => undefined): RateLimiter {
  return {
    async take(key) {
      const k = `stressbot:rate:${key}`;
      let res: [Error | null, unknown][] | null;
      try {
        res = await redis.multi().incr(k).pexpire(k, 60_000, 'NX').pttl(k).exec();
      } catch (err) {
        onError(err);
        return { ok: true, retryAfterSec: 0 };
      }
      const count = Number(res?.[0]?.[1] ?? 0);
      const ttl = Number(res?.[2]?.[1] ?? 60_000);
      return count <= perMinute ? { ok: true, retryAfterSec: 0 } : { ok: false, retryAfterSec: Math.max(1, Math.ceil(ttl / 1000)) };
    },
  };
}
