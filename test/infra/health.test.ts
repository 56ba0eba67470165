// The health registry (/healthz, /readyz) and the start-up retry loop, in process with short delays.
import { describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/infra/http.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { createHealth } from '../../src/infra/health.ts';
import { EXIT, StartupError, startWithRetry } from '../../src/infra/startup.ts';

describe('health registry', () => {
  it('reports each component; a throwing or hung check is down; readiness needs every one up and no shutdown', async () => {
    const health = createHealth({ checkMs: 50 });
    const http = createHttpServer(silentLogger, () => ({ adapters: ['console'] }), health);
    let redisUp = true;
    health.register('redis', () => ({ state: redisUp ? 'up' : 'down', detail: redisUp ? undefined : 'ECONNREFUSED' }));
    const store = health.component('store', { state: 'up' });
    const { port } = await http.listen(0, '127.0.0.1');
    const get = async (path: string) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    try {
      expect(await get('/readyz')).toEqual({ status: 200, body: { ready: true, status: 'up', components: { redis: { state: 'up' }, store: { state: 'up' } } } });

      redisUp = false;
      health.register('disk', () => { throw new Error('EROFS'); });
      health.register('slow', () => new Promise(() => {}));
      const live = await get('/healthz');
      expect(live.status).toBe(200); // alive: a component down is reported, never a reason to restart
      expect(live.body).toMatchObject({
        ok: true,
        status: 'degraded',
        adapters: ['console'],
        components: { redis: { state: 'down', detail: 'ECONNREFUSED' }, disk: { state: 'down', detail: 'EROFS' }, slow: { state: 'down', detail: 'no answer within 50 ms' } },
      });
      expect((await get('/readyz')).status).toBe(503);

      for (const name of ['disk', 'slow']) health.register(name, () => ({ state: 'up' }));
      redisUp = true;
      store.set({ state: 'up' });
      expect((await get('/readyz')).status).toBe(200);
      health.stopping();
      expect(await get('/readyz')).toMatchObject({ status: 503, body: { ready: false, status: 'stopping' } });
      expect((await get('/healthz')).status).toBe(200);
    } finally {
      await http.close();
    }
  });
});

describe('startWithRetry', () => {
  const transient = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  const rejected = new StartupError('Slack rejected SLACK_BOT_TOKEN (invalid_auth)', EXIT.credentials, 'SLACK_BOT_TOKEN');
  const fatal = (err: unknown) => (err === rejected ? rejected : undefined);

  it('retries a transient failure with doubling back-off, down meanwhile, up when it starts', async () => {
    const health = createHealth();
    const times: number[] = [];
    let tries = 0;
    const t0 = Date.now();
    const run = await startWithRetry({
      name: 'slack',
      attempt: async () => {
        times.push(Date.now() - t0);
        if (++tries < 4) throw transient();
        return 'adapter';
      },
      fatal,
      health,
      log: silentLogger,
      firstMs: 40,
      random: () => 0.5, // no jitter: delays 40, 80, 160 ms
      onFatal: () => expect.fail('not fatal'),
    });
    const down = await health.report();
    expect(down.components.slack).toEqual({ state: 'down', detail: 'unreachable (attempt 1): connect ECONNREFUSED 127.0.0.1:9; retrying in 1 s' });
    expect(await run.started).toBe('adapter');
    expect((await health.report()).components.slack).toEqual({ state: 'up' });
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Each wait at least its delay (timers never fire early) and they double: 40, 80, 160 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(39);
    expect(gaps[1]).toBeGreaterThanOrEqual(79);
    expect(gaps[2]).toBeGreaterThanOrEqual(159);
    expect(await run.stop()).toBe('adapter');
  });

  it('a fatal first failure rejects with the StartupError; a fatal later one goes to onFatal', async () => {
    const health = createHealth();
    await expect(startWithRetry({ name: 'slack', attempt: () => Promise.reject(rejected), fatal, health, log: silentLogger, onFatal: () => undefined })).rejects.toBe(rejected);
    expect((await health.report()).components.slack).toEqual({ state: 'down', detail: rejected.message });

    let tries = 0;
    const got = await new Promise<StartupError>((resolve) => {
      void startWithRetry({
        name: 'discord',
        attempt: () => Promise.reject(++tries === 1 ? transient() : rejected),
        fatal,
        health,
        log: silentLogger,
        firstMs: 10,
        onFatal: resolve,
      });
    });
    expect(got).toBe(rejected);
    expect(tries).toBe(2);
  });

  it('stop() ends the retries: no attempt after it', async () => {
    let tries = 0;
    const run = await startWithRetry({ name: 'slack', attempt: () => (tries++, Promise.reject(transient())), fatal, health: createHealth(), log: silentLogger, firstMs: 30, onFatal: () => undefined });
    expect(await run.stop()).toBeUndefined();
    await new Promise((r) => setTimeout(r, 120));
    expect(tries).toBe(1);
  });
});
