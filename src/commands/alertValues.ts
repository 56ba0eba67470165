// The numbers an alert can watch: each is a number of some command's typed summary. Values are read
// by running those commands, so an alert sees exactly what the command shows (freshness rules and
// no-data included).
import type { Command, Context, MarketData, Report } from '../core/types.ts';
import { DataError, UsageError } from '../core/errors.ts';
import { recordingReads, sameInputs, type InputRead, type ReadNote } from '../core/share.ts';
import { namedNumbers, type NamedNumber, type NumberUnit } from './report.ts';
import { kospiStressNumbers } from './kospiStress.ts';
import { volRatioNumbers } from './volRatio.ts';
import { gamma, gammaNumbers } from './gamma.ts';

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

/** A command's answer for one asof, or the reason it has none. */
export type DataReader = (command: Command, asof: string, ctx: Context) => Promise<Report | string>;

const argsFor = (command: Command, asof?: string) => command.args.safeParse(asof && 'asof' in command.args.shape ? { asof } : {});

async function answered(read: () => Promise<Report>, name: string): Promise<Report | string> {
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
  // side by side, then in the names' order (not the order they finish in), so the answer's sources and notes read the same every time
  const answers = await Promise.all(
    byCommand.map(async (name): Promise<Report | string> => {
      const command = list.find((c) => c.name === name);
      if (!command) return `/${name} is not in this build`;
      const parsed = argsFor(command, asof);
      if (!parsed.success) return `/${name}: ${parsed.error.issues[0]?.message}`;
      const report = await answered(() => command.run(parsed.data, ctx), name);
      if (typeof report !== 'string') for (const n of wanted) if (n.command === name) values[n.name] = n.read(report);
      return report;
    }),
  );
  const reports = answers.filter((r): r is Report => typeof r !== 'string');
  const missing = answers.filter((r): r is string => typeof r === 'string');
  return { values, reports, missing };
}

/** The whole command, as an ask would run it. */
export const wholeCommand: DataReader = async (command, asof, ctx) => {
  const parsed = argsFor(command, asof);
  if (!parsed.success) return `/${command.name}: ${parsed.error.issues[0]?.message}`;
  return answered(() => command.run(parsed.data, ctx), command.name);
};

/**
 * The same commands, minus what no alert name reads: /gamma without the option chain (pricing every
 * option for dealer gamma is most of its time; its flow numbers never use it).
 */
export const numbersOnly: DataReader = (command, asof, ctx) => wholeCommand(command, asof, numbersContext(command, ctx));

/** The context `command` runs in when only its summary numbers are read (numbersOnly; the digest's previous session). */
export const numbersContext = (command: Command, ctx: Context): Context =>
  command.name === gamma.name ? { ...ctx, market: withoutOptionChain(ctx.market) } : ctx;

const withoutOptionChain = (market: MarketData): MarketData => Object.assign(Object.create(market) as MarketData, { optionChain: async () => null });

/**
 * One command's numbers by day, all read from the same inputs (`reads`). A past day's numbers depend
 * only on what the command read for it, so while every input is still the same object they are the
 * same numbers: /alert test and every check replaying that history compute each day once, not once
 * per ask. A refreshed series is a new object, and the next ask starts a new generation.
 */
interface Known {
  reads: Map<string, InputRead>;
  byDate: Map<string, Record<string, number | null>>;
}

/** Per reader (tests compare readers) and command: one generation at a time. */
const known = new WeakMap<DataReader, Map<string, Known>>();

/** Adds a day's reads to `k`; false when one of them is another object than `k` read (a refresh between days). */
function joins(k: Known, reads: readonly InputRead[]): boolean {
  for (const r of reads) {
    const had = k.reads.get(`${r.kind} ${r.key}`);
    if (had && had.value !== r.value) return false;
  }
  for (const r of reads) k.reads.set(`${r.kind} ${r.key}`, r);
  return true;
}

/**
 * The values of `names` on each of `dates` (no look-ahead: each as of its own day), one command at a
 * time over all dates so each command's per-series caches serve the next day. A command that cannot
 * answer on a day leaves its names null there. Each command's numbers for a day are computed once
 * per generation of its inputs (`Known`).
 */
export async function readAlertHistory(ctx: Context, names: readonly string[], dates: readonly string[], read: DataReader = numbersOnly, list: readonly Command[] = ctx.commands): Promise<Record<string, number | null>[]> {
  const wanted = ALERT_NAMES.filter((n) => names.includes(n.name));
  const out = dates.map(() => Object.fromEntries(wanted.map((n) => [n.name, null])) as Record<string, number | null>);
  let byCommand = known.get(read);
  if (!byCommand) known.set(read, (byCommand = new Map()));
  for (const name of new Set(wanted.map((n) => n.command))) {
    const command = list.find((c) => c.name === name);
    if (!command) continue;
    const ours = ALERT_NAMES.filter((n) => n.command === name);
    let k = byCommand.get(name);
    if (!k || !(await sameInputs(k.reads.values(), ctx.market))) byCommand.set(name, (k = { reads: new Map(), byDate: new Map() }));
    for (const [i, d] of dates.entries()) {
      let values = k.byDate.get(d);
      if (!values) {
        const reads: InputRead[] = [];
        // a failed read or a live quote is not a fixed input: that day is computed again next time
        const note: ReadNote = { moving: false, failed: false };
        const report = await read(command, d, { ...ctx, market: recordingReads(ctx.market, reads, note) });
        values = Object.fromEntries(ours.map((n) => [n.name, typeof report === 'string' ? null : n.read(report)]));
        if (!note.moving && !note.failed) {
          if (!joins(k, reads)) byCommand.set(name, (k = { reads: new Map(), byDate: new Map() })), joins(k, reads);
          k.byDate.set(d, values);
        }
      }
      for (const n of wanted) if (n.command === name) out[i]![n.name] = values[n.name]!;
    }
  }
  return out;
}
