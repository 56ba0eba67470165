import { readFileSync } from 'node:fs';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchCboe } from '../../../src/data/live/cboe.ts';
import { fetchFred } from '../../../src/data/live/fred.ts';
import { createHttp } from '../../../src/data/live/http.ts';
import { fetchStooq } from '../../../src/data/live/stooq.ts';
import { hasShared, SHARED_REASON, sharedPath } from '../../helpers/shared.ts';
import { dataError, guardUnhandledRejections, script } from './mock.ts';

const ORIGIN = 'https://csv.test';
let agent: MockAgent;
guardUnhandledRejections();
beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(() => agent.close());

const http = () => createHttp({ dispatcher: agent, timeoutMs: 500, sleep: async () => {} });
const recorded = (...p: string[]) => ({ statusCode: 200, data: readFileSync(sharedPath('responses', ...p), 'utf8') });
const fetchedAt = '2026-07-08T12:00:00.000Z';

describe.skipIf(!hasShared)(`CSV providers on recorded files (${SHARED_REASON})`, () => {
  it('FRED DEXKOUS: empty fields are missing days, counted and skipped', async () => {
    script(agent, ORIGIN, '/graph/fredgraph.csv', recorded('fred', 'DEXKOUS.csv'));
    const r = await fetchFred(http(), ORIGIN, { symbol: 'USDKRW', id: 'DEXKOUS', from: '1981-01-01', fetchedAt });
    expect(r.series.source).toBe('fred:DEXKOUS');
    // 11,730 data rows of which 494 are empty (US holidays): 11,236 points.
    expect(r.rejected).toBe(494);
    expect(r.series.points).toHaveLength(11_236);
    // 2024-08-05 1367.68 (the Fed NY noon rate; PROVENANCE), 2026-03-27 1509.86.
    expect(r.series.points.find((p) => p.date === '2024-08-05')?.close).toBe(1367.68);
    expect(r.series.points.at(-1)).toEqual({ date: '2026-03-27', close: 1509.86 });
  });

  it("FRED's old '.' marker is a missing day too", async () => {
    script(agent, ORIGIN, '/graph/fredgraph.csv', { statusCode: 200, data: 'DATE,VIXCLS\n2024-08-02,23.39\n2024-08-05,.\n2024-08-06,27.71\n' });
    const r = await fetchFred(http(), ORIGIN, { symbol: 'VIX', id: 'VIXCLS', from: '2024-08-01', fetchedAt });
    expect(r.rejected).toBe(1);
    expect(r.series.points.map((p) => p.date)).toEqual(['2024-08-02', '2024-08-06']);
  });

  it('CBOE VIX_History.csv: MM/DD/YYYY rows since 1990', async () => {
    const n = script(agent, ORIGIN, '/api/global/us_indices/daily_prices/VIX_History.csv', recorded('cboe', 'VIX_History.csv'));
    const r = await fetchCboe(http(), ORIGIN, { symbol: 'VIX', ticker: 'VIX', fetchedAt });
    expect(n.calls).toBe(1);
    expect(r.series.points).toHaveLength(9_223);
    expect(r.series.points[0]).toEqual({ date: '1990-01-02', open: 17.24, high: 17.24, low: 17.24, close: 17.24 });
    expect(r.series.points.at(-1)).toEqual({ date: '2026-07-07', open: 15.87, high: 16.64, low: 15.53, close: 16.13 });
  });

  it('Stooq, when it does answer CSV: KOSPI 2024-08-05', async () => {
    script(agent, ORIGIN, '/q/d/l/', recorded('stooq', 'kospi_d.csv'));
    const r = await fetchStooq(http(), ORIGIN, { symbol: 'KOSPI', ticker: '^kospi', fetchedAt });
    expect(r.series.source).toBe('stooq:^kospi');
    // 2024-08-05,2611.3,2611.3,2386.96,2441.55,763778000
    expect(r.series.points.find((p) => p.date === '2024-08-05')).toEqual({
      date: '2024-08-05', open: 2611.3, high: 2611.3, low: 2386.96, close: 2441.55, volume: 763_778_000,
    });
  });
});

describe('Stooq refusals', () => {
  it('names the hit limit and an empty answer', async () => {
    script(agent, ORIGIN, '/q/d/l/', { statusCode: 200, data: 'Exceeded the daily hits limit' }, { statusCode: 200, data: 'No data' });
    const a = await dataError(fetchStooq(http(), ORIGIN, { symbol: 'NDX', ticker: '^ndx', fetchedAt }));
    expect(a.message).toBe('NDX from stooq:^ndx: daily hit limit exceeded');
    const b = await dataError(fetchStooq(http(), ORIGIN, { symbol: 'NDX', ticker: '^ndx', fetchedAt }));
    expect(b.message).toBe('NDX from stooq:^ndx: no rows');
  });
});
