// A fake of the live market's upstreams (Yahoo chart API, CBOE's VIX file, FRED, Stooq) on an undici
// MockAgent, serving the DEMO market's series in each provider's own format, after a delay, failing a
// share of requests. Used by the bench (cold-cache burst), the soak and the /metrics test.
import { MockAgent } from 'undici';
import { testConfig, type Config } from '../src/config.ts';
import { demoData } from '../src/data/demo.ts';
import { TICKERS } from '../src/data/live/sources.ts';
import { SYMBOL_INFO, type CanonicalSymbol } from '../src/data/symbols.ts';
import type { Series } from '../src/core/types.ts';

export const ORIGINS = {
  YAHOO_API_URL: 'http://yahoo.fake',
  CBOE_API_URL: 'http://cboe.fake',
  FRED_API_URL: 'http://fred.fake',
  STOOQ_API_URL: 'http://stooq.fake',
  KRX_API_URL: 'http://krx.fake/svc/apis',
} as const;

/** The demo market's last KRX close: a live market "now" just after it sees fresh series. */
export const FAKE_NOW = new Date('2026-11-20T12:00:00Z');

/** Config for a live market pointed at the fake (no KRX key: KRX-only series are missing, as on a fresh install). */
export function fakeLiveConfig(overrides: Record<string, string> = {}): Config {
  return testConfig({ DATA_SOURCE: 'live', HTTP_TIMEOUT_MS: '3000', ...ORIGINS, ...overrides });
}

export interface FakeUpstreamOptions {
  /** Milliseconds before each answer. */
  delayMs?: number;
  /** Share of requests answered HTTP 500, in [0, 1]. */
  failRate?: number;
  /** Uniform [0, 1) source for the failures (seed it for a repeatable run). */
  random?: () => number;
}

export interface FakeUpstream {
  agent: MockAgent;
  /** Requests received, by provider and in all. */
  readonly counts: Record<'yahoo' | 'cboe' | 'fred' | 'stooq' | 'total' | 'failed', number>;
  close(): Promise<void>;
}

const BY_YAHOO_TICKER = new Map(Object.entries(TICKERS.yahoo).map(([symbol, ticker]) => [ticker, symbol as CanonicalSymbol]));
const BY_FRED_ID = new Map(Object.entries(TICKERS.fred).map(([symbol, id]) => [id, symbol as CanonicalSymbol]));
const TZ: Record<string, { zone: string; openUtc: string }> = {
  KR: { zone: 'Asia/Seoul', openUtc: 'T00:00:00Z' },
  US: { zone: 'America/New_York', openUtc: 'T14:30:00Z' },
  TW: { zone: 'Asia/Taipei', openUtc: 'T01:00:00Z' },
};

function demoSeries(symbol: CanonicalSymbol): Series | undefined {
  return demoData().series(symbol);
}

/** Yahoo v8 chart JSON of a demo series, bars stamped at the session open (as Yahoo does). */
export function yahooChartBody(symbol: CanonicalSymbol, ticker: string): string | undefined {
  const s = demoSeries(symbol);
  if (!s) return undefined;
  const tz = TZ[SYMBOL_INFO[symbol]!.market] ?? TZ.US!;
  return JSON.stringify({
    chart: {
      result: [{
        meta: { symbol: ticker, exchangeTimezoneName: tz.zone, dataGranularity: '1d' },
        timestamp: s.points.map((p) => Date.parse(`${p.date}${tz.openUtc}`) / 1000),
        indicators: { quote: [{
          open: s.points.map((p) => p.open ?? null),
          high: s.points.map((p) => p.high ?? null),
          low: s.points.map((p) => p.low ?? null),
          close: s.points.map((p) => p.close),
          volume: s.points.map((p) => p.volume ?? null),
        }] },
      }],
      error: null,
    },
  });
}

/** CBOE's `DATE,OPEN,HIGH,LOW,CLOSE` layout with MM/DD/YYYY dates. */
function cboeCsv(symbol: CanonicalSymbol): string | undefined {
  const s = demoSeries(symbol);
  if (!s) return undefined;
  const us = (d: string) => `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}`;
  const rows = s.points.map((p) => `${us(p.date)},${p.open ?? p.close},${p.high ?? p.close},${p.low ?? p.close},${p.close}`);
  return `DATE,OPEN,HIGH,LOW,CLOSE\n${rows.join('\n')}\n`;
}

function fredCsv(symbol: CanonicalSymbol, id: string): string | undefined {
  const s = demoSeries(symbol);
  return s && `observation_date,${id}\n${s.points.map((p) => `${p.date},${p.close}`).join('\n')}\n`;
}

export function createFakeUpstream(opts: FakeUpstreamOptions = {}): FakeUpstream {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const random = opts.random ?? Math.random;
  const counts = { yahoo: 0, cboe: 0, fred: 0, stooq: 0, total: 0, failed: 0 };
  const bodies = new Map<string, string | undefined>();
  const once = (key: string, make: () => string | undefined) => (bodies.has(key) ? bodies.get(key) : (bodies.set(key, make()), bodies.get(key)));

  const serve = (origin: string, provider: keyof typeof counts, body: (path: string) => string | undefined, type: string) => {
    const scope = agent
      .get(origin)
      .intercept({ path: () => true })
      .reply(({ path }) => {
        counts[provider]++;
        counts.total++;
        if (random() < (opts.failRate ?? 0)) {
          counts.failed++;
          return { statusCode: 500, data: 'upstream hiccup' };
        }
        const data = body(path);
        if (data === undefined) return { statusCode: 404, data: 'not found' };
        return { statusCode: 200, data, responseOptions: { headers: { 'content-type': type } } };
      });
    if (opts.delayMs) scope.delay(opts.delayMs);
    scope.persist();
  };

  serve(ORIGINS.YAHOO_API_URL, 'yahoo', (path) => {
    const ticker = decodeURIComponent(/\/v8\/finance\/chart\/([^?]+)/.exec(path)?.[1] ?? '');
    const symbol = BY_YAHOO_TICKER.get(ticker);
    return symbol && once(`yahoo:${ticker}`, () => yahooChartBody(symbol, ticker));
  }, 'application/json');
  serve(ORIGINS.CBOE_API_URL, 'cboe', (path) => (/\/VIX_History\.csv/.test(path) ? once('cboe:VIX', () => cboeCsv('VIX')) : undefined), 'text/csv');
  serve(ORIGINS.FRED_API_URL, 'fred', (path) => {
    const id = new URLSearchParams(path.split('?')[1] ?? '').get('id') ?? '';
    const symbol = BY_FRED_ID.get(id);
    return symbol && once(`fred:${id}`, () => fredCsv(symbol, id));
  }, 'text/csv');
  // Stooq answers scripts with a challenge page these days; the fake says so too.
  serve(ORIGINS.STOOQ_API_URL, 'stooq', () => '<!DOCTYPE html><html><body>challenge</body></html>', 'text/html');

  return { agent, counts, close: () => agent.close() };
}
