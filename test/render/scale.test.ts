import { Canvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { legendItems, legendRows } from '../../src/render/panel.ts';
import { font, measure } from '../../src/render/fonts.ts';
import { dateTicks, niceTicks, yTicks } from '../../src/render/scale.ts';
import { TYPE } from '../../src/render/theme.ts';

function sessions(from: string, n: number): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  while (out.length < n) {
    if (d.getUTCDay() % 6 !== 0) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

describe('axis ticks', () => {
  it('picks 1, 2, 2.5 or 5 × 10^k steps covering the data', () => {
    // 0.28..0.56 in at most 4 intervals: raw step 0.07 → 0.1, so 0.2..0.6
    expect(niceTicks(0.28, 0.56, 4).values).toEqual([0.2, 0.3, 0.4, 0.5, 0.6]);
    // 2,400..3,200 in at most 5: raw 160 → 200
    expect(niceTicks(2400, 3200, 5).values).toEqual([2400, 2600, 2800, 3000, 3200]);
  });

  it('fits a correlation axis to the data instead of −1..1, and keeps bars on a zero baseline', () => {
    const corr = yTicks({ kind: 'line', labels: ['a', 'b', 'c'], series: [{ name: 'c', values: [0.56, 0.4, 0.28] }] }, 5);
    expect(corr.min).toBeGreaterThan(0);
    expect(corr.max).toBeLessThan(1);
    const bars = yTicks({ kind: 'bar', labels: ['a', 'b'], series: [{ name: 'f', values: [1, 3] }] }, 5);
    expect(bars.min).toBe(0);
  });

  it('ends a date axis on the last session, spelled out, with month ticks kept clear of it', () => {
    const labels = sessions('2025-11-21', 252); // a year of sessions ending 2026-11-19
    const ticks = dateTicks(labels, 900, 110, 150);
    const last = ticks.at(-1)!;
    expect(last).toEqual({ at: 251, text: `${Number(labels[251]!.slice(8))} Nov 2026`, strong: true });
    const px = (i: number) => (i / 251) * 900;
    for (const t of ticks.slice(0, -1)) {
      expect(labels[t.at]!.slice(0, 7)).not.toBe(labels[t.at - 1]!.slice(0, 7)); // first session of its month
      expect(px(last.at) - px(t.at)).toBeGreaterThanOrEqual(75 + 55);
    }
    for (let i = 1; i < ticks.length; i++) expect(px(ticks[i]!.at) - px(ticks[i - 1]!.at)).toBeGreaterThanOrEqual(110 * 0.9);
    expect(ticks[0]!.text).toMatch(/ 20\d\d$/); // the first tick says the year
  });
});

describe('legend', () => {
  it('wraps into rows instead of clipping, every row within the width', () => {
    const ctx = new Canvas(10, 10).getContext('2d');
    const panel = {
      kind: 'line' as const,
      labels: ['a'],
      series: ['KODEX 레버리지 ×2', 'KODEX 200선물인버스2X ×-2', 'TIGER 레버리지 ×2', 'KORU ×3', '7709.HK ×2', '7747.HK ×2'].map((name) => ({ name, values: [1] })),
    };
    const rows = legendRows(ctx, legendItems(panel), 500, 1);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.flat().map((i) => i.text)).toEqual(panel.series.map((s) => s.name));
    const f = font(TYPE.legend);
    for (const row of rows) {
      const width = row.reduce((w, i) => w + 30 + 8 + measure(ctx, i.text, f) + 24, 0);
      expect(width - 24).toBeLessThanOrEqual(500);
    }
  });
});
