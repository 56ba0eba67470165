// Chart rendering on worker threads, so a burst of charts (a digest, a crash-day rush) never holds
// the main thread long enough to delay a Slack/Discord ack: drawing is synchronous, ~3 ms a chart plus its deflate.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChartSpec } from '../core/types.ts';
import type { RenderJob, RenderResult } from './worker.ts';

export interface RenderPool {
  /** PNG bytes of the chart, rendered on a worker. */
  render(spec: ChartSpec): Promise<Buffer>;
  /** Stops the workers; renders still pending reject. */
  close(): Promise<void>;
  readonly size: number;
}

interface Slot {
  worker: Worker;
  /** Has answered at least once: proven to boot, so worth replacing if it dies. */
  ok: boolean;
  pending: Map<number, { resolve: (png: Buffer) => void; reject: (err: Error) => void }>;
}

// Compiled (dist/, `npm start`): the worker is JavaScript and plain node loads it.
const COMPILED = import.meta.url.endsWith('.js');
const WORKER_URL = new URL(COMPILED ? './worker.js' : './worker.ts', import.meta.url);
// From the sources the worker is TypeScript. `execArgv: ['--import', 'tsx']` does nothing in a Node 20
// worker (tsx only registers its hooks there on the main thread), but tsx's tsImport API works in any
// thread, under tsx or vitest, from any cwd (both paths are absolute).
// (`tsx/esm/api` by its file: require.resolve would give the CJS build, whose tsImport is broken.)
const tsxApi = () => pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
const BOOT = `const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => tsx.tsImport(workerData.entry, workerData.entry));`;
// Each render leaves a 2.2 MB pixel copy (canvas.data()) that only a scavenge frees, and a render allocates
// little else on the heap, so with V8's default 16 MB young generation dead copies piled up between GCs
// (whole-bot RSS after 300 charts: 264 MB by default, 239 MB with this). The main thread's young generation is
// 2 MB under --optimize-for-size (two 1 MB semi-spaces; --max-semi-space-size above 1 changes nothing there).
const resourceLimits = { maxYoungGenerationSizeMb: 3 };
const newWorker = (): Worker =>
  COMPILED
    ? new Worker(WORKER_URL, { resourceLimits })
    : new Worker(BOOT, { eval: true, resourceLimits, workerData: { tsxApi: tsxApi(), entry: WORKER_URL.href } });

/** Default size: one worker per spare core (at least one, at most four). */
export function createRenderPool(size = Math.max(1, Math.min(4, availableParallelism() - 1))): RenderPool {
  let nextId = 0;
  let closed = false;
  const slots: Slot[] = [];

  const spawn = (): Slot => {
    const worker = newWorker();
    const slot: Slot = { worker, ok: false, pending: new Map() };
    worker.on('message', (msg: RenderResult) => {
      slot.ok = true;
      const job = slot.pending.get(msg.id);
      if (!job) return;
      slot.pending.delete(msg.id);
      if (slot.pending.size === 0) worker.unref();
      if ('png' in msg) job.resolve(Buffer.from(msg.png.buffer, msg.png.byteOffset, msg.png.byteLength));
      else job.reject(new Error(`chart render failed: ${msg.error}`));
    });
    const fail = (err: Error) => {
      for (const job of slot.pending.values()) job.reject(err);
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      fail(new Error(closed ? 'render pool closed' : `render worker exited with code ${code}`));
      slots.splice(slots.indexOf(slot), 1);
      if (!closed && slot.ok) slots.push(spawn()); // a crashed worker is replaced; one that never booted is not
    });
    worker.unref(); // after the listeners, which ref the port: an idle pool never keeps the process alive
    return slot;
  };
  for (let i = 0; i < Math.max(1, size); i++) slots.push(spawn());

  return {
    get size() {
      return slots.length;
    },
    render(spec) {
      if (closed) return Promise.reject(new Error('render pool closed'));
      if (!slots.length) return Promise.reject(new Error('render pool has no workers: they failed to start'));
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise<Buffer>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.ref();
        slot.worker.postMessage({ id, spec } satisfies RenderJob);
      });
    },
    async close() {
      closed = true;
      await Promise.all([...slots].map((s) => s.worker.terminate()));
    },
  };
}
