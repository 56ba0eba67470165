// The scheduler on a fake clock: vitest fake timers drive croner's setTimeout and Date together.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDigestScheduler, type DigestPoster, type DigestScheduler } from '../../src/digest/scheduler.ts';
import type { DigestStore } from '../../src/digest/store.ts';
import { openStore } from '../../src/digest/openStore.ts';
import { localLock } from '../../src/digest/lock.ts';
import { silentLogger, type Logger } from '../../src/infra/log.ts';
import type { Outcome } from '../../src/core/router.ts';
import { testConfig } from '../../src/config.ts';
import type { Report } from '../../src/core/types.ts';

/** Every channel here subscribed long before the runs the tests look at (a run before subscribing is not caught up). */
const SUBSCRIBED = () => new Date('2025-01-01T00:00:00Z');

const config = testConfig(); // DIGEST_CRON 30 8 * * 1-5, DIGEST_TZ Asia/Seoul

const reportOf = (line: string, data: Record<string, unknown> = {}): Report => ({
  command: line.slice(1), title: line, headline: `answer to ${line}`, tone: 'calm', fields: [], notes: [], charts: [], data, sources: [],
});

function fakeCore(log: Logger = silentLogger, stressScore = 50) {
  const ask = vi.fn(async (line: string): Promise<Outcome> => ({ kind: 'answer', audience: 'channel', report: reportOf(line, line === '/kospi-stress' ? { score: stressScore } : {}) }));
  return { ask, log };
}

interface Sent { platform: string; channel: string; at: string; title: string }
function posters(sent: Sent[], fail: (n: number) => boolean = () => false): DigestPoster[] {
  let calls = 0;
  return (['slack', 'discord'] as const).map((platform) => ({
    platform,
    async post(channel: string, report: Report) {
      calls++;
      if (fail(calls)) throw new Error(`HTTP 503 from ${platform}`);
      sent.push({ platform, channel, at: new Date().toISOString(), title: report.title });
    },
  }));
}

/** Captures pino's JSON lines. */
function capturingLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, lines };
}

const dir = mkdtempSync(join(tmpdir(), 'stressbot-sched-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let running: DigestScheduler[] = [];
let stores: DigestStore[] = [];
const start = (opts: Partial<Parameters<typeof startDigestScheduler>[0]> & { store: DigestStore; posters: DigestPoster[] }) => {
  const s = startDigestScheduler({ core: fakeCore(), config, ...opts });
  running.push(s);
  return s;
};
const memoryStore = async () => {
  const s = await openStore({ DATA_HOME: dir }, { file: ':memory:', clock: SUBSCRIBED });
  stores.push(s);
  return s;
};
const fileStore = async (file: string) => {
  const s = await openStore({ DATA_HOME: dir }, { file, clock: SUBSCRIBED });
  stores.push(s);
  return s;
};
const key = (channel: string, day: string, kind: 'digest' | 'alert' = 'digest') => ({ channel, day, kind });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await Promise.all(running.map((s) => s.stop()));
  running = [];
  for (const s of stores) await s.close();
  stores = [];
  vi.useRealTimers();
});

describe('digest scheduler', () => {
  it('fires at 08:30 Seoul (23:30Z the day before) on a trading day, and at a channel’s own time', async () => {
    vi.setSystemTime(new Date('2025-03-03T23:29:30Z')); // Tue 2025-03-04 08:29:30 in Seoul
    const store = await memoryStore();
    await store.subscribe('slack:C1', {});
    await store.subscribe('discord:42', { time: '08:45' });
    const sent: Sent[] = [];
    const s = start({ store, posters: posters(sent) });
    expect(await s.started).toEqual([]);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent).toEqual([{ platform: 'slack', channel: 'C1', at: '2025-03-03T23:30:00.000Z', title: '/digest' }]);
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(sent.map((x) => `${x.platform}:${x.channel} ${x.at}`)).toEqual([
      'slack:C1 2025-03-03T23:30:00.000Z',
      'discord:42 2025-03-03T23:45:00.000Z',
    ]);
    expect(await store.post(key('slack:C1', '2025-03-04', 'digest'))).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('does not fire on a KRX holiday (Chuseok, Mon 2025-10-06) or a weekend', async () => {
    const store = await memoryStore();
    await store.subscribe('slack:C1', {});
    const sent: Sent[] = [];
    vi.setSystemTime(new Date('2025-10-05T23:00:00Z')); // Mon 2025-10-06 08:00 Seoul: Chuseok
    start({ store, posters: posters(sent) });
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    expect(sent).toEqual([]);
    vi.setSystemTime(new Date('2025-03-07T23:00:00Z')); // Sat 2025-03-08 08:00 Seoul
    start({ store, posters: posters(sent) });
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    expect(sent).toEqual([]);
  });

  it('restarting the same morning does not post twice', async () => {
    vi.setSystemTime(new Date('2025-03-03T23:29:30Z'));
    const file = join(dir, 'restart.sqlite');
    const first = await openStore({ DATA_HOME: dir }, { file, clock: SUBSCRIBED });
    await first.subscribe('slack:C1', {});
    const sent: Sent[] = [];
    const a = start({ store: first, posters: posters(sent) });
    await vi.advanceTimersByTimeAsync(90_000);
    expect(sent).toHaveLength(1);
    await a.stop();
    await first.close();
    // The process comes back at 08:35, still before the open: the ledger says it is done.
    vi.setSystemTime(new Date('2025-03-03T23:35:00Z'));
    const second = await fileStore(file);
    const b = start({ store: second, posters: posters(sent) });
    expect(await b.started).toEqual([]);
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(sent).toHaveLength(1);
  });

  it('a post left pending by another process is resumed once its lease passes, checking what was delivered', async () => {
    vi.setSystemTime(new Date('2025-03-03T23:31:00Z'));
    const { log, lines } = capturingLogger();
    // Leases are stamped by the store's clock: here the real (faked) time, not SUBSCRIBED.
    const store = await openStore({ DATA_HOME: dir }, { file: ':memory:' });
    stores.push(store);
    await store.subscribe('slack:C1', {});
    // Another replica claimed it and died after the headline went out.
    expect(await store.claim(key('slack:C1', '2025-03-04'), 'other:boot', 120_000)).toBe(true);
    expect(await store.recordPart(key('slack:C1', '2025-03-04'), 'other:boot', 'headline', '1.1', 120_000)).toBe(true);
    const jobs: { delivered: Record<string, string>; uncertain: boolean }[] = [];
    const poster: DigestPoster = { platform: 'slack', post: async (_c, _r, job) => void jobs.push({ delivered: { ...job.delivered }, uncertain: job.uncertain }) };
    const s = start({ store, posters: [poster], core: fakeCore(log) });
    expect(await s.started).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(jobs).toEqual([]); // its lease still runs: the sender may be alive
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(jobs).toEqual([{ delivered: { headline: '1.1' }, uncertain: true }]);
    expect(await store.post(key('slack:C1', '2025-03-04'))).toMatchObject({ status: 'sent', attempts: 2, parts: { headline: '1.1' } });
    expect(lines.some((l) => l.level === 40 && l.msg === 'resuming an interrupted post' && l.previousOwner === 'other:boot')).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(jobs).toHaveLength(1);
  });

  it('a restarted replica resumes its own interrupted post at start, without waiting for the lease', async () => {
    vi.setSystemTime(new Date('2025-03-03T23:31:00Z'));
    const store = await memoryStore();
    await store.subscribe('slack:C1', {});
    await store.claim(key('slack:C1', '2025-03-04'), 'r-one:dead', 120_000);
    const sent: Sent[] = [];
    const s = start({ store, posters: posters(sent), owner: { replica: 'r-one', id: 'r-one:alive', stable: true } });
    expect((await s.started).map((r) => [r.channel, r.status])).toEqual([['slack:C1', 'sent']]);
    expect(sent).toHaveLength(1);
  });

  it('gives up a post interrupted too often, or for a past day, with the reason in the ledger', async () => {
    vi.setSystemTime(new Date('2025-03-04T23:31:00Z')); // Thu 2025-03-05 08:31 Seoul
    const { log, lines } = capturingLogger();
    const store = await memoryStore();
    await store.claim(key('slack:C1', '2025-03-04'), 'gone:1', -1_000); // yesterday's, abandoned
    const sent: Sent[] = [];
    const s = start({ store, posters: posters(sent), core: fakeCore(log) });
    expect((await s.started).map((r) => r.status)).toEqual(['failed']);
    expect(sent).toEqual([]);
    expect((await store.post(key('slack:C1', '2025-03-04')))!.error).toBe('gave up: too late: the digest was for 2025-03-04; delivered: nothing');
    expect(lines.some((l) => l.level === 50 && String(l.msg).includes('given up'))).toBe(true);
  });

  it('two schedulers sharing one store (or one file) post once', async () => {
    vi.setSystemTime(new Date('2025-03-03T23:29:30Z'));
    const shared = await memoryStore();
    await shared.subscribe('slack:C1', {});
    const sent: Sent[] = [];
    start({ store: shared, posters: posters(sent) });
    start({ store: shared, posters: posters(sent) });
    const file = join(dir, 'two.sqlite');
    const [x, y] = [await fileStore(file), await fileStore(file)];
    await x.subscribe('discord:7', {});
    start({ store: x, posters: posters(sent) });
    start({ store: y, posters: posters(sent) });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(sent.map((p) => `${p.platform}:${p.channel}`).sort()).toEqual(['discord:7', 'slack:C1']);
  });

  it('catches up once on a start before 09:00, not after', async () => {
    const store = await memoryStore();
    await store.subscribe('slack:C1', {});
    const sent: Sent[] = [];
    vi.setSystemTime(new Date('2025-03-03T23:50:00Z')); // 08:50 Seoul: missed 08:30, before the open
    const s = start({ store, posters: posters(sent) });
    expect((await s.started).map((r) => [r.channel, r.day, r.status])).toEqual([['slack:C1', '2025-03-04', 'sent']]);
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(sent.map((p) => p.at)).toEqual(['2025-03-03T23:50:00.000Z']);

    const late = await memoryStore();
    await late.subscribe('slack:C2', {});
    vi.setSystemTime(new Date('2025-03-05T00:05:00Z')); // Wed 09:05 Seoul: the market is open
    const t = start({ store: late, posters: posters(sent) });
    expect(await t.started).toEqual([]);
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(sent.filter((p) => p.channel === 'C2')).toEqual([]);
  });

  it('a minute tick during the start-up catch-up waits for it: the catch-up reports the post it sent', async () => {
    // CI once saw `started` resolve [] with the digest posted: a tick at the wall-clock minute claimed
    // the post while the catch-up waited on an unreachable Redis lock. Here the catch-up's lock call
    // is held until after the tick fires, and a tick's own lock call would be granted at once.
    const store = await memoryStore();
    await store.subscribe('slack:C1', {});
    const sent: Sent[] = [];
    vi.setSystemTime(new Date('2025-03-03T23:50:59.900Z')); // 08:50:59.9 Seoul: missed 08:30, a tick due in 100 ms
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((r) => (releaseFirst = r));
    let acquires = 0;
    const lock = {
      ...localLock(),
      acquire: async () => {
        if (++acquires === 1) await firstHeld;
        return true;
      },
    };
    const s = start({ store, posters: posters(sent), lock });
    await vi.advanceTimersByTimeAsync(500); // the 23:51:00 tick fires while the catch-up holds
    releaseFirst();
    expect((await s.started).map((r) => [r.channel, r.status])).toEqual([['slack:C1', 'sent']]);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(sent.map((p) => p.channel)).toEqual(['C1']);
  });

  it('retries a failing post with back-off, then records and logs the failure (once)', async () => {
    vi.setSystemTime(new Date('2025-03-03T23:29:30Z'));
    const { log, lines } = capturingLogger();
    const store = await memoryStore();
    await store.subscribe('slack:C1', {});
    await store.subscribe('discord:42', {});
    const sent: Sent[] = [];
    const attempts: string[] = [];
    const flaky: DigestPoster[] = [
      { platform: 'slack', post: async () => { attempts.push(`slack ${new Date().toISOString()}`); throw new Error('HTTP 503'); } },
      ...posters(sent).filter((p) => p.platform === 'discord'),
    ];
    start({ store, posters: flaky, core: fakeCore(log), retry: { attempts: 3, baseMs: 1_000 } });
    await vi.advanceTimersByTimeAsync(30_000 + 10_000);
    // 08:30:00, then 1 s and 2 s later.
    expect(attempts).toEqual(['slack 2025-03-03T23:30:00.000Z', 'slack 2025-03-03T23:30:01.000Z', 'slack 2025-03-03T23:30:03.000Z']);
    expect(sent.map((p) => p.channel)).toEqual(['42']); // the other channel is not held up
    expect(await store.post(key('slack:C1', '2025-03-04', 'digest'))).toMatchObject({ status: 'failed', attempts: 3, error: 'HTTP 503' });
    const errors = lines.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ channel: 'slack:C1', day: '2025-03-04', kind: 'digest', attempts: 3 });
    expect(String(errors[0]!.msg)).toMatch(/failed after 3 attempts/);
    expect(lines.filter((l) => l.level === 40 && l.msg === 'digest post failed, retrying')).toHaveLength(2);
    // Bounded: later ticks do not try again.
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(attempts).toHaveLength(3);
  });

  it('never posts a digest with fewer than half its parts: retries, then a short "data unavailable" notice naming the sources', async () => {
    vi.setSystemTime(new Date('2025-03-03T23:29:30Z'));
    const store = await memoryStore();
    await store.subscribe('slack:C1', {});
    const posted: Report[] = [];
    const poster: DigestPoster = { platform: 'slack', post: async (_c, r) => void posted.push(r) };
    // 1 of 6 parts (ai-basket) has its headline number; the others failed for want of data.
    const failed = (command: string, missingInput: string) => ({ command, headline: '', tone: 'missing', data: {}, error: `data missing: ${missingInput}`, missingInput });
    const sections = [
      failed('kospi-stress', 'KOSPI (yahoo:^KS11)'), failed('gamma', '122630 (krx)'), failed('vol-ratio', 'VIX (cboe)'),
      failed('corr', 'KOSPI (yahoo:^KS11)'), failed('theta', 'KOSPI200 (krx)'),
      { command: 'ai-basket', headline: 'AI basket 1m −2.0%', tone: 'calm', data: { relVsNdx1m: 0.01 } },
    ];
    const digestAt: string[] = [];
    const core = {
      log: silentLogger,
      ask: vi.fn(async (line: string): Promise<Outcome> => {
        digestAt.push(new Date().toISOString());
        return { kind: 'answer', audience: 'channel', report: { ...reportOf(line, { sections, asof: '2025-03-04' }), title: 'Morning stress digest · 2025-03-04' } };
      }),
    };
    start({ store, posters: [poster], core, retry: { attempts: 3, baseMs: 1_000 } });
    await vi.advanceTimersByTimeAsync(40_000);
    // asked at 08:30:00, then 1 s and 2 s later: the sources get the post's retries
    expect(digestAt).toEqual(['2025-03-03T23:30:00.000Z', '2025-03-03T23:30:01.000Z', '2025-03-03T23:30:03.000Z']);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.tone).toBe('missing');
    expect(posted[0]!.title).toBe('Morning stress digest unavailable · 2025-03-04');
    expect(posted[0]!.headline).toBe(
      'Data unavailable: 1 of 6 digest parts could be computed. Missing: KOSPI (yahoo:^KS11), 122630 (krx), VIX (cboe), KOSPI200 (krx).',
    );
    expect(posted[0]!.charts).toEqual([]);
  });

  it('posts a digest with half its parts', async () => {
    vi.setSystemTime(new Date('2025-03-03T23:29:30Z'));
    const store = await memoryStore();
    await store.subscribe('slack:C1', {});
    const posted: Report[] = [];
    const ok = (command: string, key: string) => ({ command, headline: `${command} fine`, tone: 'calm', data: { [key]: 1 } });
    const bad = (command: string) => ({ command, headline: '', tone: 'missing', data: {}, error: 'data missing: X from y: down', missingInput: 'X (y)' });
    const sections = [ok('kospi-stress', 'score'), ok('gamma', 'flowUsd'), ok('vol-ratio', 'ratio'), bad('corr'), bad('theta'), bad('ai-basket')];
    const core = { log: silentLogger, ask: vi.fn(async (line: string): Promise<Outcome> => ({ kind: 'answer', audience: 'channel', report: reportOf(line, { sections }) })) };
    start({ store, posters: [{ platform: 'slack', post: async (_c, r) => void posted.push(r) }], core, retry: { attempts: 3, baseMs: 1_000 } });
    await vi.advanceTimersByTimeAsync(40_000);
    expect(core.ask).toHaveBeenCalledTimes(1);
    expect(posted.map((r) => r.title)).toEqual(['/digest']);
  });

  it('a post that fails and then succeeds is recorded as sent with its attempts', async () => {
    vi.setSystemTime(new Date('2025-03-03T23:29:30Z'));
    const store = await memoryStore();
    await store.subscribe('slack:C1', {});
    const sent: Sent[] = [];
    start({ store, posters: posters(sent, (n) => n <= 2), retry: { attempts: 3, baseMs: 1_000 } });
    await vi.advanceTimersByTimeAsync(40_000);
    expect(sent.map((p) => p.at)).toEqual(['2025-03-03T23:30:03.000Z']);
    expect(await store.post(key('slack:C1', '2025-03-04', 'digest'))).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('computes the digest once for every channel due at the same time', async () => {
    vi.setSystemTime(new Date('2025-03-03T23:29:30Z'));
    const store = await memoryStore();
    for (const c of ['slack:A', 'slack:B', 'discord:1']) await store.subscribe(c, {});
    const core = fakeCore();
    const sent: Sent[] = [];
    start({ store, posters: posters(sent), core });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(3);
    expect(core.ask.mock.calls.filter(([line]) => line === '/digest')).toHaveLength(1);
  });

  it('posts a stress alert once per channel per day when the score reaches the threshold, during KRX hours', async () => {
    const store = await memoryStore();
    await store.setAlert('slack:HOT', 70);
    await store.setAlert('slack:COOL', 80);
    const sent: Sent[] = [];
    const core = fakeCore(silentLogger, 72.4);
    vi.setSystemTime(new Date('2025-03-04T00:59:30Z')); // 09:59:30 Seoul, market open
    const s = start({ store, posters: posters(sent), core });
    await vi.advanceTimersByTimeAsync(31 * 60_000); // ticks at 10:00, 10:15, 10:30 check alerts
    expect(sent.map((p) => `${p.channel} ${p.at} ${p.title}`)).toEqual(['HOT 2025-03-04T01:00:00.000Z Stress alert: KOSPI stress 72 ≥ 70']);
    expect(await s.checkAlerts(new Date('2025-03-04T05:00:00Z'))).toEqual([]);
    // Outside KRX hours nothing is even computed.
    core.ask.mockClear();
    expect(await s.checkAlerts(new Date('2025-03-04T07:00:00Z'))).toEqual([]); // 16:00 Seoul
    expect(core.ask).not.toHaveBeenCalled();
    // Alert-only channels never get the morning digest.
    expect((await store.list()).every((x) => !x.digest)).toBe(true);
  });

  it('logs and skips a channel whose platform has no poster', async () => {
    const { log, lines } = capturingLogger();
    const store = await memoryStore();
    await store.subscribe('slack:C1', {});
    vi.setSystemTime(new Date('2025-03-03T23:40:00Z'));
    const s = start({ store, posters: [], core: fakeCore(log) });
    expect(await s.started).toEqual([]);
    expect(await store.post(key('slack:C1', '2025-03-04', 'digest'))).toBeUndefined();
    expect(lines.some((l) => l.level === 40 && String(l.msg).startsWith('no poster'))).toBe(true);
  });
});
