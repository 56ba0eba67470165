// The cross-replica lock against a real redis-server (TEST_REDIS_URL, e.g. redis://127.0.0.1:6392).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { redisLock, type DigestLock } from '../../src/digest/lock.ts';
import { startDigestScheduler, type DigestPoster } from '../../src/digest/scheduler.ts';
import { openStore } from '../../src/digest/openStore.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { testConfig } from '../../src/config.ts';
import type { Report } from '../../src/core/types.ts';

/** Every channel here subscribed long before the runs the tests look at (a run before subscribing is not caught up). */
const SUBSCRIBED = () => new Date('2025-01-01T00:00:00Z');

const url = process.env.TEST_REDIS_URL;
const REASON = 'needs a redis-server: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6392)';

describe.skipIf(!url)(`digest lock on Redis (${url ?? REASON})`, () => {
  // A fresh prefix per run, so earlier or parallel runs never see each other's keys.
  const prefix = `stressbot:digest:test-${randomUUID()}:`;
  const opened: DigestLock[] = [];
  const raw = url ? new Redis(url, { maxRetriesPerRequest: 1 }) : undefined;
  const replica = (): DigestLock => {
    const l = redisLock(url!, { prefix });
    opened.push(l);
    return l;
  };

  afterAll(async () => {
    const keys = await raw!.keys(`${prefix}*`);
    if (keys.length) await raw!.del(...keys);
    await Promise.all(opened.map((l) => l.close()));
    await raw!.quit();
  });

  it('SET NX PX: one holder at a time; only the holder releases; the hold expires', async () => {
    const a = replica();
    const b = replica();
    expect(await a.acquire('k1', 60_000)).toBe(true);
    expect(await b.acquire('k1', 60_000)).toBe(false);
    const pttl = await raw!.pttl(`${prefix}k1`);
    expect(pttl).toBeGreaterThan(50_000);
    await b.release('k1'); // not b's: a still holds it
    expect(await b.acquire('k1', 60_000)).toBe(false);
    await a.release('k1');
    expect(await b.acquire('k1', 60_000)).toBe(true);

    expect(await a.acquire('k2', 150)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(await b.acquire('k2', 60_000)).toBe(true);
  });

  it('a replica’s next life (the same token) gets its keys back; another replica does not', async () => {
    const dead = redisLock(url!, { prefix, token: 'r-same' });
    opened.push(dead);
    expect(await dead.acquire('k4', 60_000)).toBe(true); // taken, then the process was killed
    const reborn = redisLock(url!, { prefix, token: 'r-same' });
    opened.push(reborn);
    expect(await replica().acquire('k4', 60_000)).toBe(false);
    expect(await reborn.acquire('k4', 90_000)).toBe(true);
    expect(await raw!.pttl(`${prefix}k4`)).toBeGreaterThan(80_000);
  });

  it('extend keeps the holder’s key as the done mark', async () => {
    const a = replica();
    expect(await a.acquire('k3', 1_000)).toBe(true);
    await a.extend('k3', 3_600_000);
    expect(await raw!.pttl(`${prefix}k3`)).toBeGreaterThan(3_000_000);
    const b = replica();
    await b.extend('k3', 10); // not b's: no effect
    expect(await raw!.pttl(`${prefix}k3`)).toBeGreaterThan(3_000_000);
  });

  it('two replicas, each with its own SQLite, post a channel’s digest once', async () => {
    const at = new Date('2025-03-03T23:40:00Z'); // 08:40 Seoul on a trading day: both catch up on start
    const sent: string[] = [];
    const report: Report = { command: 'digest', title: 'd', headline: 'h', tone: 'calm', fields: [], notes: [], charts: [], data: {}, sources: [] };
    const poster: DigestPoster = {
      platform: 'slack',
      post: async (channel) => {
        await new Promise((r) => setTimeout(r, 20)); // both replicas are in flight at once
        sent.push(channel);
      },
    };
    const replicas = await Promise.all([0, 1].map(async () => {
      const store = await openStore({ DATA_HOME: '' }, { file: ':memory:', clock: SUBSCRIBED });
      await store.subscribe('slack:C1', {});
      await store.subscribe('slack:C2', {});
      const scheduler = startDigestScheduler({
        core: { log: silentLogger, ask: async () => ({ kind: 'answer', audience: 'channel', report }) },
        store, posters: [poster], config: testConfig(), now: () => at, lock: replica(),
      });
      return { store, scheduler };
    }));
    const results = await Promise.all(replicas.map((r) => r.scheduler.started));
    expect(sent.sort()).toEqual(['C1', 'C2']);
    expect(results.flat().map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(await raw!.pttl(`${prefix}digest:slack:C1:2025-03-04`)).toBeGreaterThan(24 * 3_600_000);
    for (const r of replicas) {
      await r.scheduler.stop();
      await r.store.close();
    }
  });
});

describe('digest lock with Redis down', () => {
  it("falls back to the store's own claim: posts once, says so, a second tick posts nothing; stop() closes its connection", async () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const store = await openStore({ DATA_HOME: '' }, { file: ':memory:', clock: SUBSCRIBED });
    await store.subscribe('slack:C1', {});
    const sent: string[] = [];
    const report: Report = { command: 'digest', title: 'd', headline: 'h', tone: 'calm', fields: [], notes: [], charts: [], data: {}, sources: [] };
    const at = new Date('2025-03-03T23:40:00Z');
    // Port 1 on loopback: nothing listens, connections are refused at once.
    const scheduler = startDigestScheduler({
      core: { log, ask: async () => ({ kind: 'answer', audience: 'channel', report }) },
      store, posters: [{ platform: 'slack', post: async (c) => void sent.push(c) }],
      config: testConfig({ REDIS_URL: 'redis://127.0.0.1:1' }), now: () => at,
    });
    expect((await scheduler.started).map((r) => r.status)).toEqual(['sent']);
    expect(await scheduler.runDue(new Date(at.getTime() + 60_000))).toEqual([]);
    expect(sent).toEqual(['C1']);
    expect((await store.post({ channel: 'slack:C1', day: '2025-03-04', kind: 'digest' }))?.status).toBe('sent');
    expect(lines.some((l) => l.msg === "digest lock unavailable: the store's claim decides")).toBe(true);
    await scheduler.stop();
    await store.close();
  });

  it('a shared store (PostgreSQL) lets its claim decide: posted once by two replicas', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const base = await openStore({ DATA_HOME: '' }, { file: ':memory:', clock: SUBSCRIBED });
    const shared = { ...base, shared: true } as typeof base; // the same rows for both, as PostgreSQL gives
    await shared.subscribe('slack:C1', {});
    const sent: string[] = [];
    const report: Report = { command: 'digest', title: 'd', headline: 'h', tone: 'calm', fields: [], notes: [], charts: [], data: {}, sources: [] };
    const schedulers = [0, 1].map(() =>
      startDigestScheduler({
        core: { log, ask: async () => ({ kind: 'answer', audience: 'channel', report }) },
        store: shared, posters: [{ platform: 'slack', post: async (c) => void sent.push(c) }],
        config: testConfig({ REDIS_URL: 'redis://127.0.0.1:1' }), now: () => new Date('2025-03-03T23:40:00Z'),
      }),
    );
    await Promise.all(schedulers.map((s) => s.started));
    expect(sent).toEqual(['C1']);
    expect(lines.some((l) => l.msg === "digest lock unavailable: the store's claim decides" && l.sharedStore === true)).toBe(true);
    await Promise.all(schedulers.map((s) => s.stop()));
    await base.close();
  });
});
