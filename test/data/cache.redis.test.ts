// Against a real redis-server (TEST_REDIS_URL, e.g. redis://127.0.0.1:6391 started by .ci/run).
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { KEEP_MS, createRedisStore, createSeriesCache, type SeriesCache } from '../../src/data/cache.ts';
import { connectRedis, type RedisClient } from '../../src/infra/redis.ts';
import { silentLogger } from '../../src/infra/log.ts';

const url = process.env.TEST_REDIS_URL;
const REASON = 'needs a redis-server: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6391)';

describe.skipIf(!url)(`Redis cache store (${url ? url : REASON})`, () => {
  // Unique per run so parallel runs and earlier runs never see each other's keys.
  const prefix = `stressbot:cache:test-${randomUUID()}:`;
  const opened: SeriesCache[] = [];
  const clients: RedisClient[] = [];
  const raw = url ? new Redis(url, { maxRetriesPerRequest: 1 }) : undefined;
  let t = Date.parse('2024-01-05T00:00:00Z');
  const replica = (): SeriesCache => {
    // One client per replica, as each replica process has its own.
    const client = connectRedis(url!, silentLogger, 'cache');
    clients.push(client);
    const cache = createSeriesCache({ store: createRedisStore(client, { prefix }), now: () => t });
    opened.push(cache);
    return cache;
  };

  afterAll(async () => {
    const keys = await raw!.keys(`${prefix}*`);
    if (keys.length) await raw!.del(...keys);
    await Promise.all(opened.map((c) => c.close()));
    await Promise.all(clients.map((c) => c.redis.quit()));
    await raw!.quit();
  });

  it('stores JSON with the stored-at time under a stressbot: key that expires', async () => {
    const a = replica();
    await a.get('KOSPI', 60_000, async () => ({ points: [{ date: '2024-01-04', close: 2587.02 }] }));
    const json = await raw!.get(`${prefix}KOSPI`);
    expect(JSON.parse(json!)).toEqual({ storedAt: t, value: { points: [{ date: '2024-01-04', close: 2587.02 }] } });
    expect(prefix.startsWith('stressbot:')).toBe(true);
    const pttl = await raw!.pttl(`${prefix}KOSPI`);
    expect(pttl).toBeGreaterThan(KEEP_MS - 60_000);
    expect(pttl).toBeLessThanOrEqual(KEEP_MS);
  });

  it('replicas share values: what one loaded, another serves without loading', async () => {
    const a = replica();
    const b = replica();
    await a.get('NDX', 60_000, async () => 17_000);
    const load = vi.fn(async () => -1);
    expect(await b.get('NDX', 60_000, load)).toEqual({ value: 17_000, hit: true });
    expect(load).not.toHaveBeenCalled();
  });

  it('stale-if-error works across replicas', async () => {
    const a = replica();
    const b = replica();
    await a.get('VIX', 60_000, async () => 13.5);
    t += 2 * 3_600_000;
    const r = await b.get('VIX', 60_000, async () => Promise.reject(new Error('HTTP 429')));
    expect(r).toEqual({ value: 13.5, hit: false, stale: 'upstream failed (HTTP 429); served cached copy from 2h ago' });
  });

  it('single-flight still holds per process with Redis behind it', async () => {
    const a = replica();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const load = vi.fn(async () => (await gate, 'x'));
    const asks = Array.from({ length: 200 }, () => a.get('SOX', 60_000, load));
    await new Promise((r) => setTimeout(r, 20));
    release();
    const results = await Promise.all(asks);
    expect(load).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.value === 'x')).toBe(true);
  });
});
