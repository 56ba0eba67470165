// Identical concurrent asks share one run (and one set of PNGs); anything else runs on its own.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBotCore } from '../../src/infra/process.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { sharingCommands, sharingRender } from '../../src/core/share.ts';
import { testConfig } from '../../src/config.ts';
import type { ChartSpec, Command, Report } from '../../src/core/types.ts';

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
    await core.ask('/slow n=1');
    await core.ask('/slow n=1');
    expect(runs.sort()).toEqual(['-:slack:U1', '-:slack:U2', '1:-', '1:-']);
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
