// GET /metrics serves Prometheus text with the bot's own counters after a few real commands through
// the wiring src/main.ts uses (createOps): a live market on a fake upstream, renders on the pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotCore } from '../../src/infra/process.ts';
import type { Core } from '../../src/core/pipeline.ts';
import { createHttpServer, type HttpServer } from '../../src/infra/http.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { createMetrics } from '../../src/infra/metrics.ts';
import { createOps, type Ops } from '../../src/infra/ops.ts';
import { createFakeUpstream, fakeLiveConfig, FAKE_NOW, type FakeUpstream } from '../../bench/fakeUpstream.ts';

/** The value of one sample line, e.g. `stressbot_commands_total{command="corr",outcome="usage"}`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ? m[2].split(',') : [];
    if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(m[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let fake: FakeUpstream;
  let ops: Ops;
  let core: Core;
  let http: HttpServer;
  let url: string;

  beforeAll(async () => {
    fake = createFakeUpstream();
    const config = fakeLiveConfig();
    ops = createOps(config, silentLogger, { live: { dispatcher: fake.agent, now: () => FAKE_NOW, http: { sleep: async () => {} } }, poolSize: 1 });
    // The asks' clock is the fake upstream's too: at a real time inside KRX hours /kospi-stress would
    // also fetch today's intraday quote, and the request counts below would depend on the hour.
    core = createBotCore({ config, log: silentLogger, ...ops.core, now: () => FAKE_NOW });
    http = createHttpServer(silentLogger);
    ops.metrics.route(http);
    const { port } = await http.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}/metrics`;
  });
  afterAll(async () => {
    await http.close();
    await ops.close();
    await fake.close();
  });

  it('counts commands by name and outcome, their latency, upstream requests by source, cache results and renders', async () => {
    const first = await core.ask('/kospi-stress');
    expect(first.kind).toBe('answer');
    expect((await core.ask('/kospi-stress')).kind).toBe('answer'); // warm: cache hits, no new upstream request
    expect((await core.ask('/corr window=3')).kind).toBe('usage');
    expect((await core.ask('/no-such-command')).kind).toBe('usage');
    if (first.kind === 'answer') expect(await core.charts(first.report)).toHaveLength(first.report.charts.length);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();

    expect(sample(text, 'stressbot_commands_total', { command: 'kospi-stress', outcome: 'answer' })).toBe(2);
    expect(sample(text, 'stressbot_commands_total', { command: 'corr', outcome: 'usage' })).toBe(1);
    expect(sample(text, 'stressbot_commands_total', { command: 'unknown', outcome: 'usage' })).toBe(1);
    expect(sample(text, 'stressbot_command_duration_seconds_count', { command: 'kospi-stress' })).toBe(2);
    expect(sample(text, 'stressbot_command_duration_seconds_bucket', { command: 'kospi-stress', le: '+Inf' })).toBe(2);

    // KOSPI and NDX from Yahoo, VIX from CBOE: one request each (VKOSPI is KRX-only: no key, no request).
    expect(fake.counts).toMatchObject({ yahoo: 2, cboe: 1, total: 3 });
    expect(sample(text, 'stressbot_upstream_requests_total', { source: 'yahoo' })).toBe(2);
    expect(sample(text, 'stressbot_upstream_requests_total', { source: 'cboe' })).toBe(1);
    expect(sample(text, 'stressbot_upstream_errors_total', { source: 'yahoo' })).toBeUndefined();
    expect(sample(text, 'stressbot_upstream_duration_seconds_count', { source: 'cboe' })).toBe(1);

    // Three loads (one per series); the second ask found all three fresh.
    expect(sample(text, 'stressbot_cache_loads_total', { outcome: 'ok' })).toBe(3);
    expect(sample(text, 'stressbot_cache_requests_total', { result: 'miss' })).toBe(3);
    expect(sample(text, 'stressbot_cache_requests_total', { result: 'hit' })).toBe(3);
    expect(sample(text, 'stressbot_cache_requests_total', { result: 'stale' })).toBe(0);

    const charts = first.kind === 'answer' ? first.report.charts.length : 0;
    expect(charts).toBeGreaterThan(0);
    expect(sample(text, 'stressbot_renders_total', { outcome: 'ok' })).toBe(charts);
    expect(sample(text, 'stressbot_render_duration_seconds_count')).toBe(charts);

    // Process metrics come with the bot's prefix, from its own registry.
    expect(sample(text, 'stressbot_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts failed upstream attempts (retries included) by source', async () => {
    const failing = createFakeUpstream({ failRate: 1 });
    const config = fakeLiveConfig({ LIVE_SOURCES: 'KOSPI=yahoo;NDX=yahoo;VIX=cboe' });
    const metrics = createMetrics({ processMetrics: false });
    const o = createOps(config, silentLogger, { metrics, live: { dispatcher: failing.agent, now: () => FAKE_NOW, http: { sleep: async () => {} } }, poolSize: 1 });
    const c = createBotCore({ config, log: silentLogger, ...o.core });
    expect((await c.ask('/kospi-stress')).kind).toBe('data');
    const { body } = await metrics.scrape();
    // Each of the three series: three tries (HTTP 500 is retried twice).
    expect(sample(body, 'stressbot_upstream_requests_total', { source: 'yahoo' })).toBe(6);
    expect(sample(body, 'stressbot_upstream_errors_total', { source: 'yahoo' })).toBe(6);
    expect(sample(body, 'stressbot_upstream_errors_total', { source: 'cboe' })).toBe(3);
    expect(sample(body, 'stressbot_commands_total', { command: 'kospi-stress', outcome: 'data' })).toBe(1);
    expect(sample(body, 'stressbot_cache_loads_total', { outcome: 'error' })).toBe(3);
    // A second registry in the same process: no name collision with the first.
    expect(body).not.toContain('stressbot_process_');
    await o.close();
    await failing.close();
  });
});
