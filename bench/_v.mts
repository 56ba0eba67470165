import { writeFileSync } from 'node:fs';
import { renderChart } from '../src/render/chart.ts';
import { kospiStressSpec } from '../test/render/example-spec.ts';
writeFileSync('/tmp/v-small.png', await renderChart(kospiStressSpec(750, { width: 1000, height: 560, title: 'KOSPI 3년 스트레스 지수 — a rather long title that should be cut before it runs into the badge on the right side of the page', footer: 'As of KOSPI 2025-07-16, KOSPI200 2025-07-16, NDX 2025-07-15, VIX 2025-07-15, VKOSPI 2025-07-16, USDKRW 2025-07-16, SOX 2025-07-15, SAMSUNG 2025-07-16 · Source: csv:KOSPI.csv, csv:NDX.csv, csv:VIX.csv, yahoo, fred, krx · stale data warning here' })));
writeFileSync('/tmp/v-bar.png', await renderChart({
  title: 'Leveraged ETF rebalancing flow if KOSPI moves',
  subtitle: 'KRW, end-of-day, per product',
  footer: 'As of 2025-07-16 · Source: krx',
  panels: [
    { kind: 'bar', labels: ['KODEX 레버리지', 'TIGER 레버리지', 'KODEX 200선물인버스2X', 'KBSTAR 레버리지', 'Total'],
      series: [{ name: '−3% move', values: [-4.2e11, -1.1e11, -2.5e11, -0.3e11, -8.1e11] }], unit: '₩', yLabel: 'flow (KRW)' ,
      refLines: [{ y: -5e11, label: '10% of daily turnover' }] },
    { kind: 'bar', labels: ['-3%', '-1%', '+1%', '+3%'], series: [{ name: 'KODEX 레버리지', values: [-4e11, -1.3e11, 1.3e11, 4e11] }, { name: 'KODEX 200선물인버스2X', values: [2e11, 0.7e11, -0.7e11, -2e11] }], unit: '₩' },
  ],
}));
const n = 250; const labels = Array.from({length:n},(_, i) => `2025-${String(1+Math.floor(i/21)).padStart(2,'0')}-${String(1+i%21).padStart(2,'0')}`);
writeFileSync('/tmp/v-right.png', await renderChart({
  title: 'VKOSPI / VIX', footer: 'As of 2025-07-16 · Source: krx, cboe', watermark: 'DEMO',
  panels: [{ kind: 'line', labels, unit: 'x', yLabel: 'ratio', rightUnit: '%', rightLabel: 'realized vol',
    series: [{ name: 'VKOSPI/VIX', values: labels.map((_, i) => 1.2 + 0.3*Math.sin(i/20)) },
             { name: 'KOSPI 21d realized vol', values: labels.map((_, i) => 0.18 + 0.08*Math.cos(i/15)), axis: 'right', dashed: true },
             { name: 'daily return', kind: 'bar', values: labels.map((_, i) => 0.02*Math.sin(i*1.7)), axis: 'right', color: '#94a3b8' }],
    bands: [{ from: 1.0, to: 1.5, label: '10th–90th percentile' }], refLines: [{ y: 1.25, label: 'median 1.25x' }] },
   { kind: 'line', weight: 0.6, labels, unit: '%', series: [{ name: 'z-score', values: labels.map((_, i) => 0.01*i - 1) }], refLines: [{y: 0}] }],
}));
