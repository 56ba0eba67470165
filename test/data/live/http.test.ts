import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../../src/infra/log.ts';
import { createHttp, defaultDispatcher, retryAfterMs, type HttpOptions } from '../../../src/data/live/http.ts';
import { dataError, guardUnhandledRejections, script as scriptOn, type Answer } from './mock.ts';

const ORIGIN = 'https://upstream.test';
const target = { symbol: 'VIX', source: 'cboe' };

let agent: MockAgent;
let sleeps: number[];

guardUnhandledRejections();
beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  sleeps = [];
});
afterEach(() => agent.close());

const client = (over: Partial<HttpOptions> = {}) =>
  createHttp({ dispatcher: agent, timeoutMs: 500, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, ...over });

const script = (path: string, ...answers: Answer[]) => scriptOn(agent, ORIGIN, path, ...answers);

describe('http: retries', () => {
  it('retries a 500 twice with growing backoff, then names the failure', async () => {
    const n = script('/a.csv', { statusCode: 500, data: 'boom' });
    const e = await dataError(client().text(`${ORIGIN}/a.csv`, target, 'CSV'));
    expect(e.message).toBe('VIX from cboe: HTTP 500 after 3 tries');
    expect([e.symbol, e.source]).toEqual(['VIX', 'cboe']);
    expect(n.calls).toBe(3);
    // backoff 400 ms · 2^attempt · (0.5 + 0.5 jitter)
    expect(sleeps).toEqual([400, 800]);
  });

  it('recovers when a retry succeeds', async () => {
    const n = script('/a.csv', { statusCode: 502 }, { statusCode: 200, data: 'DATE,CLOSE\n01/02/1990,17.24\n' });
    await expect(client().text(`${ORIGIN}/a.csv`, target, 'CSV')).resolves.toContain('17.24');
    expect(n.calls).toBe(2);
  });

  it('honours Retry-After: 1 on a 429', async () => {
    const n = script('/a.csv', { statusCode: 429, headers: { 'retry-after': '1' } }, { statusCode: 200, data: 'x,y\n' });
    await expect(client().text(`${ORIGIN}/a.csv`, target, 'CSV')).resolves.toBe('x,y\n');
    expect(n.calls).toBe(2);
    expect(sleeps).toEqual([1000]);
  });

  it('honours Retry-After as an HTTP date on a 503, and waits for real without an injected sleep', async () => {
    const now = new Date('2026-01-05T00:00:00Z');
    const n = script(
      '/b.csv',
      { statusCode: 503, headers: { 'retry-after': 'Mon, 05 Jan 2026 00:00:01 GMT' } },
      { statusCode: 200, data: 'ok' },
    );
    const started = Date.now();
    await expect(client({ sleep: undefined, now: () => now }).text(`${ORIGIN}/b.csv`, target, 'CSV')).resolves.toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(n.calls).toBe(2);
  });

  it('fails at once when Retry-After asks for longer than the cap', async () => {
    const n = script('/a.csv', { statusCode: 429, headers: { 'retry-after': '120' } });
    const e = await dataError(client().text(`${ORIGIN}/a.csv`, target, 'CSV'));
    expect(e.reason).toBe('HTTP 429, asked to retry after 120s (over the 10s cap)');
    expect(n.calls).toBe(1);
  });

  it('does not retry other 4xx, and names the status, never the error body\'s text (Yahoo "Invalid Crumb" 401)', async () => {
    const body = JSON.stringify({ chart: { result: null, error: { code: 'Unauthorized', description: 'Invalid Crumb' } } });
    const n = script('/v8/finance/chart/%5ENDX', { statusCode: 401, data: body, headers: { 'content-type': 'application/json' } });
    const e = await dataError(client().json(`${ORIGIN}/v8/finance/chart/%5ENDX`, { symbol: 'NDX', source: 'yahoo:^NDX' }, z.unknown()));
    // The body's words are upstream-controlled (and may echo a key): the reason names the status alone.
    expect(e.message).toBe('NDX from yahoo:^NDX: HTTP 401');
    expect(n.calls).toBe(1);
    const m = script('/missing', { statusCode: 404, data: '<html>nope</html>' });
    expect((await dataError(client().text(`${ORIGIN}/missing`, target, 'CSV'))).reason).toBe('HTTP 404 (an HTML page)');
    expect(m.calls).toBe(1);
  });

  it('retries a dropped connection, but not a host that does not resolve', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    agent.get(ORIGIN).intercept({ path: '/r' }).replyWithError(reset).times(3);
    expect((await dataError(client().text(`${ORIGIN}/r`, target, 'CSV'))).reason).toBe('network error (ECONNRESET) after 3 tries');
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND upstream.test'), { code: 'ENOTFOUND' });
    agent.get(ORIGIN).intercept({ path: '/d' }).replyWithError(dns);
    expect((await dataError(client().text(`${ORIGIN}/d`, target, 'CSV'))).reason).toBe('DNS lookup failed');
    expect(sleeps).toHaveLength(2);
  });
});

describe('http: bad answers', () => {
  it('gives up on a hang at the timeout, without retrying', async () => {
    agent.get(ORIGIN).intercept({ path: '/slow' }).reply(200, 'late').delay(5_000).persist();
    const started = Date.now();
    const e = await dataError(client({ timeoutMs: 150 }).text(`${ORIGIN}/slow`, target, 'CSV'));
    expect(e.reason).toBe('timed out after 0.15s');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sleeps).toEqual([]);
  });

  it('says "truncated JSON" for a cut-off body and names a wrong shape', async () => {
    script('/t.json', { statusCode: 200, data: '{"OutBlock_1":[{"BAS_DD":"2024010' });
    const e = await dataError(client().json(`${ORIGIN}/t.json`, { symbol: 'VKOSPI', source: 'krx' }, z.unknown()));
    expect(e.message).toBe('VKOSPI from krx: truncated JSON');
    script('/s.json', { statusCode: 200, data: '{"OutBlock_1":"nope"}' });
    const schema = z.object({ OutBlock_1: z.array(z.unknown()) });
    const s = await dataError(client().json(`${ORIGIN}/s.json`, { symbol: 'VKOSPI', source: 'krx' }, schema));
    expect(s.reason).toMatch(/^unexpected JSON shape at OutBlock_1: /);
  });

  it('recognises an HTML challenge page where CSV was expected (Stooq), by header or by body', async () => {
    const page = '<!DOCTYPE html><html><head><script>challenge()</script></head></html>';
    script('/q/d/l/', { statusCode: 200, data: page, headers: { 'content-type': 'text/html; charset=utf-8' } });
    const e = await dataError(client().text(`${ORIGIN}/q/d/l/?s=%5Endx&i=d`, { symbol: 'NDX', source: 'stooq:^ndx' }, 'CSV'));
    expect(e.message).toBe('NDX from stooq:^ndx: answered HTML instead of CSV (a challenge page?)');
    script('/plain', { statusCode: 200, data: '\n  <html><body>Please enable JS</body></html>', headers: { 'content-type': 'text/plain' } });
    expect((await dataError(client().text(`${ORIGIN}/plain`, target, 'CSV'))).reason).toMatch(/answered HTML instead of CSV/);
  });

  it('fails an empty body', async () => {
    script('/e.csv', { statusCode: 200, data: '' });
    expect((await dataError(client().text(`${ORIGIN}/e.csv`, target, 'CSV'))).reason).toBe('empty response');
  });
});

describe('http: the real undici path', () => {
  let server: Server;
  let port: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never answers: only our timeouts can end the request.
    server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('ends a request to a host that never answers at the timeout', async () => {
    const dispatcher = defaultDispatcher(300);
    const started = Date.now();
    const e = await dataError(createHttp({ timeoutMs: 300, dispatcher }).text(`http://127.0.0.1:${port}/x`, target, 'CSV'));
    expect(e.reason).toBe('timed out after 0.3s');
    expect(Date.now() - started).toBeLessThan(2_000);
    await dispatcher.destroy();
  });

  it('fails a refused connection in well under a second, without retrying', async () => {
    const started = Date.now();
    const dispatcher = defaultDispatcher(5_000);
    const e = await dataError(createHttp({ timeoutMs: 5_000, dispatcher }).text('http://127.0.0.1:1/x', target, 'CSV'));
    expect(e.reason).toBe('connection refused');
    expect(Date.now() - started).toBeLessThan(1_000);
    await dispatcher.destroy();
  });
});

describe('http: logs', () => {
  it('never logs the AUTH_KEY header or the query string', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
    const log = createLogger('debug', sink);
    script('/idx/kospi_dd_trd', { statusCode: 500 }, { statusCode: 200, data: '{"OutBlock_1":[]}' });
    await client({ log }).text(`${ORIGIN}/idx/kospi_dd_trd?basDd=20240105`, { symbol: 'KOSPI', source: 'krx', headers: { AUTH_KEY: 's3cr3t-key' } }, 'JSON');
    const out = lines.join('');
    expect(out).toContain('upstream retry');
    expect(out).toContain('/idx/kospi_dd_trd');
    expect(out).not.toContain('s3cr3t-key');
    expect(out).not.toContain('basDd');
  });
});

describe('retryAfterMs', () => {
  const now = new Date('2026-01-05T00:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(retryAfterMs('1', now)).toBe(1000);
    expect(retryAfterMs('Mon, 05 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 04 Jan 2026 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
