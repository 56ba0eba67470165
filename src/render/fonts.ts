// The bundled font and cached text measurement: ticks, legends and tags measure the same few strings
// on every render, and skia's shaping is the slowest part of drawing text.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { GlobalFonts } from './skia.ts';

// The font ships in node_modules (npm `pretendard`), so Hangul renders with no system fonts installed.
export const FONT_FAMILY = 'Pretendard';
const fontDir = dirname(createRequire(import.meta.url).resolve('pretendard/dist/public/static/Pretendard-Regular.otf'));
for (const weight of ['Regular', 'SemiBold', 'Bold']) {
  GlobalFonts.registerFromPath(join(fontDir, `Pretendard-${weight}.otf`), FONT_FAMILY);
}

export type Weight = 'normal' | '600' | 'bold';
export const font = (px: number, weight: Weight = 'normal'): string => `${weight === 'normal' ? '' : `${weight} `}${Math.round(px)}px ${FONT_FAMILY}`;

const widths = new Map<string, Map<string, number>>();
let cached = 0;
const MAX_CACHED = 20_000;

/** Width of `text` in `fontSpec`; sets the context's font. */
export function measure(ctx: SKRSContext2D, text: string, fontSpec: string): number {
  ctx.font = fontSpec; // free when it already is (state.ts)
  let inFont = widths.get(fontSpec);
  if (!inFont) widths.set(fontSpec, (inFont = new Map()));
  let w = inFont.get(text);
  if (w === undefined) {
    if (cached >= MAX_CACHED) {
      widths.clear();
      widths.set(fontSpec, (inFont = new Map()));
      cached = 0;
    }
    w = ctx.measureText(text).width;
    inFont.set(text, w);
    cached++;
  }
  return w;
}

/** `text` cut with an ellipsis to fit `maxWidth`. */
export function fit(ctx: SKRSContext2D, text: string, fontSpec: string, maxWidth: number): string {
  if (measure(ctx, text, fontSpec) <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(ctx, `${text.slice(0, mid)}…`, fontSpec) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

/** Words wrapped to `maxWidth`, at most `maxLines` lines (the last one cut). */
export function wrap(ctx: SKRSContext2D, text: string, fontSpec: string, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(ctx, candidate, fontSpec) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  return [...lines.slice(0, maxLines - 1), fit(ctx, lines.slice(maxLines - 1).join(' '), fontSpec, maxWidth)];
}
