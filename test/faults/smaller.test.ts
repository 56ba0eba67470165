// The smaller faults of issue 20: date arguments outside any market's years are usage errors (CLI
// exit 2), a channel subscribing after today's run time is told tomorrow and is not posted today,
// and SIGTERM's count covers a reply until its last platform call.
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/core/router.ts';
import { commands } from '../../src/commands/registry.ts';
import { UsageError } from '../../src/core/errors.ts';
import { openStore } from '../../src/digest/openStore.ts';
import { startDigestScheduler } from '../../src/digest/scheduler.ts';
import { createBotCore } from '../../src/infra/process.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { testConfig } from '../../src/config.ts';
import { demoMarket } from '../../src/data/demo.ts';
import type { Report } from '../../src/core/types.ts';

describe('date arguments', () => {
  it.each(['0001-01-01', '1899-12-31', '2101-01-01', '9999-12-31'])('asof=%s is a usage error with an example', (d) => {
    for (const line of [`/digest asof=${d}`, `/kospi-stress asof=${d}`, `/corr asof=${d}`]) {
      expect(() => parseLine(line, commands)).toThrow(UsageError);
      expect(() => parseLine(line, commands)).toThrow(/must be a year from 1900 to 2100\. Example: \//);
    }
  });
  it('the years at the bounds are dates like any other', () => {
    expect(() => parseLine('/kospi-stress asof=1900-01-02', commands)).not.toThrow();
    expect(() => parseLine('/kospi-stress asof=2100-12-31', commands)).not.toThrow();
  });
});

describe('subscribing after today\'s run time', () => {
  it('at 03:11 Seoul with time=03:09: "next" is tomorrow 03:09, and the 03:12 tick posts nothing', async () => {
    // Wednesday 2026-12-02 03:11 in Seoul (UTC+9) is 2026-12-01T18:11Z; both days are KRX sessions.
    const now = new Date('2026-12-01T18:11:00Z');
    const store = await openStore({ DATA_HOME: '' }, { file: ':memory:', clock: () => now });
    const core = createBotCore({ config: testConfig(), log: silentLogger, market: demoMarket(), render: async () => Buffer.alloc(0), digest: store, now: () => now });
    const o = await core.ask('/digest subscribe time=03:09', { user: 'slack:T:U', channel: 'slack:C1' });
    expect(o.kind).toBe('answer');
    const report = (o as { report: Report }).report;
    expect(report.data.next).toBe('2026-12-03T03:09:00+09:00');
    expect(report.headline).toContain('next 2026-12-03T03:09:00+09:00');

    const posted: string[] = [];
    // The scheduler's own clock stays at the 03:12 tick: a real minute tick during the test then finds
    // nothing due, and cannot take tomorrow's post from the runDue below.
    const tick = new Date('2026-12-01T18:12:00Z');
    const scheduler = startDigestScheduler({
      core, store, config: testConfig(), now: () => tick,
      posters: [{ platform: 'slack', post: async (c) => void posted.push(c) }],
    });
    expect(await scheduler.started).toEqual([]);
    expect(await scheduler.runDue(tick)).toEqual([]);
    // Tomorrow's run is posted as said.
    expect((await scheduler.runDue(new Date('2026-12-02T18:09:00Z'))).map((r) => r.status)).toEqual(['sent']);
    expect(posted).toEqual(['C1']);
    await scheduler.stop();
    await store.close();
  });
});

describe('the drain counts whole replies', () => {
  it('a reply is in flight from its queueing to its last platform call, and queued replies run in order', async () => {
    const core = createBotCore({ config: testConfig(), log: silentLogger, market: demoMarket(), render: async () => Buffer.alloc(0), replyConcurrency: 1 });
    let release!: () => void;
    const platform = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const first = core.reply(async () => {
      order.push('first starts');
      await platform; // e.g. chat.postMessage answering slowly
      order.push('first done');
    });
    const second = core.reply(async () => void order.push('second'));
    expect(core.inFlight()).toBe(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['first starts']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first starts', 'first done', 'second']);
    expect(core.inFlight()).toBe(0);
  });
});
