// The numbers an alert can watch: each is a number some command reports in its answer's data,
// named as it is there. Values are read by running those commands, so an alert sees exactly what
// the command shows (freshness rules and no-data included).
import type { Command, Context, MarketData, Report } from '../core/types.ts';
import { DataError, UsageError } from '../core/errors.ts';
import { gamma } from './gamma.ts';

export type AlertUnit = 'score' | 'level' | 'pct' | 'ratio' | 'usd';

export interface AlertName {
  name: string;
  command: string;
  /** Dotted path in the command's `data`. */
  path: string;
  unit: AlertUnit;
  what: string;
}

export const ALERT_NAMES: readonly AlertName[] = [
  { name: 'score', command: 'kospi-stress', path: 'score', unit: 'score', what: 'stress score 0-100' },
  { name: 'close', command: 'kospi-stress', path: 'close', unit: 'level', what: 'KOSPI close' },
  { name: 'sma21', command: 'kospi-stress', path: 'sma21', unit: 'level', what: '21-day moving average' },
  { name: 'trendline', command: 'kospi-stress', path: 'trendline.value', unit: 'level', what: 'short-term support trendline today' },
  { name: 'pctFromSma21', command: 'kospi-stress', path: 'pctFromSma21', unit: 'pct', what: 'close vs 21d MA (0.02 or 2% = 2 % above)' },
  { name: 'drawdown52w', command: 'kospi-stress', path: 'drawdown52w', unit: 'pct', what: 'drawdown from the 52-week high' },
  { name: 'return21d', command: 'kospi-stress', path: 'return21d', unit: 'pct', what: '21-session return' },
  { name: 'vol21d', command: 'kospi-stress', path: 'realizedVol21d.kospi', unit: 'pct', what: 'KOSPI 21d realized vol' },
  { name: 'corr60', command: 'kospi-stress', path: 'corr60', unit: 'ratio', what: '60d KOSPI–NDX correlation' },
  { name: 'beta60', command: 'kospi-stress', path: 'beta60', unit: 'ratio', what: '60d beta on NDX' },
  { name: 'vkospiVixRatio', command: 'kospi-stress', path: 'vkospiVixRatio', unit: 'ratio', what: 'VKOSPI / VIX' },
  { name: 'volAmplification', command: 'kospi-stress', path: 'volAmplification', unit: 'ratio', what: 'KOSPI vol / NDX vol' },
  { name: 'vkospiVixZ', command: 'vol-ratio', path: 'zScore', unit: 'ratio', what: 'VKOSPI/VIX z-score over 1y' },
  { name: 'flowUsd', command: 'gamma', path: 'totalFlowUsd', unit: 'usd', what: 'leveraged/inverse ETF flow per +1 % (USD)' },
  { name: 'flowLatestUsd', command: 'gamma', path: 'flowLatestUsd', unit: 'usd', what: 'ETF rebalancing flow of the latest actual move (USD)' },
  { name: 'flowPctOfTurnover', command: 'gamma', path: 'flowPctOfTurnover', unit: 'pct', what: 'flow per 1 % as % of turnover' },
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

function pick(data: Record<string, unknown>, path: string): number | null {
  let cur: unknown = data;
  for (const k of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return typeof cur === 'number' && Number.isFinite(cur) ? cur : null;
}

/** A command's `data` for one asof, or the reason it has none. */
export type DataReader = (command: Command, asof: string, ctx: Context) => Promise<Record<string, unknown> | string>;

const argsFor = (command: Command, asof?: string) => command.args.safeParse(asof && 'asof' in command.args.shape ? { asof } : {});

async function answered(read: () => Promise<Record<string, unknown>>, name: string): Promise<Record<string, unknown> | string> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof DataError || err instanceof UsageError) return `/${name}: ${err.message}`;
    throw err;
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
      const parsed = argsFor(command, asof);
      if (!parsed.success) return void missing.push(`/${name}: ${parsed.error.issues[0]?.message}`);
      const data = await answered(async () => {
        const r = await command.run(parsed.data, ctx);
        reports.push(r);
        return r.data;
      }, name);
      if (typeof data === 'string') return void missing.push(data);
      for (const n of wanted) if (n.command === name) values[n.name] = pick(data, n.path);
    }),
  );
  return { values, reports, missing };
}

/** The whole command, as an ask would run it. */
export const wholeCommand: DataReader = async (command, asof, ctx) => {
  const parsed = argsFor(command, asof);
  if (!parsed.success) return `/${command.name}: ${parsed.error.issues[0]?.message}`;
  return answered(async () => (await command.run(parsed.data, ctx)).data, command.name);
};

/**
 * The same commands, minus what no alert name reads: /gamma without the option chain (pricing every
 * option for dealer gamma is most of its time; its flow numbers never use it).
 */
export const numbersOnly: DataReader = (command, asof, ctx) =>
  wholeCommand(command, asof, command.name === gamma.name ? { ...ctx, market: withoutOptionChain(ctx.market) } : ctx);

const withoutOptionChain = (market: MarketData): MarketData => Object.assign(Object.create(market) as MarketData, { optionChain: async () => null });

/**
 * The values of `names` on each of `dates` (no look-ahead: each as of its own day), one command at a
 * time over all dates so each command's per-series caches serve the next day. A command that cannot
 * answer on a day leaves its names null there.
 */
export async function readAlertHistory(ctx: Context, names: readonly string[], dates: readonly string[], read: DataReader = numbersOnly, list: readonly Command[] = ctx.commands): Promise<Record<string, number | null>[]> {
  const wanted = ALERT_NAMES.filter((n) => names.includes(n.name));
  const out = dates.map(() => Object.fromEntries(wanted.map((n) => [n.name, null])) as Record<string, number | null>);
  for (const name of new Set(wanted.map((n) => n.command))) {
    const command = list.find((c) => c.name === name);
    if (!command) continue;
    for (const [i, d] of dates.entries()) {
      const data = await read(command, d, ctx);
      if (typeof data === 'string') continue;
      for (const n of wanted) if (n.command === name) out[i]![n.name] = pick(data, n.path);
    }
  }
  return out;
}
