// DATA_SOURCE=live: the real providers behind MarketData. Each symbol tries its providers in
// order (sources.ts); each provider answer goes through the cache (TTL, single-flight,
// stale-if-error); a series whose last point lags the calendar is served marked stale.
import pLimit from 'p-limit';
import type { Dispatcher } from 'undici';
import { silentLogger, type Logger } from '../../core/ports.ts';
import type { Config } from '../../config.ts';
import { DataError } from '../../core/errors.ts';
import type { MarketData, OptionChain, Point, Series } from '../../core/types.ts';
import { TTL_LATEST_MS, createCacheStore, createSeriesCache, ttlForDate, type CacheStats, type RedisHandle, type SeriesCache } from '../cache.ts';
import { addDays, isKrxTradingDay, krxSessions, previousKrxSession, seoulDate, sessionsBehind } from '../calendar.ts';
import { withCleanBasis } from '../hygiene.ts';
import { SYMBOLS, SYMBOL_INFO, isSymbol, type CanonicalSymbol } from '../symbols.ts';
import { fetchCboe } from './cboe.ts';
import { fetchFred } from './fred.ts';
import { createHttp, defaultDispatcher, type HttpOptions } from './http.ts';
import { KRX_SERIES, fetchKrxBoard, parseKrxOptionChain, type KrxBoard } from './krx.ts';
import { TICKERS, sourceChains, type ProviderId } from './sources.ts';
import { fetchStooq } from './stooq.ts';
import { fetchYahoo } from './yahoo.ts';

export { createHttp, defaultDispatcher } from './http.ts';
export { parseKrxOptionChain, parseKrxPortal, kospi200Expiry } from './krx.ts';
export { parseYahooChart } from './yahoo.ts';
export { DEFAULT_SOURCES, PROVIDERS, TICKERS, parseLiveSources, sourceChains, type ProviderId } from './sources.ts';

export interface LiveMarketOptions {
  /** undici dispatcher for every request (tests pass a MockAgent); default: an Agent with timeouts. */
  dispatcher?: Dispatcher;
  log?: Logger;
  now?: () => Date;
  /** Default: memory, or Redis through `redis`. */
  cache?: SeriesCache;
  /** The process's Redis client (REDIS_URL), shared by replicas as the cache's store. */
  redis?: RedisHandle;
  /** HTTP knobs for tests (sleep, retries, backoff); timeouts come from config. */
  http?: Partial<Omit<HttpOptions, 'dispatcher' | 'timeoutMs' | 'log' | 'now'>>;
}

export interface LiveMarket extends MarketData {
  /** Release the HTTP agent and cache connections this market opened. */
  close(): Promise<void>;
  /** The cache's counters (hits, misses, stale serves, loads), for /metrics. */
  readonly cacheStats: CacheStats;
}

/** KRX Open API requests in flight at once, across all symbols and dates. */
const KRX_CONCURRENCY = 4;
/** Sessions to walk back from `asOf` looking for an options board. */
const OPTION_LOOKBACK_SESSIONS = 5;

type Day = Partial<Record<CanonicalSymbol, Point>>;
/** The first failure while assembling a KRX series: later requests of that series are not sent. */
type Abort = { error?: unknown; date?: string };

const reasonOf = (err: unknown): string => (err instanceof DataError ? err.reason : (err as Error)?.message ?? String(err));

export function createLiveMarket(config: Config, opts: LiveMarketOptions = {}): LiveMarket {
  const log = opts.log ?? silentLogger;
  const now = opts.now ?? (() => new Date());
  const ownDispatcher = opts.dispatcher ? undefined : defaultDispatcher(config.HTTP_TIMEOUT_MS);
  const http = createHttp({ ...opts.http, dispatcher: opts.dispatcher ?? ownDispatcher, timeoutMs: config.HTTP_TIMEOUT_MS, log, now });
  // Sized for a year of KRX days on three boards plus every whole-history series.
  const cache = opts.cache ?? createSeriesCache({ store: createCacheStore(opts.redis, 5000), log });
  const chains = sourceChains(config);
  const krxLimit = pLimit(KRX_CONCURRENCY);
  const apiKey = config.KRX_API_KEY ?? '';

  /** A whole-history provider: one request for the full series. */
  async function loadWhole(provider: Exclude<ProviderId, 'krx'>, symbol: CanonicalSymbol, ticker: string): Promise<Series> {
    const fetchedAt = now().toISOString();
    const today = fetchedAt.slice(0, 10);
    const from = addDays(today, -Math.round(365.25 * config.LIVE_HISTORY_YEARS));
    switch (provider) {
      case 'yahoo': {
        const r = await fetchYahoo(http, config.YAHOO_API_URL, { symbol, ticker, from, to: addDays(today, 1), fetchedAt });
        if (r.dropped) log.info({ symbol, source: r.series.source, dropped: r.dropped }, 'null bars dropped');
        return r.series;
      }
      case 'fred': {
        const r = await fetchFred(http, config.FRED_API_URL, { symbol, id: ticker, from, fetchedAt });
        if (r.rejected) log.debug({ symbol, source: r.series.source, missing: r.rejected }, 'missing days skipped');
        return r.series;
      }
      case 'cboe':
        return (await fetchCboe(http, config.CBOE_API_URL, { symbol, ticker, fetchedAt })).series;
      case 'stooq':
        return (await fetchStooq(http, config.STOOQ_API_URL, { symbol, ticker, fetchedAt })).series;
    }
  }

  /**
   * One KRX board on one date, reduced to the points of the symbols it carries ({} when KRX has
   * none). A failure is recorded in `abort` before the next queued request starts, so a refused
   * key or a dead host costs a handful of requests, not one per day.
   */
  async function krxDay(board: KrxBoard, date: string, asker: string, abort?: Abort): Promise<{ day: Day; stale?: string }> {
    const r = await cache.get(`krx:${board}:${date}`, ttlForDate('KR', date, now()), () =>
      krxLimit(async () => {
        if (abort?.error !== undefined) throw abort.error;
        try {
          const rows = await fetchKrxBoard(http, { baseUrl: config.KRX_API_URL, apiKey, board, date, symbol: asker });
          const day: Day = {};
          for (const [symbol, spec] of Object.entries(KRX_SERIES)) {
            const p = spec.board === board ? spec.pick(rows) : undefined;
            if (p) day[symbol as CanonicalSymbol] = p;
          }
          return day;
        } catch (err) {
          if (abort && abort.error === undefined) Object.assign(abort, { error: err, date });
          throw err;
        }
      }),
    );
    return { day: r.value, stale: r.stale };
  }

  /** A KRX series assembled date by date over KRX_HISTORY_DAYS; any failed day fails the series. */
  async function loadKrx(symbol: CanonicalSymbol): Promise<{ series: Series; stale?: string }> {
    const spec = KRX_SERIES[symbol];
    if (!spec) throw new DataError(symbol, 'krx', 'not on the KRX boards this bot reads');
    const today = seoulDate(now());
    const dates = krxSessions(addDays(today, -config.KRX_HISTORY_DAYS), today);
    const abort: Abort = {};
    let stale: string | undefined;
    const days = await Promise.all(
      dates.map((date) =>
        krxDay(spec.board, date, symbol, abort).then(
          (d) => ((stale ??= d.stale), d.day),
          (err: unknown) => {
            // Also a failure of a load another series started for the same board and date.
            if (abort.error === undefined) Object.assign(abort, { error: err, date });
            return undefined;
          },
        ),
      ),
    );
    if (abort.error !== undefined) {
      const missing = days.filter((d) => d === undefined).length;
      throw new DataError(symbol, 'krx', `${reasonOf(abort.error)} (on ${abort.date}; ${missing} of ${dates.length} days missing)`);
    }
    const points = days.flatMap((d) => (d?.[symbol] ? [d[symbol]] : []));
    if (points.length === 0) throw new DataError(symbol, 'krx', `no rows from ${dates[0]} to ${today}`);
    const series: Series = { symbol, points, source: 'krx', fetchedAt: now().toISOString() };
    return { series, stale: stale && `some KRX days: ${stale}` };
  }

  async function fromProvider(provider: ProviderId, symbol: CanonicalSymbol): Promise<{ series: Series; stale?: string }> {
    if (provider === 'krx') return loadKrx(symbol);
    const ticker = TICKERS[provider][symbol]!;
    const r = await cache.get(`live:${provider}:${ticker}`, TTL_LATEST_MS, () => loadWhole(provider, symbol, ticker));
    return { series: r.value, stale: r.stale };
  }

  /** Marks a series stale when served from cache after a failure or lagging the calendar by > 1 session. */
  function served(symbol: CanonicalSymbol, raw: Series, cacheStale?: string): Series {
    const { series, breaks } = withCleanBasis(raw);
    if (breaks.length) log.warn({ symbol, source: series.source, breaks }, 'live basis break: adjusted or cut');
    const last = series.points.at(-1)!;
    // Taiwan has no calendar here: KRX's is the nearest (both close for Lunar New Year, TWSE longer).
    const market = SYMBOL_INFO[symbol]!.market === 'US' ? 'US' : 'KR';
    const behind = sessionsBehind(market, last.date, now());
    const notes = [cacheStale, behind > 1 ? `last point ${last.date} is ${behind} sessions behind` : undefined].filter(Boolean);
    return notes.length ? { ...series, stale: notes.join('; ') } : series;
  }

  async function series(symbol: string): Promise<Series> {
    if (!isSymbol(symbol)) {
      throw new DataError(symbol, 'live', `unknown symbol (one of ${SYMBOLS.map((s) => s.symbol).join(', ')})`);
    }
    const chain = chains[symbol];
    // Only KRX sources are ever dropped from a chain, and only for want of a key.
    if (chain.length === 0) throw new DataError(symbol, 'krx', 'only KRX serves it here, and KRX_API_KEY is not set');
    const failures: DataError[] = [];
    const fallbacks: { series: Series; stale?: string }[] = [];
    const lastDate = (s: Series): string => s.points.at(-1)!.date;
    for (const provider of chain) {
      try {
        const got = await fromProvider(provider, symbol);
        // A fresh answer beats a stale copy from an earlier source, unless it ends earlier.
        if (!got.stale && fallbacks.every((f) => lastDate(got.series) >= lastDate(f.series))) return served(symbol, got.series);
        fallbacks.push(got);
      } catch (err) {
        const e = err instanceof DataError ? err : new DataError(symbol, provider, reasonOf(err));
        if (!(err instanceof DataError)) log.error({ err, symbol, provider }, 'live provider bug');
        log.warn({ symbol, source: e.source, reason: e.reason }, 'live source failed');
        failures.push(e);
      }
    }
    const best = fallbacks.reduce<(typeof fallbacks)[number] | undefined>(
      (a, b) => (a && lastDate(a.series) >= lastDate(b.series) ? a : b),
      undefined,
    );
    if (best) return served(symbol, best.series, best.stale);
    if (failures.length === 1) throw failures[0]!;
    throw new DataError(symbol, chain.join(', '), failures.map((e) => `${e.source}: ${e.reason}`).join('; '));
  }

  async function optionChain(asOf: string): Promise<OptionChain | null> {
    if (!config.KRX_API_KEY) return null;
    const today = seoulDate(now());
    let date = asOf < today ? asOf : today;
    if (!isKrxTradingDay(date)) date = previousKrxSession(date);
    for (let i = 0; i < OPTION_LOOKBACK_SESSIONS; i++) {
      const d = date;
      const r = await cache.get(`krx:optionchain:${d}`, ttlForDate('KR', d, now()), async () => {
        const rows = await krxLimit(() =>
          fetchKrxBoard(http, { baseUrl: config.KRX_API_URL, apiKey, board: 'options', date: d, symbol: 'KOSPI200 options' }),
        );
        if (rows.length === 0) return null;
        const spot = (await krxDay('index', d, 'KOSPI200')).day.KOSPI200?.close;
        if (!spot) throw new DataError('KOSPI200 options', 'krx', `no KOSPI 200 close on ${d} for the spot`);
        return parseKrxOptionChain({ OutBlock_1: rows }, spot, { fetchedAt: now().toISOString() });
      });
      if (r.value) return r.value;
      date = previousKrxSession(d);
    }
    return null;
  }

  return {
    kind: 'live',
    demo: false,
    cacheStats: cache.stats,
    series,
    optionChain,
    async close() {
      if (!opts.cache) await cache.close();
      await ownDispatcher?.close();
    },
  };
}
