// Issue 13's rules, each with a known answer worked by hand: input normalization and echoed adjustments,
// freshness (refusal and marking), previous-close AUM, USD/KRW as known at Seoul's close, the no-data tone.
import { describe, expect, it } from 'vitest';
import { addCalendarDays, dateMoveNote, foldCharacters, normalizeArgWords, unitHints } from '../../src/core/normalize.ts';
import { freshnessOf, staleText } from '../../src/data/freshness.ts';
import { previousCloseNetAssets, rebalanceFlow, usdkrwKnownAtSeoulClose } from '../../src/analytics/flows.ts';
import { answer, commands, type Outcome } from '../helpers/registry.ts';
import { overallTone } from '../../src/commands/report.ts';
import { reportText } from '../../src/bot/format.ts';
import { TONE_MARK } from '../../src/core/presentation.ts';
import { TONE_COLOR, reportEmbed } from '../../src/bot/discord/embed.ts';
import { reportBlocks } from '../../src/bot/slack/blocks.ts';
import { TONE_COLORS } from '../../src/render/chart.ts';
import { demoMarket } from '../../src/data/demo.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import type { Context, MarketData, Report, Series } from '../../src/core/types.ts';
import { handMarket, series, weekdays } from '../fixtures/handMarket.ts';

const ctxOf = (market: MarketData, now = '2026-12-01T12:00:00Z'): Context => ({ market, now: new Date(now), config: testConfig(), log: silentLogger, commands });
const demoCtx = ctxOf(demoMarket());
async function reportOf(line: string, ctx: Context): Promise<Report> {
  const o = await answer(line, ctx);
  if (o.kind !== 'answer') throw new Error(`${o.kind}: ${o.message}`);
  return o.report;
}
const notAnswer = async (line: string, ctx: Context): Promise<Exclude<Outcome, { kind: 'answer' }>> => {
  const o = await answer(line, ctx);
  if (o.kind === 'answer') throw new Error(`answered: ${o.report.headline}`);
  return o;
};

describe('input normalization (src/core/normalize.ts)', () => {
  it('folds the typographic minus, full-width slash, equals and digits', () => {
    expect(foldCharacters('／gamma move＝−３')).toBe('/gamma move=-3');
    expect(foldCharacters('/kospi-stress asof=２０２４－０８－０５')).toBe('/kospi-stress asof=2024-08-05');
  });
  it('a bare date is asof=; asof=today|yesterday is the Seoul date, said', () => {
    expect(normalizeArgWords(['2024-08-05', 'window=21'], { takesAsof: true, today: '2026-12-01' })).toEqual({ words: ['asof=2024-08-05', 'window=21'], notes: [] });
    expect(normalizeArgWords(['2024-08-05'], { takesAsof: false, today: '2026-12-01' }).words).toEqual(['2024-08-05']);
    expect(normalizeArgWords(['asof=Yesterday'], { takesAsof: true, today: '2026-03-01' })).toEqual({ words: ['asof=2026-02-28'], notes: ['asof=yesterday → 2026-02-28 (Seoul)'] });
    expect(addCalendarDays('2024-03-01', -1)).toBe('2024-02-29');
  });
  it('values that look like the other unit are taken as typed, with a hint', () => {
    expect(unitHints({ iv: '0.4' })).toEqual(['iv=0.4 read as 0.4 %; for 40 % type iv=40']);
    expect(unitHints({ rate: '0.035' })).toEqual(['rate=0.035 read as 0.035 %; for 3.5 % type rate=3.5']);
    expect(unitHints({ iv: '40', rate: '3.5', move: '0.5', days: '0.4' })).toEqual([]);
    expect(unitHints({ iv: '0.4%' })).toEqual([]); // the % says what was meant
  });
  it('says how a date was moved', () => {
    expect(dateMoveNote('2024-08-04', '2024-08-02', { closure: 'weekend', sessionBefore: '2024-08-02', lastData: false })).toBe('2024-08-04 is a Sunday → 2024-08-02');
    expect(dateMoveNote('2024-09-17', '2024-09-13', { closure: '추석', sessionBefore: '2024-09-13', lastData: false })).toBe('2024-09-17 is a KRX holiday (추석) → 2024-09-13');
    // 2030-01-01 is a holiday too, but the answer is the data's last session, far before it
    expect(dateMoveNote('2030-01-01', '2026-11-20', { closure: "New Year's Day", sessionBefore: '2029-12-28', lastData: true })).toBe('asof=2030-01-01 → last session 2026-11-20');
    expect(dateMoveNote('2024-08-05', '2024-08-05', { sessionBefore: '2024-08-02', lastData: false })).toBeNull();
  });
});

describe('echoed adjustments through the router (must show)', () => {
  it('/gamma move=−3 (U+2212) is /gamma move=-3, and ／kospi-stress (full-width slash) is a command', async () => {
    const typographic = await reportOf('/gamma move=\u22123', demoCtx);
    const ascii = await reportOf('/gamma move=-3', demoCtx);
    expect(typographic).toEqual(ascii);
    expect(ascii.data.move).toBeCloseTo(-0.03, 15);
    expect((await reportOf('\uFF0Fkospi-stress', demoCtx)).command).toBe('kospi-stress');
  });
  it('/kospi-stress asof=2030-01-01 names the session it answered for; a Sunday is moved to Friday, said', async () => {
    const future = await reportOf('/kospi-stress asof=2030-01-01', demoCtx);
    expect(future.notes[0]).toBe('asof=2030-01-01 → last session 2026-11-20');
    expect(future.data.asOf ?? future.title).toBeTruthy();
    expect(future.title).toContain('2026-11-20');
    const sunday = await reportOf('/kospi-stress 2024-08-04', demoCtx);
    expect(sunday.notes[0]).toBe('2024-08-04 is a Sunday → 2024-08-02');
    const same = await reportOf('/kospi-stress asof=2024-08-02', demoCtx);
    expect(same.notes.some((n) => n.includes('→'))).toBe(false);
  });
  it('asof=yesterday is accepted and said; iv=0.4 gets its hint', async () => {
    // 2026-11-23 12:00Z is Monday evening in Seoul: yesterday is Sunday 11-22 → Friday 11-20.
    const r = await reportOf('/kospi-stress asof=yesterday', ctxOf(demoMarket(), '2026-11-23T12:00:00Z'));
    expect(r.notes.slice(0, 2)).toEqual(['asof=yesterday → 2026-11-22 (Seoul)', '2026-11-22 is a Sunday → 2026-11-20']);
    const t = await reportOf('/theta iv=0.4', demoCtx);
    expect(t.notes[0]).toBe('iv=0.4 read as 0.4 %; for 40 % type iv=40');
    expect(t.data.iv).toBeCloseTo(0.004, 15);
  });
});

describe('freshness, counted in each market\'s sessions', () => {
  it('index closes: 1 KRX session; a weekend or Chuseok never makes a series stale', () => {
    // Fri 2024-08-02 → Mon 08-05: one session missing (08-05 itself): fresh. Tue 08-06: two: stale.
    expect(freshnessOf({ symbol: 'KOSPI200', kind: 'index', market: 'KR', last: '2024-08-02' }, '2024-08-05')).toMatchObject({ age: 1, fresh: true });
    expect(freshnessOf({ symbol: 'KOSPI200', kind: 'index', market: 'KR', last: '2024-08-02' }, '2024-08-06')).toMatchObject({ age: 2, fresh: false });
    // Chuseok 2024: KRX shut Mon 09-16 to Wed 09-18. Fri 09-13 → Thu 09-19 is one session.
    expect(freshnessOf({ symbol: 'KOSPI200', kind: 'index', market: 'KR', last: '2024-09-13' }, '2024-09-19')).toMatchObject({ age: 1, fresh: true });
  });
  it('a US index is due at the New York session before the KRX day', () => {
    // KRX Tue 2024-07-09 knows NYSE Mon 07-08; VIX last Fri 07-05 is one session short: fresh; Wed 07-03 is two (07-04 closed).
    expect(freshnessOf({ symbol: 'VIX', kind: 'index', market: 'US', last: '2024-07-05' }, '2024-07-09')).toMatchObject({ due: '2024-07-08', age: 1, fresh: true });
    expect(freshnessOf({ symbol: 'VIX', kind: 'index', market: 'US', last: '2024-07-03' }, '2024-07-09')).toMatchObject({ age: 2, fresh: false });
  });
  it('USD/KRW: 2 days; a New York noon rate is due the weekday before, a Bank of Korea rate the same day', () => {
    // asked Mon 2024-08-05. NY noon due Fri 08-02: last Wed 07-31 is 2 weekdays short (fresh), Tue 07-30 three (stale).
    expect(freshnessOf({ symbol: 'USDKRW', kind: 'usdkrw', market: 'KR', last: '2024-07-31', fxTiming: 'new-york-noon' }, '2024-08-05')).toMatchObject({ due: '2024-08-02', age: 2, fresh: true });
    expect(freshnessOf({ symbol: 'USDKRW', kind: 'usdkrw', market: 'KR', last: '2024-07-30', fxTiming: 'new-york-noon' }, '2024-08-05')).toMatchObject({ age: 3, fresh: false });
    // BOK due Mon 08-05 itself: last Wed 07-31 is 3 weekdays short (08-01, 08-02, 08-05): stale.
    const bok = freshnessOf({ symbol: 'USDKRW', kind: 'usdkrw', market: 'KR', last: '2024-07-31', fxTiming: 'seoul-close' }, '2024-08-05');
    expect(bok).toMatchObject({ due: '2024-08-05', age: 3, fresh: false });
    expect(staleText(bok, '2024-08-05', 'last rate')).toBe('USDKRW last rate 2024-07-31 is 3 days before 2024-08-05 (limit 2 days)');
  });
});

describe('timing: previous-close AUM and Seoul-close USD/KRW (known answers)', () => {
  it('a move rebalances on the net assets of the close before it (Cheng & Madhavan)', () => {
    const pts = [{ date: '2024-08-02', netAssets: 1_000e9 }, { date: '2024-08-05', netAssets: 900e9 }];
    expect(previousCloseNetAssets(pts, '2024-08-05')).toEqual(pts[0]);
    // ×2 fund, −10 % on 08-05: 1,000bn · 2 · 1 · (−0.10) = −200bn (the same day's 900bn would say −180bn, 10 % short)
    expect(rebalanceFlow(previousCloseNetAssets(pts, '2024-08-05')!.netAssets, 2, -0.1)).toBeCloseTo(-200e9, 0);
  });
  it('USD/KRW on a KRX day: the Bank of Korea rate of that day, else the New York noon before it', () => {
    const fx = [{ date: '2008-10-23', close: 1365.4 }, { date: '2008-10-24', close: 1414.3 }];
    expect(usdkrwKnownAtSeoulClose(fx, '2008-10-24', 'seoul-close')!.close).toBe(1414.3);
    expect(usdkrwKnownAtSeoulClose(fx, '2008-10-24', 'new-york-noon')!.close).toBe(1365.4);
  });

  // Hand market, KRX sessions Mon 2024-07-29 … Mon 2024-08-05; KOSPI200 100 flat, then 90 on 08-05 (−10 %).
  const D = ['2024-07-29', '2024-07-30', '2024-07-31', '2024-08-01', '2024-08-02', '2024-08-05'];
  const fxOf = (source: string, fxTiming?: Series['fxTiming']): Series => ({
    ...series('USDKRW', D.map((date) => ({ date, close: date === '2024-08-05' ? 1250 : 1000 }))), source, ...(fxTiming ? { fxTiming } : {}),
  });
  const market = (fx: Series) =>
    handMarket([
      series('KOSPI', D.map((date) => ({ date, close: 2500, tradedValue: 10e12 }))),
      series('KOSPI200', D.map((date) => ({ date, close: date === '2024-08-05' ? 90 : 100 }))),
      series('122630', D.map((date) => ({ date, close: 10_000, netAssets: date === '2024-08-05' ? 900e9 : 1_000e9 }))),
      fx,
    ]);

  it('/gamma: the latest move (−10 %) on the previous close, the rate as known at Seoul\'s close, and which rate it is', async () => {
    const bok = await reportOf('/gamma asof=2024-08-05', ctxOf(market(fxOf('csv:USDKRW.csv', 'seoul-close'))));
    // Next move: AUM at the 08-05 close, ₩900bn / 1250 = $720m; per +1 %: 720m · 2 · 1 · 0.01 = $14.4m.
    expect(bok.data.totalFlowUsd as number).toBeCloseTo(14.4e6, 0);
    // 08-05's −10 %: AUM at the 08-02 close, ₩1,000bn at 08-02's rate 1000 = $1bn; 1bn · 2 · 1 · (−0.1) = −$200m.
    const latest = (bok.data.scenarios as { label: string; totalFlowUsd: number }[]).at(-1)!;
    expect(latest.label).toBe('KOSPI200 2024-08-05 -10.0%');
    expect(latest.totalFlowUsd).toBeCloseTo(-200e6, 0);
    expect(bok.fields.find((f) => f.label === 'USDKRW')!.value).toBe('1250.00 (Bank of Korea, Seoul close 2024-08-05)');

    // FRED's noon rate of 08-05 comes after Seoul's close: 08-02's 1000 is used. ₩900bn / 1000 · 0.02 = $18m.
    const ny = await reportOf('/gamma asof=2024-08-05', ctxOf(market(fxOf('fred:DEXKOUS'))));
    expect(ny.data.usdkrw).toBe(1000);
    expect(ny.data.totalFlowUsd as number).toBeCloseTo(18e6, 0);
    expect(ny.fields.find((f) => f.label === 'USDKRW')!.value).toBe("1000.00 (New York noon 2024-08-02, the latest before Seoul's close on 2024-08-05)");
  });

  it('/gamma with a stale rate: no KRW↔USD, each field it feeds is grey "no data" naming its last date, the tone is never calm', async () => {
    const old = { ...fxOf('fred:DEXKOUS'), points: [{ date: '2024-07-29', close: 1000 }] };
    const r = await reportOf('/gamma asof=2024-08-05', ctxOf(market(old)));
    expect(r.data.usdkrw).toBeNull();
    expect(r.fields.find((f) => f.label === 'USDKRW')).toEqual({ label: 'USDKRW', value: 'no data (last rate 2024-07-29, 4 days before 2024-08-02)', tone: 'missing' });
    expect(r.tone).toBe('missing');
    expect(r.headline).toContain('no data: USDKRW (last 2024-07-29)');
    expect(r.notes).toContain("USDKRW not used: USDKRW last rate 2024-07-29 is 4 days before 2024-08-02 (due for 2024-08-05) (limit 2 days); KRW↔USD not shown.");
    expect(r.fields.filter((f) => f.tone === 'calm')).toEqual([]);
  });
});

describe('stale refusal: /theta is built on KOSPI200 and VKOSPI', () => {
  const D = ['2024-07-29', '2024-07-30', '2024-07-31', '2024-08-01', '2024-08-02', '2024-08-05'];
  const m = handMarket([
    series('KOSPI', D.map((date) => ({ date, close: 2500 }))),
    series('KOSPI200', D.slice(0, 3).map((date) => ({ date, close: 350 }))),
    series('VKOSPI', D.map((date) => ({ date, close: 20 }))),
  ]);
  it('refuses with one line naming KOSPI200 and its last date when it would price off it', async () => {
    const o = await notAnswer('/theta asof=2024-08-05', ctxOf(m));
    const reason = 'KOSPI200 last close 2024-07-31 is 3 sessions before 2024-08-05 (limit 1 session); give spot= to price anyway';
    expect(o).toEqual({ kind: 'data', audience: 'channel', message: `Data missing: KOSPI200 from hand: ${reason}`, missing: [{ symbol: 'KOSPI200', source: 'hand', reason }] });
  });
  it('with spot= it answers, and says KOSPI200 was not used', async () => {
    const r = await reportOf('/theta asof=2024-08-05 spot=350', ctxOf(m));
    expect(r.notes).toContain('KOSPI200 not used: KOSPI200 last close 2024-07-31 is 3 sessions before 2024-08-05 (limit 1 session).');
    expect(r.sources.map((s) => s.symbol)).not.toContain('KOSPI200');
  });
});

describe('stale marking: /kospi-stress names a US series that stopped', () => {
  it('NDX and VIX ending 10 sessions early are named with their last date', async () => {
    const D = weekdays(300, '2023-01-02');
    const wave = (i: number) => 100 * Math.exp(0.1 * Math.sin(i / 7) + 0.0005 * i);
    const us = (symbol: string) => series(symbol, D.slice(0, -10).map((date, i) => ({ date, close: symbol === 'VIX' ? 20 + 5 * Math.sin(i / 5) : wave(i) })));
    const m = handMarket([series('KOSPI', D.map((date, i) => ({ date, close: 25 * wave(i + 3) }))), us('NDX'), us('VIX')]);
    const r = await reportOf('/kospi-stress', ctxOf(m));
    const last = D.at(-11)!;
    expect(r.notes).toContainEqual(expect.stringMatching(new RegExp(`^NDX last close ${last} is \\d+ sessions before .*: the numbers it feeds are not current\\.$`)));
    expect(r.notes).toContainEqual(expect.stringMatching(new RegExp(`^VIX last close ${last} is`)));
  });
});

describe('no data is a tone of its own, in every adapter', () => {
  it('grey, never green or a regime colour', () => {
    expect(TONE_MARK.missing).toBe('⚪');
    expect(TONE_COLOR.missing).toBe(0x94a3b8);
    expect(TONE_COLORS.missing).toBe('#94a3b8');
    for (const c of ['calm', 'elevated', 'high', 'extreme'] as const) expect(TONE_COLORS[c]).not.toBe(TONE_COLORS.missing);
  });
  it('a missing part never leaves an answer calm', () => {
    expect(overallTone(['calm', 'missing'])).toBe('missing');
    expect(overallTone(['elevated', 'missing'])).toBe('elevated');
    expect(overallTone(['missing', 'missing'])).toBe('missing');
    expect(overallTone(['calm', 'calm'])).toBe('calm');
  });
  it('console, Slack and Discord show it', () => {
    const r: Report = {
      command: 'gamma', title: 'Hedging flow', headline: 'flow unknown · no data: AUM', tone: 'missing',
      fields: [{ label: 'USDKRW', value: 'no data', tone: 'missing' }], notes: [], charts: [], data: {}, sources: [],
    };
    expect(reportText(r)).toMatch(/^⚪ Hedging flow/);
    expect(reportText(r)).not.toContain('🟢');
    expect(JSON.stringify(reportBlocks(r))).toContain('⚪');
    expect(JSON.stringify(reportBlocks(r))).not.toContain('🟢');
    expect(reportEmbed(r).color).toBe(0x94a3b8);
  });
});
