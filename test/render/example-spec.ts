// A realistic /kospi-stress style chart built from a seeded random walk, shared by tests and bench.
import type { ChartSpec } from '../../src/core/types.ts';
import { mulberry32 } from '../../src/data/demo.ts';

/** Deterministic, so every run draws the same chart. */
const random = mulberry32;

function sessionDates(n: number, start = '2024-08-01'): string[] {
  const dates: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  while (dates.length < n) {
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) dates.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return dates;
}

/** Two panels: KOSPI close, 21-day MA (dashed) and trendline; stress score 0-100 with regime bands. */
export function kospiStressSpec(n = 250, options: Partial<ChartSpec> = {}): ChartSpec {
  const rnd = random(42);
  const labels = sessionDates(n);
  const close: number[] = [];
  let p = 2650;
  for (let i = 0; i < n; i++) {
    const vol = i > n * 0.7 && i < n * 0.8 ? 0.028 : 0.011;
    p *= Math.exp((rnd() - 0.5) * 2 * vol * Math.sqrt(3) + 0.0004);
    close.push(Math.round(p * 100) / 100);
  }
  const sma = close.map((_, i) => (i < 20 ? null : close.slice(i - 20, i + 1).reduce((a, b) => a + b, 0) / 21));
  const trendStart = Math.floor(n * 0.55);
  const trend = close.map((_, i) => (i < trendStart ? null : close[trendStart]! * 0.97 * (1 + 0.0009 * (i - trendStart))));
  const score = close.map((_, i) => Math.max(0, Math.min(100, 35 + 30 * Math.sin(i / 23) + (rnd() - 0.5) * 12)));
  return {
    title: 'KOSPI stress: 58 (elevated)',
    subtitle: 'Close vs 21-day average and short-term support; composite stress score with regimes',
    width: 1200,
    height: 675,
    panels: [
      {
        kind: 'line',
        weight: 2,
        labels,
        series: [
          { name: 'KOSPI', values: close },
          { name: '21-day MA', values: sma, dashed: true },
          { name: 'Trendline (swing lows)', values: trend, color: '#2a9d8f' },
        ],
        refLines: [{ y: Math.max(...close), label: '52w high' }],
      },
      {
        kind: 'line',
        weight: 1,
        labels,
        series: [{ name: 'Stress score', values: score, color: '#0f172a' }],
        yMin: 0,
        yMax: 100,
        bands: [
          { from: 0, to: 40, label: 'calm' },
          { from: 40, to: 65, label: 'elevated' },
          { from: 65, to: 80, label: 'high' },
          { from: 80, to: 100, label: 'extreme' },
        ],
      },
    ],
    footer: `As of KOSPI ${labels.at(-1)}, NDX ${labels.at(-2)}, VIX ${labels.at(-2)} · Source: demo · DEMO data`,
    watermark: 'DEMO',
    ...options,
  };
}
