// Render speed and memory: `npx tsx bench/render.ts [renders=1000]` prints one JSON object.
// renderMs*: one 1000×560 two-panel chart (~250 points a line), spec → PNG bytes, renders awaited one
// after another. syncMs*: the part that holds the main thread (chart.js drawing + reading pixels).
// burstElu*: main-thread event-loop utilisation while 20 charts render at once, in-process vs pool.
import { pathToFileURL } from 'node:url';
import { drawChart, renderChart } from '../src/render/chart.ts';
import { createRenderPool } from '../src/render/pool.ts';
import type { ChartSpec } from '../src/core/types.ts';
import { kospiStressSpec } from '../test/render/example-spec.ts';

const quantile = (xs: number[], q: number): number =>
  +[...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!.toFixed(1);
const rssMb = (): number => Math.round(process.memoryUsage().rss / 1e6);

async function burstElu(render: (spec: ChartSpec) => Promise<Buffer>): Promise<number> {
  const specs = Array.from({ length: 20 }, () => kospiStressSpec(250, { width: 1000, height: 560 }));
  const start = performance.eventLoopUtilization();
  await Promise.all(specs.map(render));
  return +performance.eventLoopUtilization(start).utilization.toFixed(2);
}

export async function benchRender(renders = 1000) {
  const spec = kospiStressSpec(250, { width: 1000, height: 560 });
  for (let i = 0; i < 20; i++) await renderChart(spec); // warm up the JIT and the canvases
  const rssMbBefore = rssMb();
  const total: number[] = [];
  let rssMbPeak = rssMbBefore;
  for (let i = 0; i < renders; i++) {
    const t = performance.now();
    await renderChart(spec);
    total.push(performance.now() - t);
    if (i % 50 === 0) rssMbPeak = Math.max(rssMbPeak, rssMb());
  }
  const rssMbAfter = rssMb();
  const sync: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    drawChart(spec).data();
    sync.push(performance.now() - t);
  }
  const pool = createRenderPool();
  await pool.render(spec);
  const result = {
    renders,
    renderMsP50: quantile(total, 0.5),
    renderMsP99: quantile(total, 0.99),
    syncMsP50: quantile(sync, 0.5),
    syncMsP99: quantile(sync, 0.99),
    rssMbBefore,
    rssMbPeak: Math.max(rssMbPeak, rssMbAfter),
    rssMbAfter,
    burstEluInProcess: await burstElu(renderChart),
    burstEluPool: await burstElu((s) => pool.render(s)),
    poolSize: pool.size,
  };
  await pool.close();
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchRender(Number(process.argv[2] ?? 1000))));
}
