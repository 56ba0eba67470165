// Render worker: one chart at a time off the main thread (see pool.ts).
import { parentPort } from 'node:worker_threads';
import type { ChartSpec } from '../core/types.ts';
import { renderChart } from './chart.ts';

export interface RenderJob {
  id: number;
  spec: ChartSpec;
}
export type RenderResult = { id: number; png: Uint8Array } | { id: number; error: string };

parentPort?.on('message', async ({ id, spec }: RenderJob) => {
  try {
    const png = await renderChart(spec);
    // A PNG this size owns its ArrayBuffer, so it can move to the main thread without a copy.
    const owned = png.byteOffset === 0 && png.byteLength === png.buffer.byteLength;
    parentPort!.postMessage({ id, png } satisfies RenderResult, owned ? [png.buffer as ArrayBuffer] : []);
  } catch (err) {
    parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies RenderResult);
  }
});
