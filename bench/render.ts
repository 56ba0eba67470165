// Render speed and memory: `npx tsx bench/render.ts [renders=1000]` prints one JSON object.
// renderMs*: one 1000×560 two-panel chart (~250 points a line), spec → PNG bytes, renders awaited one
// after another; every PNG is decoded by pngjs (an independent decoder) and checked for size and a white
// corner, after every timing here: the PNGs wait in files (tmpfs where there is one), out of the process's
// memory. Decoded after each render, the decoder's garbage kept V8's GC threads busy into the next render, on
// the core its PNG's pool part deflates on (p50 +0.1–1.0 ms in 4 alternating pairs), and its memory was most
// of the process's RSS growth (peak 190–199 → 160–167 MB).
// renderCpuMs*: the process's CPU time for one render (main thread and the zlib pass on the thread
// pool), which a machine shared with other work inflates far less than wall time.
// syncMs*: the part that holds the main thread (drawing + reading pixels), a turn of the event loop between
// charts as between real renders (back to back, the unfreed pixel copies page-fault: 15 ms instead of 3).
// encodeMs*: the PNG writer alone on one chart's pixels (its deflate runs in parts on the thread pool), and its CPU.
// burstElu*: main-thread event-loop utilisation while 20 charts render at once, in-process vs pool.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import { setImmediate as turn } from 'node:timers/promises';
import { drawChart, renderChart } from '../src/render/chart.ts';
import { encodePng } from '../src/render/png.ts';
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
  const cpu: number[] = [];
  let rssMbPeak = rssMbBefore;
  const unchecked = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'sb-render-'));
  process.once('exit', () => rmSync(unchecked, { recursive: true, force: true })); // a failed run's PNGs too (tmpfs is memory)
  for (let i = 0; i < renders; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    const png = await renderChart(spec);
    total.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    writeFileSync(join(unchecked, `${i}.png`), png);
    if (i % 50 === 0) rssMbPeak = Math.max(rssMbPeak, rssMb());
  }
  const rssMbAfter = rssMb();
  const sync: number[] = [];
  for (let i = 0; i < 100; i++) {
    await turn();
    const t = performance.now();
    drawChart(spec).data();
    sync.push(performance.now() - t);
  }
  const encode: number[] = [];
  const encodeCpu: number[] = [];
  const canvas = drawChart(spec);
  const pixels = canvas.data();
  for (let i = 0; i < 100; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await encodePng(pixels, canvas.width, canvas.height);
    encode.push(performance.now() - t);
    const used = process.cpuUsage(c);
    encodeCpu.push((used.user + used.system) / 1000);
  }
  const pool = createRenderPool();
  await pool.render(spec);
  const result = {
    renders,
    renderMsP50: quantile(total, 0.5),
    renderMsP99: quantile(total, 0.99),
    renderCpuMsP50: quantile(cpu, 0.5),
    renderCpuMsP99: quantile(cpu, 0.99),
    syncMsP50: quantile(sync, 0.5),
    syncMsP99: quantile(sync, 0.99),
    encodeMsP50: quantile(encode, 0.5),
    encodeCpuMsP50: quantile(encodeCpu, 0.5),
    pngBytes: (await renderChart(spec)).length,
    rssMbBefore,
    rssMbPeak: Math.max(rssMbPeak, rssMbAfter),
    rssMbAfter,
    burstEluInProcess: await burstElu(renderChart),
    burstEluPool: await burstElu((s) => pool.render(s)),
    poolSize: pool.size,
  };
  await pool.close();
  // lossless and well-formed, by a decoder that is not ours
  for (let i = 0; i < renders; i++) {
    const decoded = PNG.sync.read(readFileSync(join(unchecked, `${i}.png`)));
    if (decoded.width !== 1000 || decoded.height !== 560 || decoded.data.readUInt32BE(0) !== 0xffffffff) throw new Error(`render ${i}: bad PNG`);
  }
  rmSync(unchecked, { recursive: true, force: true });
  return { ...result, pngsCheckedByPngjs: renders };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchRender(Number(process.argv[2] ?? 1000))));
}
