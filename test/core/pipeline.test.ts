import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBotCore } from '../../src/infra/process.ts';
import { createHttpServer, readBody, sendJson } from '../../src/infra/http.ts';
import { memoryRateLimiter } from '../../src/infra/rateLimit.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { testConfig } from '../../src/config.ts';
import type { Command, MarketData } from '../../src/core/types.ts';

const market: MarketData = { kind: 'demo', demo: true, series: async () => { throw new Error('unused'); }, optionChain: async () => null };
const noArgs = z.object({});
const charted: Command<typeof noArgs> = {
  name: 'charted', summary: 's', args: noArgs, examples: ['/charted'],
  async run() {
    return { command: 'charted', title: 't', headline: 'h', tone: 'calm', fields: [], notes: [], data: {}, sources: [],
      charts: [{ title: 'good', footer: '', panels: [] }, { title: 'bad', footer: '', panels: [] }] };
  },
};

describe('core', () => {
  const render = async (spec: { title: string }) => { if (spec.title === 'bad') throw new Error('canvas died'); return Buffer.from('png'); };
  it('rate-limits per asker, not the console', async () => {
    const core = createBotCore({ config: testConfig({ RATE_LIMIT_PER_MIN: '2' }), log: silentLogger, market, render, commands: [charted] });
    const kinds = [];
    for (let i = 0; i < 3; i++) kinds.push((await core.ask('/charted', { user: 'slack:U1' })).kind);
    expect(kinds).toEqual(['answer', 'answer', 'rate']);
    expect((await core.ask('/charted', { user: 'slack:U2' })).kind).toBe('answer');
    expect((await core.ask('/charted')).kind).toBe('answer');
  });
  it('leaves out a chart that fails to render instead of failing the answer', async () => {
    const core = createBotCore({ config: testConfig(), log: silentLogger, market, render, commands: [charted] });
    const o = await core.ask('/charted');
    if (o.kind !== 'answer') throw new Error(o.message);
    expect((await core.charts(o.report)).map((c) => c.title)).toEqual(['good']);
  });
});

describe('core.prepare: the pipeline parses a line once and decides who sees the reply', () => {
  let parses = 0;
  const counted = z.object({ n: z.string().transform((v) => (parses++, Number(v))).pipe(z.number().int().min(1)) });
  const count: Command<typeof counted> = {
    name: 'count', summary: 's', args: counted, examples: ['/count n=2'],
    async run({ n }) {
      return { command: 'count', title: 't', headline: `n=${n}`, tone: 'calm', fields: [], notes: [], data: { n }, sources: [], charts: [] };
    },
  };
  const core = createBotCore({ config: testConfig({ RATE_LIMIT_PER_MIN: '1' }), log: silentLogger, market, render: async () => Buffer.alloc(0), commands: [count] });

  it('a usage error is known before anything runs, for the asker alone, with its example', () => {
    const p = core.prepare('/count n=0', { user: 'discord:U9' });
    expect(p).toMatchObject({ kind: 'usage', outcome: { kind: 'usage', audience: 'asker', example: '/count n=2' } });
    expect(core.inFlight()).toBe(0);
  });

  it('a good line is parsed once, then runs; a rate limit goes to the asker with its wait', async () => {
    parses = 0;
    const p = core.prepare('/count n=3', { user: 'discord:U1' });
    expect(p.kind).toBe('ready');
    if (p.kind !== 'ready') return;
    expect(await p.run()).toMatchObject({ kind: 'answer', audience: 'channel', report: { data: { n: 3 } } });
    expect(parses).toBe(1);
    const again = core.prepare('/count n=3', { user: 'discord:U1' });
    const o = again.kind === 'ready' ? await again.run() : again.outcome;
    expect(o).toMatchObject({ kind: 'rate', audience: 'asker' });
    expect(o.kind === 'rate' && o.retryAfterSec).toBeGreaterThan(0);
  });
});

describe('memoryRateLimiter', () => {
  it('resets after a minute and says how long to wait', async () => {
    let t = 0;
    const rl = memoryRateLimiter(1, () => t);
    expect((await rl.take('u')).ok).toBe(true);
    t = 45_000;
    expect(await rl.take('u')).toEqual({ ok: false, retryAfterSec: 15 });
    t = 60_000;
    expect((await rl.take('u')).ok).toBe(true);
  });
});

describe('http server', () => {
  const server = createHttpServer(silentLogger, () => ({ adapters: ['console'] }));
  afterEach(() => undefined);
  it('serves /healthz, routes, 404/405, a bounded body, and survives a throwing handler', async () => {
    server.route('POST', '/echo', async (req, res) => sendJson(res, 200, { got: (await readBody(req, 10)).toString() }));
    server.route('GET', '/boom', () => { throw new Error('boom'); });
    const { port } = await server.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true, status: 'up', components: {}, adapters: ['console'] });
    expect(await (await fetch(`${base}/echo`, { method: 'POST', body: 'hi' })).json()).toEqual({ got: 'hi' });
    expect((await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(100) })).status).toBe(413);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/echo`)).status).toBe(405);
    expect((await fetch(`${base}/boom`)).status).toBe(500);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await server.close();
  });
});

describe.skipIf(!process.env.TEST_REDIS_URL)(`redisRateLimiter${process.env.TEST_REDIS_URL ? '' : ' (skipped: needs TEST_REDIS_URL, a real redis-server)'}`, () => {
  it('shares one budget across replicas and lets commands through when Redis is down', async () => {
    const { Redis } = await import('ioredis');
    const { redisRateLimiter } = await import('../../src/infra/rateLimit.ts');
    const a = new Redis(process.env.TEST_REDIS_URL!);
    const b = new Redis(process.env.TEST_REDIS_URL!);
    const key = `test-${Math.random()}`;
    const replicaA = redisRateLimiter(a, 2);
    const replicaB = redisRateLimiter(b, 2);
    expect((await replicaA.take(key)).ok).toBe(true);
    expect((await replicaB.take(key)).ok).toBe(true);
    const third = await replicaA.take(key);
    expect(third.ok).toBe(false);
    expect(third.retryAfterSec).toBeGreaterThan(0);
    expect(third.retryAfterSec).toBeLessThanOrEqual(60);
    await a.del(`stressbot:rate:${key}`);
    await Promise.all([a.quit(), b.quit()]);

    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 200, retryStrategy: () => null });
    down.on('error', () => undefined);
    const errors: unknown[] = [];
    expect(await redisRateLimiter(down, 1, (e) => errors.push(e)).take(key)).toEqual({ ok: true, retryAfterSec: 0 });
    expect(errors).toHaveLength(1);
    down.disconnect();
  });
});
