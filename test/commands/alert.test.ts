import { describe, expect, it } from 'vitest';
import { answer } from '../helpers/registry.ts';
import { commands } from '../../src/commands/registry.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { demoMarket } from '../../src/data/demo.ts';
import { memoryAlertStore } from '../../src/digest/alertStore.ts';
import { digestSchedule } from '../../src/digest/schedule.ts';
import type { Command, Context, MarketData, Series } from '../../src/core/types.ts';
import { DataError } from '../../src/core/errors.ts';
import type { SubscriptionStore } from '../../src/core/ports.ts';
import { replay, DEFAULT_COOLDOWN_MS } from '../../src/commands/alert.ts';
import { ALERT_NAME_LIST, numbersOnly, readAlertHistory, wholeCommand } from '../../src/commands/alertValues.ts';
import { parseCondition } from '../../src/analytics/condition.ts';

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

  it('in Korean the parser\'s reason is Korean too, pointing at the same word', async () => {
    const r = await answer('/alert add scroe>=80 lang=ko', ctxFor('slack:C1'));
    expect(r.kind).toBe('usage');
    if (r.kind !== 'usage') return;
    expect(r.message).toContain('"scroe"는 없는 지표 이름입니다');
    expect(r.message).not.toContain('unknown name');
    const paren = await answer('/alert test (score>=80 lang=ko', ctxFor('slack:C1'));
    expect(paren.kind === 'usage' && paren.message).toContain('닫는 괄호');
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

  it('test\'s fast path reads the same numbers and gives the same firings as whole commands, day by day', async () => {
    const ctx = ctxFor('slack:C1');
    // a fixed window: the 40 sessions up to 2025-03-04 on the demo market, every name of every command
    const cond = parseCondition('score>=60 or flowLatestUsd<=-0.2b or vkospiVixZ>=1 or close<trendline', ALERT_NAME_LIST);
    const fast = await replay(cond, ctx, 40, DEFAULT_COOLDOWN_MS, numbersOnly);
    const slow = await replay(cond, ctx, 40, DEFAULT_COOLDOWN_MS, wholeCommand);
    expect(fast.dates).toHaveLength(40);
    expect(fast.dates.at(-1)).toBe('2025-03-04');
    expect(fast.firings.length).toBeGreaterThan(0);
    expect(fast.firings.map((f) => f.date)).toEqual(slow.firings.map((f) => f.date));
    expect(fast.truth).toEqual(slow.truth);
    const all = await readAlertHistory(ctx, ALERT_NAME_LIST, fast.dates.slice(-10), numbersOnly);
    const whole = await readAlertHistory(ctx, ALERT_NAME_LIST, fast.dates.slice(-10), wholeCommand);
    expect(all).toEqual(whole);
    // and the numbers are there, not a pair of all-null rows agreeing
    expect(all.every((row) => ALERT_NAME_LIST.every((n) => row[n] !== null))).toBe(true);
  });

  it('a replayed day is computed once while its inputs are the same objects, and again when one is refreshed or was missing', async () => {
    const demo = demoMarket();
    const swapped: Record<string, Series> = {};
    let vkospiDown = true;
    const market: MarketData = {
      kind: 'test', demo: true,
      series: async (symbol) => {
        if (symbol === 'VKOSPI' && vkospiDown) throw new DataError('VKOSPI', 'test', 'feed down');
        return swapped[symbol] ?? demo.series(symbol);
      },
      optionChain: (asOf) => demo.optionChain(asOf),
    };
    let runs = 0;
    const counted: Command[] = commands.map((c) => (c.name === 'kospi-stress' ? { ...c, run: (a, ctx) => (runs++, c.run(a, ctx)) } : c));
    const ctx: Context = { ...ctxFor('slack:C1'), market, commands: counted };
    const kospi = await market.series('KOSPI');
    const dates = kospi.points.slice(-12, -2).map((p) => p.date);
    const names = ['close', 'vkospiVixRatio'];

    const first = await readAlertHistory(ctx, names, dates);
    expect(runs).toBe(10);
    // VKOSPI failed: the ratio is no data, and those days are not kept as if it were their answer
    expect(first.every((r) => r.vkospiVixRatio === null && r.close !== null)).toBe(true);
    vkospiDown = false;
    const recovered = await readAlertHistory(ctx, names, dates);
    expect(runs).toBe(20);
    expect(recovered.every((r) => r.vkospiVixRatio !== null)).toBe(true);
    expect(recovered.map((r) => r.close)).toEqual(first.map((r) => r.close));

    // same objects: no command runs again, and the same numbers
    expect(await readAlertHistory(ctx, names, dates)).toEqual(recovered);
    expect(runs).toBe(20);

    // a refreshed KOSPI (a new object, every close halved): every day is computed again from it
    swapped.KOSPI = { ...kospi, points: kospi.points.map((p) => ({ ...p, close: p.close / 2 })) };
    const refreshed = await readAlertHistory(ctx, names, dates);
    expect(runs).toBe(30);
    expect(refreshed.map((r) => r.close)).toEqual(first.map((r) => r.close! / 2));
    expect(refreshed).toEqual(await readAlertHistory(ctx, names, dates, wholeCommand));
  });
});
