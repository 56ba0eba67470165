// The check of /alert rules, every 15 minutes during KRX hours: read the numbers, step each rule's
// edge trigger, and post each firing once. A firing's ledger key is (channel, `<KRX date>#<id>#<n>`,
// 'alert') with n its sequence number, so two schedulers seeing the same crossing claim the same row
// and only one posts; the trigger state is saved in the alert store, so a restarted process does not
// fire again for a crossing it already posted.
import type { AlertRule, AlertStore, Logger } from '../core/ports.ts';
import type { Command, Context, MarketData, Report } from '../core/types.ts';
import type { Config } from '../config.ts';
import { conditionNames, evaluateCondition, parseCondition, stepTrigger, type Condition } from '../analytics/condition.ts';
import { ALERT_NAMES, ALERT_NAME_LIST, alertBand, readAlertValues, type AlertReading } from '../commands/alertValues.ts';
import { showValue } from '../commands/alert.ts';
import { finishReport } from '../commands/report.ts';
import type { DigestStore } from './store.ts';
import type { Owner } from './replica.ts';
import { isKrxTradingDay, krxCloseAt, krxOpenAt, seoulDate } from '../data/calendar.ts';
import { messages, type Locale } from '../core/i18n/index.ts';

/** The post ledger as the alert check needs it (the digest store's claim/finish). */
export interface AlertLedger {
  /** True only for the one caller that created the row for this key. */
  claim(channel: string, day: string): boolean | Promise<boolean>;
  finish(channel: string, day: string, status: 'sent' | 'failed', error?: string): void | Promise<void>;
}

/** Alert posts are never resumed (a half-sent alert is not re-sent), so the lease only has to outlast one post. */
export const ALERT_LEASE_MS = 6 * 60 * 60 * 1000;

/** The ledger over the digest store's claim/finish, as this process (`owner.id`), kind 'alert'. */
export function storeAlertLedger(store: Pick<DigestStore, 'claim' | 'finish'>, owner: Pick<Owner, 'id'>, leaseMs = ALERT_LEASE_MS): AlertLedger {
  return {
    claim: (channel, day) => store.claim({ channel, day, kind: 'alert' }, owner.id, leaseMs),
    finish: (channel, day, status, error) => store.finish({ channel, day, kind: 'alert' }, owner.id, status, 1, error),
  };
}

export interface AlertCheckDeps {
  market: MarketData;
  config: Config;
  log: Logger;
  commands: readonly Command[];
  alerts: AlertStore;
  ledger: AlertLedger;
  /** Posts in `channel` (platform:id); throws on failure. */
  post(channel: string, report: Report): Promise<void>;
  /** The channel's /stress-settings language, where the store keeps one (firings are posted in it). */
  localeOf?(channel: string): Promise<Locale | undefined>;
}

export interface AlertFiring {
  id: string;
  channel: string;
  key: string;
  status: 'sent' | 'failed' | 'taken';
}

/** During KRX hours on a trading day (the alert check's window). */
export const inKrxSession = (at: Date): boolean => {
  const day = seoulDate(at);
  return isKrxTradingDay(day) && at >= krxOpenAt(day) && at < krxCloseAt(day);
};

function thresholdsOf(c: Condition): string[] {
  if (c.kind !== 'cmp') return c.parts.flatMap(thresholdsOf);
  const side = (o: typeof c.left) => (o.kind === 'name' ? o.name : o.text);
  return [`${side(c.left)} ${c.op} ${side(c.right)}`];
}

/** The post for a firing: the numbers, the thresholds, the chart of the command behind the first name and where to see more. */
export function alertFiringReport(rule: AlertRule, cond: Condition, reading: AlertReading, at: Date, locale?: Locale): Report {
  const m = messages(locale);
  const t = m.alert;
  const names = conditionNames(cond);
  const commands = [...new Set(names.map((n) => ALERT_NAMES.find((x) => x.name === n)!.command))];
  const lead = reading.reports.find((r) => r.command === commands[0]);
  const values = names.map((n) => `${n} ${showValue(n, reading.values[n] ?? null, locale)}`).join(', ');
  return finishReport(
    'alert',
    {
      title: t.firedTitle(rule.id, rule.condition),
      headline: t.firedHeadline(rule.condition, at.toISOString().slice(11, 16), m.f.date(seoulDate(at)), values),
      tone: 'high',
      fields: [
        { label: t.lNow, value: values },
        { label: t.lThreshold, value: thresholdsOf(cond).join(' · ') },
        { label: t.lSeeMore, value: commands.map((c) => `/${c}`).join(' · ') },
      ],
      notes: [t.rearmNote(Math.round(rule.cooldownMs / 60_000), rule.id), ...reading.missing],
      charts: lead?.charts.slice(0, 1) ?? [],
      data: { alert: { id: rule.id, condition: rule.condition, firedAt: at.toISOString(), values: reading.values } },
      used: [],
      // the commands' own stamps: finishing says which are stale, and DEMO, once
      stamps: reading.reports.flatMap((r) => r.sources),
    },
    { market: { demo: reading.reports.some((r) => r.demo === true) }, ...(locale ? { locale } : {}) },
  );
}

/** One check of every stored alert at `at` (the caller decides when: KRX hours, every 15 minutes). */
export async function checkAlertRules(at: Date, deps: AlertCheckDeps): Promise<AlertFiring[]> {
  const rules = await deps.alerts.alerts();
  if (!rules.length) return [];
  const parsed = rules.flatMap((r) => {
    try {
      return [{ rule: r, cond: parseCondition(r.condition, ALERT_NAME_LIST) }];
    } catch (err) {
      deps.log.warn({ err, id: r.id, condition: r.condition }, 'stored alert no longer parses: skipped');
      return [];
    }
  });
  const ctx: Context = { market: deps.market, now: at, config: deps.config, log: deps.log, commands: deps.commands };
  // one reading for every name any alert needs: each command runs once per check
  const allNames = [...new Set(parsed.flatMap((p) => conditionNames(p.cond)))];
  const reading = await readAlertValues(ctx, allNames);
  // A channel set to another language gets its charts and notes built in it: read once more, only then.
  const readings = new Map<string, Promise<AlertReading>>([['en', Promise.resolve(reading)]]);
  const readingIn = (locale: Locale) => {
    if (!readings.has(locale)) readings.set(locale, readAlertValues({ ...ctx, locale }, allNames));
    return readings.get(locale)!;
  };
  const day = seoulDate(at);
  const out: AlertFiring[] = [];
  for (const { rule, cond } of parsed) {
    const truth = evaluateCondition(cond, reading.values);
    const loose = evaluateCondition(cond, reading.values, alertBand, true);
    const step = stepTrigger(rule, truth, loose === null ? null : !loose, at, { rearmAfterMs: rule.cooldownMs });
    const fired = rule.fired + (step.fire ? 1 : 0);
    await deps.alerts.saveTrigger(rule.id, { ...step.state, fired });
    if (!step.fire) continue;
    const key = `${day}#${rule.id}#${fired}`;
    if (!(await deps.ledger.claim(rule.channel, key))) {
      out.push({ id: rule.id, channel: rule.channel, key, status: 'taken' });
      continue;
    }
    try {
      const locale = (await deps.localeOf?.(rule.channel)) ?? deps.config.BOT_LOCALE;
      const report = locale === 'en' ? alertFiringReport(rule, cond, reading, at) : alertFiringReport(rule, cond, await readingIn(locale), at, locale);
      await deps.post(rule.channel, report);
      await deps.ledger.finish(rule.channel, key, 'sent');
      out.push({ id: rule.id, channel: rule.channel, key, status: 'sent' });
    } catch (err) {
      deps.log.error({ err, id: rule.id, channel: rule.channel }, 'alert post failed: not posted');
      await deps.ledger.finish(rule.channel, key, 'failed', err instanceof Error ? err.message.slice(0, 500) : String(err));
      out.push({ id: rule.id, channel: rule.channel, key, status: 'failed' });
    }
  }
  return out;
}
