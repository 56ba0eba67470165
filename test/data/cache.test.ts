import { connectRedis } from '../../src/infra/redis.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { describe, expect, it, vi } from 'vitest';
import {
  TTL_LATEST_MS, TTL_SETTLED_MS, createMemoryStore, createRedisStore, createSeriesCache, formatAge, ttlForDate,
  type CacheStore,
} from '../../src/data/cache.ts';
import { DataError } from '../../src/core/errors.ts';

const HOUR = 3_600_000;

/** A manual clock: tests move time explicitly. */
function clock(start = Date.parse('2024-01-05T00:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** A promise the test settles by hand, so concurrent asks really overlap the load. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('TTL', () => {
  it('serves from the store until the TTL has passed, then loads again', async () => {
    const c = clock();
    const cache = createSeriesCache({ now: c.now });
    let n = 0;
    const load = vi.fn(async () => ++n);

    expect(await cache.get('k', 1000, load)).toEqual({ value: 1, hit: false });
    c.advance(999);
    expect(await cache.get('k', 1000, load)).toEqual({ value: 1, hit: true });
    c.advance(1);
    expect(await cache.get('k', 1000, load)).toEqual({ value: 2, hit: false });
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 2, loads: 2, staleServes: 0 });
  });

  it('each ask brings its own TTL (short for latest data, long for settled history)', async () => {
    const c = clock();
    const cache = createSeriesCache({ now: c.now });
    await cache.get('k', TTL_SETTLED_MS, async () => 'v');
    c.advance(TTL_LATEST_MS);
    expect((await cache.get('k', TTL_SETTLED_MS, async () => 'new')).hit).toBe(true);
    expect((await cache.get('k', TTL_LATEST_MS, async () => 'new')).value).toBe('new');
  });

  it('ttlForDate: settled once a later session has closed', () => {
    const friEvening = new Date('2024-01-05T08:00:00Z'); // 17:00 Seoul, after the 2024-01-05 close
    expect(ttlForDate('KR', '2024-01-04', friEvening)).toBe(TTL_SETTLED_MS);
    expect(ttlForDate('KR', '2024-01-05', friEvening)).toBe(TTL_LATEST_MS);
  });
});

describe('stale-if-error', () => {
  it('serves the old copy past its TTL with why and how old', async () => {
    const c = clock();
    const cache = createSeriesCache({ now: c.now });
    await cache.get('NDX', HOUR, async () => ({ close: 17000 }));
    c.advance(3 * HOUR);
    const r = await cache.get('NDX', HOUR, async () => {
      throw new Error('HTTP 500');
    });
    expect(r).toEqual({
      value: { close: 17000 },
      hit: false,
      stale: 'upstream failed (HTTP 500); served cached copy from 3h ago',
    });
    expect(cache.stats).toMatchObject({ staleServes: 1, loadErrors: 1, loads: 2 });
  });

  it("names a DataError's reason rather than repeating the series", async () => {
    const c = clock();
    const cache = createSeriesCache({ now: c.now });
    await cache.get('VIX', 1000, async () => 1);
    c.advance(20 * 60_000);
    const r = await cache.get('VIX', 1000, async () => {
      throw new DataError('VIX', 'cboe', 'timed out after 10s');
    });
    expect(r.stale).toBe('upstream failed (timed out after 10s); served cached copy from 20 min ago');
  });

  it('rethrows when there is no old copy, and keeps nothing from the failure', async () => {
    const cache = createSeriesCache();
    const boom = new DataError('KOSPI', 'yahoo', 'Invalid Crumb');
    await expect(cache.get('KOSPI', 1000, async () => Promise.reject(boom))).rejects.toBe(boom);
    expect(await cache.get('KOSPI', 1000, async () => 5)).toEqual({ value: 5, hit: false });
  });

  it('a later successful load replaces the stale copy', async () => {
    const c = clock();
    const cache = createSeriesCache({ now: c.now });
    await cache.get('k', 1000, async () => 'old');
    c.advance(5000);
    await cache.get('k', 1000, async () => Promise.reject(new Error('down')));
    expect(await cache.get('k', 1000, async () => 'fresh')).toEqual({ value: 'fresh', hit: false });
    expect(await cache.get('k', 1000, async () => 'unused')).toEqual({ value: 'fresh', hit: true });
  });

  it.each([
    [0, '0s'], [45_000, '45s'], [12 * 60_000, '12 min'], [119 * 60_000, '119 min'],
    [3 * HOUR, '3h'], [47 * HOUR, '47h'], [49 * HOUR, '2 days'],
  ])('formatAge(%i) = %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});

describe('single-flight', () => {
  it('200 concurrent asks for a cold key make one load and all get its value', async () => {
    const cache = createSeriesCache();
    const d = deferred<string>();
    const load = vi.fn(() => d.promise);
    const asks = Array.from({ length: 200 }, () => cache.get('KOSPI', 1000, load));
    await new Promise((r) => setTimeout(r, 10)); // every ask is now waiting on the one load
    d.resolve('series');
    const results = await Promise.all(asks);
    expect(load).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.value === 'series' && !r.hit)).toBe(true);
    expect(cache.stats).toMatchObject({ loads: 1, misses: 200, hits: 0 });
  });

  it('when that one load fails, all 200 asks get the error, and the next ask retries', async () => {
    const cache = createSeriesCache();
    const d = deferred<string>();
    const load = vi.fn(() => d.promise);
    const asks = Array.from({ length: 200 }, () => cache.get('KOSPI', 1000, load));
    await new Promise((r) => setTimeout(r, 10));
    const boom = new Error('HTTP 503');
    d.reject(boom);
    const settled = await Promise.allSettled(asks);
    expect(load).toHaveBeenCalledTimes(1);
    expect(settled.every((s) => s.status === 'rejected' && s.reason === boom)).toBe(true);
    await cache.get('KOSPI', 1000, load.mockResolvedValueOnce('ok'));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('different keys load independently', async () => {
    const cache = createSeriesCache();
    const load = vi.fn(async () => 1);
    await Promise.all([cache.get('a', 1000, load), cache.get('b', 1000, load), cache.get('a', 1000, load)]);
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('bounded memory store', () => {
  it('evicts the least recently used key beyond maxEntries', async () => {
    const cache = createSeriesCache({ maxEntries: 3 });
    const load = vi.fn(async () => 'v');
    for (const k of ['a', 'b', 'c']) await cache.get(k, HOUR, load);
    await cache.get('a', HOUR, load); // touch a: b is now the least recently used
    await cache.get('d', HOUR, load); // evicts b
    expect(load).toHaveBeenCalledTimes(4);
    expect((await cache.get('a', HOUR, load)).hit).toBe(true);
    expect((await cache.get('c', HOUR, load)).hit).toBe(true);
    expect((await cache.get('b', HOUR, load)).hit).toBe(false);
    expect(load).toHaveBeenCalledTimes(5);
  });

  it('the memory store holds exactly maxEntries', async () => {
    const store = createMemoryStore(2);
    for (const k of ['a', 'b', 'c']) await store.set(k, { value: k, storedAt: 0 });
    expect([await store.get('a'), await store.get('b'), await store.get('c')].map((e) => e?.value)).toEqual([
      undefined, 'b', 'c',
    ]);
  });
});

describe('a failing store', () => {
  it('is bypassed: values still load, errors are counted', async () => {
    const broken: CacheStore = {
      get: async () => Promise.reject(new Error('ECONNREFUSED')),
      set: async () => Promise.reject(new Error('ECONNREFUSED')),
    };
    const cache = createSeriesCache({ store: broken });
    expect(await cache.get('k', 1000, async () => 7)).toEqual({ value: 7, hit: false });
    expect(cache.stats.storeErrors).toBe(2);
  });

  it('an unreachable Redis fails fast instead of hanging', async () => {
    // Port 1 on loopback refuses connections: no network needed.
    const client = connectRedis('redis://127.0.0.1:1', silentLogger, 'cache');
    const cache = createSeriesCache({ store: createRedisStore(client) });
    const t0 = Date.now();
    try {
      expect(await cache.get('k', 1000, async () => 'loaded')).toEqual({ value: 'loaded', hit: false });
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(cache.stats.storeErrors).toBe(2);
      // Once the outage is known, later asks skip Redis without waiting.
      const t1 = Date.now();
      await cache.get('k2', 1000, async () => 'again');
      expect(Date.now() - t1).toBeLessThan(100);
    } finally {
      await cache.close();
      client.redis.disconnect();
    }
  });
});
