// Render speed and memory: `npx tsx bench/render.ts [renders=1000]`. Prints p50/p99 ms per chart
// (1000×560, two panels, ~250 points a line), the longest synchronous stretch, and RSS before/after.
import { renderChart, drawChart } from '../src/render/chart.ts';
import { kospiStressSpec } from '../test/render/example-spec.ts';

const n = Number(process.argv[2] ?? 1000);
const spec = kospiStressSpec(250, { width: 1000, height: 560 });
const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const mb = (): number => Math.round(process.memoryUsage().rss / 1e6);

for (let i = 0; i < 20; i++) await renderChart(spec); // warm up JIT and canvases
const rssBefore = mb();
const total: number[] = [];
const sync: number[] = [];
let peak = rssBefore;
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  drawChart(spec);
  sync.push(performance.now() - t0);
  const t1 = performance.now();
  await renderChart(spec);
  total.push(performance.now() - t1);
  if (i % 50 === 0) peak = Math.max(peak, mb());
}
const result = {
  renders: n,
  renderMsP50: +quantile(total, 0.5).toFixed(1),
  renderMsP99: +quantile(total, 0.99).toFixed(1),
  drawSyncMsP50: +quantile(sync, 0.5).toFixed(1),
  drawSyncMsP99: +quantile(sync, 0.99).toFixed(1),
  rssMbBefore: rssBefore,
  rssMbPeak: Math.max(peak, mb()),
  rssMbAfter: mb(),
};
console.log(JSON.stringify(result));
