import { describe, expect, it } from 'vitest';
import { answer, parseLine } from '../helpers/registry.ts';
import { DataError } from '../../src/core/errors.ts';
import { volRatio } from '../../src/commands/volRatio.ts';
import { percentileWords } from '../../src/core/presentation.ts';
import type { Point, Report } from '../../src/core/types.ts';
import { ctxOf, loopMean, loopRv, loopSd, onOrBefore, path, strictlyBefore, weekdays, type Rows } from './fakeMarket.ts';
import { realRows } from './realMarket.ts';
import { hasShared, SHARED_REASON } from '../helpers/shared.ts';

// 80 KRX sessions from 2024-01-02 (Seollal 02-09/02-12 closed), New York from 2023-12-26 (MLK, Presidents' Day closed).
const kr = weekdays('2024-01-02', 80, ['2024-02-09', '2024-02-12']);
const us = weekdays('2023-12-26', 86, ['2024-01-15', '2024-02-19']);
const base: Rows = {
  KOSPI: path(kr, 2600, 0.012, 0.7),
  VKOSPI: kr.map((date, k) => ({ date, close: 16 + 4 * Math.sin(0.31 * k) + 0.05 * k })),
  VIX: us.map((date, k) => ({ date, close: 14 + 3 * Math.cos(0.23 * k) })),
  NDX: path(us, 16000, 0.009, 1.3),
};

async function run(line: string, rows: Rows = base): Promise<Report> {
  const o = await answer(line, ctxOf(rows));
  if (o.kind !== 'answer') throw new Error(`${o.kind}: ${o.message}`);
  return o.report;
}

/** The DESIGN.md ratio on every KRX date up to asof by plain loops, then the last `n` values. */
function impliedByHand(rows: Rows, n: number, asof = '9999') {
  const vk = rows.VKOSPI as Point[];
  const vix = rows.VIX as Point[];
  const ratios: number[] = [];
  for (const t of kr.filter((d) => d <= asof)) ratios.push(onOrBefore(vk, t)! / strictlyBefore(vix, t)!);
  const h = ratios.slice(-n);
  const today = h.at(-1)!;
  let below = 0;
  for (const x of h) if (x <= today) below++;
  return { ratio: today, z: (today - loopMean(h)) / loopSd(h), percentile: below / h.length };
}

describe('/vol-ratio on a hand-made market', () => {
  it('ratio, z-score and percentile match plain loops over the DESIGN definition', async () => {
    const r = await run('/vol-ratio lookback=20d');
    const want = impliedByHand(base, 20);
    expect(r.data.basis).toBe('implied');
    expect(r.data.ratio).toBeCloseTo(want.ratio, 12);
    expect(r.data.zScore).toBeCloseTo(want.z, 10);
    expect(r.data.percentile).toBeCloseTo(want.percentile, 12);
    expect(r.data.lookbackSessions).toBe(20);
    expect(r.data.asOf).toBe(kr.at(-1));
    // VIX is New York's previous session: the last KRX date's own VIX row is not used
    expect(r.data.vix).toBe(strictlyBefore(base.VIX as Point[], kr.at(-1)!));
    expect(r.data.vkospi).toBe((base.VKOSPI as Point[]).at(-1)!.close);
  });

  it('charts the ratio with 10-90 and 25-75 bands and a median line', async () => {
    const r = await run('/vol-ratio lookback=30d');
    const panel = r.charts[0]!.panels[0]!;
    expect(panel.labels).toHaveLength(30);
    expect(panel.bands).toHaveLength(2);
    const [outer, inner] = panel.bands!;
    expect(outer!.from).toBeLessThan(inner!.from);
    expect(outer!.to).toBeGreaterThan(inner!.to);
    expect(panel.refLines![0]!.y).toBeCloseTo(r.data.median as number, 12);
    expect(r.sources.map((s) => s.symbol)).toEqual(['KOSPI', 'VKOSPI', 'VIX']);
  });

  it('asof= replays a past day and ignores everything after it', async () => {
    const asof = '2024-03-15';
    const future = (pts: Point[]) => pts.map((p) => (p.date > asof ? { ...p, close: p.close * 3 } : p));
    const shocked: Rows = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, future(v as Point[])]));
    const a = await run(`/vol-ratio lookback=25d asof=${asof}`);
    const b = await run(`/vol-ratio lookback=25d asof=${asof}`, shocked);
    const want = impliedByHand(base, 25, asof);
    expect(a.data.ratio).toBeCloseTo(want.ratio, 12);
    expect(a.data.percentile).toBeCloseTo(want.percentile, 12);
    expect(b.data).toEqual(a.data);
    expect(a.data.asOf).toBe(asof);
  });

  it('falls back to the realized-vol ratio, labelled, when VKOSPI is missing', async () => {
    const rows = { ...base, VKOSPI: new DataError('VKOSPI', 'test', 'HTTP 503') };
    const r = await run('/vol-ratio lookback=20d', rows);
    // KOSPI RV21 at t over its closes up to t / NDX RV21 over New York sessions strictly before t
    const ratios = kr.slice(-20).map((t) => {
      const k = (base.KOSPI as Point[]).filter((p) => p.date <= t).map((p) => p.close);
      const n = (base.NDX as Point[]).filter((p) => p.date < t).map((p) => p.close);
      return loopRv(k, 21) / loopRv(n, 21);
    });
    expect(r.data.basis).toBe('realized');
    expect(r.data.ratio).toBeCloseTo(ratios.at(-1)!, 12);
    expect(r.data.zScore).toBeCloseTo((ratios.at(-1)! - loopMean(ratios)) / loopSd(ratios), 10);
    expect(r.data.vkospi).toBeNull();
    expect(r.headline).toContain('realized');
    expect(r.notes.join(' ')).toMatch(/VKOSPI.*HTTP 503.*realized/);
  });

  it('falls back when VKOSPI is older than its freshness limit (1 KRX session), naming its last close', async () => {
    // Two KRX sessions missing at the end: the ratio history could bridge them, today's value may not.
    const vk = (base.VKOSPI as Point[]).slice(0, -2);
    const r = await run('/vol-ratio lookback=20d', { ...base, VKOSPI: vk });
    expect(r.data.basis).toBe('realized');
    expect(r.notes[0]).toContain(`VKOSPI last close ${vk.at(-1)!.date} is 2 sessions before ${kr.at(-1)}`);
    // One session behind is within the limit: still the implied ratio.
    const one = await run('/vol-ratio lookback=20d', { ...base, VKOSPI: (base.VKOSPI as Point[]).slice(0, -1) });
    expect(one.data.basis).toBe('implied');
  });

  it('lookback longer than the history is a usage error saying how much exists', async () => {
    const o = await answer('/vol-ratio lookback=1y', ctxOf(base));
    expect(o.kind).toBe('usage');
    if (o.kind === 'usage') {
      expect(o.message).toContain(`lookback=1y needs 252 sessions but the VKOSPI/VIX history to ${kr.at(-1)} has 80`);
      expect(o.message).not.toContain('\n');
    }
  });

  it.each([
    ['/vol-ratio lookback=abc', /lookback=abc expected a span like 90d, 6m or 1y\. Example: \/vol-ratio/],
    ['/vol-ratio window=60', /unknown argument "window" \(takes: lookback, asof\)/],
    ['/vol-ratio asof=2024-02-30', /asof=2024-02-30 is not a real calendar date/],
  ])('%s is a one-line usage error', (line, pattern) => {
    expect(() => parseLine(line)).toThrow(pattern);
  });

  it('defaults lookback to 1y', () => {
    expect(parseLine('/vol-ratio').args).toEqual({ lookback: 252 });
    expect(volRatio.name).toBe('vol-ratio');
  });
});

describe.skipIf(!hasShared)(`/vol-ratio on the real VKOSPI and VIX (${SHARED_REASON})`, () => {
  const real = hasShared ? realRows(['KOSPI', 'VKOSPI', 'VIX', 'NDX']) : {};
  it('2024-08-05: VKOSPI 45.86 over Friday 08-02 VIX 23.39, the top of its year', async () => {
    const r = await run('/vol-ratio asof=2024-08-05', real);
    expect(r.data).toMatchObject({ basis: 'implied', vkospi: 45.86, vix: 23.39, percentile: 1 });
    expect(r.data.ratio).toBeCloseTo(45.86 / 23.39, 12);
  });
  it('2019 has no VKOSPI in these files: the realized-vol ratio, labelled', async () => {
    const r = await run('/vol-ratio asof=2019-08-05', real);
    expect(r.data.basis).toBe('realized');
    expect(r.notes[0]).toMatch(/VKOSPI has no close on or before 2019-08-05/);
  });
});

describe('percentileWords', () => {
  it.each([[0.93, '93rd'], [0.02, '2nd'], [0.01, '1st'], [0.11, '11th'], [0.12, '12th'], [0.21, '21st'], [1, '100th'], [0, '0th']])(
    '%s → %s percentile',
    (p, w) => expect(percentileWords(p)).toBe(`${w} percentile`),
  );
});
