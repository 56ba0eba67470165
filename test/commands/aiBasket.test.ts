import { describe, expect, it } from 'vitest';
import { answer, parseLine } from '../helpers/registry.ts';
import { DataError } from '../../src/core/errors.ts';
import { parseBasket } from '../../src/commands/aiBasket.ts';
import type { Point, Report } from '../../src/core/types.ts';
import { ctxOf, loopCorrBeta, loopMean, onOrBefore, path, strictlyBefore, weekdays, type Rows } from './fakeMarket.ts';

// 90 KRX sessions; TSMC on Taiwan's calendar (its own Lunar New Year and Tomb-Sweeping holidays); US indices on New York's.
const kr = weekdays('2024-01-02', 90, ['2024-02-09', '2024-02-12']);
const tw = weekdays('2024-01-02', 90, ['2024-02-08', '2024-02-13', '2024-02-14', '2024-04-04']);
const us = weekdays('2023-12-26', 96, ['2024-01-15', '2024-02-19', '2024-03-29']);
const rows: Rows = {
  KOSPI: path(kr, 2600, 0.01, 0.7),
  SAMSUNG: path(kr, 78000, 0.018, 1.1),
  SKHYNIX: path(kr, 140000, 0.025, 1.7),
  TSMC: path(tw, 600, 0.015, 2.3),
  NDX: path(us, 16000, 0.011, 1.3),
  SOX: path(us, 4000, 0.02, 0.9),
};
const members = ['SAMSUNG', 'SKHYNIX', 'TSMC'];

async function run(line: string, r: Rows = rows, env: Record<string, string> = {}): Promise<Report> {
  const o = await answer(line, ctxOf(r, env));
  if (o.kind !== 'answer') throw new Error(`${o.kind}: ${o.message}`);
  return o.report;
}

/** Everything on KRX dates: members on or before t, US indices strictly before t (plain loops). */
function byHand(syms: string[]) {
  const at = (s: string, t: string) => (['NDX', 'SOX'].includes(s) ? strictlyBefore : onOrBefore)(rows[s] as Point[], t)!;
  const ret = (s: string, n: number) => at(s, kr.at(-1)!) / at(s, kr.at(-1 - n)!) - 1;
  const daily = (s: string) => kr.slice(-61).map((t, i, d) => (i === 0 ? NaN : at(s, t) / at(s, d[i - 1]!) - 1)).slice(1);
  const r1 = syms.map((s) => ret(s, 21));
  const m = loopMean(r1);
  let ss = 0;
  for (const r of r1) ss += (r - m) ** 2;
  const lnNdx = daily('NDX').map((x) => Math.log(1 + x));
  const basketLn = daily(syms[0]!).map((_, i) => Math.log(1 + loopMean(syms.map((s) => daily(s)[i]!))));
  const pairs: number[] = [];
  for (let a = 0; a < syms.length; a++)
    for (let b = a + 1; b < syms.length; b++)
      pairs.push(loopCorrBeta(daily(syms[a]!).map((x) => Math.log(1 + x)), daily(syms[b]!).map((x) => Math.log(1 + x))).corr);
  return {
    r1, r3: syms.map((s) => ret(s, 63)), ndx1: ret('NDX', 21), sox1: ret('SOX', 21), ndx3: ret('NDX', 63),
    dispersion: Math.sqrt(ss / r1.length),
    corrNdx: syms.map((s) => loopCorrBeta(daily(s).map((x) => Math.log(1 + x)), lnNdx).corr),
    basketCorr: loopCorrBeta(basketLn, lnNdx).corr,
    avgPair: loopMean(pairs),
  };
}

describe('/ai-basket on a hand-made market', () => {
  it('member and basket returns, relative returns, correlations and dispersion match plain loops', async () => {
    const r = await run('/ai-basket');
    const h = byHand(members);
    const got = r.data.members as { symbol: string; return1m: number; return3m: number; relVsNdx1m: number; relVsSox1m: number; corrNdx60: number }[];
    expect(got.map((m) => m.symbol)).toEqual(members);
    got.forEach((m, i) => {
      expect(m.return1m).toBeCloseTo(h.r1[i]!, 12);
      expect(m.return3m).toBeCloseTo(h.r3[i]!, 12);
      expect(m.relVsNdx1m).toBeCloseTo(h.r1[i]! - h.ndx1, 12);
      expect(m.relVsSox1m).toBeCloseTo(h.r1[i]! - h.sox1, 12);
      expect(m.corrNdx60).toBeCloseTo(h.corrNdx[i]!, 12);
    });
    const basket = r.data.basket as { return1m: number; return3m: number; relVsNdx1m: number; corrNdx60: number };
    expect(basket.return1m).toBeCloseTo(loopMean(h.r1), 12);
    expect(basket.return3m).toBeCloseTo(loopMean(h.r3), 12);
    expect(basket.relVsNdx1m).toBeCloseTo(loopMean(h.r1) - h.ndx1, 12);
    expect(basket.corrNdx60).toBeCloseTo(h.basketCorr, 12);
    expect(r.data.ndx).toEqual({ return1m: expect.closeTo(h.ndx1, 12), return3m: expect.closeTo(h.ndx3, 12) });
    expect(r.data.dispersion1m).toBeCloseTo(h.dispersion, 12);
    expect(r.data.avgPairwiseCorr60).toBeCloseTo(h.avgPair, 12);
    expect(r.data.asOf).toBe(kr.at(-1));
  });

  it('charts the basket vs NDX and SOX over its 3-month horizon, and every 1m and 3m return', async () => {
    const r = await run('/ai-basket');
    const [lines, bars] = r.charts[0]!.panels;
    expect(lines!.series.map((s) => s.name)).toEqual(['AI basket (equal weight)', 'NDX', 'SOX']);
    for (const s of lines!.series) expect(s.values[0]).toBeCloseTo(100, 12);
    expect(lines!.labels).toEqual(kr.slice(-64)); // 63 sessions of returns
    expect(lines!.vLines![0]!.x).toBe(63 - 21); // one month before the last session
    // the line's last point is the basket's own 3m return
    expect(lines!.series[0]!.values.at(-1)! / 100 - 1).toBeCloseTo((r.data.basket as { return3m: number }).return3m, 12);
    expect(bars!.labels).toEqual(['Basket', ...members, 'NDX', 'SOX']);
    expect(bars!.series.map((s) => s.name)).toEqual(['1m return', '3m return']);
    expect(bars!.series[0]!.values[0]).toBeCloseTo((r.data.basket as { return1m: number }).return1m, 12);
  });

  it('a missing member is listed with a note, not a failure', async () => {
    const r = await run('/ai-basket', { ...rows, SKHYNIX: new DataError('SKHYNIX', 'test', 'HTTP 404') });
    const h = byHand(['SAMSUNG', 'TSMC']);
    expect((r.data.members as { symbol: string }[]).map((m) => m.symbol)).toEqual(['SAMSUNG', 'TSMC']);
    expect(r.data.missing).toEqual([{ symbol: 'SKHYNIX', reason: 'SKHYNIX from test: HTTP 404' }]);
    expect((r.data.basket as { return1m: number }).return1m).toBeCloseTo(loopMean(h.r1), 12);
    expect(r.notes[0]).toMatch(/SKHYNIX missing/);
  });

  it('a member older than its freshness limit (1 session of its market) is missing, its last close named', async () => {
    const samsung = (rows.SAMSUNG as Point[]).slice(0, -2);
    const r = await run('/ai-basket', { ...rows, SAMSUNG: samsung });
    expect((r.data.missing as { symbol: string; reason: string }[])[0]).toMatchObject({ symbol: 'SAMSUNG' });
    expect((r.data.missing as { reason: string }[])[0]!.reason).toMatch(new RegExp(`^SAMSUNG last close ${samsung.at(-1)!.date} is 2 sessions before `));
  });

  it('all members missing is a data error', async () => {
    const gone = Object.fromEntries(members.map((s) => [s, new DataError(s, 'test', 'gone')]));
    const o = await answer('/ai-basket', ctxOf({ ...rows, ...gone }));
    expect(o.kind).toBe('data');
  });

  it('reads the basket from AI_BASKET and replays asof', async () => {
    const r = await run('/ai-basket asof=2024-04-30', rows, { AI_BASKET: ' tsmc, Samsung ,' });
    expect((r.data.members as { symbol: string }[]).map((m) => m.symbol)).toEqual(['TSMC', 'SAMSUNG']);
    expect(r.data.asOf).toBe('2024-04-30');
    const t = '2024-04-30';
    const d = kr.filter((x) => x <= t);
    const want = onOrBefore(rows.TSMC as Point[], t)! / onOrBefore(rows.TSMC as Point[], d.at(-22)!)! - 1;
    expect((r.data.members as { return1m: number }[])[0]!.return1m).toBeCloseTo(want, 12);
  });

  it('parses the configured list and rejects unknown arguments', () => {
    expect(parseBasket('SAMSUNG, skhynix,,TSMC,samsung')).toEqual(['SAMSUNG', 'SKHYNIX', 'TSMC']);
    expect(() => parseLine('/ai-basket window=60')).toThrow(/unknown argument "window" \(takes: asof\)\. Example: \/ai-basket/);
  });
});
