import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Canvas, loadImage } from '@napi-rs/canvas';
import { PNG } from 'pngjs';
import { adler32Combine, encodePng } from '../../src/render/png.ts';

/** Seeded noise on white, like antialiased lines and text on a page; alpha varies too. */
function pagePixels(width: number, height: number, seed: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  let x = seed;
  for (let i = 0; i < rgba.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    rgba[i] = (i >> 9) % 7 === 0 ? x >>> 24 : 255;
  }
  return rgba;
}

/** The zlib stream of a PNG's IDAT chunks, joined (a reader of our own, independent of the writer's code). */
function idatStream(png: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return Buffer.concat(parts);
}

/** What the IDAT must inflate to: filter byte 0 (None) before every row. */
function unfilteredRows(rgba: Uint8Array, width: number, height: number): Buffer {
  const stride = width * 4;
  return Buffer.concat(Array.from({ length: height }, (_, y) => Buffer.concat([Buffer.from([0]), rgba.subarray(y * stride, (y + 1) * stride)])));
}

/** Adler-32 as zlib computes it, read from the trailer zlib itself writes (RFC 1950: the last 4 bytes, big-endian). */
function zlibAdler32(data: Uint8Array): number {
  const stream = deflateSync(data, { level: 0 });
  return stream.readUInt32BE(stream.length - 4);
}

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

  // widths × heights: a 1-row image, odd sizes (unequal parts), a chart; parts: 1 (whole), 2, 3, 7, more than rows
  it.each([
    [1, 1, 1], [1, 1, 4], [1000, 1, 2], [7, 5, 3], [3, 2, 2], [333, 257, 7], [999, 561, 2], [1000, 560, 3], [4001, 3, 5],
  ])('%i×%i in %i parts decodes (pngjs, zlib.inflateSync) to exactly its pixels', async (width, height, parts) => {
    const rgba = pagePixels(width, height, width * 31 + height);
    const png = await encodePng(rgba, width, height, parts);
    const decoded = PNG.sync.read(png); // pngjs checks every chunk's CRC and, through zlib, the Adler-32 trailer
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    expect(Buffer.from(decoded.data).equals(Buffer.from(rgba))).toBe(true);
    expect(inflateSync(idatStream(png)).equals(unfilteredRows(rgba, width, height))).toBe(true);
  });

  it('joins parts into a stream no bigger than a few bytes a part over one deflate of the whole', async () => {
    const [w, h] = [1000, 560];
    const rgba = pagePixels(w, h, 7);
    const whole = deflateSync(unfilteredRows(rgba, w, h), { level: 1 }).length;
    const idat = idatStream(await encodePng(rgba, w, h, 2)).length;
    // Each extra part: a 4-byte sync marker, a fresh window and its own Huffman blocks; far under 1 %.
    expect(idat).toBeLessThan(whole * 1.01);
  });

  it('refuses a pixel buffer of the wrong size', async () => {
    await expect(encodePng(new Uint8Array(10), 3, 2)).rejects.toThrow(RangeError);
  });
});

describe('adler32Combine', () => {
  it('gives zlib\'s Adler-32 of a known text from its halves', () => {
    // adler32("Wikipedia") = 0x11E60398 (a = 1 + Σbytes = 920 = 0x398, b = Σ running a = 4582 = 0x11E6)
    const whole = Buffer.from('Wikipedia', 'latin1');
    expect(zlibAdler32(whole)).toBe(0x11e60398);
    expect(adler32Combine(zlibAdler32(whole.subarray(0, 4)), zlibAdler32(whole.subarray(4)), 5)).toBe(0x11e60398);
  });

  it('matches zlib over the whole buffer for splits anywhere, long parts included (sums wrap mod 65521)', () => {
    const data = pagePixels(700, 300, 3); // 840,000 bytes: both sums wrap many times
    for (const cut of [0, 1, 4001, 65521, 65522, 420_000, data.length - 1, data.length]) {
      const [a, b] = [data.subarray(0, cut), data.subarray(cut)];
      expect(adler32Combine(zlibAdler32(a), zlibAdler32(b), b.length), `cut at ${cut}`).toBe(zlibAdler32(data));
    }
  });
});
