import { describe, expect, it } from 'vitest';
import { Canvas, loadImage } from '@napi-rs/canvas';
import { PNG } from 'pngjs';
import { encodePng } from '../../src/render/png.ts';

describe('encodePng', () => {
  it('writes a PNG that decodes back to the same pixels', async () => {
    // 3×2 pixels, hand-picked: red, green, blue / white, black, grey.
    const rgba = Uint8Array.from([
      255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255,
      255, 255, 255, 255, 0, 0, 0, 255, 128, 128, 128, 255,
    ]);
    const png = await encodePng(rgba, 3, 2);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(3);
    expect(png.readUInt32BE(20)).toBe(2);
    const image = await loadImage(png);
    const canvas = new Canvas(3, 2);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    expect([...ctx.getImageData(0, 0, 3, 2).data]).toEqual([...rgba]);
  });

  it('writes a chart-sized PNG that an independent decoder reads back exactly', async () => {
    const [w, h] = [1000, 561]; // odd height: unequal halves
    const rgba = new Uint8Array(w * h * 4);
    let x = 12345;
    for (let i = 0; i < rgba.length; i++) {
      // white with noisy patches, like antialiased lines on a page
      x = (x * 1103515245 + 12345) >>> 0;
      rgba[i] = (i >> 12) % 5 === 0 ? x >>> 24 : 255;
    }
    const png = await encodePng(rgba, w, h);
    const decoded = PNG.sync.read(png); // pngjs inflates with zlib, which checks the Adler-32 trailer
    expect([decoded.width, decoded.height]).toEqual([w, h]);
    expect(Buffer.from(decoded.data).equals(Buffer.from(rgba))).toBe(true);
  });

  it('refuses a pixel buffer of the wrong size', async () => {
    await expect(encodePng(new Uint8Array(10), 3, 2)).rejects.toThrow(RangeError);
  });
});
