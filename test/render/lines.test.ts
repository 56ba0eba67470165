import { describe, expect, it } from 'vitest';
import { Canvas, Path2D } from '@napi-rs/canvas';
import { mulberry32 } from '../../src/data/demo.ts';
import { UNFIXED, fixed } from '../../src/render/panel.ts';

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
