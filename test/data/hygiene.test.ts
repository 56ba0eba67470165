// Basis breaks at import (issue 13 item 3): known answers on hand-made rows and on the real FDR files.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dailyLimit, repairBasisBreaks } from '../../src/data/hygiene.ts';
import { csvMarket } from '../../src/data/csvMarket.ts';
import { answer, commands } from '../helpers/registry.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import type { Point } from '../../src/core/types.ts';
import { hasShared, SHARED_REASON, sharedPath } from '../helpers/shared.ts';

const pts = (rows: [string, number][]): Point[] => rows.map(([date, close]) => ({ date, close }));

describe('repairBasisBreaks', () => {
  it('uses the KRX limit in force on the day: ±15 % before 2015-06-15, ±30 % from it', () => {
    expect(dailyLimit('krx', '2015-06-12')).toBe(0.15);
    expect(dailyLimit('krx', '2015-06-15')).toBe(0.3);
    expect(dailyLimit('us-index', '1987-10-19')).toBe(0.25);
    // +14.9 % in 2010 and +29 % in 2020 are real moves; +20 % in 2010 is not (no whole split ratio: cut).
    expect(repairBasisBreaks('X', pts([['2010-01-04', 100], ['2010-01-05', 114.9]]), 'krx').breaks).toEqual([]);
    expect(repairBasisBreaks('X', pts([['2020-01-02', 100], ['2020-01-03', 129]]), 'krx').breaks).toEqual([]);
    const cut = repairBasisBreaks('X', pts([['2010-01-04', 100], ['2010-01-05', 101], ['2010-01-06', 121.2], ['2010-01-07', 122]]), 'krx');
    expect(cut.points.map((p) => p.date)).toEqual(['2010-01-06', '2010-01-07']);
    expect(cut.breaks).toMatchObject([{ date: '2010-01-06', action: 'cut' }]);
    expect(cut.notes[0]).toBe('X: the file jumps +20.0 % on 2010-01-06 (101 → 121.2), beyond the KRX daily limit and no whole split ratio: history before 2010-01-06 is not used.');
  });

  it('a whole split ratio whose implied move is inside the limit is put on the new basis', () => {
    // 1,000,000 → 20,100: ratio 49.75 ≈ 50 (0.5 % off); on the new basis 20,000 → 20,100 = +0.5 %.
    const r = repairBasisBreaks('S', [
      { date: '2018-01-02', open: 990_000, high: 1_010_000, low: 980_000, close: 1_000_000, volume: 7 },
      { date: '2018-01-03', close: 20_100 },
    ], 'krx');
    expect(r.breaks).toMatchObject([{ date: '2018-01-03', action: 'adjusted', factor: 1 / 50 }]);
    expect(r.points[0]).toEqual({ date: '2018-01-02', open: 19_800, high: 20_200, low: 19_600, close: 20_000, volume: 7 });
    expect(r.notes[0]).toMatch(/^S: the file jumps −98\.0 % on 2018-01-03, beyond the KRX daily limit: a 50:1 basis change, so prices before 2018-01-03 are divided by 50\.$/);
  });

  it('a US index may move up to ±25 %: −22.6 % (1987-10-19) stays, −40 % is cut', () => {
    expect(repairBasisBreaks('NDX', pts([['1987-10-16', 100], ['1987-10-19', 77.4]]), 'us-index').breaks).toEqual([]);
    expect(repairBasisBreaks('NDX', pts([['2000-01-03', 100], ['2000-01-04', 60]]), 'us-index').breaks).toMatchObject([{ action: 'cut' }]);
  });
});

describe.skipIf(!hasShared)(`the FDR Samsung and SK hynix exports (${SHARED_REASON})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-hygiene-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  if (hasShared) {
    symlinkSync(sharedPath('series/samsung_005930_fdr_2000_2025.csv'), join(dir, 'SAMSUNG.csv'));
    symlinkSync(sharedPath('series/skhynix_000660_fdr_2000_2025.csv'), join(dir, 'SKHYNIX.csv'));
    symlinkSync(sharedPath('series/kospi_ks11_fdr_1980_2025.csv'), join(dir, 'KOSPI.csv'));
    symlinkSync(sharedPath('series/ndx_yahoo_1985_2026.csv'), join(dir, 'NDX.csv'));
    symlinkSync(sharedPath('series/sox_close_1994_2026.json'), join(dir, 'SOX.json'));
  }

  it('Samsung: 2017-12-28 2,548,000 → 2018-01-02 51,020 is the ÷50 basis, adjusted; SK hynix 2001-12-28 2,420 → 54,570 is cut', async () => {
    const m = csvMarket(dir);
    const s = await m.series('SAMSUNG');
    const at = (d: string) => s.points.find((p) => p.date === d)!;
    // 2,548,000 / 50 = 50,960; 51,020 / 50,960 − 1 = +0.1177 % (the file's own `change` column says +0.12 %)
    expect(at('2017-12-28').close).toBe(50_960);
    expect(at('2018-01-02').close / at('2017-12-28').close - 1).toBeCloseTo(0.001177, 6);
    expect(s.points[0]!.date).toBe('2000-01-04');
    expect(s.hygiene).toEqual(['SAMSUNG: the file jumps −98.0 % on 2018-01-02, beyond the KRX daily limit: a 50:1 basis change, so prices before 2018-01-02 are divided by 50.']);
    // 54,570 / 2,420 = 22.55: not a whole ratio (22 or 23 is 2 % off), so the history starts at the break.
    const h = await m.series('SKHYNIX');
    expect(h.points[0]!.date).toBe('2002-01-02');
    expect(h.hygiene).toEqual(['SKHYNIX: the file jumps +2155.0 % on 2002-01-02 (2420 → 54570), beyond the KRX daily limit and no whole split ratio: history before 2002-01-02 is not used.']);
    // No other move in either file is beyond the limit once those are handled.
    for (const x of [s, h]) {
      for (let i = 1; i < x.points.length; i++) {
        expect(Math.abs(x.points[i]!.close / x.points[i - 1]!.close - 1), `${x.symbol} ${x.points[i]!.date}`).toBeLessThanOrEqual(dailyLimit('krx', x.points[i]!.date) + 0.005);
      }
    }
  });

  it('/ai-basket says so, and no longer reports a +1,273 % month or Samsung −98 %', async () => {
    const ctx = { market: csvMarket(dir), now: new Date('2026-01-01T00:00:00Z'), config: { ...testConfig(), AI_BASKET: 'SAMSUNG,SKHYNIX' }, log: silentLogger, commands };
    const o = await answer('/ai-basket asof=2018-01-03', ctx);
    if (o.kind !== 'answer') throw new Error(o.message);
    const members = o.report.data.members as { symbol: string; return1m: number }[];
    expect(Math.abs(members.find((x) => x.symbol === 'SAMSUNG')!.return1m)).toBeLessThan(0.3);
    expect(o.report.notes).toContain('SAMSUNG: the file jumps −98.0 % on 2018-01-02, beyond the KRX daily limit: a 50:1 basis change, so prices before 2018-01-02 are divided by 50.');
    const early = await answer('/ai-basket asof=2002-01-03', ctx);
    if (early.kind !== 'answer') throw new Error(early.message);
    const basket = early.report.data.basket as { return1m: number | null };
    expect(basket.return1m === null || Math.abs(basket.return1m) < 0.5).toBe(true);
  });
});
