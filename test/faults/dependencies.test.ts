// Redis trouble is loud and cheap (a hung Redis costs one timeout per cool-off, limits still hold,
// a wrong password stops start-up with one line), and the exposure rules of a public HOST.
import { spawn, spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRedisAtStart, connectRedis, redisHealth, RedisDownError } from '../../src/infra/redis.ts';
import { redisRateLimiter } from '../../src/infra/rateLimit.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { createHttpServer } from '../../src/infra/http.ts';
import { createMetrics } from '../../src/infra/metrics.ts';
import { exposureOf, hostName } from '../../src/infra/exposure.ts';
import { testConfig } from '../../src/config.ts';

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

/** Accepts connections and never answers: a Redis frozen by SIGSTOP or a dead network path. */
async function hungRedis(): Promise<number> {
  const server = createServer((socket) => socket.on('data', () => undefined));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

describe('a hung Redis', () => {
  it('costs one command timeout, then every call fails at once until the cool-off ends', async () => {
    const port = await hungRedis();
    const client = connectRedis(`redis://127.0.0.1:${port}`, silentLogger, 'test', { commandTimeout: 300, enableReadyCheck: false });
    let t = performance.now();
    await expect(client.guard((r) => r.get('k'))).rejects.toThrow();
    const first = performance.now() - t;
    expect(first).toBeGreaterThanOrEqual(250);
    t = performance.now();
    await expect(client.guard((r) => r.get('k'))).rejects.toBeInstanceOf(RedisDownError);
    expect(performance.now() - t).toBeLessThan(50);
    expect(client.down()).toBe(true);
    expect((await redisHealth(client)()).state).toBe('down');
    client.redis.disconnect();
  });

  it('rate limits fall back to this process (the limit holds) or, configured closed, refuse', async () => {
    const port = await hungRedis();
    const client = connectRedis(`redis://127.0.0.1:${port}`, silentLogger, 'test', { commandTimeout: 200, enableReadyCheck: false });
    const local = redisRateLimiter(client.redis, 2, { guard: (op) => client.guard(op) });
    const t = performance.now();
    const takes = [await local.take('u'), await local.take('u'), await local.take('u')];
    expect(takes.map((r) => r.ok)).toEqual([true, true, false]);
    expect(performance.now() - t).toBeLessThan(1_500); // one timeout, not three
    const closed = redisRateLimiter(client.redis, 2, { whenDown: 'closed', guard: (op) => client.guard(op) });
    expect((await closed.take('v')).ok).toBe(false);
    client.redis.disconnect();
  });
});

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

describe.skipIf(!hasRedis)(`start-up against a password-protected Redis${hasRedis ? '' : ' (skipped: redis-server not installed)'}`, () => {
  it('a wrong or missing password is one fatal line; the right one passes; an unreachable Redis is not fatal', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--requirepass', 'right-pass'], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50; i++) {
        if ((await checkRedisAtStart(`redis://:right-pass@127.0.0.1:${port}`, silentLogger)).ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await checkRedisAtStart(`redis://:right-pass@127.0.0.1:${port}`, silentLogger)).toEqual({ ok: true });
      for (const url of [`redis://:not-the-pass-77@127.0.0.1:${port}`, `redis://127.0.0.1:${port}`]) {
        const r = await checkRedisAtStart(url, silentLogger);
        expect(r.ok).toBe(false);
        expect(!r.ok && r.fatal).toMatch(/^REDIS_URL: Redis refused the credentials/);
        expect(!r.ok && r.fatal).not.toContain('not-the-pass-77');
      }
    } finally {
      redis.kill('SIGKILL');
    }
    const gone = await checkRedisAtStart(`redis://127.0.0.1:${port}`, silentLogger, 300);
    expect(gone.ok).toBe(false);
    expect(!gone.ok && gone.fatal).toBeUndefined();
  });
});

describe('exposure', () => {
  it('a public HOST serves neither the playground nor /metrics unless asked', () => {
    const at = (env: Record<string, string>) => exposureOf(testConfig(env));
    expect(at({})).toMatchObject({ playground: true, metrics: 'beside', allowedHosts: ['localhost', '127.0.0.1', '[::1]'] });
    expect(at({ HOST: '0.0.0.0' })).toEqual({ playground: false, metrics: 'off' });
    expect(at({ HOST: '0.0.0.0', PLAYGROUND: 'on', METRICS_TOKEN: 'tok-123456' })).toMatchObject({ playground: true, metrics: 'beside', metricsToken: 'tok-123456' });
    expect(at({ HOST: '0.0.0.0', METRICS_PORT: '9464' }).metrics).toBe('port');
    expect(at({ PLAYGROUND: 'off' }).playground).toBe(false);
    expect(at({ ALLOWED_HOSTS: 'bot.lan, Other.Local' }).allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]', 'bot.lan', 'other.local']);
    expect([hostName('LocalHost:3000'), hostName('[::1]:80'), hostName('evil.example')]).toEqual(['localhost', '[::1]', 'evil.example']);
  });

  it('a loopback server refuses a rebound Host (421) and /metrics asks for its bearer token', async () => {
    const http = createHttpServer(silentLogger, undefined, undefined, { allowedHosts: ['localhost', '127.0.0.1'] });
    createMetrics({ processMetrics: false }).route(http, { token: 'metrics-bearer-1' });
    const { port } = await http.listen(0, '127.0.0.1');
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}${path}`, { headers });
    // fetch will not send another Host: node:http does, as a rebinding browser page would.
    const withHost = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/healthz', headers: { host } }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
        req.on('error', reject);
        req.end();
      });
    expect((await get('/healthz')).status).toBe(200);
    expect(await withHost('attacker.example')).toBe(421);
    expect(await withHost('localhost:1234')).toBe(200);
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', { authorization: 'Bearer nope' })).status).toBe(401);
    const ok = await get('/metrics', { authorization: 'Bearer metrics-bearer-1' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('stressbot_commands_total');
    await http.close();
  });
});
