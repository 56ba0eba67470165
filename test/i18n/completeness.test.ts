// Korean all through: every documented example of every command, asked with lang=ko in a channel
// with a store (so /alert, /digest subscribe and /stress-settings reach their answers), must carry
// no English word in what the user reads — the text answer, its notes and sources, and its charts'
// words. Tickers, acronyms, units, source names, command lines and numbers are allowed.
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../helpers/registry.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { testConfig } from '../../src/config.ts';
import { commands } from '../../src/commands/registry.ts';
import { demoMarket } from '../../src/data/demo.ts';
import { openStore } from '../../src/digest/openStore.ts';
import { digestSchedule } from '../../src/digest/schedule.ts';
import type { DigestStore } from '../../src/digest/store.ts';
import type { ChartSpec, Context, Report } from '../../src/core/types.ts';
import { outcomeText, reportText } from '../../src/bot/format.ts';
import { checkAlertRules } from '../../src/digest/alerts.ts';
import { englishWords } from './leaks.ts';

/** The words of a chart a reader sees (x labels are dates or categories the command chose). */
function chartWords(c: ChartSpec): string[] {
  const out = [c.title, c.subtitle ?? '', c.footer, c.watermark ?? ''];
  for (const p of c.panels) {
    out.push(p.title ?? '', p.xLabel ?? '', p.yLabel ?? '', p.xUnit ?? '');
    if (!p.x) out.push(...p.labels.filter((l) => !/^\d{4}-\d{2}-\d{2}$/.test(l)));
    for (const s of p.series) out.push(s.name, typeof s.mark === 'string' ? s.mark : '');
    for (const b of [...(p.bands ?? []), ...(p.refLines ?? []), ...(p.vLines ?? [])]) out.push(b.label ?? '');
  }
  return out;
}

let store: DigestStore;
let ctx: Context;

beforeAll(async () => {
  store = await openStore({ DATA_HOME: tmpdir() }, { file: ':memory:' });
  ctx = {
    market: demoMarket(), now: new Date('2026-11-20T12:00:00Z'), config: testConfig(), log: silentLogger, commands,
    channel: 'slack:CKO', user: 'slack:UKO', digest: { store, schedule: digestSchedule, alerts: store },
  };
});
afterAll(() => store?.close());

describe('lang=ko leaks no English word', () => {
  // An example that picks a language itself is asked as written (its English one answers in English).
  const asks = commands.flatMap((c) => c.examples.filter((ex) => !/\blang=en\b/.test(ex)).map((ex) => [c.name, ex] as const));
  it.each(asks)('/%s: %s', async (_name, example) => {
    const o = await answer(/\blang=/.test(example) ? example : `${example} lang=ko`, ctx);
    const texts = [outcomeText(o), ...(o.kind === 'answer' ? o.report.charts.flatMap(chartWords) : [])];
    const leaks = texts.flatMap(englishWords);
    if (process.env.LEAKS_OUT) (await import('node:fs')).appendFileSync(process.env.LEAKS_OUT, `${example}\t${leaks.length}\t${[...new Set(leaks)].join(' ')}\n`);
    expect(leaks, texts.join('\n')).toEqual([]);
  }, 60_000);
});

describe('what the bot posts by itself to a Korean channel', () => {
  it('an alert firing in a channel set to ko: Korean words, chart and notes', async () => {
    await store.addAlert('slack:CKOFIRE', { condition: 'score>=0', cooldownMs: 3_600_000 });
    const posted: { channel: string; report: Report }[] = [];
    await checkAlertRules(new Date('2026-11-20T03:00:00Z'), {
      market: ctx.market, config: ctx.config, log: silentLogger, commands, alerts: store,
      ledger: { claim: () => true, finish: () => {} },
      post: async (channel, report) => void posted.push({ channel, report }),
      localeOf: async (channel) => (channel === 'slack:CKOFIRE' ? 'ko' : undefined),
    });
    const fired = posted.find((p) => p.channel === 'slack:CKOFIRE');
    expect(fired, JSON.stringify(posted.map((p) => p.channel))).toBeDefined();
    const { report } = fired!;
    expect(report.title).toMatch(/^알림 a\d+: score>=0( \[DEMO\])?$/);
    const texts = [reportText(report), ...report.charts.flatMap(chartWords)];
    expect(texts.flatMap(englishWords), texts.join('\n')).toEqual([]);
    expect(report.charts[0]?.locale).toBe('ko');
  }, 60_000);
});
