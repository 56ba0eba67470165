// The follow-ups the core offers under an answer, checked against lines spelled by hand.
import { describe, expect, it } from 'vitest';
import { followUps, followUpLines, movedOnNote, spell, type SessionCalendar } from '../../src/core/actions.ts';
import { parseLine, commands } from '../helpers/registry.ts';
import type { Report } from '../../src/core/types.ts';

// Weekdays only, enough for the stepping rules (the real KRX calendar is wired in src/infra/process.ts).
const day = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const weekdays: SessionCalendar = {
  previous: (d) => { let x = day(d, -1); while ([0, 6].includes(new Date(x).getUTCDay())) x = day(x, -1); return x; },
  next: (d) => { let x = day(d, 1); while ([0, 6].includes(new Date(x).getUTCDay())) x = day(x, 1); return x; },
  latest: () => '2026-11-27',
};
const now = new Date('2026-11-28T12:00:00Z');
const report = (asOf: string): Report => ({ command: 'x', title: 't', headline: 'h', tone: 'calm', fields: [], notes: [], charts: [], data: {}, sources: [{ symbol: 'KOSPI', source: 'demo', asOf }] });

describe('followUps', () => {
  it('steps to the previous session (Friday before a Monday) and offers no next session on the latest data', () => {
    const list = followUps(parseLine('/kospi-stress'), report('2026-11-23'), { calendar: weekdays, now });
    const byId = Object.fromEntries(list.map((a) => [a.id, a]));
    expect(byId.refresh).toMatchObject({ line: '/kospi-stress', basis: '2026-11-23' });
    expect(byId.prev).toMatchObject({ line: '/kospi-stress asof=2026-11-20' });
    expect(byId.next).toBeUndefined();
    expect(byId.explain).toMatchObject({ line: '/help kospi-stress', audience: 'asker' });
  });

  it('never steps past the latest session: the step onto it drops asof= so it follows the data', () => {
    const mid = followUps(parseLine('/kospi-stress asof=2026-11-20 window=60'), report('2026-11-20'), { calendar: weekdays, now });
    expect(mid.find((a) => a.id === 'next')).toMatchObject({ line: '/kospi-stress asof=2026-11-23 window=60' });
    const last = followUps(parseLine('/kospi-stress asof=2026-11-26'), report('2026-11-26'), { calendar: weekdays, now });
    expect(last.find((a) => a.id === 'next')).toMatchObject({ line: '/kospi-stress' });
    const at = followUps(parseLine('/kospi-stress asof=2026-11-27'), report('2026-11-27'), { calendar: weekdays, now });
    expect(at.find((a) => a.id === 'next')).toBeUndefined();
  });

  it('the select lists only values the schema accepts, the typed one selected', () => {
    const corr = followUps(parseLine('/corr vs=sox'), report('2026-11-27'), { now });
    const sel = corr.find((a) => a.kind === 'select')!;
    // /corr's main key is window (10–500): 10, 21, 60, 120 and 250 all fit.
    expect(sel).toMatchObject({ key: 'window' });
    const vr = followUps(parseLine('/vol-ratio lookback=6m'), report('2026-11-27'), { now }).find((a) => a.kind === 'select')!;
    expect(vr.kind === 'select' && vr.options.filter((o) => o.selected).map((o) => o.line)).toEqual(['/vol-ratio lookback=6m']);
  });

  it('/gamma offers its move scenarios as buttons', () => {
    const lines = followUpLines(followUps(parseLine('/gamma'), report('2026-11-27'), { now }));
    expect(lines).toEqual(expect.arrayContaining(['/gamma move=-3', '/gamma move=-1', '/gamma move=1', '/gamma move=3']));
  });

  it('every follow-up line parses as a typed line would', () => {
    for (const c of commands) {
      for (const example of c.examples) {
        const parsed = parseLine(example);
        for (const line of followUpLines(followUps(parsed, report('2026-11-20'), { calendar: weekdays, now }))) expect(() => parseLine(line)).not.toThrow();
      }
    }
  });

  it('spells arguments in schema order and says when the data moved on', () => {
    const parsed = parseLine('/corr lag=1 window=30');
    expect(spell(parsed.command, parsed.raw)).toBe('/corr window=30 lag=1');
    expect(movedOnNote({ line: '/corr', basis: '2026-11-26' }, '2026-11-27')).toContain('moved on');
    expect(movedOnNote({ line: '/corr', basis: '2026-11-27' }, '2026-11-27')).toBeUndefined();
  });
});

/** The process's core over the DEMO market, loaded only by the tests that ask through it. */
async function demoCore(env: Record<string, string>) {
  const { createBotCore } = await import('../../src/infra/process.ts');
  const { testConfig } = await import('../../src/config.ts');
  const { silentLogger } = await import('../../src/infra/log.ts');
  const { demoMarket } = await import('../../src/data/demo.ts');
  return createBotCore({ config: testConfig(env), log: silentLogger, market: demoMarket(), render: async () => Buffer.alloc(0) });
}

describe('core.act', () => {
  it('counts a click against the asker like a typed line, and says when the data moved on', async () => {
    const core = await demoCore({ RATE_LIMIT_PER_MIN: '2' });
    const who = { user: 'slack:T1:U1', channel: 'slack:C1' };
    const first = await core.ask('/vol-ratio', who);
    if (first.kind !== 'answer') throw new Error(first.message);
    const refresh = first.actions!.find((a) => a.id === 'refresh')!;
    if (refresh.kind !== 'button') throw new Error('refresh is a button');
    // Offered against an older answer: the same line now answers on newer data, and says so.
    const moved = await core.act({ line: refresh.line, basis: '2020-01-02' }, who);
    expect(moved.kind === 'answer' && moved.report.notes[0]).toContain('moved on');
    // The third ask in the minute, typed or clicked, is refused to the asker alone.
    const third = await core.act(refresh, who);
    expect(third).toMatchObject({ kind: 'rate', audience: 'asker' });
  });
});

describe('follow-ups in the answer’s language', () => {
  it('a Korean answer’s buttons, select and moved-on note are Korean; an English one’s are not', async () => {
    const core = await demoCore({});
    const HANGUL = /[\uAC00-\uD7A3]/;
    const labels = async (line: string) => {
      const o = await core.ask(line);
      if (o.kind !== 'answer') throw new Error(o.message);
      return o.actions!.map((a) => (a.kind === 'button' ? a.label : a.placeholder));
    };
    const ko = await labels('/kospi-stress asof=2024-08-05 lang=ko');
    expect(ko).toEqual(expect.arrayContaining(['↻ 새로고침', '◀ 이전 거래일', '다음 거래일 ▶', '이 숫자들은 무슨 뜻인가요?', 'window 바꾸기']));
    for (const label of ko) expect(label).toMatch(HANGUL);
    const en = await labels('/kospi-stress asof=2024-08-05');
    expect(en).toEqual(expect.arrayContaining(['↻ Refresh', '◀ Previous session', 'Next session ▶', 'What do these numbers mean?', 'Change window']));
    for (const label of en) expect(label).not.toMatch(HANGUL);
    const moved = await core.act({ line: '/vol-ratio lang=ko', basis: '2020-01-02' });
    expect(moved.kind === 'answer' && moved.report.notes[0]).toMatch(/데이터가 갱신되었습니다 \(이전 기준일 2020-01-02/);
  });
});
