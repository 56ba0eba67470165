// Perceptual comparison of a rendered chart with its committed reference (docs/charts/<name>.png, the
// review sheet's own images): pixelmatch over pixels decoded by pngjs, an independent PNG decoder.
import { existsSync, readFileSync } from 'node:fs';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

export const REFERENCE_DIR = new URL('../../docs/charts/', import.meta.url);
export const referenceFile = (name: string): URL => new URL(`${name}.png`, REFERENCE_DIR);

/** Per-pixel colour distance pixelmatch still calls equal (0..1; its default is 0.1). */
export const THRESHOLD = 0.1;
/** Share of pixels that may differ: anti-aliasing noise only, far below any real change (a moved tick, a new colour). */
export const MAX_DIFF_SHARE = 0.0005;

export interface Comparison {
  width: number;
  height: number;
  diffPixels: number;
  share: number;
  sizeMatches: boolean;
}

export function compareWithReference(png: Buffer, reference: Buffer): Comparison {
  const a = PNG.sync.read(png);
  const b = PNG.sync.read(reference);
  if (a.width !== b.width || a.height !== b.height) return { width: a.width, height: a.height, diffPixels: a.width * a.height, share: 1, sizeMatches: false };
  const diffPixels = pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: THRESHOLD });
  return { width: a.width, height: a.height, diffPixels, share: diffPixels / (a.width * a.height), sizeMatches: true };
}

export const readReference = (name: string): Buffer | null => (existsSync(referenceFile(name)) ? readFileSync(referenceFile(name)) : null);

/** The reference as committed: the same pixels, squeezed harder than the bot's fast writer bothers to. */
export function referencePng(png: Buffer): Buffer {
  return PNG.sync.write(PNG.sync.read(png), { deflateLevel: 9 });
}
