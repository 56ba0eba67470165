import { describe, expect, it } from 'vitest';
import { answer } from '../helpers/registry.ts';
import { commands } from '../../src/commands/registry.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { demoMarket } from '../../src/data/demo.ts';
import { memoryAlertStore } from '../../src/digest/alertStore.ts';
import { digestSchedule } from '../../src/digest/schedule.ts';
import type { Context } from '../../src/core/types.ts';
import type { SubscriptionStore } from '../../src/core/ports.ts';

const config = testConfig();
const noSubs = {} as SubscriptionStore;

function ctxFor(channel: string | undefined, alerts = memoryAlertStore()): Context {
  return {
    market: demoMarket(), now: new Date('2025-03-04T03:00:00Z'), config, log: silentLogger, commands,
    ...(channel ? { channel } : {}), user: 'slack:U1', digest: { store: noSubs, schedule: digestSchedule, alerts },
  };
}

describe('/alert', () => {
  it('add, list, test and remove in one channel; another channel sees none', async () => {
    const alerts = memoryAlertStore();
    const ctx = ctxFor('slack:C1', alerts);
    const added = await answer('/alert add score>=80 and close<trendline cooldown=2h', ctx);
    expect(added.kind).toBe('answer');
    if (added.kind !== 'answer') return;
    expect(added.report.headline).toContain('a1');
    expect(added.report.headline).toContain('score>=80 and close<trendline');
    expect((await alerts.alerts('slack:C1'))[0]).toMatchObject({ id: 'a1', cooldownMs: 2 * 3_600_000, armed: true });

    const list = await answer('/alert list', ctx);
    expect(list.kind === 'answer' && list.report.fields.map((f) => f.label)).toEqual(['a1']);
    const other = await answer('/alert list', ctxFor('slack:C2', alerts));
    expect(other.kind === 'answer' && other.report.headline).toMatch(/No alerts/);

    const removed = await answer('/alert remove a1', ctx);
    expect(removed.kind === 'answer' && removed.report.data.removed).toBe(true);
    expect(await alerts.alerts()).toEqual([]);
  });

  it('the old spelling /digest alert score>=80 still parses', async () => {
    const r = await answer('/digest alert score>=80', ctxFor(undefined));
    // without a platform channel it is a usage error about the channel, not about the spelling
    expect(r.kind).toBe('usage');
    if (r.kind === 'usage') expect(r.message).toMatch(/Slack or Discord channel/);
  });

  it('a bad condition lists the names and shows an example', async () => {
    const r = await answer('/alert add scroe>=80', ctxFor('slack:C1'));
    expect(r.kind).toBe('usage');
    if (r.kind !== 'usage') return;
    expect(r.message).toContain('unknown name "scroe"');
    expect(r.message).toContain('vkospiVixRatio');
    expect(r.message).toMatch(/Example: \/alert add score>=80$/);
  });

  it('test: the truth now agrees with /kospi-stress, and the firings are rising edges of the true sessions', async () => {
    const ctx = ctxFor('slack:C1');
    const r = await answer('/alert test pctFromSma21<0 lookback=60d', ctx);
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    const stress = await answer('/kospi-stress', ctx);
    if (stress.kind !== 'answer') throw new Error('no stress');
    expect(r.report.data.now).toBe((stress.report.data.pctFromSma21 as number) < 0);
    expect(r.report.data.sessions).toBe(60);
    const firings = r.report.data.firings as string[];
    expect(firings.length).toBeGreaterThan(0);
    expect(firings.length).toBeLessThanOrEqual(r.report.data.trueSessions as number);
    expect(r.report.charts).toHaveLength(1);
    expect(r.report.notes.join(' ')).toMatch(/DEMO/);
  });
});
