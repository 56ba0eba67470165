// Prometheus metrics for GET /metrics: commands, upstream requests, cache, renders, and the process.
// A Registry of its own (never prom-client's global one), so two bots in one process — or two tests —
// never collide over metric names.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CacheStats } from '../data/cache.ts';
import type { RequestEvent } from '../data/live/http.ts';
import type { MarketData } from '../core/types.ts';
import type { RenderFn } from '../core/pipeline.ts';
import type { HttpServer } from './http.ts';
import { scrubKnown } from '../core/secrets.ts';
import { bearerOk } from '../infra/exposure.ts';

export interface Metrics {
  readonly registry: Registry;
  /** Core's `observe` hook: once per answered command. */
  observeCommand(command: string, outcome: string, ms: number): void;
  /** The live market's `http.onRequest` hook: once per upstream attempt. */
  observeUpstream(event: RequestEvent): void;
  /** `render`, timed and counted. */
  timedRender(render: RenderFn): RenderFn;
  /** Reports `stats` (read at scrape time) as the cache counters. */
  watchCache(stats: CacheStats): void;
  /** The exposition text and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
  /** Adds `GET /metrics` to the bot's HTTP server (asking for `Authorization: Bearer <token>` when given). */
  route(http: HttpServer, opts?: { token?: string }): void;
}

export interface MetricsOptions {
  /** Process metrics (CPU, RSS, heap, event-loop lag) with the `stressbot_` prefix; default true. */
  processMetrics?: boolean;
}

// Commands take milliseconds warm, seconds cold against a slow upstream.
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** `yahoo:^KS11` → `yahoo`: one label value per provider keeps the series count small. */
const providerOf = (source: string): string => source.split(':')[0] || 'unknown';

export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'stressbot_' });

  const commands = new Counter({
    name: 'stressbot_commands_total',
    help: 'Commands answered, by command and outcome (answer, usage, data, rate, error).',
    labelNames: ['command', 'outcome'] as const,
    registers,
  });
  const commandSeconds = new Histogram({
    name: 'stressbot_command_duration_seconds',
    help: 'Time from the line to the Report (parse, data, analytics), by command.',
    labelNames: ['command'] as const,
    buckets: LATENCY_BUCKETS_S,
    registers,
  });
  const upstream = new Counter({
    name: 'stressbot_upstream_requests_total',
    help: 'Upstream HTTP attempts (retries count), by provider.',
    labelNames: ['source'] as const,
    registers,
  });
  const upstreamErrors = new Counter({
    name: 'stressbot_upstream_errors_total',
    help: 'Upstream HTTP attempts that failed (status, timeout, network, HTML or empty body), by provider.',
    labelNames: ['source'] as const,
    registers,
  });
  const upstreamSeconds = new Histogram({
    name: 'stressbot_upstream_duration_seconds',
    help: 'Duration of one upstream attempt, by provider.',
    labelNames: ['source'] as const,
    buckets: LATENCY_BUCKETS_S,
    registers,
  });
  const renders = new Counter({
    name: 'stressbot_renders_total',
    help: 'Charts rendered, by outcome (ok, error).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const renderSeconds = new Histogram({
    name: 'stressbot_render_duration_seconds',
    help: 'Time to render one chart to PNG, queueing included.',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });

  const watched: CacheStats[] = [];
  const sum = (key: keyof CacheStats): number => watched.reduce((s, st) => s + st[key], 0);
  // The cache keeps its own counters; these read them at scrape time rather than mirror every ask.
  new Counter({
    name: 'stressbot_cache_requests_total',
    help: 'Cache asks by result: hit (fresh), miss (needed a load), stale (served an old copy after a failed load).',
    labelNames: ['result'] as const,
    registers,
    collect() {
      this.reset();
      this.inc({ result: 'hit' }, sum('hits'));
      this.inc({ result: 'miss' }, sum('misses'));
      this.inc({ result: 'stale' }, sum('staleServes'));
    },
  });
  new Counter({
    name: 'stressbot_cache_loads_total',
    help: 'Upstream loads the cache started (single-flight: one per cold key), by outcome.',
    labelNames: ['outcome'] as const,
    registers,
    collect() {
      this.reset();
      this.inc({ outcome: 'ok' }, sum('loads') - sum('loadErrors'));
      this.inc({ outcome: 'error' }, sum('loadErrors'));
    },
  });

  const metrics: Metrics = {
    registry,
    observeCommand(command, outcome, ms) {
      commands.inc({ command, outcome });
      commandSeconds.observe({ command }, ms / 1000);
    },
    observeUpstream(e) {
      const source = providerOf(e.source);
      upstream.inc({ source });
      if (!e.ok) upstreamErrors.inc({ source });
      upstreamSeconds.observe({ source }, e.ms / 1000);
    },
    timedRender(render) {
      return async (spec) => {
        const end = renderSeconds.startTimer();
        try {
          const png = await render(spec);
          renders.inc({ outcome: 'ok' });
          return png;
        } catch (err) {
          renders.inc({ outcome: 'error' });
          throw err;
        } finally {
          end();
        }
      };
    },
    watchCache(stats) {
      watched.push(stats);
    },
    async scrape() {
      return { contentType: registry.contentType, body: scrubKnown(await registry.metrics()) };
    },
    route(http, opts = {}) {
      http.route('GET', '/metrics', async (req, res) => {
        if (opts.token && !bearerOk(req, opts.token)) {
          res.writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain' });
          return void res.end('metrics need Authorization: Bearer <METRICS_TOKEN>\n');
        }
        const { contentType, body } = await metrics.scrape();
        res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    },
  };
  return metrics;
}

/** The cache counters of a market that has them (the live one). */
export function cacheStatsOf(market: MarketData): CacheStats | undefined {
  const stats = (market as { cacheStats?: CacheStats }).cacheStats;
  return stats && typeof stats.hits === 'number' ? stats : undefined;
}
