// The numbers an alert can watch: each is a number of some command's typed summary. Values are read
// by running those commands, so an alert sees exactly what the command shows (freshness rules and
// no-data included).
import type { Command, Context, Report } from '../core/types.ts';
import { DataError, UsageError } from '../core/errors.ts';
import { namedNumbers, type NamedNumber, type NumberUnit } from './report.ts';
import { kospiStressNumbers } from './kospiStress.ts';
import { volRatioNumbers } from './volRatio.ts';
import { gammaNumbers } from './gamma.ts';

export type AlertUnit = NumberUnit;

export interface AlertName extends NamedNumber {
  what: string;
}

const WHAT: Record<string, string> = {
  score: 'stress score 0-100',
  close: 'KOSPI close',
  sma21: '21-day moving average',
  trendline: 'short-term support trendline today',
  pctFromSma21: 'close vs 21d MA (0.02 or 2% = 2 % above)',
  drawdown52w: 'drawdown from the 52-week high',
  return21d: '21-session return',
  vol21d: 'KOSPI 21d realized vol',
  corr60: '60d KOSPI–NDX correlation',
  beta60: '60d beta on NDX',
  vkospiVixRatio: 'VKOSPI / VIX',
  volAmplification: 'KOSPI vol / NDX vol',
  vkospiVixZ: 'VKOSPI/VIX z-score over 1y',
  flowUsd: 'leveraged/inverse ETF flow per +1 % (USD)',
  flowLatestUsd: 'ETF rebalancing flow of the latest actual move (USD)',
  flowPctOfTurnover: 'flow per 1 % as % of turnover',
};

export const ALERT_NAMES: readonly AlertName[] = [
  ...namedNumbers(kospiStressNumbers, [
    'score', 'close', 'sma21', 'trendline', 'pctFromSma21', 'drawdown52w', 'return21d', 'vol21d', 'corr60', 'beta60', 'vkospiVixRatio', 'volAmplification',
  ]),
  ...namedNumbers(volRatioNumbers, ['zScore'], { zScore: 'vkospiVixZ' }),
  ...namedNumbers(gammaNumbers, ['flowUsd', 'flowLatestUsd', 'flowPctOfTurnover']),
].map((n) => ({ ...n, what: WHAT[n.name] ?? n.name }));

export const ALERT_NAME_LIST = ALERT_NAMES.map((n) => n.name);

/**
 * Hysteresis band per name, in its unit: a fired alert re-arms at once when its condition is false
 * by more than this (score 5 points, 0.5 % of a level, 0.5 pp, 0.05 of a ratio, 10 % of a money threshold).
 */
export function alertBand(name: string, threshold: number): number {
  const unit = ALERT_NAMES.find((n) => n.name === name)?.unit;
  switch (unit) {
    case 'score': return 5;
    case 'level': return Math.abs(threshold) * 0.005;
    case 'pct': return 0.005;
    case 'ratio': return 0.05;
    case 'usd': return Math.abs(threshold) * 0.1;
    default: return 0;
  }
}

export interface AlertReading {
  values: Record<string, number | null>;
  reports: Report[];
  /** Commands that could not answer: why (their numbers are no data). */
  missing: string[];
}

/** Runs the commands behind `names` once each (as of `asof`, default now) and reads their numbers. */
export async function readAlertValues(ctx: Context, names: readonly string[], asof?: string, list: readonly Command[] = ctx.commands): Promise<AlertReading> {
  const wanted = ALERT_NAMES.filter((n) => names.includes(n.name));
  const byCommand = [...new Set(wanted.map((n) => n.command))];
  const values: Record<string, number | null> = Object.fromEntries(wanted.map((n) => [n.name, null]));
  const reports: Report[] = [];
  const missing: string[] = [];
  await Promise.all(
    byCommand.map(async (name) => {
      const command = list.find((c) => c.name === name);
      if (!command) return void missing.push(`/${name} is not in this build`);
      const parsed = command.args.safeParse(asof && 'asof' in command.args.shape ? { asof } : {});
      if (!parsed.success) return void missing.push(`/${name}: ${parsed.error.issues[0]?.message}`);
      try {
        const r = await command.run(parsed.data, ctx);
        reports.push(r);
        for (const n of wanted) if (n.command === name) values[n.name] = n.read(r);
      } catch (err) {
        if (err instanceof DataError || err instanceof UsageError) missing.push(`/${name}: ${err.message}`);
        else throw err;
      }
    }),
  );
  return { values, reports, missing };
}
