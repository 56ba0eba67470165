// The numbers an alert can watch: each is a number of some command's typed summary. Values are read
// by running those commands, so an alert sees exactly what the command shows (freshness rules and
// no-data included).
import type { Command, Context, Report } from '../core/types.ts';
import { DataError, UsageError } from '../core/errors.ts';
import { kospiStressSummary, type KospiStressSummary } from './kospiStress.ts';
import { volRatioSummary } from './volRatio.ts';
import { gammaSummary } from './gamma.ts';

export type AlertUnit = 'score' | 'level' | 'pct' | 'ratio' | 'usd';

export interface AlertName {
  name: string;
  command: string;
  unit: AlertUnit;
  what: string;
  /** The number in the command's answer, from its summary. */
  read: (report: Report) => number | null;
}

/** A /kospi-stress number, named as its summary names it. */
const stress = (name: keyof KospiStressSummary, unit: AlertUnit, what: string): AlertName => ({
  name, command: 'kospi-stress', unit, what, read: (r) => kospiStressSummary(r)[name],
});

export const ALERT_NAMES: readonly AlertName[] = [
  stress('score', 'score', 'stress score 0-100'),
  stress('close', 'level', 'KOSPI close'),
  stress('sma21', 'level', '21-day moving average'),
  stress('trendline', 'level', 'short-term support trendline today'),
  stress('pctFromSma21', 'pct', 'close vs 21d MA (0.02 or 2% = 2 % above)'),
  stress('drawdown52w', 'pct', 'drawdown from the 52-week high'),
  stress('return21d', 'pct', '21-session return'),
  stress('vol21d', 'pct', 'KOSPI 21d realized vol'),
  stress('corr60', 'ratio', '60d KOSPI–NDX correlation'),
  stress('beta60', 'ratio', '60d beta on NDX'),
  stress('vkospiVixRatio', 'ratio', 'VKOSPI / VIX'),
  stress('volAmplification', 'ratio', 'KOSPI vol / NDX vol'),
  { name: 'vkospiVixZ', command: 'vol-ratio', unit: 'ratio', what: 'VKOSPI/VIX z-score over 1y', read: (r) => volRatioSummary(r).zScore },
  { name: 'flowUsd', command: 'gamma', unit: 'usd', what: 'leveraged/inverse ETF flow per +1 % (USD)', read: (r) => gammaSummary(r).flowUsd },
  { name: 'flowLatestUsd', command: 'gamma', unit: 'usd', what: 'ETF rebalancing flow of the latest actual move (USD)', read: (r) => gammaSummary(r).flowLatestUsd },
  { name: 'flowPctOfTurnover', command: 'gamma', unit: 'pct', what: 'flow per 1 % as % of turnover', read: (r) => gammaSummary(r).flowPctOfTurnover },
];

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
