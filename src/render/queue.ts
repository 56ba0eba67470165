// Renders run one after another on a few reused canvases: drawing is synchronous anyway, memory stays
// flat, and only the PNG's zlib pass leaves the thread.
import { Canvas } from './skia.ts';
import { skipUnchangedState } from './state.ts';

let queue: Promise<unknown> = Promise.resolve();

/** Runs `job` after every job queued before it; a failure rejects only its own caller. */
export function enqueue<T>(job: () => T | Promise<T>): Promise<T> {
  const run = queue.then(job);
  queue = run.catch(() => undefined);
  return run;
}

const canvases = new Map<string, Canvas>();
/** A canvas of this size, reused across renders; a new size evicts the oldest of eight. */
export function canvasFor(width: number, height: number): Canvas {
  const key = `${width}x${height}`;
  let canvas = canvases.get(key);
  if (!canvas) {
    if (canvases.size >= 8) canvases.delete(canvases.keys().next().value!);
    canvas = new Canvas(width, height);
    skipUnchangedState(canvas.getContext('2d'));
    canvases.set(key, canvas);
  }
  return canvas;
}
