import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anchorText, clip, escapeMrkdwn, reportBlocks, SLACK_LIMITS } from '../../../src/bot/slack/blocks.ts';
import { messages } from '../../../src/core/i18n/index.ts';

const CAVEAT = messages('en').common.caveat;
import type { Report, Tone } from '../../../src/core/types.ts';

const base: Report = {
  command: 'gamma',
  title: 'Leveraged ETF hedging flow',
  headline: 'A -3% day makes the leveraged ETFs sell ₩412bn (38% of turnover)',
  tone: 'extreme',
  fields: [
    { label: 'Flow at -3%', value: '-₩412bn', tone: 'extreme' },
    { label: 'Flow at +1%', value: '+₩137bn' },
  ],
  notes: ['Cheng & Madhavan (2009): AUM·L·(L−1)·r', CAVEAT],
  charts: [],
  data: {},
  sources: [{ symbol: '122630', source: 'krx', asOf: '2024-05-03' }],
};

/** Every text object in a payload, with where it sits, to check Slack's caps. */
function texts(blocks: any[]): { where: string; text: string }[] {
  return blocks.flatMap((b) => [
    ...(b.text ? [{ where: b.type, text: b.text.text as string }] : []),
    ...(b.fields ?? []).map((f: any) => ({ where: 'field', text: f.text as string })),
    ...(b.elements ?? []).map((e: any) => ({ where: 'context', text: e.text as string })),
  ]);
}

describe('reportBlocks', () => {
  it('renders header, headline, fields with tone markers, notes, and sources + caveat in the context', () => {
    const { blocks, text } = reportBlocks(base);
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context']);
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '🔴 Leveraged ETF hedging flow', emoji: true } });
    expect((blocks[1] as any).text.text).toBe('*A -3% day makes the leveraged ETFs sell ₩412bn (38% of turnover)*');
    expect((blocks[2] as any).fields).toEqual([
      { type: 'mrkdwn', text: '*Flow at -3%*\n🔴 -₩412bn' },
      { type: 'mrkdwn', text: '*Flow at +1%*\n+₩137bn' },
    ]);
    // & is Slack's escape character in mrkdwn; the caveat appears once, in the context, not among the notes.
    expect((blocks[3] as any).text.text).toBe('• Cheng &amp; Madhavan (2009): AUM·L·(L−1)·r');
    expect((blocks[4] as any).elements).toEqual([
      { type: 'mrkdwn', text: 'Sources (as of): 122630 krx 2024-05-03' },
      { type: 'mrkdwn', text: `_${CAVEAT}_` },
    ]);
    expect(text.startsWith('🔴 Leveraged ETF hedging flow\nA -3% day')).toBe(true);
    expect(text).toContain('Flow at -3%');
  });

  it('escapes <, > and & so values cannot become links or mentions', () => {
    const r = { ...base, fields: [{ label: 'p<0.05', value: '<@U123> & <!channel>' }] };
    const field = (reportBlocks(r).blocks[2] as any).fields[0].text;
    expect(field).toBe('*p&lt;0.05*\n&lt;@U123&gt; &amp; &lt;!channel&gt;');
    expect(reportBlocks(r).text).not.toContain('<!channel>');
  });

  it('splits 23 fields into sections of 10, 10 and 3, keeping their order', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: String(i) }));
    const sections = reportBlocks({ ...base, fields }).blocks.filter((b: any) => b.fields);
    expect(sections.map((s: any) => s.fields.length)).toEqual([10, 10, 3]);
    expect(sections.flatMap((s: any) => s.fields.map((f: any) => f.text))).toEqual(fields.map((f) => `*${f.label}*\n${f.value}`));
  });

  it('cuts over-long header, headline, field and note text to the caps, with an ellipsis', () => {
    const long = 'x'.repeat(10_000);
    const { blocks } = reportBlocks({ ...base, title: long, headline: long, fields: [{ label: 'L', value: long }], notes: [long] });
    expect((blocks[0] as any).text.text).toHaveLength(150);
    expect((blocks[1] as any).text.text).toHaveLength(3000);
    expect((blocks[2] as any).fields[0].text).toHaveLength(2000);
    expect((blocks[3] as any).text.text).toHaveLength(3000);
    for (const t of texts(blocks).filter((t) => t.where !== 'context')) expect(t.text.endsWith('…')).toBe(true);
  });

  it('packs many notes into as few sections as fit 3000 characters', () => {
    const notes = Array.from({ length: 30 }, (_, i) => `${i}`.padEnd(199, '.')); // 30 lines of 201 chars with "• "
    const sections = reportBlocks({ ...base, notes }).blocks.slice(3, -1) as any[];
    // 14 lines of 201 chars + 13 newlines = 2827 ≤ 3000; a 15th would make 3029.
    expect(sections.map((s) => s.text.text.split('\n').length)).toEqual([14, 14, 2]);
  });

  it('keeps at most 50 blocks, saying how many sections were cut, and keeps the caveat', () => {
    const fields = Array.from({ length: 600 }, (_, i) => ({ label: `f${i}`, value: 'v' }));
    const { blocks } = reportBlocks({ ...base, fields });
    expect(blocks).toHaveLength(50);
    // headline + 60 field sections + 1 note section = 62 body blocks; room for 48 beside header and context:
    // 47 kept + a marker for the other 15.
    expect((blocks[48] as any).text.text).toBe('_…15 more sections cut to fit one Slack message._');
    expect(JSON.stringify(blocks[49])).toContain(CAVEAT);
  });

  it('never emits empty text (Slack rejects it)', () => {
    const { blocks } = reportBlocks({ ...base, title: '', headline: ' ', fields: [{ label: '', value: '' }], notes: [], sources: [] });
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    for (const t of texts(blocks)) expect(t.text.trim().length).toBeGreaterThan(0);
  });

  it('respects every cap for any report (property)', () => {
    const tone = fc.constantFrom<Tone>('calm', 'elevated', 'high', 'extreme');
    const str = fc.string({ maxLength: 4000, unit: 'grapheme' });
    const report = fc.record({
      title: str,
      headline: str,
      tone,
      fields: fc.array(fc.record({ label: str, value: str, tone: fc.option(tone, { nil: undefined }) }), { maxLength: 120 }),
      notes: fc.array(str, { maxLength: 40 }),
    });
    fc.assert(
      fc.property(report, (r) => {
        const { blocks, text } = reportBlocks({ ...base, ...r });
        expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
        expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
        const caps: Record<string, number> = { header: 150, section: 3000, field: 2000, context: 2000 };
        for (const t of texts(blocks)) {
          expect(t.text.length).toBeLessThanOrEqual(caps[t.where]!);
          expect(t.text.length).toBeGreaterThan(0);
          expect(/[\uD800-\uDBFF]$/.test(t.text.replace(/…$/, ''))).toBe(false); // no half emoji before the ellipsis
        }
        for (const b of blocks as any[]) if (b.fields) expect(b.fields.length).toBeLessThanOrEqual(10);
      }),
      { numRuns: 60 },
    );
  });
});

describe('clip and escape', () => {
  it('clip keeps short text, cuts long text to exactly max, and never splits a surrogate pair', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcd', 3)).toBe('ab…');
    expect(clip('a😀b', 3)).toBe('a…'); // "a" + half of 😀 would be 2 units; the half is dropped
  });
  it('escapeMrkdwn escapes & first so entities are not double-escaped wrongly', () => {
    expect(escapeMrkdwn('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });
});

describe('anchorText', () => {
  it('says who asked what, then the headline or why there is none', () => {
    const answer = { kind: 'answer' as const, audience: 'channel' as const, report: { ...base, tone: 'high' as Tone, headline: 'Stress 72' } };
    expect(anchorText('U1', '/gamma move=2', answer)).toBe('<@U1> asked `/gamma move=2`\n🟠 *Stress 72*');
    expect(anchorText('U1', '/gamma', 'working')).toBe('<@U1> asked `/gamma`\n⏳ working…');
    expect(anchorText('U1', '/gamma', { kind: 'data', audience: 'channel', message: 'x', missing: [{ symbol: 'VIX', source: 'fred', reason: 'HTTP 503' }] })).toContain('data missing');
    expect(anchorText('U1', '/x `y`\n<z>', { kind: 'error', audience: 'channel', message: 'x', id: 'ab' })).toBe('<@U1> asked `/x y &lt;z&gt;`\n❌ failed (details in thread)');
  });
});
