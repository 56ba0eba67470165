import { readFileSync } from 'node:fs';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../../src/config.ts';
import { TTL_LATEST_MS, createSeriesCache } from '../../../src/data/cache.ts';
import { createLiveMarket, type LiveMarketOptions } from '../../../src/data/live/index.ts';
import { hasShared, SHARED_REASON, sharedPath } from '../../helpers/shared.ts';
import { dataError, guardUnhandledRejections, script as scriptOn, type Answer } from './mock.ts';

const YAHOO = 'https://yahoo.test';
const FRED = 'https://fred.test';
const CBOE = 'https://cboe.test';
const KRX = 'https://krx.test';
const STOOQ = 'https://stooq.test';
const ENV = {
  DATA_SOURCE: 'live', HTTP_TIMEOUT_MS: '300', YAHOO_API_URL: YAHOO, FRED_API_URL: FRED, CBOE_API_URL: CBOE,
  KRX_API_URL: `${KRX}/svc/apis`, STOOQ_API_URL: STOOQ,
};
const VIX_PATH = '/api/global/us_indices/daily_prices/VIX_History.csv';
const FRED_PATH = '/graph/fredgraph.csv';
const KRX_KEY = 'test-krx-key';

let agent: MockAgent;
guardUnhandledRejections();
beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(() => agent.close());

const serve = (origin: string, path: string, ...answers: (Answer | ((p: string) => Answer))[]) =>
  scriptOn(agent, origin, path, ...answers);
const file = (...parts: string[]): string => readFileSync(sharedPath(...parts), 'utf8');
const ok = (data: string): Answer => ({ statusCode: 200, data });

function market(now: string, env: Record<string, string> = {}, opts: LiveMarketOptions = {}) {
  return createLiveMarket(testConfig({ ...ENV, ...env }), {
    dispatcher: agent,
    now: () => new Date(now),
    http: { sleep: async () => {} },
    ...opts,
  });
}

/** A minimal v8 chart body (the recorded shape, see yahoo.test.ts) with bars at 09:30 New York. */
function yahooBody(ticker: string, bars: [string, number][]): string {
  return JSON.stringify({
    chart: {
      result: [{
        meta: { symbol: ticker, exchangeTimezoneName: 'America/New_York', gmtoffset: -14400 },
        timestamp: bars.map(([d]) => Date.parse(`${d}T13:30:00Z`) / 1000),
        indicators: { quote: [{ close: bars.map(([, c]) => c) }] },
      }],
      error: null,
    },
  });
}
const INVALID_CRUMB: Answer = {
  statusCode: 401,
  data: JSON.stringify({ chart: { result: null, error: { code: 'Unauthorized', description: 'Invalid Crumb' } } }),
  headers: { 'content-type': 'application/json' },
};
const CHALLENGE: Answer = {
  statusCode: 200,
  data: '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><script>challenge()</script></body></html>',
  headers: { 'content-type': 'text/html' },
};

// 2026-07-08 08:00 New York: the latest complete US session is 2026-07-07, the CBOE file's last row.
const JULY_2026 = '2026-07-08T12:00:00Z';

describe.skipIf(!hasShared)(`live market: US series and fallbacks (${SHARED_REASON})`, () => {
  it('serves VIX from the CBOE file, named as its source, not stale', async () => {
    const cboe = serve(CBOE, VIX_PATH, ok(file('responses/cboe/VIX_History.csv')));
    const vix = await market(JULY_2026).series('VIX');
    expect(vix.source).toBe('cboe');
    expect(vix.stale).toBeUndefined();
    // VIX_History.csv: 08/05/2024,23.390000,65.730000,23.390000,38.570000
    expect(vix.points.find((p) => p.date === '2024-08-05')).toMatchObject({ open: 23.39, high: 65.73, close: 38.57 });
    expect(vix.points.at(-1)!.date).toBe('2026-07-07');
    expect(cboe.calls).toBe(1);
  });

  it('falls back to FRED when CBOE keeps failing, and marks the lagging series stale by the calendar', async () => {
    const cboe = serve(CBOE, VIX_PATH, { statusCode: 500 });
    const fred = serve(FRED, FRED_PATH, ok(file('responses/fred/VIXCLS.csv')));
    const vix = await market(JULY_2026).series('VIX');
    expect(cboe.calls).toBe(3);
    expect(fred.paths).toEqual(['/graph/fredgraph.csv?id=VIXCLS&cosd=2006-07-08']);
    expect(vix.source).toBe('fred:VIXCLS');
    expect(vix.points.find((p) => p.date === '2024-08-05')?.close).toBe(38.57);
    // VIXCLS.csv ends 2026-03-17: 76 NYSE sessions before 2026-07-07 (counted by the calendar module).
    expect(vix.stale).toBe('last point 2026-03-17 is 76 sessions behind');
  });

  it('names every source and its reason when all fail (challenge page, 500, Invalid Crumb)', async () => {
    serve(CBOE, VIX_PATH, CHALLENGE);
    serve(FRED, FRED_PATH, { statusCode: 503 });
    const yahoo = serve(YAHOO, '/v8/finance/chart/%5EVIX', INVALID_CRUMB);
    const e = await dataError(market(JULY_2026).series('VIX'));
    expect(e.message).toBe(
      'VIX from cboe, fred, yahoo: cboe: answered HTML instead of CSV (a challenge page?); ' +
        'fred:VIXCLS: HTTP 503 after 3 tries; yahoo:^VIX: HTTP 401',
    );
    expect(yahoo.calls).toBe(1);
  });

  it('serves the cached copy, marked stale with its age, when the only source fails', async () => {
    let t = Date.parse('2026-07-08T12:00:00Z');
    const cache = createSeriesCache({ now: () => t });
    const cboe = serve(CBOE, VIX_PATH, ok(file('responses/cboe/VIX_History.csv')), { statusCode: 500 });
    const m = market(JULY_2026, { LIVE_SOURCES: 'VIX=cboe' }, { cache });
    const fresh = await m.series('VIX');
    t += TTL_LATEST_MS + 60_000;
    const stale = await m.series('VIX');
    expect(cboe.calls).toBe(4);
    expect(stale.points).toEqual(fresh.points);
    expect(stale.source).toBe('cboe');
    expect(stale.stale).toBe('upstream failed (HTTP 500 after 3 tries); served cached copy from 6 min ago');
  });

  it('prefers a fresh fallback to a stale copy, unless the fallback ends earlier', async () => {
    let t = Date.parse('2026-07-08T12:00:00Z');
    const cache = createSeriesCache({ now: () => t });
    serve(CBOE, VIX_PATH, ok(file('responses/cboe/VIX_History.csv')), { statusCode: 500 });
    // FRED first answers its real file (ends 2026-03-17), later a copy reaching 2026-07-07.
    serve(FRED, FRED_PATH, ok(file('responses/fred/VIXCLS.csv')), ok('observation_date,VIXCLS\n2026-07-06,15.57\n2026-07-07,16.13\n'));
    serve(YAHOO, '/v8/finance/chart/%5EVIX', INVALID_CRUMB);
    const m = market(JULY_2026, {}, { cache });
    await m.series('VIX');
    t += TTL_LATEST_MS + 1;
    const first = await m.series('VIX');
    expect([first.source, first.points.at(-1)!.date]).toEqual(['cboe', '2026-07-07']);
    expect(first.stale).toMatch(/^upstream failed \(HTTP 500 after 3 tries\); served cached copy/);
    t += TTL_LATEST_MS + 1;
    const second = await m.series('VIX');
    expect([second.source, second.points.at(-1)!.date, second.stale]).toEqual(['fred:VIXCLS', '2026-07-07', undefined]);
  });

  it('passes over a hanging source, an empty chart and a Stooq challenge page', async () => {
    const dates: [string, number][] = [['2026-07-06', 25_000], ['2026-07-07', 25_100]];
    agent.get(YAHOO).intercept({ path: (p) => p.startsWith('/v8/finance/chart/%5ENDX?') }).reply(200, yahooBody('^NDX', dates)).delay(5_000);
    serve(FRED, FRED_PATH, ok('observation_date,NASDAQ100\n2026-07-06,25000.5\n2026-07-07,.\n'));
    const started = Date.now();
    const ndx = await market(JULY_2026, { LIVE_SOURCES: 'NDX=yahoo,fred' }).series('NDX');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(ndx.source).toBe('fred:NASDAQ100');
    // FRED's '.' for 2026-07-07 is skipped; the series ends a session short, which is not yet stale.
    expect(ndx.points).toEqual([{ date: '2026-07-06', close: 25000.5 }]);
    expect(ndx.stale).toBeUndefined();

    const empty = file('responses/yahoo/chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json');
    serve(YAHOO, '/v8/finance/chart/KRW%3DX', ok(JSON.stringify(JSON.parse(empty).response.bodyJson)));
    serve(STOOQ, '/q/d/l/', CHALLENGE);
    const e = await dataError(market(JULY_2026, { LIVE_SOURCES: 'USDKRW=yahoo,stooq' }).series('USDKRW'));
    expect(e.message).toBe(
      'USDKRW from yahoo, stooq: yahoo:KRW=X: no rows; stooq:usdkrw: answered HTML instead of CSV (a challenge page?)',
    );
  });

  it('makes exactly one upstream request for 200 concurrent asks of a cold series', async () => {
    let calls = 0;
    agent
      .get(YAHOO)
      .intercept({ path: (p) => p.startsWith('/v8/finance/chart/%5ENDX?') })
      .reply(() => (calls++, { statusCode: 200, data: yahooBody('^NDX', [['2026-07-07', 25_100]]) }))
      .delay(30)
      .persist();
    const m = market(JULY_2026);
    const all = await Promise.all(Array.from({ length: 200 }, () => m.series('NDX')));
    expect(calls).toBe(1);
    expect(new Set(all.map((s) => s.points.at(-1)!.close))).toEqual(new Set([25_100]));
    expect(all.every((s) => s.source === 'yahoo:^NDX')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// KRX: one request per board and date; 2024-01-05 is the recorded day.

/** The recorded board of 2024-01-05, re-dated to the asked day; VKOSPI closes at the day of month elsewhere. */
function krxBoard(name: string) {
  const recorded = JSON.parse(file('responses/krx_openapi', `${name}_20240105.json`)) as { OutBlock_1: Record<string, string>[] };
  return (path: string): Answer => {
    const basDd = new URL(path, KRX).searchParams.get('basDd')!;
    const rows = recorded.OutBlock_1.map((r) => {
      const row: Record<string, string> = { ...r, BAS_DD: basDd };
      if (basDd !== '20240105' && row.IDX_NM === '코스피 200 변동성지수') row.CLSPRC_IDX = String(Number(basDd.slice(6)));
      return row;
    });
    return ok(JSON.stringify({ OutBlock_1: rows }));
  };
}
const EMPTY_BOARD = ok('{"OutBlock_1":[]}');
// 2024-01-05 21:00 Seoul, after the close. KRX_HISTORY_DAYS=9 reaches back to 2023-12-27:
// KRX sessions 12-27, 12-28 (12-29 is the year-end closure), 01-02 … 01-05.
const JAN_2024 = '2024-01-05T12:00:00Z';
const KRX_ENV = { KRX_API_KEY: KRX_KEY, KRX_HISTORY_DAYS: '9' };

describe.skipIf(!hasShared)(`live market: KRX Open API (${SHARED_REASON})`, () => {
  it('builds VKOSPI date by date over KRX sessions, and caches each date', async () => {
    const board = serve(KRX, '/svc/apis/idx/drvprod_dd_trd', krxBoard('drvprod_dd_trd'));
    const m = market(JAN_2024, KRX_ENV);
    const vkospi = await m.series('VKOSPI');
    expect(vkospi.source).toBe('krx');
    expect(vkospi.points.map((p) => [p.date, p.close])).toEqual([
      ['2023-12-27', 27], ['2023-12-28', 28], ['2024-01-02', 2], ['2024-01-03', 3], ['2024-01-04', 4], ['2024-01-05', 17.8],
    ]);
    expect(vkospi.stale).toBeUndefined();
    expect(board.paths.map((p) => p.split('basDd=')[1]).sort()).toEqual(['20231227', '20231228', '20240102', '20240103', '20240104', '20240105']);
    await m.series('VKOSPI');
    expect(board.calls).toBe(6);
  });

  it('sends the key in the AUTH_KEY header and never in the URL', async () => {
    const seen: string[] = [];
    agent
      .get(KRX)
      .intercept({ path: (p) => p.startsWith('/svc/apis/idx/drvprod_dd_trd?'), headers: { AUTH_KEY: KRX_KEY } })
      .reply((req) => (seen.push(req.path), krxBoard('drvprod_dd_trd')(req.path)))
      .persist();
    await market(JAN_2024, KRX_ENV).series('VKOSPI');
    expect(seen).toHaveLength(6);
    expect(seen.join()).not.toContain(KRX_KEY);
  });

  it('shares one board request per date between KOSPI and KOSPI 200, and reads ETF net assets', async () => {
    const index = serve(KRX, '/svc/apis/idx/kospi_dd_trd', krxBoard('kospi_dd_trd'));
    serve(KRX, '/svc/apis/etp/etf_bydd_trd', krxBoard('etf_bydd_trd'));
    const m = market(JAN_2024, { ...KRX_ENV, LIVE_SOURCES: 'KOSPI=krx;KOSPI200=krx' });
    const [kospi, k200, lev] = await Promise.all([m.series('KOSPI'), m.series('KOSPI200'), m.series('122630')]);
    expect(index.calls).toBe(6);
    expect(kospi.points.at(-1)).toMatchObject({ date: '2024-01-05', close: 2578.08 });
    expect(k200.points.at(-1)).toMatchObject({ date: '2024-01-05', close: 347.22 });
    expect(lev.source).toBe('krx');
    expect(lev.points.at(-1)).toMatchObject({ close: 17_490, netAssets: 1_914_086_731_121 });
  });

  it("is not stale when today's board is not yet published (one session behind)", async () => {
    const board = krxBoard('drvprod_dd_trd');
    serve(KRX, '/svc/apis/idx/drvprod_dd_trd', (p) => (p.slice(-8) >= '20240105' ? EMPTY_BOARD : board(p)));
    // 2024-01-05 16:00 Seoul: the session has closed, KRX has not published it.
    const vkospi = await market('2024-01-05T07:00:00Z', KRX_ENV).series('VKOSPI');
    expect(vkospi.points.at(-1)!.date).toBe('2024-01-04');
    expect(vkospi.stale).toBeUndefined();
    // Three sessions later with nothing new, it is.
    const later = await market('2024-01-10T07:00:00Z', { ...KRX_ENV, KRX_HISTORY_DAYS: '14' }).series('VKOSPI');
    expect(later.stale).toBe('last point 2024-01-04 is 4 sessions behind');
  });

  it('fails the series when a day fails, naming it; stops asking after a refused key', async () => {
    const board = krxBoard('drvprod_dd_trd');
    serve(KRX, '/svc/apis/idx/drvprod_dd_trd', (p) => (p.endsWith('20240103') ? { statusCode: 500 } : board(p)));
    const e = await dataError(market(JAN_2024, KRX_ENV).series('VKOSPI'));
    expect(e.message).toMatch(/^VKOSPI from krx: HTTP 500 after 3 tries \(on 2024-01-03; [1-3] of 6 days missing\)$/);

    agent = new MockAgent();
    agent.disableNetConnect();
    const refused = serve(KRX, '/svc/apis/idx/drvprod_dd_trd', {
      statusCode: 401, data: '{"respMsg":"Unauthorized API Call","respCode":"401"}',
    });
    const r = await dataError(market(JAN_2024, { ...KRX_ENV, KRX_HISTORY_DAYS: '60' }).series('VKOSPI'));
    expect(r.reason).toMatch(/^HTTP 401 \(on /);
    // About 40 sessions, but only the first requests (4 at a time) go out.
    expect(refused.calls).toBeLessThanOrEqual(4);
  });

  it('fails both series that share a failing board request', async () => {
    const board = krxBoard('kospi_dd_trd');
    const index = serve(KRX, '/svc/apis/idx/kospi_dd_trd', (p) => (p.endsWith('20240104') ? { statusCode: 502 } : board(p)));
    const m = market(JAN_2024, { ...KRX_ENV, LIVE_SOURCES: 'KOSPI=krx;KOSPI200=krx' });
    const [a, b] = await Promise.all([dataError(m.series('KOSPI')), dataError(m.series('KOSPI200'))]);
    expect(a.reason).toMatch(/^HTTP 502 after 3 tries \(on 2024-01-04; /);
    expect(b.reason).toMatch(/^HTTP 502 after 3 tries \(on 2024-01-04; /);
    expect(index.paths.filter((p) => p.endsWith('20240104'))).toHaveLength(3);
  });

  it('says truncated JSON when a board is cut off', async () => {
    serve(KRX, '/svc/apis/idx/drvprod_dd_trd', ok('{"OutBlock_1":[{"BAS_DD":"20240105","IDX_NM":"코스'));
    const e = await dataError(market(JAN_2024, KRX_ENV).series('VKOSPI'));
    expect(e.reason).toMatch(/^truncated JSON \(on /);
  });

  it('serves the KOSPI200 option chain of the latest session on or before asOf, spot from the index board', async () => {
    const opt = JSON.parse(file('responses/krx_openapi/opt_bydd_trd_20240105.json'));
    const options = serve(KRX, '/svc/apis/drv/opt_bydd_trd', (p) => (p.endsWith('20240105') ? ok(JSON.stringify(opt)) : EMPTY_BOARD));
    serve(KRX, '/svc/apis/idx/kospi_dd_trd', krxBoard('kospi_dd_trd'));
    // Monday 2024-01-08 at noon in Seoul: that board is empty, the weekend is skipped, Friday answers.
    const m = market('2024-01-08T03:00:00Z', KRX_ENV);
    const chain = await m.optionChain('2024-01-08');
    expect(chain).toMatchObject({ underlying: 'KOSPI200', date: '2024-01-05', spot: 347.22, multiplier: 250_000 });
    expect(chain!.quotes).toHaveLength(1480);
    expect(chain!.quotes.find((q) => q.type === 'call' && q.strike === 357.5 && q.expiry === '2024-01-11')?.openInterest).toBe(95_152);
    expect(options.paths.map((p) => p.split('basDd=')[1])).toEqual(['20240108', '20240105']);
    await m.optionChain('2024-01-06');
    expect(options.calls).toBe(2);
  });
});

describe('live market without data files', () => {
  it('has no VKOSPI and no option chain without a KRX key, and says why', async () => {
    const m = market(JULY_2026);
    const e = await dataError(m.series('VKOSPI'));
    expect(e.message).toBe('VKOSPI from krx: only KRX serves it here, and KRX_API_KEY is not set');
    expect(await m.optionChain('2026-07-07')).toBeNull();
    expect(m.kind).toBe('live');
    expect(m.demo).toBe(false);
  });

  it('fails within seconds, naming each source, when nothing listens (its own undici Agent, no mock)', async () => {
    const dead = 'http://127.0.0.1:1';
    const m = createLiveMarket(
      testConfig({ ...ENV, CBOE_API_URL: dead, FRED_API_URL: dead, YAHOO_API_URL: dead, HTTP_TIMEOUT_MS: '2000' }),
      { now: () => new Date(JULY_2026) },
    );
    const started = Date.now();
    const e = await dataError(m.series('VIX'));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(e.message).toBe('VIX from cboe, fred, yahoo: cboe: connection refused; fred:VIXCLS: connection refused; yahoo:^VIX: connection refused');
    await m.close();
  });

  it('rejects an unknown symbol with the list of known ones', async () => {
    const e = await dataError(market(JULY_2026).series('AAPL'));
    expect(e.reason).toMatch(/^unknown symbol \(one of KOSPI, KOSPI200, NDX/);
  });

  it('dates Yahoo bars in New York and names the ticker as the source', async () => {
    const yahoo = serve(YAHOO, '/v8/finance/chart/%5ESOX', ok(yahooBody('^SOX', [['2026-07-06', 5000], ['2026-07-07', 5100]])));
    const sox = await market(JULY_2026).series('SOX');
    // LIVE_HISTORY_YEARS=20 (the score ranks against 20 years): from 2006-07-08 00:00 UTC (round(365.25 × 20) =
    // 7305 days back) to the end of 2026-07-09.
    expect(yahoo.paths).toEqual(['/v8/finance/chart/%5ESOX?period1=1152316800&period2=1783641600&interval=1d']);
    expect(sox.source).toBe('yahoo:^SOX');
    expect(sox.points).toEqual([{ date: '2026-07-06', close: 5000 }, { date: '2026-07-07', close: 5100 }]);
  });

  it('puts a live series on one price basis, and says so, as the CSV importer does', async () => {
    // 5000 → 502 is −90 %, beyond the ±25 % a US index can move; 5000/502 = 9.96 ≈ 10 (within 1 %), and on the
    // new basis the move is 502/500 − 1 = +0.4 %: a 10:1 basis change, so earlier closes are divided by 10.
    serve(YAHOO, '/v8/finance/chart/%5ESOX', ok(yahooBody('^SOX', [['2026-07-01', 5000], ['2026-07-02', 502], ['2026-07-07', 510]])));
    const sox = await market(JULY_2026).series('SOX');
    expect(sox.points.map((p) => p.close)).toEqual([500, 502, 510]);
    expect(sox.hygiene).toEqual([
      'SOX: the yahoo:^SOX series jumps −90.0 % on 2026-07-02, beyond the ±25 % a US index can plausibly move: a 10:1 basis change, so prices before 2026-07-02 are divided by 10.',
    ]);
  });
});
