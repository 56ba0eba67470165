// /alert: edge-triggered alerts on any number a command reports (`score>=80`, `close<trendline and
// corr60<0.2`), per channel. `test` says whether a condition is true now and when it would have fired
// over the history on hand; the scheduler (src/digest/alerts.ts) checks stored ones during KRX hours.
import { z } from 'zod';
import type { AlertRule, AlertStore } from '../core/ports.ts';
import type { ChartSpec, Command, Context, Report, ReportField } from '../core/types.ts';
import { UsageError } from '../core/errors.ts';
import { ConditionError, conditionNames, evaluateCondition, formatCondition, initialTrigger, parseCondition, stepTrigger, type Condition } from '../analytics/condition.ts';
import { ALERT_NAMES, ALERT_NAME_LIST, alertBand, readAlertHistory, readAlertValues, type DataReader } from './alertValues.ts';
import { lookback } from './args.ts';
import { finishReport } from './report.ts';
import { tailUpTo } from '../analytics/series.ts';
import { seoulDate } from '../data/calendar.ts';
import { messages, type AlertMessages, type Locale } from '../core/i18n/index.ts';

const ACTIONS = ['add', 'list', 'remove', 'test'] as const;
const EXAMPLE = '/alert add score>=80';
const DAY_MS = 86_400_000;
export const DEFAULT_COOLDOWN_MS = 60 * 60_000;

/** `30m`, `2h`, `1d` → milliseconds. */
const cooldown = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^\d{1,4}(m|h|d)$/, 'expected a time like 30m, 2h or 1d')
  .transform((s) => Number(s.slice(0, -1)) * (s.endsWith('d') ? DAY_MS : s.endsWith('h') ? 3_600_000 : 60_000))
  .pipe(z.number().min(15 * 60_000, 'must be at least 15m (alerts are checked every 15 minutes)').max(30 * DAY_MS, 'must be at most 30d'));

const args = z.object({
  action: z.enum(ACTIONS, { error: 'expected add, list, remove or test' }).describe('add | list | remove | test'),
  condition: z.string().max(300).optional().describe('add/test: e.g. score>=80 or close<trendline and corr60<0.2; remove: the id'),
  cooldown: cooldown.optional().describe('add: re-arm after the condition has been false this long (default 60m)'),
  lookback: lookback.prefault('3m').describe('test: history to replay, e.g. 3m or 1y'),
});

/** Parses a condition the user typed; a UsageError that says where it went wrong and lists the names. */
function conditionOf(t: AlertMessages, text: string | undefined, action: string): Condition {
  const hint = t.namesHint(ALERT_NAME_LIST.join(', '), EXAMPLE);
  if (!text) throw new UsageError(t.giveCondition(action, hint), EXAMPLE);
  try {
    return parseCondition(text, ALERT_NAME_LIST);
  } catch (err) {
    if (err instanceof ConditionError) {
      throw new UsageError(t.badCondition(action, t.conditionProblem(err.problem), text.slice(err.at, err.at + 16) || t.end, hint), EXAMPLE);
    }
    throw err;
  }
}

function alertsOf(ctx: Context): AlertStore {
  const store = ctx.digest?.alerts;
  if (!store) throw new UsageError(messages(ctx.locale).alert.noStore, '/alert test score>=80');
  return store;
}

function channelOf(ctx: Context, action: string): string {
  if (!ctx.channel) throw new UsageError(messages(ctx.locale).alert.noChannel(action, EXAMPLE), EXAMPLE);
  return ctx.channel;
}

const plain = (title: string, headline: string, fields: ReportField[], data: Record<string, unknown>, ctx: Pick<Context, 'locale'>): Report => ({
  command: 'alert', title, headline, tone: 'calm', fields, notes: [], charts: [], data, sources: [], ...(ctx.locale ? { locale: ctx.locale } : {}),
});

const duration = (ms: number): string => (ms % DAY_MS === 0 ? `${ms / DAY_MS}d` : ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms / 60_000}m`);

const describeRule = (t: AlertMessages, r: AlertRule): string => t.rule(r.id, r.condition, duration(r.cooldownMs), r.armed, r.firedAt ?? null);

/** What a number looks like in an answer: percentages as %, money compact, the rest to two decimals. */
export function showValue(name: string, v: number | null, locale?: Locale): string {
  if (v === null) return messages(locale).alert.noData;
  const unit = ALERT_NAMES.find((n) => n.name === name)?.unit;
  if (unit === 'pct') return `${(v * 100).toFixed(2)}%`;
  if (unit === 'usd') return `${v < 0 ? '−' : ''}$${(Math.abs(v) / 1e9).toFixed(2)}B`;
  if (unit === 'score') return v.toFixed(0);
  return v.toFixed(2);
}

export interface Firing {
  date: string;
  values: Record<string, number | null>;
}

/**
 * Replays a condition over past sessions as the scheduler would check it once a day: each session is
 * one check, the trigger's time rule counted in calendar days between sessions. `read` is how a day's
 * numbers are read (the fast path by default; tests compare it with whole commands).
 */
export async function replay(cond: Condition, ctx: Context, sessions: number, cooldownMs: number, read?: DataReader): Promise<{ dates: string[]; truth: (boolean | null)[]; firings: Firing[]; series: Record<string, (number | null)[]> }> {
  const kospi = await ctx.market.series('KOSPI');
  const dates = tailUpTo(kospi.points, seoulDate(ctx.now), sessions).map((p) => p.date);
  const names = conditionNames(cond);
  const readings = await readAlertHistory(ctx, names, dates, read);
  let state = initialTrigger();
  const truth: (boolean | null)[] = [];
  const firings: Firing[] = [];
  const series: Record<string, (number | null)[]> = Object.fromEntries(names.map((n) => [n, []]));
  readings.forEach((values, i) => {
    const t = evaluateCondition(cond, values);
    const loose = evaluateCondition(cond, values, alertBand, true);
    truth.push(t);
    for (const n of names) series[n]!.push(values[n] ?? null);
    const step = stepTrigger(state, t, loose === null ? null : !loose, new Date(`${dates[i]}T06:00:00Z`), { rearmAfterMs: cooldownMs });
    state = step.state;
    if (step.fire) firings.push({ date: dates[i]!, values });
  });
  return { dates, truth, firings, series };
}

function firstThreshold(cond: Condition): { name: string; value: number } | undefined {
  if (cond.kind === 'cmp') {
    if (cond.left.kind === 'name' && cond.right.kind === 'number') return { name: cond.left.name, value: cond.right.value };
    if (cond.right.kind === 'name' && cond.left.kind === 'number') return { name: cond.right.name, value: cond.left.value };
    return undefined;
  }
  for (const p of cond.parts) {
    const t = firstThreshold(p);
    if (t) return t;
  }
  return undefined;
}

export const alert: Command<typeof args> = {
  name: 'alert',
  summary: 'Alerts on any number a command reports (score>=80, close<trendline, corr60<0.2 …), posted once when the condition becomes true.',
  args,
  positional: ['action', 'condition'],
  freeText: 'condition',
  personal: (a) => a.action !== 'test',
  examples: [EXAMPLE, '/alert add close<trendline and corr60<0.2 cooldown=1d', '/alert list', '/alert test vkospiVixRatio>=2 lookback=30d', '/alert remove a1'],
  explains: [
    `Names: ${ALERT_NAMES.map((n) => `${n.name} (${n.what}, from /${n.command})`).join('; ')}.`,
    'Conditions compare a name with a number or another name (>=, <=, >, <), joined with and / or (and binds first; parentheses group). Numbers take k/m/b/t and %: flowLatestUsd<=-1b, pctFromSma21<-2%.',
    'Edge-triggered: an alert fires when its condition becomes true, then re-arms once it is false beyond its band (score 5 points, 0.5 % of a level, 0.5 pp, 0.05 of a ratio, 10 % of money) or has been false for cooldown= (default 60m). Missing data neither fires nor re-arms.',
    'Checked every 15 minutes during KRX hours; each firing is posted once (the post ledger), with the number, the threshold, a chart and the command to see more.',
    'test: true now?, and when it would have fired over lookback= (default 3m) checked once a session.',
  ],
  async run(a, ctx) {
    const t = messages(ctx.locale).alert;
    switch (a.action) {
      case 'add': {
        const cond = conditionOf(t, a.condition, 'add');
        const store = alertsOf(ctx);
        const channel = channelOf(ctx, 'add');
        const rule = await store.addAlert(channel, { condition: formatCondition(cond), cooldownMs: a.cooldown ?? DEFAULT_COOLDOWN_MS, by: ctx.user, workspace: ctx.workspace });
        return plain(t.added, t.addedHeadline(rule.id, rule.condition), [{ label: rule.id, value: describeRule(t, rule) }], { action: 'add', alert: rule }, ctx);
      }
      case 'list': {
        const rules = await alertsOf(ctx).alerts(channelOf(ctx, 'list'));
        return plain(
          t.list,
          rules.length ? t.listHeadline(rules.length) : t.listEmpty(EXAMPLE),
          rules.map((r) => ({ label: r.id, value: describeRule(t, r) })),
          { action: 'list', alerts: rules },
          ctx,
        );
      }
      case 'remove': {
        const id = a.condition?.trim().toLowerCase();
        if (!id || !/^a\d+$/.test(id)) throw new UsageError(t.giveId, '/alert remove a1');
        const removed = await alertsOf(ctx).removeAlert(channelOf(ctx, 'remove'), id);
        return plain(t.removed, removed ? t.removedHeadline(id) : t.notFound(id), [], { action: 'remove', id, removed }, ctx);
      }
      case 'test': {
        if (a.cooldown !== undefined) throw new UsageError(t.testCooldown, '/alert test score>=80 lookback=1y');
        const cond = conditionOf(t, a.condition, 'test');
        const names = conditionNames(cond);
        const now = await readAlertValues(ctx, names);
        const truth = evaluateCondition(cond, now.values);
        const hist = await replay(cond, ctx, a.lookback, DEFAULT_COOLDOWN_MS);
        const trueSessions = hist.truth.filter((t) => t === true).length;
        const known = hist.truth.filter((t) => t !== null).length;
        const text = formatCondition(cond);
        const nowText = names.map((n) => `${n} ${showValue(n, now.values[n] ?? null, ctx.locale)}`).join(', ');
        const headline = t.testHeadline(text, t.truthNow(truth), nowText, hist.dates.length, trueSessions, hist.firings.length);
        const th = firstThreshold(cond);
        const lead = th?.name ?? names[0]!;
        const chart: ChartSpec = {
          title: t.chartTitle(text),
          subtitle: t.chartSubtitle(lead, hist.dates.length),
          panels: [
            {
              kind: 'line',
              labels: hist.dates,
              series: [{ name: lead, values: hist.series[lead] ?? [] }],
              ...(th ? { refLines: [{ y: th.value, label: t.threshold(showValue(th.name, th.value, ctx.locale)) }] } : {}),
              vLines: hist.firings.map((f) => ({ x: hist.dates.indexOf(f.date), label: '▲' })),
              ...(ALERT_NAMES.find((n) => n.name === lead)?.unit === 'pct' ? { unit: '%' } : {}),
              // the score lives on 0-100; an axis past 100 would read as room it cannot reach
              ...(ALERT_NAMES.find((n) => n.name === lead)?.unit === 'score' ? { yMin: 0, yMax: 100 } : {}),
            },
          ],
          footer: '',
        };
        const fields: ReportField[] = [
          { label: t.lNow, value: `${t.truth(truth)} · ${nowText}`, ...(truth === null ? { tone: 'missing' as const } : {}) },
          { label: t.lTrueOn, value: t.trueOn(trueSessions, known) },
          { label: t.lWouldHave, value: hist.firings.length ? hist.firings.slice(-10).map((f) => f.date).join(', ') + (hist.firings.length > 10 ? t.lastTen(hist.firings.length) : '') : t.never },
        ];
        const kospi = await ctx.market.series('KOSPI');
        const report = finishReport(
          'alert',
          {
            title: t.testTitle(text),
            headline,
            tone: truth === null ? 'missing' : truth ? 'high' : 'calm',
            fields,
            notes: [...now.missing, t.replayNote],
            charts: [chart],
            data: { action: 'test', condition: text, now: truth, values: now.values, sessions: hist.dates.length, trueSessions, firings: hist.firings.map((f) => f.date) },
            used: [{ series: kospi, asof: hist.dates.at(-1) }, ...now.reports.flatMap(() => [])],
          },
          ctx,
        );
        return { ...report, sources: [...report.sources, ...now.reports.flatMap((r) => r.sources).filter((s, i, all) => all.findIndex((x) => x.symbol === s.symbol && x.source === s.source) === i && s.symbol !== 'KOSPI')] };
      }
    }
  },
};
