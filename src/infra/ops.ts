// The bot process's operational wiring, shared by `npm start` (src/main.ts) and the bench so the bench
// measures what runs: metrics on every command, upstream request and render; renders on worker threads;
// identical concurrent asks sharing one run and one set of PNGs.
import type { Config } from '../config.ts';
import type { LiveMarketOptions } from '../data/live/index.ts';
import { createMarketData } from '../data/index.ts';
import type { RenderPool } from '../render/pool.ts';
import type { MarketData } from '../core/types.ts';
import type { CoreOptions, RenderFn } from '../core/pipeline.ts';
import type { Logger } from './log.ts';
import { cacheStatsOf, createMetrics, type Metrics } from './metrics.ts';
import { sharingCommands, sharingRender } from '../core/share.ts';
import { closeSharedRedis, sharedRedis } from './redis.ts';
import { commands as registry } from '../commands/registry.ts';

export interface Ops {
  metrics: Metrics;
  market: MarketData;
  /** Its workers start on the first chart or on `warm()`. */
  pool: LazyRenderPool;
  /** For createCore / buildCore. */
  core: Pick<CoreOptions, 'market' | 'render' | 'observe' | 'commands'>;
  /** Stops the render workers and releases the market's connections. */
  close(): Promise<void>;
}

export interface OpsOptions {
  /** Live market knobs (tests and the bench pass a MockAgent dispatcher and a clock). */
  live?: Omit<LiveMarketOptions, 'log'>;
  /** Render pool size (default: one worker per spare core). */
  poolSize?: number;
  metrics?: Metrics;
}

export function createOps(config: Config, log: Logger, opts: OpsOptions = {}): Ops {
  const metrics = opts.metrics ?? createMetrics();
  const live = opts.live ?? {};
  const market = createMarketData(config, log, {
    ...(config.REDIS_URL ? { redis: sharedRedis(config.REDIS_URL, log) } : {}),
    ...live,
    http: { ...live.http, onRequest: metrics.observeUpstream },
  });
  const stats = cacheStatsOf(market);
  if (stats) metrics.watchCache(stats);
  // Charts render on worker threads so a burst of charts never delays a Slack/Discord ack; in
  // process only if no worker could start.
  const pool = lazyRenderPool(opts.poolSize);
  const inPool: RenderFn = async (spec) => ((await pool.started()).size > 0 ? pool.render(spec) : import('../render/chart.ts').then((m) => m.renderChart(spec)));
  return {
    metrics,
    market,
    pool,
    core: {
      market,
      render: sharingRender(metrics.timedRender(inPool)),
      observe: metrics.observeCommand,
      commands: sharingCommands(registry),
    },
    async close() {
      await Promise.allSettled([pool.close(), (market as { close?: () => Promise<void> }).close?.()]);
      await closeSharedRedis();
    },
  };
}

export interface LazyRenderPool extends Omit<RenderPool, 'size'> {
  /** The workers, started (and their module loaded) on first use. */
  started(): Promise<RenderPool>;
  /** Starts the workers now, so the first chart does not wait for them to boot. */
  warm(): void;
}

/** A render pool whose workers boot on first use: the first answer (text and chart URLs) needs none, and a
 *  worker's boot (~120 ms CPU: an isolate, the canvas addon and its font) would share a busy machine with it.
 *  Its module (and node:worker_threads) loads then too. */
function lazyRenderPool(size?: number): LazyRenderPool {
  let pool: Promise<RenderPool> | undefined;
  let closed = false;
  const started = () => pool ?? (closed ? Promise.reject(new Error('render pool closed')) : (pool = import('../render/pool.ts').then((m) => m.createRenderPool(size))));
  return {
    started,
    render: (spec) => (closed ? Promise.reject(new Error('render pool closed')) : started().then((p) => p.render(spec))),
    warm: () => void (closed || started()),
    async close() {
      closed = true;
      await (await pool)?.close();
    },
  };
}
