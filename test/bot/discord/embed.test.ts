import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { answerMessage, chartFiles, EMBED_LIMITS, FILES_BUDGET_BYTES, footerText, reportEmbed, TONE_COLOR } from '../../../src/bot/discord/embed.ts';
import { TONE_COLORS } from '../../../src/core/presentation.ts';
import { messages } from '../../../src/core/i18n/index.ts';

const CAVEAT = messages('en').common.caveat;
import type { Report, Tone } from '../../../src/core/types.ts';
import type { APIEmbed } from 'discord.js';

const TONES: Tone[] = ['calm', 'elevated', 'high', 'extreme'];

const report = (over: Partial<Report> = {}): Report => ({
  command: 'kospi-stress',
  title: 'KOSPI stress',
  headline: 'Stress 72/100: high',
  tone: 'high',
  fields: [{ label: 'Score', value: '72', tone: 'high' }, { label: 'Drawdown', value: '-12.0%' }],
  notes: ['DEMO data: a synthetic market for trying the bot, not real prices.', CAVEAT],
  charts: [],
  data: {},
  sources: [{ symbol: 'KOSPI', source: 'demo', asOf: '2024-08-05' }, { symbol: 'NDX', source: 'yahoo', asOf: '2024-08-02', stale: 'old' }],
  ...over,
});

/** Discord counts these toward the 6000 total. */
function total(e: APIEmbed): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

describe('reportEmbed', () => {
  it('takes the chart theme’s regime colour for each tone', () => {
    for (const tone of TONES) {
      expect(reportEmbed(report({ tone })).color).toBe(Number.parseInt(TONE_COLORS[tone]!.slice(1), 16));
      expect(TONE_COLOR[tone]).toBe(Number.parseInt(TONE_COLORS[tone]!.slice(1), 16));
    }
  });

  it('marks toned fields, keeps the notes but moves the caveat to the footer with sources and as-of', () => {
    const e = reportEmbed(report(), { image: 'chart-1.png' });
    expect(e.title).toBe('KOSPI stress');
    expect(e.fields).toEqual([
      { name: '🟠 Score', value: '72', inline: true },
      { name: 'Drawdown', value: '-12.0%', inline: true },
    ]);
    expect(e.description).toBe('Stress 72/100: high\n\n• DEMO data: a synthetic market for trying the bot, not real prices.');
    expect(e.footer!.text).toBe(`As of 2024-08-05 · Sources: KOSPI demo 2024-08-05 · NDX yahoo 2024-08-02 (stale)\n${CAVEAT}`);
    expect(e.image).toEqual({ url: 'attachment://chart-1.png' });
  });

  it('still carries the caveat when a report has no sources or forgot it', () => {
    expect(footerText(report({ sources: [], notes: [] }))).toBe(CAVEAT);
  });

  it('cuts, never rejects: any report fits every Discord limit and keeps the caveat', () => {
    let overLimit = 0;
    const text = fc.string({ unit: fc.constantFrom('a', ' ', 'é', '🟢', '한', '\n'), maxLength: 3000, size: 'large' });
    fc.assert(
      fc.property(
        fc.record({
          title: text, headline: text,
          fields: fc.array(fc.record({ label: text, value: text, tone: fc.option(fc.constantFrom(...TONES), { nil: undefined }) }), { maxLength: 40, size: 'medium' }),
          notes: fc.array(text, { maxLength: 5 }),
          sources: fc.array(fc.record({ symbol: text, source: fc.constant('demo'), asOf: fc.constant('2024-08-05') }), { maxLength: 30 }),
        }),
        (over) => {
          const e = reportEmbed(report(over));
          expect(e.title!.length).toBeLessThanOrEqual(EMBED_LIMITS.title);
          expect(e.title!.length).toBeGreaterThan(0);
          expect(e.description?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.description);
          expect(e.footer!.text.length).toBeLessThanOrEqual(EMBED_LIMITS.footer);
          expect(e.footer!.text.endsWith(CAVEAT)).toBe(true);
          expect(e.fields?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.fields);
          for (const f of e.fields ?? []) {
            expect(f.name.length).toBeGreaterThan(0);
            expect(f.name.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldName);
            expect(f.value.length).toBeGreaterThan(0);
            expect(f.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
          }
          expect(total(e)).toBeLessThanOrEqual(EMBED_LIMITS.total);
          // No half of an emoji left by a cut (JSON.stringify escapes lone surrogates only).
          expect(JSON.stringify(e)).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
          const uncut = over.title.length + over.headline.length + over.fields.reduce((n, f) => n + f.label.length + f.value.length, 0);
          if (uncut > EMBED_LIMITS.total) overLimit++;
        },
      ),
      // Counterexamples are large; shrinking them would take minutes.
      { numRuns: 150, endOnFailure: true },
    );
    // Many runs really were over Discord's total (not just tiny reports).
    expect(overLimit).toBeGreaterThan(10);
  });

  it('says how many fields it left out past 25', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ label: `f${i}`, value: `${i}` }));
    const e = reportEmbed(report({ fields }));
    expect(e.fields).toHaveLength(25);
    expect(e.fields!.at(-1)).toMatchObject({ name: '…', value: '6 more not shown' });
  });
});

describe('chart attachments', () => {
  const chart = (title: string, bytes: number) => ({ title, png: Buffer.alloc(bytes, 1), width: 10, height: 10 });

  it('keeps charts under the 10 MiB budget and 10 files, dropping the rest', () => {
    const mib = 1024 * 1024;
    const { files, dropped } = chartFiles([chart('a', 4 * mib), chart('b', 4 * mib), chart('c', 2 * mib), chart('d', mib)]);
    // 4 + 4 = 8 MiB; c would make 10 MiB, over the budget (10 MiB less room for the JSON); d fits.
    expect(files.map((f) => f.description)).toEqual(['a', 'b', 'd']);
    expect(files.map((f) => f.name)).toEqual(['chart-1.png', 'chart-2.png', 'chart-3.png']);
    expect(dropped).toBe(1);
    expect(files.reduce((n, f) => n + f.data.length, 0)).toBeLessThanOrEqual(FILES_BUDGET_BYTES);
    expect(chartFiles(Array.from({ length: 12 }, (_, i) => chart(`c${i}`, 10))).files).toHaveLength(10);
  });

  it('shows the first chart in the embed and says when charts were left out', () => {
    const msg = answerMessage(report(), [chart('a', 100), chart('b', 200)], 150);
    expect(msg.files.map((f) => f.name)).toEqual(['chart-1.png']);
    expect(msg.embeds[0]!.image).toEqual({ url: 'attachment://chart-1.png' });
    expect(msg.embeds[0]!.description).toContain('1 chart left out');
    expect(answerMessage(report(), []).embeds[0]).not.toHaveProperty('image');
  });
});
