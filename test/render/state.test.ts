import { describe, expect, it } from 'vitest';
import { Canvas } from '@napi-rs/canvas';
import { skipUnchangedState } from '../../src/render/state.ts';

const rgbaAt = (canvas: Canvas, x: number, y: number) => [...canvas.getContext('2d').getImageData(x, y, 1, 1).data];

describe('skipUnchangedState', () => {
  it('skips the repeat of a value but still applies a value that restore() changed back', () => {
    const canvas = new Canvas(4, 1);
    const ctx = skipUnchangedState(canvas.getContext('2d'));
    ctx.fillStyle = '#ff0000';
    ctx.save();
    ctx.fillStyle = '#0000ff';
    ctx.restore(); // the context is red again, though blue was the last value assigned
    ctx.fillStyle = '#0000ff'; // so this must not be skipped
    ctx.fillRect(0, 0, 1, 1);
    ctx.fillStyle = '#0000ff'; // a true repeat: skipped, still blue
    ctx.fillRect(1, 0, 1, 1);
    ctx.fillStyle = '#00ff00';
    ctx.fillRect(2, 0, 1, 1);
    expect(rgbaAt(canvas, 0, 0)).toEqual([0, 0, 255, 255]);
    expect(rgbaAt(canvas, 1, 0)).toEqual([0, 0, 255, 255]);
    expect(rgbaAt(canvas, 2, 0)).toEqual([0, 255, 0, 255]);
    expect(ctx.fillStyle).toBe('#00ff00');
  });

  it('keeps line dashes and widths across save/restore as the canvas would', () => {
    const ctx = skipUnchangedState(new Canvas(4, 4).getContext('2d'));
    ctx.setLineDash([4, 2]);
    ctx.lineWidth = 3;
    ctx.save();
    ctx.setLineDash([]);
    ctx.lineWidth = 1;
    ctx.restore();
    expect(ctx.getLineDash()).toEqual([4, 2]);
    expect(ctx.lineWidth).toBe(3);
    ctx.setLineDash([]); // differs from the restored dash: applied
    ctx.lineWidth = 1;
    expect(ctx.getLineDash()).toEqual([]);
    expect(ctx.lineWidth).toBe(1);
  });
});
