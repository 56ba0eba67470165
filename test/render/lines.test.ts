import { describe, expect, it } from 'vitest';
import { Canvas, Path2D } from '@napi-rs/canvas';
import { mulberry32 } from '../../src/data/demo.ts';
import { UNFIXED, fixed, strokeLine } from '../../src/render/panel.ts';

// Lines reach skia as one SVG path string (panel.ts); the chart's pixels stay those of lineTo only while skia
// reads every coordinate back as the float32 lineTo would have stored.
describe('line paths as SVG strings', () => {
  it('give skia exactly the float32 points lineTo would, across a page of coordinates', () => {
    const rnd = mulberry32(7);
    let wrong = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = 4000 * rnd() - 500;
      const y = i % 2 ? 3000 * rnd() - 200 : 2 * rnd() + 0.001; // page-wide, and just off the top edge
      const [left, top] = new Path2D(`M${fixed(x)} ${fixed(y)}L${fixed(5000)} ${fixed(5000)}`).transform(UNFIXED).getBounds();
      if (left !== Math.fround(x) || top !== Math.fround(y)) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('stroke the same pixels as lineTo', () => {
    const rnd = mulberry32(11);
    const points = Array.from({ length: 300 }, (_, i) => [20 + i * 3.1337, 40 + 200 * rnd()] as const);
    const draw = (how: 'lineTo' | 'svg') => {
      const canvas = new Canvas(1000, 300);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, 1000, 300);
      ctx.lineWidth = 3;
      ctx.lineJoin = 'bevel';
      ctx.strokeStyle = '#0072B2';
      if (how === 'lineTo') {
        ctx.beginPath();
        points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
        ctx.stroke();
      } else ctx.stroke(new Path2D(points.map(([x, y], i) => `${i ? 'L' : 'M'}${fixed(x)} ${fixed(y)}`).join('')).transform(UNFIXED));
      return canvas.data();
    };
    const a = draw('lineTo');
    const b = draw('svg');
    expect(a.some((v) => v !== 255)).toBe(true);
    expect(b.equals(a)).toBe(true);
  });
});

// Lines up to 5 px are painted as a brush of 1 px hairlines (panel.ts): the same line to the eye, at about a third of
// the raster's cost. Measured here against skia's own stroke of the same path.
describe('lines painted as a brush of hairlines', () => {
  const SIZE = 200;
  const page = () => {
    const canvas = new Canvas(SIZE, SIZE);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, SIZE, SIZE);
    ctx.lineJoin = 'bevel';
    return { canvas, ctx };
  };
  const draw = (how: 'stroke' | 'brush', path: string, width: number, color = '#000000', dash: number[] = []) => {
    const { canvas, ctx } = page();
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.setLineDash(dash);
    if (how === 'stroke') ctx.stroke(new Path2D(path));
    else strokeLine(ctx, new Path2D(path), color);
    return canvas.data();
  };
  /** Ink (255 − red) of the pixels in column x, top to bottom. */
  const column = (px: Buffer, x: number) => Array.from({ length: SIZE }, (_, y) => 255 - px[(y * SIZE + x) * 4]!);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  it.each([
    [3, 0],
    [3, 30],
    [3, 45],
    [3.6, 0],
    [3.6, 45],
    [2.5, 20],
  ])('a %s px line at %s° carries the stroke’s ink, solid inside', (width, degrees) => {
    const t = Math.tan((degrees * Math.PI) / 180);
    for (const y0 of [100, 100.25, 100.5, 100.8]) {
      const path = `M0 ${y0 - 100 * t}L200 ${y0 + 100 * t}`;
      const stroke = column(draw('stroke', path, width), 100);
      const brush = column(draw('brush', path, width), 100);
      // a column crosses the line over width / cos(angle) px: the ink there is that span times 255
      expect(sum(stroke) / 255).toBeCloseTo(width / Math.cos((degrees * Math.PI) / 180), 0);
      expect(sum(brush) / sum(stroke)).toBeGreaterThan(0.85);
      expect(sum(brush) / sum(stroke)).toBeLessThan(1.18);
      const inked = brush.flatMap((v, y) => (v > 0 ? [y] : []));
      const inside = brush.slice(inked[0]! + 1, inked.at(-1)!); // the edge pixels are antialiased, the rest should be solid
      expect(Math.min(...inside)).toBeGreaterThanOrEqual(230);
    }
  });

  it('keeps a dashed line’s dashes where the stroke puts them', () => {
    const runs = (px: Buffer) => {
      const row = Array.from({ length: SIZE }, (_, x) => 255 - px[(100 * SIZE + x) * 4]! > 128);
      const out: [number, number][] = [];
      row.forEach((on, x) => {
        if (on && !row[x - 1]) out.push([x, x]);
        if (on) out.at(-1)![1] = x;
      });
      return out;
    };
    const path = 'M10 100.5L190 100.5';
    const stroke = runs(draw('stroke', path, 3, '#000000', [9, 6]));
    const brush = runs(draw('brush', path, 3, '#000000', [9, 6]));
    expect(stroke.length).toBe(12); // 180 px of a 15 px pattern
    // each hairline's dash alone would reach 1 px (r) past both ends of the stroke's
    expect(brush).toEqual(stroke);
  });

  it('strokes a translucent or wide line as skia does (overlapping hairlines would darken it)', () => {
    const path = 'M0 40L60 160L120 60L200 140';
    expect(draw('brush', path, 3, 'rgba(0,114,178,0.5)').equals(draw('stroke', path, 3, 'rgba(0,114,178,0.5)'))).toBe(true);
    expect(draw('brush', path, 8, '#0072b2').equals(draw('stroke', path, 8, '#0072b2'))).toBe(true);
    expect(draw('brush', path, 3, '#0072b2').equals(draw('stroke', path, 3, '#0072b2'))).toBe(false);
  });
});
