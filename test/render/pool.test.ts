import { afterAll, describe, expect, it } from 'vitest';
import { createRenderPool } from '../../src/render/pool.ts';
import { renderChart } from '../../src/render/chart.ts';
import { kospiStressSpec } from './example-spec.ts';

describe('createRenderPool', () => {
  const pool = createRenderPool(1);
  afterAll(() => pool.close());

  it('renders 20 charts on a worker while the main thread stays free and keeps ticking', async () => {
    await pool.render(kospiStressSpec(20)); // start-up (loading the fonts) is not the point here
    const gaps: number[] = [];
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 5);
    const elu = performance.eventLoopUtilization();
    const specs = Array.from({ length: 20 }, (_, i) => kospiStressSpec(250, { width: 1000 + i * 10, height: 560 }));
    const pngs = await Promise.all(specs.map((spec) => pool.render(spec)));
    const busy = performance.eventLoopUtilization(elu);
    clearInterval(timer);

    expect(pngs.map((p) => p.readUInt32BE(16))).toEqual(specs.map((s) => s.width));
    expect(pngs.every((p) => p.subarray(1, 4).toString('latin1') === 'PNG')).toBe(true);
    // The main thread's own busy time (immune to a loaded machine pre-empting it) against rendering
    // the same 20 charts on it: posting specs and taking PNGs is a small part of drawing them.
    const inProcessStart = performance.eventLoopUtilization();
    await Promise.all(specs.map((spec) => renderChart(spec)));
    const inProcessBusyMs = performance.eventLoopUtilization(inProcessStart).active;
    expect(busy.active).toBeLessThan(inProcessBusyMs * 0.5);
    // Wall-clock gaps do suffer from other processes, so the bound is on nine ticks in ten.
    gaps.sort((a, b) => a - b);
    expect(gaps[Math.floor(gaps.length * 0.9)]).toBeLessThan(50);
  });

  it('reports a failed render as a rejected promise and keeps working', async () => {
    await expect(pool.render(null as never)).rejects.toThrow(/chart render failed/);
    const png = await pool.render(kospiStressSpec(10));
    expect(png.readUInt32BE(16)).toBe(1200);
  });

  it('rejects after close', async () => {
    const closing = createRenderPool(1);
    await closing.close();
    await expect(closing.render(kospiStressSpec(10))).rejects.toThrow(/closed/);
  });
});
