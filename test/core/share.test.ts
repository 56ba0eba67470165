// Identical concurrent asks share one run (and one set of PNGs); anything else runs on its own.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBotCore } from '../../src/infra/process.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { sharingCommands, sharingRender } from '../../src/core/share.ts';
import { testConfig } from '../../src/config.ts';
import type { ChartSpec, Command, Pace, Report } from '../../src/core/types.ts';

const args = z.object({ n: z.string().optional(), action: z.string().optional() });

/** A command whose runs wait until `open()`; `until(n)` waits for n runs to have started. */
function counting() {
  const runs: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const command: Command<typeof args> = {
    name: 'slow',
    summary: 'waits for the test',
    args,
    examples: ['/slow'],
    personal: (a) => a.action !== undefined,
    async run(a, ctx) {
      runs.push(`${a.n ?? '-'}:${ctx.user ?? '-'}`);
      await gate;
      if (a.n === 'fail') throw new Error('boom');
      const report: Report = { command: 'slow', title: 'slow', headline: `n=${a.n ?? '-'}`, tone: 'calm', fields: [], notes: [], charts: [], data: {}, sources: [] };
      return report;
    },
  };
  return {
    runs,
    list: sharingCommands([command]),
    open: () => release(),
    /** Lets every ask reach `run` (the rate limiter answers asynchronously). */
    settle: () => new Promise((r) => setTimeout(r, 20)),
  };
}

const market = { kind: 'demo', demo: true, series: async () => { throw new Error('unused'); }, optionChain: async () => null };

describe('sharingCommands', () => {
  it('runs identical concurrent asks once and gives every asker the answer; other arguments run apart', async () => {
    const { runs, list, open, settle } = counting();
    const core = createBotCore({ config: testConfig(), log: silentLogger, market, render: async () => Buffer.alloc(0), commands: list });
    const asks = [core.ask('/slow n=1', { user: 'slack:U1' }), core.ask('/slow n=1', { user: 'slack:U2' }), core.ask('/slow  n=1'), core.ask('/slow n=2')];
    await settle();
    open();
    const outcomes = await Promise.all(asks);
    expect(runs).toHaveLength(2);
    expect(runs).toContain('2:-');
    expect(runs.filter((r) => r.startsWith('1:'))).toHaveLength(1);
    expect(outcomes.map((o) => o.kind === 'answer' && o.report.headline)).toEqual(['n=1', 'n=1', 'n=1', 'n=2']);
  });

  it('never shares personal asks (subscriptions), and runs again once the shared run has settled', async () => {
    const { runs, list, open, settle } = counting();
    const core = createBotCore({ config: testConfig(), log: silentLogger, market, render: async () => Buffer.alloc(0), commands: list });
    const personal = [core.ask('/slow action=subscribe', { user: 'slack:U1' }), core.ask('/slow action=subscribe', { user: 'slack:U2' })];
    await settle();
    open();
    await Promise.all(personal);
    await core.ask('/slow action=subscribe', { user: 'slack:U1' });
    expect(runs.sort()).toEqual(['-:slack:U1', '-:slack:U1', '-:slack:U2']);
  });

  it('a failed shared run fails every asker alike and is not kept', async () => {
    const { runs, list, open, settle } = counting();
    const core = createBotCore({ config: testConfig(), log: silentLogger, market, render: async () => Buffer.alloc(0), commands: list });
    const asks = [core.ask('/slow n=fail'), core.ask('/slow n=fail')];
    await settle();
    open();
    expect((await Promise.all(asks)).map((o) => o.kind)).toEqual(['error', 'error']);
    expect((await core.ask('/slow n=fail')).kind).toBe('error');
    expect(runs).toEqual(['fail:-', 'fail:-']);
  });
});

/** A command reading series X (and the intraday quote with live=1); a market whose X can be replaced. */
function reading() {
  const runs: string[] = [];
  let x = { symbol: 'X', points: [{ date: '2025-01-02', close: 1 }], source: 'test', fetchedAt: '2025-01-02T00:00:00Z' };
  const market = {
    kind: 'test', demo: false,
    series: async () => x,
    optionChain: async () => null,
    intraday: async () => null,
  };
  const command: Command<typeof args> = {
    name: 'reads', summary: 'reads X', args, examples: ['/reads'],
    async run(a, ctx) {
      runs.push(`${a.n ?? '-'}:${ctx.locale ?? 'en'}`);
      const s = await ctx.market.series('X');
      if (a.n === 'live') await ctx.market.intraday!('KOSPI', ctx.now);
      return { command: 'reads', title: 'reads', headline: `close ${s.points.at(-1)!.close}`, tone: 'calm', fields: [], notes: [], charts: [], data: {}, sources: [] };
    },
  };
  const part = command;
  // A digest-like command that answers from another command of the list (ctx.commands).
  const outer: Command<typeof args> = {
    name: 'outer', summary: 'asks /reads', args, examples: ['/outer'],
    async run(_a, ctx) {
      runs.push('outer');
      const r = await ctx.commands.find((c) => c.name === 'reads')!.run({}, ctx);
      return { ...r, command: 'outer', headline: `outer ${r.headline}` };
    },
  };
  return { runs, market, list: sharingCommands([part, outer]), replace: (close: number) => (x = { ...x, points: [{ date: '2025-01-03', close }] }) };
}

describe('settled answers', () => {
  it('are reused in the same minute while every input read is the same object, and recomputed when one changes', async () => {
    const { runs, market, list, replace } = reading();
    let now = new Date('2025-01-03T01:00:10Z');
    const core = createBotCore({ config: testConfig(), log: silentLogger, market, render: async () => Buffer.alloc(0), commands: list, now: () => now });
    const first = await core.ask('/reads');
    const again = await core.ask('/reads');
    expect(runs).toEqual(['-:en']);
    expect(again.kind === 'answer' && first.kind === 'answer' && again.report).toBe(first.kind === 'answer' && first.report);
    replace(2); // the data layer hands out a new X (a cache refresh)
    const fresh = await core.ask('/reads');
    expect(fresh.kind === 'answer' && fresh.report.headline).toBe('close 2');
    expect(runs).toHaveLength(2);
    now = new Date('2025-01-03T01:01:00Z'); // the next minute: computed again, whatever the data
    await core.ask('/reads');
    expect(runs).toHaveLength(3);
  });

  it('are kept per language, never for an answer that read a live quote, and serve an enclosing answer (a digest part)', async () => {
    const { runs, market, list, replace } = reading();
    const now = new Date('2025-01-03T01:00:10Z');
    const core = createBotCore({ config: testConfig(), log: silentLogger, market, render: async () => Buffer.alloc(0), commands: list, now: () => now });
    await core.ask('/reads');
    await core.ask('/reads lang=ko');
    expect(runs).toEqual(['-:en', '-:ko']);
    await core.ask('/reads n=live');
    await core.ask('/reads n=live');
    expect(runs.filter((r) => r === 'live:en')).toHaveLength(2);
    const o = await core.ask('/outer');
    expect(o.kind === 'answer' && o.report.headline).toBe('outer close 1');
    expect(runs.filter((r) => r === '-:en')).toHaveLength(1); // the part's kept answer served the outer one
    await core.ask('/outer');
    expect(runs.filter((r) => r === 'outer')).toHaveLength(1);
    replace(5); // the part's input changed: the outer answer, which read it through the part, is recomputed too
    const o2 = await core.ask('/outer');
    expect(o2.kind === 'answer' && o2.report.headline).toBe('outer close 5');
    expect(runs.filter((r) => r === 'outer')).toHaveLength(2);
  });
});

describe('pace', () => {
  it('wraps only an answer actually computed: a kept or shared one never waits its turn, and a part runs within its whole', async () => {
    const { runs, market, list } = reading();
    const now = new Date('2025-01-03T01:00:10Z');
    const core = createBotCore({ config: testConfig(), log: silentLogger, market, render: async () => Buffer.alloc(0), commands: list, now: () => now });
    let paced = 0;
    let held = false;
    // One turn at a time, as the playground's: a part asking for a second turn inside the first would never get it.
    const pace: Pace = async (compute) => {
      if (held) throw new Error('asked for a turn inside a turn');
      paced++;
      held = true;
      try {
        return await compute();
      } finally {
        held = false;
      }
    };
    const outer = await core.ask('/outer', { pace });
    expect(outer.kind === 'answer' && outer.report.headline).toBe('outer close 1');
    expect(paced).toBe(1);
    expect((await core.ask('/reads', { pace })).kind).toBe('answer'); // kept from the outer answer's part
    expect((await core.ask('/outer', { pace })).kind).toBe('answer'); // kept
    expect(paced).toBe(1);
    await core.ask('/reads n=2', { pace });
    expect(paced).toBe(2);
    expect(runs).toEqual(['outer', '-:en', '2:en']);
  });
});

describe('follow-ups of a kept answer', () => {
  it('are made once per report while the latest session holds, and made again when it moves', async () => {
    const { market, list } = reading();
    const now = new Date('2025-01-03T01:00:10Z');
    let latest = '2025-01-02';
    let asked = 0;
    const calendar = { previous: (d: string) => d, next: (d: string) => d, latest: () => (asked++, latest) };
    const core = createBotCore({ config: testConfig(), log: silentLogger, market, render: async () => Buffer.alloc(0), commands: list, now: () => now, calendar });
    const actionsOf = async () => {
      const o = await core.ask('/reads');
      return o.kind === 'answer' ? o.actions : undefined;
    };
    const first = await actionsOf();
    expect(first?.map((a) => a.id)).toEqual(['refresh']);
    expect(await actionsOf()).toBe(first);
    expect(asked).toBe(2); // still asked each time: the key
    latest = '2025-01-03';
    const moved = await actionsOf();
    expect(moved).not.toBe(first);
    expect(moved).toEqual(first);
  });
});

describe('sharingRender', () => {
  it('renders a chart object once however many ask for it; a failure is not kept', async () => {
    let calls = 0;
    let fail = true;
    const render = sharingRender(async () => {
      calls++;
      if (fail) throw new Error('canvas');
      return Buffer.from('png');
    });
    const spec = { title: 't', panels: [], footer: '' } as ChartSpec;
    await expect(render(spec)).rejects.toThrow('canvas');
    fail = false;
    const [a, b] = await Promise.all([render(spec), render(spec)]);
    expect(a).toBe(b);
    expect(calls).toBe(2);
    await render({ ...spec });
    expect(calls).toBe(3);
  });
});
