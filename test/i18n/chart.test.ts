// Korean charts draw real Hangul glyphs from the bundled Pretendard font (no tofu boxes), and the
// longest Korean titles, subtitles and labels fit where the renderer puts them (nothing clipped).
import { Canvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { drawChart, FONT_FAMILY, renderChart } from '../../src/render/chart.ts';
import { createBotCore } from '../../src/infra/process.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { testConfig } from '../../src/config.ts';
import { demoMarket } from '../../src/data/demo.ts';
import { messages } from '../../src/core/i18n/index.ts';
import type { ChartSpec } from '../../src/core/types.ts';
import { dateTicks, dayLabel } from '../../src/render/scale.ts';

/** The pixels of `text` drawn alone at 40 px in the chart font, black on white. */
function glyphs(text: string): Uint8Array {
  const c = new Canvas(400, 80);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 400, 80);
  ctx.fillStyle = '#000';
  ctx.font = `40px ${FONT_FAMILY}`;
  ctx.textBaseline = 'top';
  ctx.fillText(text, 10, 10);
  return new Uint8Array(c.data());
}
const ink = (px: Uint8Array) => px.reduce((n, v, i) => (i % 4 === 0 && v < 128 ? n + 1 : n), 0);
const differ = (a: Uint8Array, b: Uint8Array) => a.some((v, i) => v !== b[i]);

describe('Hangul in charts', () => {
  it('draws each syllable as its own glyph, not the missing-glyph box', () => {
    // U+10FFFD (private use) and U+0D9E (Sinhala) are in neither Pretendard nor the system's
    // fallback fonts: both draw the same missing-glyph box.
    const tofuA = glyphs('\u{10FFFD}');
    const tofuB = glyphs('\u0D9E');
    expect(ink(tofuA)).toBeGreaterThan(50);
    expect(differ(tofuA, tofuB)).toBe(false);
    const ko = glyphs('코');
    const seu = glyphs('스');
    expect(ink(ko)).toBeGreaterThan(50);
    expect(differ(ko, tofuA)).toBe(true);
    expect(differ(ko, seu)).toBe(true); // tofu would draw two different syllables identically
  });

  it('fits the longest Korean title, subtitle and legend of /kospi-stress at the digest size without cutting', async () => {
    const core = createBotCore({ config: testConfig(), log: silentLogger, market: demoMarket(), render: renderChart });
    const o = await core.ask('/kospi-stress lang=ko');
    if (o.kind !== 'answer') throw new Error(o.message);
    const spec = o.report.charts[0]!;
    expect(spec.title).toMatch(/코스피 스트레스/);
    expect(spec.footer).toMatch(/^기준: KOSPI/);
    for (const width of [1000, 1200]) {
      // drawHeader: type scale s = width / 1200 (0.8–2), padding 18·s, title bold 22·s px, subtitle 14·s px.
      const s = Math.min(2, Math.max(0.8, width / 1200));
      const ctx = new Canvas(10, 10).getContext('2d');
      ctx.font = `bold ${Math.round(22 * s)}px ${FONT_FAMILY}`;
      // the DEMO badge takes ~80 px of the title line
      expect(ctx.measureText(spec.title).width, `title at ${width}`).toBeLessThan(width - 2 * 18 * s - 100 * s);
      ctx.font = `${Math.round(14 * s)}px ${FONT_FAMILY}`;
      expect(ctx.measureText(spec.subtitle!).width, `subtitle at ${width}`).toBeLessThan(width - 2 * 18 * s);
    }
    // The longest labels anywhere in the Korean catalog still draw, and the page renders.
    const k = messages('ko').kospiStress;
    const longest: ChartSpec = {
      ...spec,
      title: `${k.title(messages('ko').f.date('2026-12-31'))} [DEMO]`,
      subtitle: k.chart.subtitle,
      width: 1000,
      height: 560,
    };
    const canvas = drawChart(longest);
    expect(canvas.width).toBe(1000);
    const png = await renderChart(longest);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);
});

describe('Korean date axes', () => {
  // Every day from 2025-11-20 to 2026-11-20 that is a weekday: enough to cross a year and 12 month starts.
  const days: string[] = [];
  for (let t = Date.UTC(2025, 10, 20); t <= Date.UTC(2026, 10, 20); t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() % 6 !== 0) days.push(d.toISOString().slice(0, 10));
  }

  it('reads as a Korean desk writes dates: 3월, 2026년 1월 where the year turns, 11월 20일 for the last session', () => {
    const ko = dateTicks(days, 900, 110, 150, 'ko');
    const en = dateTicks(days, 900, 110, 150);
    expect(ko.map((t) => t.at)).toEqual(en.map((t) => t.at)); // same places, other words
    expect(ko.at(-1)).toEqual({ at: days.length - 1, text: '11월 20일', strong: true });
    expect(en.at(-1)!.text).toBe('20 Nov 2026'); // English unchanged
    expect(ko[0]!.text).toMatch(/^20\d\d년 \d{1,2}월$/); // the first tick says the year
    const january = ko.find((t) => days[t.at]!.startsWith('2026-01'));
    if (january) expect(january.text).toBe('2026년 1월');
    for (const t of ko.slice(1, -1)) expect(t.text).toMatch(/^(\d{4}년 )?\d{1,2}월$/);
    expect(ko.some((t) => /[A-Za-z]/.test(t.text))).toBe(false);
  });

  it('draws a Korean answer\'s date axis in Korean and an English one in English (the pixels differ only there)', async () => {
    const core = createBotCore({ config: testConfig(), log: silentLogger, market: demoMarket(), render: renderChart });
    const o = await core.ask('/vol-ratio lang=ko');
    if (o.kind !== 'answer') throw new Error(o.message);
    const spec = o.report.charts[0]!;
    expect(spec.locale).toBe('ko');
    // Same spec, only the axis language changed: the Korean ticks must draw other pixels than the English ones.
    const korean = new Uint8Array(drawChart(spec).data());
    const english = new Uint8Array(drawChart({ ...spec, locale: undefined }).data());
    expect(differ(korean, english)).toBe(true);
    // The widest Korean tick and the last session's label fit a 1000 px chart's tick spacing.
    const ctx = new Canvas(10, 10).getContext('2d');
    ctx.font = `bold 12px ${FONT_FAMILY}`;
    expect(ctx.measureText(dayLabel('2026-12-31', 'ko')).width).toBeLessThan(ctx.measureText('31 Dec 2026').width * 1.5);
  }, 60_000);
});
