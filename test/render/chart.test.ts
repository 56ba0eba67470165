import { describe, expect, it } from 'vitest';
import { Canvas, GlobalFonts, loadImage } from '@napi-rs/canvas';
import { FONT_FAMILY, drawChart, renderChart } from '../../src/render/chart.ts';
import { drawPage } from '../../src/render/layout.ts';
import type { ChartSpec } from '../../src/core/types.ts';
import { kospiStressSpec } from './example-spec.ts';

async function pixels(png: Buffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const image = await loadImage(png);
  const canvas = new Canvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

function rgbAt(p: { width: number; data: Uint8ClampedArray }, x: number, y: number): number[] {
  const i = (y * p.width + x) * 4;
  return [p.data[i]!, p.data[i + 1]!, p.data[i + 2]!];
}

function differingPixels(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) n++;
  return n;
}

const simple = (over: Partial<ChartSpec> = {}): ChartSpec => ({
  title: 'Test',
  footer: 'As of 2024-08-05 · Source: test',
  panels: [{ kind: 'line', labels: ['a', 'b', 'c'], series: [{ name: 'x', values: [1, 3, 2] }] }],
  ...over,
});

describe('renderChart', () => {
  it('returns a PNG with the default size in its IHDR', async () => {
    const png = await renderChart(simple());
    expect(png.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 675]);
  });

  it('honours the requested size and paints a white background', async () => {
    const p = await pixels(await renderChart(kospiStressSpec(250, { width: 1000, height: 560 })));
    expect([p.width, p.height]).toEqual([1000, 560]);
    expect(rgbAt(p, 0, 0)).toEqual([255, 255, 255]);
    expect(rgbAt(p, 999, 559)).toEqual([255, 255, 255]);
  });

  it('encodes exactly the pixels it drew', async () => {
    const spec = kospiStressSpec(120, { width: 1000, height: 560 });
    const drawn = drawChart(spec).getContext('2d').getImageData(0, 0, 1000, 560).data;
    const decoded = await pixels(await renderChart(spec));
    expect(differingPixels(drawn, decoded.data)).toBe(0);
  });

  it('draws on a reused canvas exactly what it draws on a fresh one, whatever was there before', () => {
    const spec = kospiStressSpec(120, { width: 1000, height: 560 });
    const fresh = new Canvas(1000, 560);
    drawPage(fresh.getContext('2d'), spec, 1000, 560);
    const expected = fresh.getContext('2d').getImageData(0, 0, 1000, 560).data;
    // a different chart first, read back, so the shared canvas holds its pixels when the next one is drawn
    drawChart({ ...kospiStressSpec(80, { width: 1000, height: 560 }), watermark: 'DEMO' }).data();
    const reused = drawChart(spec).getContext('2d').getImageData(0, 0, 1000, 560).data;
    expect(differingPixels(expected, reused)).toBe(0);
  });

  it('draws a watermark across the chart when asked', async () => {
    const spec = kospiStressSpec(100);
    const plain = await pixels(await renderChart({ ...spec, watermark: undefined }));
    const marked = await pixels(await renderChart({ ...spec, watermark: 'DEMO' }));
    // The diagonal word covers a large share of the page, not just the title badge.
    expect(differingPixels(plain.data, marked.data)).toBeGreaterThan(20_000);
    // ...including the middle of the page.
    expect(rgbAt(marked, 600, 337)).not.toEqual(rgbAt(plain, 600, 337));
  });

  it('renders Hangul with the bundled font: different words give different glyphs', async () => {
    expect(GlobalFonts.families.some((f) => f.family === FONT_FAMILY)).toBe(true);
    const titleArea = async (title: string) => {
      const p = await pixels(await renderChart(simple({ title, width: 1000, height: 560 })));
      return p.data.subarray(0, p.width * 4 * 50); // the first 50 rows hold the title
    };
    const empty = await titleArea('');
    const kospi = await titleArea('코스피 지수');
    const leverage = await titleArea('레버리지 펀드');
    expect(differingPixels(empty, kospi)).toBeGreaterThan(200);
    // Missing glyphs would all draw as the same box; real glyphs differ.
    expect(differingPixels(kospi, leverage)).toBeGreaterThan(200);
  });

  it('draws Hangul series names in the legend', async () => {
    const spec = (name: string) => simple({ panels: [{ kind: 'line', labels: ['a', 'b'], series: [{ name, values: [1, 2] }] }] });
    const a = await pixels(await renderChart(spec('KODEX 레버리지')));
    const b = await pixels(await renderChart(spec('KODEX 인버스')));
    expect(differingPixels(a.data, b.data)).toBeGreaterThan(100);
  });

  it('survives empty, NaN, null, infinite and single-point data', async () => {
    const awkward: ChartSpec = {
      title: 'Awkward',
      footer: '',
      panels: [
        { kind: 'line', labels: [], series: [] },
        { kind: 'line', labels: ['2024-01-02'], series: [{ name: 'one', values: [5] }] },
        {
          kind: 'line',
          labels: ['a', 'b', 'c', 'd'],
          series: [
            { name: 'gaps', values: [NaN, null, Infinity, 3] },
            { name: 'none', values: [null, null, null, null] },
          ],
          bands: [{ from: NaN, to: 1 }],
          refLines: [{ y: NaN, label: 'bad' }],
          yMin: NaN,
        },
        { kind: 'bar', labels: ['x'], series: [{ name: '', values: [] }], weight: -1 },
      ],
    };
    const png = await renderChart(awkward);
    expect(png.readUInt32BE(16)).toBe(1200);
    await expect(renderChart({ title: '', footer: '', panels: [] })).resolves.toBeInstanceOf(Buffer);
  });

  it('draws negative bars below zero in their own colour and positive ones in the palette', async () => {
    const flows = (values: number[]): ChartSpec =>
      simple({ panels: [{ kind: 'bar', labels: ['-3%', '-1%', '+1%', '+3%'], series: [{ name: 'flow', values }], unit: '₩' }] });
    // NEGATIVE is Okabe–Ito vermillion, #D55E00
    const reddish = (p: { data: Uint8ClampedArray }) => {
      let n = 0;
      for (let i = 0; i < p.data.length; i += 4) if (Math.abs(p.data[i]! - 0xd5) < 8 && Math.abs(p.data[i + 1]! - 0x5e) < 8 && p.data[i + 2]! < 10) n++;
      return n;
    };
    const mixed = await pixels(await renderChart(flows([-3e11, -1e11, 1e11, 3e11])));
    const positive = await pixels(await renderChart(flows([1e11, 2e11, 3e11, 4e11])));
    expect(reddish(mixed)).toBeGreaterThan(2_000);
    expect(reddish(positive)).toBeLessThan(200); // no bar in the negative colour
  });

  it('runs concurrent calls one after another, each with its own size', async () => {
    const sizes = [[1000, 560], [1200, 675], [1100, 600], [1000, 560]] as const;
    const pngs = await Promise.all(sizes.map(([width, height]) => renderChart(kospiStressSpec(60, { width, height }))));
    expect(pngs.map((p) => [p.readUInt32BE(16), p.readUInt32BE(20)])).toEqual(sizes.map((s) => [...s]));
  });

  it('keeps memory flat over 200 renders', async () => {
    const spec = kospiStressSpec(250, { width: 1000, height: 560 });
    for (let i = 0; i < 20; i++) await renderChart(spec);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 200; i++) await renderChart(spec);
    expect((process.memoryUsage().rss - before) / 1e6).toBeLessThan(80);
  });
});
