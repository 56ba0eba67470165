import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBotCore } from '../../src/infra/process.ts';
import { openStore } from '../../src/digest/openStore.ts';
import { StoreUnavailableError, type DigestStore } from '../../src/digest/store.ts';
import { digestSchedule } from '../../src/digest/schedule.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { answer } from '../helpers/registry.ts';
import { buildDigest, DIGEST_PARTS, formatDelta, type DigestChange, type DigestSection } from '../../src/commands/digestPicture.ts';
import { commands } from '../../src/commands/registry.ts';
import { asof as asofArg } from '../../src/commands/args.ts';
import { testConfig } from '../../src/config.ts';
import { DataError } from '../../src/core/errors.ts';
import { DEMO_END, demoMarket } from '../../src/data/demo.ts';
import type { Command, Context, MarketData, Report } from '../../src/core/types.ts';

const config = testConfig();

// ---- the digest's logic on stand-in commands ------------------------------------------------

const KOSPI_DATES = ['2025-02-27', '2025-02-28', '2025-03-04'];
function kospiMarket(demo = false): MarketData {
  return {
    kind: 'test', demo,
    async series(symbol) {
      if (symbol !== 'KOSPI') throw new DataError(symbol, 'test', 'not served here');
      return { symbol, points: KOSPI_DATES.map((date, i) => ({ date, close: 2500 + i })), source: 'test', fetchedAt: '2025-03-04T12:00:00Z' };
    },
    async optionChain() { return null; },
  };
}
const ctxAt = (now: string, market = kospiMarket(), extra: Partial<Omit<Context, 'digest'>> & { digest?: DigestStore } = {}): Context => {
  const { digest, ...rest } = extra;
  return { market, now: new Date(now), config, log: silentLogger, commands, ...rest, ...(digest ? { digest: { store: digest, schedule: digestSchedule } } : {}) };
};

const withAsof = z.object({ asof: asofArg });
const reportOf = (command: string, headline: string, data: Record<string, unknown>, tone: Report['tone'] = 'calm'): Report => ({
  command, title: command, headline, tone, fields: [], notes: [], data,
  charts: [{ title: `${command} chart`, footer: 'f', panels: [] }],
  sources: [{ symbol: 'KOSPI', source: 'test', asOf: String(data.asOf ?? '') }],
});

/** Stand-ins answering per asof, recording what they were asked. */
function standIns(asked: string[]): Command[] {
  const score: Record<string, number> = { '2025-03-04': 68.4, '2025-02-28': 61.2 };
  const ratio: Record<string, number> = { '2025-03-04': 1.15, '2025-02-28': 1.25 };
  return [
    {
      name: 'kospi-stress', summary: '', examples: [], args: withAsof,
      async run({ asof }) {
        asked.push(`kospi-stress ${asof}`);
        // as finishing leaves it on DEMO data: the labelled headline, and the command's own beside it
        const plainHeadline = `KOSPI stress ${Math.round(score[String(asof)]!)}/100`;
        return { ...reportOf('kospi-stress', `DEMO · ${plainHeadline}`, { score: score[String(asof)], drawdown52w: -0.1, realizedVol21d: { kospi: 0.3 }, asOf: asof }, 'high'), demo: true, plainHeadline };
      },
    },
    { name: 'gamma', summary: '', examples: [], args: withAsof, async run() { throw new DataError('122630', 'krx', 'HTTP 503'); } },
    {
      name: 'vol-ratio', summary: '', examples: [], args: withAsof,
      async run({ asof }) {
        asked.push(`vol-ratio ${asof}`);
        return reportOf('vol-ratio', `VKOSPI/VIX ${ratio[String(asof)]}`, { ratio: ratio[String(asof)], zScore: null, asOf: asof }, 'elevated');
      },
    },
    { name: 'theta', summary: '', examples: [], args: z.object({ iv: z.string() }), async run() { throw new Error('unreachable'); } },
    { name: 'ai-basket', summary: '', examples: [], args: withAsof, async run() { throw new TypeError('x is undefined'); } },
    // corr is not registered at all
  ];
}

describe('/digest on stand-in commands', () => {
  it('runs each part as of the digest date and the previous KRX session, and reports the changes', async () => {
    const asked: string[] = [];
    // 08:30 Seoul on Wed 2025-03-05: the last KOSPI session with data is Tue 03-04; Mon 03-03 was a
    // substitute holiday (3·1 fell on a Saturday), so the previous session is Fri 02-28.
    const r = await buildDigest(ctxAt('2025-03-04T23:30:00Z', kospiMarket(true)), undefined, standIns(asked));
    expect(asked.sort()).toEqual(['kospi-stress 2025-02-28', 'kospi-stress 2025-03-04', 'vol-ratio 2025-02-28', 'vol-ratio 2025-03-04']);
    expect(r.data.asof).toBe('2025-03-04');
    expect(r.data.previous).toBe('2025-02-28');

    const sections = r.data.sections as DigestSection[];
    expect(sections.map((s) => s.command)).toEqual(DIGEST_PARTS.map((p) => p.command));
    expect(sections.map((s) => s.command)).toEqual(['kospi-stress', 'gamma', 'vol-ratio', 'corr', 'theta', 'ai-basket']);
    const by = Object.fromEntries(sections.map((s) => [s.command, s]));
    expect(by['kospi-stress']).toEqual({
      command: 'kospi-stress', headline: 'KOSPI stress 68/100', tone: 'high',
      data: { score: 68.4, drawdown: -0.1, return21d: null, vol21d: 0.3 },
    });
    expect(by.gamma!.error).toBe('data missing: 122630 from krx: HTTP 503');
    expect(by.corr!.error).toBe('/corr is not available in this build');
    expect(by.theta!.error).toMatch(/^\/theta needs arguments the digest cannot give/);
    expect(by['ai-basket']!.error).toBe('failed on our side (logged)');

    // 68.4 → 68 and 61.2 → 61 as shown: +7; 1.15 − 1.25 = −0.10.
    const changes = r.data.changes as DigestChange[];
    expect(changes.map((c) => [c.command, c.key, c.text])).toEqual([
      ['kospi-stress', 'score', '+7'],
      ['kospi-stress', 'drawdown', '±0.0 pp'],
      ['kospi-stress', 'vol21d', '±0.0 pp'],
      ['vol-ratio', 'ratio', '−0.10'],
    ]);
    expect(changes[0]!.delta).toBeCloseTo(7.2, 12);

    expect(r.headline).toBe('DEMO · KOSPI stress 68/100 (high), +7 since 2025-02-28; no data: /gamma, /corr, /theta, /ai-basket');
    expect(r.tone).toBe('high');
    // 2025-03-04 carries the Monday weekly expiry pushed back from Monday 3 March (Samiljeol's substitute holiday)
    expect(r.fields.map((f) => f.label)).toEqual(['Stress', 'ETF flow per 1 %', 'VKOSPI / VIX', 'KOSPI–NDX corr', 'Theta at today’s IV', 'AI basket', 'Since 2025-02-28', 'Today']);
    expect(r.fields.at(-1)!.value).toBe('KOSPI200 Monday weekly options expiry');
    expect(r.fields.at(-2)!.value).toBe('score +7 · VKOSPI/VIX −0.10');
    expect(r.fields[1]).toEqual({ label: 'ETF flow per 1 %', value: 'data missing: 122630 from krx: HTTP 503', tone: 'missing' });
    expect(by.gamma!.tone).toBe('missing');
    expect(r.notes).toContain('/gamma: data missing: 122630 from krx: HTTP 503');
    expect(r.notes.at(-1)).toMatch(/^Not investment advice/);
    // one dashboard, a cell per part: the failed ones say so, the stand-ins' empty charts give no panel
    expect(r.charts).toHaveLength(1);
    expect(r.charts[0]!.watermark).toBe('DEMO');
    expect(r.charts[0]!.panels.map((p) => p.title)).toEqual([
      'Stress: no chart', 'ETF flow per 1 %: unavailable', 'VKOSPI / VIX: no chart', 'KOSPI–NDX corr: unavailable', 'Theta at today’s IV: unavailable', 'AI basket: unavailable',
    ]);
    expect(r.sources).toEqual([{ symbol: 'KOSPI', source: 'test', asOf: '2025-03-04' }]);
  });

  it('replays asof= and still answers when every part fails', async () => {
    const asked: string[] = [];
    const r = await buildDigest(ctxAt('2025-06-01T00:00:00Z'), '2025-02-28', standIns(asked));
    expect(r.data.previous).toBe('2025-02-27');
    expect(asked).toContain('kospi-stress 2025-02-28');

    const none = await buildDigest(ctxAt('2025-03-04T23:30:00Z'), undefined, []);
    expect(none.headline).toBe('No stress score: 0 of 6 parts answered; no data: /kospi-stress, /gamma, /vol-ratio, /corr, /theta, /ai-basket');
    expect(none.tone).toBe('missing');
    expect((none.data.sections as DigestSection[]).every((s) => s.error === `/${s.command} is not available in this build`)).toBe(true);
  });

  it('without KOSPI data, speaks for the latest complete KRX session', async () => {
    const empty: MarketData = { kind: 'test', demo: false, series: async (s) => { throw new DataError(s, 'test', 'none'); }, optionChain: async () => null };
    // 08:30 Seoul on Wed 2025-03-05 → Tue 03-04's session is the latest complete one.
    const r = await buildDigest(ctxAt('2025-03-04T23:30:00Z', empty), undefined, []);
    expect(r.data.asof).toBe('2025-03-04');
  });

  it('formats changes in each unit', () => {
    expect(formatDelta(-6.6, 'score')).toBe('−7');
    expect(formatDelta(0.0123, 'pct')).toBe('+1.2 pp');
    expect(formatDelta(-2.5e9, 'usd')).toBe('−$2.50bn');
    expect(formatDelta(1.2e12, 'krw')).toBe('+₩1.20tn');
    expect(formatDelta(-0.25, 'days')).toBe('−0.3 d');
  });
});

// ---- subscriptions through the router -------------------------------------------------------

describe('/digest subscribe, unsubscribe, status, alert', () => {
  let store: DigestStore;
  beforeAll(async () => {
    store = await openStore({ DATA_HOME: '' }, { file: ':memory:' });
  });
  // Tue 2025-03-04 09:00 Seoul
  const inChannel = (channel?: string, digest: DigestStore | undefined = store): Context => ctxAt('2025-03-04T00:00:00Z', kospiMarket(), { ...(channel ? { channel } : {}), user: 'slack:U1', ...(digest ? { digest } : {}) });
  const ask = async (line: string, ctx: Context) => answer(line, ctx);

  it('needs a Slack or Discord channel, and the store', async () => {
    for (const ctx of [inChannel(), inChannel('console:me')]) {
      expect(await ask('/digest subscribe', ctx)).toEqual({
        kind: 'usage', audience: 'asker', message: '/digest subscribe: subscribe works in a Slack or Discord channel. Example: /digest subscribe time=08:30', example: '/digest subscribe time=08:30',
      });
    }
    const noStore: Context = { ...inChannel('slack:C1'), digest: undefined };
    expect((await ask('/digest status', noStore)).kind).toBe('usage');
  });

  it('subscribes at the default or a given time and says when the next digest comes', async () => {
    const o = await ask('/digest subscribe', inChannel('slack:C1'));
    if (o.kind !== 'answer') throw new Error(o.message);
    expect(await store.get('slack:C1')).toMatchObject({ digest: true, time: null, createdBy: 'slack:U1' });
    // Asked at 09:00 on Tue 03-04: today's 08:30 has passed, so Wed 03-05.
    expect(o.report.data.next).toBe('2025-03-05T08:30:00+09:00');
    const t = await ask('/digest subscribe time=7:45', inChannel('discord:99'));
    if (t.kind !== 'answer') throw new Error(t.message);
    expect((await store.get('discord:99'))?.time).toBe('07:45');
    expect(t.report.headline).toContain('next 2025-03-05T07:45:00+09:00');
    const p = await ask('/digest subscribe 08:05', inChannel('discord:99'));
    expect(p.kind).toBe('answer');
    expect((await store.get('discord:99'))?.time).toBe('08:05');
    expect(await ask('/digest subscribe time=25:00', inChannel('slack:C1'))).toEqual({
      kind: 'usage', audience: 'asker', message: '/digest subscribe: time=25:00 is not a time HH:MM. Example: /digest subscribe time=08:30', example: '/digest subscribe time=08:30',
    });
  });

  it('sets and clears the alert threshold typed as score>=80', async () => {
    expect((await ask('/digest alert score>=80', inChannel('slack:C1'))).kind).toBe('answer');
    expect((await store.get('slack:C1'))?.alertScore).toBe(80);
    await ask('/digest alert 75', inChannel('slack:C1'));
    expect((await store.get('slack:C1'))?.alertScore).toBe(75);
    expect((await ask('/digest alert score>=120', inChannel('slack:C1'))).kind).toBe('usage');
    expect((await ask('/digest alert', inChannel('slack:C1'))).kind).toBe('usage');
    await ask('/digest alert off', inChannel('slack:C1'));
    expect((await store.get('slack:C1'))?.alertScore).toBeNull();
  });

  it('shows the status with recent posts, and unsubscribes', async () => {
    await store.claim({ channel: 'slack:C1', day: '2025-03-04', kind: 'digest' }, 'me:1', 60_000);
    await store.finish({ channel: 'slack:C1', day: '2025-03-04', kind: 'digest' }, 'me:1', 'sent', 1);
    const o = await ask('/digest status', inChannel('slack:C1'));
    if (o.kind !== 'answer') throw new Error(o.message);
    expect(o.report.fields).toEqual([
      { label: 'Digest', value: 'every KRX trading day at 08:30 Asia/Seoul' },
      { label: 'Next', value: '2025-03-05T08:30:00+09:00' },
      { label: 'Alert', value: 'none' },
      { label: 'Recent posts', value: '2025-03-04 digest sent' },
    ]);
    const u = await ask('/digest unsubscribe', inChannel('slack:C1'));
    if (u.kind !== 'answer') throw new Error(u.message);
    expect(u.report.data.removed).toBe(true);
    expect(await store.get('slack:C1')).toBeUndefined();
    const s = await ask('/digest status', inChannel('slack:C1'));
    expect(s.kind === 'answer' && s.report.headline).toBe('This channel is not subscribed. Try /digest subscribe.');
  });

  it('rejects unknown actions and subscription words on the plain digest', async () => {
    const bad = await ask('/digest sometimes', inChannel('slack:C1'));
    expect(bad).toMatchObject({ kind: 'usage' });
    expect(bad.kind === 'usage' && bad.message).toMatch(/expected subscribe, unsubscribe, status or alert/);
    expect((await ask('/digest time=08:30', inChannel('slack:C1'))).kind).toBe('usage');
    expect((await ask('/digest status asof=2025-01-02', inChannel('slack:C1'))).kind).toBe('usage');
  });

  it('reaches the store through Core (ctx.digest)', async () => {
    const own = await openStore({ DATA_HOME: '' }, { file: ':memory:' });
    const core = createBotCore({ config, log: silentLogger, market: kospiMarket(), render: async () => Buffer.from(''), digest: own });
    expect(core.digest?.store).toBe(own);
    expect((await core.ask('/digest subscribe time=08:10', { channel: 'slack:C7', user: 'slack:U7' })).kind).toBe('answer');
    expect(await own.get('slack:C7')).toMatchObject({ time: '08:10', createdBy: 'slack:U7' });
    await own.close();
  });

  it('a store that cannot answer says so in one line, and the rest of /digest still works', async () => {
    const down = { ...store, subscribe: async () => { throw new StoreUnavailableError('the database is locked by another process'); } } as DigestStore;
    const o = await ask('/digest subscribe', inChannel('slack:C9', down));
    expect(o).toMatchObject({ kind: 'data', audience: 'channel', message: 'Subscriptions are unavailable right now (the database is locked by another process); try again in a minute.' });
    expect((await ask('/digest', inChannel('slack:C9', down))).kind).toBe('answer');
  });
});

// ---- every section, with the registered commands, on the demo market -----------------------

describe('/digest in demo mode', () => {
  it('answers with every section, its key numbers, the changes and the parts’ charts', async () => {
    // Fri 2026-11-27 08:30 Seoul; the demo market's last session is 2026-11-20 (DEMO_END).
    const o = await answer('/digest', ctxAt('2026-11-26T23:30:00Z', demoMarket()));
    if (o.kind !== 'answer') throw new Error(`${o.kind}: ${o.message}`);
    const r = o.report;
    expect(commands.map((c) => c.name)).toContain('digest');
    const sections = r.data.sections as DigestSection[];
    expect(sections.map((s) => s.command)).toEqual(['kospi-stress', 'gamma', 'vol-ratio', 'corr', 'theta', 'ai-basket']);
    for (const s of sections) {
      expect(s.error, s.command).toBeUndefined();
      expect(s.headline.length, s.command).toBeGreaterThan(10);
      // every key number of every part is there
      for (const k of DIGEST_PARTS.find((p) => p.command === s.command)!.keys) {
        expect(Number.isFinite(s.data[k.name]), `${s.command}.${k.name}`).toBe(true);
      }
    }
    expect(r.data.asof).toBe(DEMO_END);
    expect(r.data.previous).toBe('2026-11-19');
    const changes = r.data.changes as DigestChange[];
    expect(changes).toHaveLength(DIGEST_PARTS.reduce((n, p) => n + p.keys.length, 0));
    for (const c of changes) expect(c.delta).toBeCloseTo(c.now - c.previous, 9);
    // the stress part's score is the /kospi-stress answer's own, at both dates
    const scoreAt = async (d: string) => {
      const x = await answer(`/kospi-stress asof=${d}`, ctxAt('2026-11-26T23:30:00Z', demoMarket()));
      if (x.kind !== 'answer') throw new Error(x.message);
      return x.report.data.score;
    };
    expect(changes[0]).toMatchObject({ command: 'kospi-stress', key: 'score', now: await scoreAt(DEMO_END), previous: await scoreAt('2026-11-19') });
    // the morning in one image: a small multiple per part, each titled with its headline number
    expect(r.charts).toHaveLength(1);
    const [board] = r.charts;
    expect(board!.watermark).toBe('DEMO');
    expect(board!.columns).toBe(2);
    expect(board!.panels).toHaveLength(DIGEST_PARTS.length);
    expect(board!.panels[0]!.title).toBe(`Stress: ${Math.round(changes[0]!.now)}/100`);
    expect(board!.panels.every((p) => p.series.length > 0)).toBe(true);
    expect(r.notes.join(' ')).toMatch(/Detail charts: \/kospi-stress, \/gamma/);
    expect(r.title).toBe(`Morning stress digest · ${DEMO_END} [DEMO]`);
    expect(r.headline).toMatch(/^DEMO · KOSPI stress \d+\/100 \((calm|elevated|high|extreme)\), [+−±]\d+ since 2026-11-19$/);
    expect(r.sources.map((s) => s.symbol)).toEqual(expect.arrayContaining(['KOSPI', 'NDX', 'VIX', 'VKOSPI', 'SOX', 'KOSPI200']));
  });
});
