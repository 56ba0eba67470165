// A fake-clock KRX session of /alert checks: crossings up and down post exactly the expected alerts,
// a restart mid-session does not fire again, two schedulers on one store post each firing once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkAlertRules, inKrxSession, storeAlertLedger, type AlertCheckDeps } from '../../src/digest/alerts.ts';
import { memoryAlertStore } from '../../src/digest/alertStore.ts';
import type { DigestStore } from '../../src/digest/store.ts';
import { openStore } from '../../src/digest/openStore.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { demoMarket } from '../../src/data/demo.ts';
import type { Command, Report } from '../../src/core/types.ts';
import type { AlertStore } from '../../src/core/ports.ts';

const config = testConfig();
const DAY = '2026-01-06'; // a Tuesday, a KRX trading day
/** Checks every 15 minutes from 09:00 to 15:15 Seoul (00:00-06:15 UTC). */
const ticks = Array.from({ length: 26 }, (_, i) => new Date(Date.parse(`${DAY}T00:00:00Z`) + i * 15 * 60_000));

/** Scripted stress score per tick: up through 80, down within the 5-point band, down beyond it, up again. */
const SCORES = [70, 75, 79, 82, 85, 84, 79, 77, 81, 83, 80, 74, 72, 78, 81, 86, 88, 85, 83, 82, 81, 80, 82, 84, 85, 83];
// crossings: tick 3 (82, fires), 6-10 stay within the band (≥ 75: no re-arm, 81 at tick 8 is silent),
// tick 11 (74 < 75) re-arms, tick 14 (81) fires again → exactly two posts.

function scripted(): Command {
  return {
    name: 'kospi-stress', summary: 'scripted', args: z.object({ asof: z.string().optional() }), examples: [],
    async run(_a, ctx) {
      const i = ticks.findIndex((t) => t.getTime() === ctx.now.getTime());
      return {
        command: 'kospi-stress', title: 't', headline: 'h', tone: 'calm', fields: [], notes: [],
        charts: [{ title: 'stress chart', footer: 'f', panels: [] }], data: { score: SCORES[i] }, sources: [{ symbol: 'KOSPI', source: 'test', asOf: DAY }],
      };
    },
  };
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function deps(store: DigestStore, alerts: AlertStore, posts: { channel: string; report: Report }[]): AlertCheckDeps {
  return {
    market: demoMarket(), config, log: silentLogger, commands: [scripted()], alerts,
    ledger: storeAlertLedger(store, { id: 'test:owner' }),
    async post(channel, report) { posts.push({ channel, report }); },
  };
}

describe('alert checks across a fake-clock session', () => {
  it('two crossings post exactly two alerts, with the number, the threshold, a chart and the command', async () => {
    const store = await openStore({ DATA_HOME: tmpdir() }, { file: ':memory:' });
    const alerts = memoryAlertStore(() => ticks[0]!);
    await alerts.addAlert('slack:C1', { condition: 'score>=80', cooldownMs: 24 * 3_600_000 });
    const posts: { channel: string; report: Report }[] = [];
    const fired: number[] = [];
    for (const [i, t] of ticks.entries()) {
      expect(inKrxSession(t)).toBe(true);
      const r = await checkAlertRules(t, deps(store, alerts, posts));
      if (r.some((f) => f.status === 'sent')) fired.push(i);
    }
    expect(fired).toEqual([3, 14]);
    expect(posts).toHaveLength(2);
    const first = posts[0]!.report;
    expect(first.headline).toContain('score 82');
    expect(first.fields.find((f) => f.label === 'Threshold')?.value).toBe('score >= 80');
    expect(first.fields.find((f) => f.label === 'See more')?.value).toBe('/kospi-stress');
    expect(first.charts).toHaveLength(1);
    expect((await store.recentPosts('slack:C1', 10)).map((p) => [p.day, p.status])).toEqual([[`${DAY}#a1#2`, 'sent'], [`${DAY}#a1#1`, 'sent']]);
    await store.close();
  });

  it('a restart mid-session (new checker, same stores) does not fire again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerts-'));
    dirs.push(dir);
    const file = join(dir, 'stressbot.sqlite');
    const alerts = memoryAlertStore(() => ticks[0]!);
    await alerts.addAlert('slack:C1', { condition: 'score>=80', cooldownMs: 24 * 3_600_000 });
    const posts: { channel: string; report: Report }[] = [];
    let store = await openStore({ DATA_HOME: dir }, { file: file });
    for (const t of ticks.slice(0, 5)) await checkAlertRules(t, deps(store, alerts, posts));
    await store.close();
    // the process restarts at tick 5 with the score still above 80
    store = await openStore({ DATA_HOME: dir }, { file: file });
    for (const t of ticks.slice(5, 11)) await checkAlertRules(t, deps(store, alerts, posts));
    expect(posts).toHaveLength(1);
    await store.close();
  });

  it('two schedulers on one store post each firing exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerts-'));
    dirs.push(dir);
    const file = join(dir, 'stressbot.sqlite');
    const a = await openStore({ DATA_HOME: dir }, { file: file });
    const b = await openStore({ DATA_HOME: dir }, { file: file });
    const alerts = memoryAlertStore(() => ticks[0]!);
    await alerts.addAlert('slack:C1', { condition: 'score>=80', cooldownMs: 24 * 3_600_000 });
    const posts: { channel: string; report: Report }[] = [];
    for (const t of ticks) {
      // both see the same rule state at the same tick (the worst case: neither has saved yet)
      const [ra, rb] = await Promise.all([checkAlertRules(t, deps(a, alerts, posts)), checkAlertRules(t, deps(b, alerts, posts))]);
      const statuses = [...ra, ...rb].map((f) => f.status).sort();
      if (statuses.length) expect(statuses).toEqual(['sent', 'taken']);
    }
    expect(posts).toHaveLength(2);
    await a.close();
    await b.close();
  });
});
