// Basis breaks in raw price exports (issue 13 item 3). A daily move no market allows is not a move:
// it is a change of price basis (a par-value split fetched half-adjusted) or a bad row. KRX limits a
// stock's daily move to ±30 % since 2015-06-15 and ±15 % before (KRX Market Rules; the index cannot
// exceed what its members may do); a US index moving ±25 % in a day has not happened since 1987's −22.6 %.
// Where the jump is a whole split ratio and the move it implies is inside the limit, earlier prices are
// put on the new basis; otherwise the history is cut at the break. Either way the series says so.
import type { Point, Series } from '../core/types.ts';

export const KRX_LIMIT_WIDENED = '2015-06-15';
/** Ticks round limit prices: a limit-up day can print a hair above the percentage. */
const TICK_SLACK = 0.005;
/** How close to a whole number a jump must be to count as a split ratio. */
const SPLIT_TOLERANCE = 0.01;

export type LimitRule = 'krx' | 'us-index';

/** The symbols whose prices obey a daily limit, and which one. */
export const LIMIT_RULES: Readonly<Record<string, LimitRule>> = { KOSPI: 'krx', KOSPI200: 'krx', SAMSUNG: 'krx', SKHYNIX: 'krx', NDX: 'us-index', SOX: 'us-index' };

/** The largest daily move (as a decimal) the market allows on `date`. */
export function dailyLimit(rule: LimitRule, date: string): number {
  if (rule === 'us-index') return 0.25;
  return date >= KRX_LIMIT_WIDENED ? 0.3 : 0.15;
}

export interface BasisBreak {
  /** First session on the new basis. */
  date: string;
  previousClose: number;
  close: number;
  /** close / previous close − 1, as in the file. */
  move: number;
  /** 'adjusted': earlier prices multiplied by `factor`; 'cut': history before `date` dropped. */
  action: 'adjusted' | 'cut';
  factor?: number;
}

export interface Cleaned {
  points: Point[];
  breaks: BasisBreak[];
  /** One line per break, for the importer's report and every answer that uses the series. */
  notes: string[];
}

const pctText = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} %`;

/** A split ratio k (or 1/k) within tolerance whose adjusted move is inside the limit, else null. */
function splitFactor(prev: number, close: number, limit: number): number | null {
  const up = close > prev;
  const ratio = up ? close / prev : prev / close;
  const k = Math.round(ratio);
  if (k < 2 || Math.abs(ratio / k - 1) > SPLIT_TOLERANCE) return null;
  const factor = up ? k : 1 / k;
  const adjustedMove = close / (prev * factor) - 1;
  return Math.abs(adjustedMove) <= limit + TICK_SLACK ? factor : null;
}

/**
 * Finds every daily move beyond the market's limit in `points` (sorted by date) and repairs or cuts
 * there. Volume and traded value are left as they are: only the price basis changes.
 */
export function repairBasisBreaks(symbol: string, points: readonly Point[], rule: LimitRule, origin = 'the file'): Cleaned {
  let out = points.map((p) => ({ ...p }));
  const breaks: BasisBreak[] = [];
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1]!.close;
    const cur = out[i]!;
    const move = cur.close / prev - 1;
    const limit = dailyLimit(rule, cur.date);
    if (Math.abs(move) <= limit + TICK_SLACK) continue;
    const factor = splitFactor(prev, cur.close, limit);
    if (factor !== null) {
      for (let j = 0; j < i; j++) {
        const p = out[j]!;
        p.close *= factor;
        if (p.open !== undefined) p.open *= factor;
        if (p.high !== undefined) p.high *= factor;
        if (p.low !== undefined) p.low *= factor;
      }
      breaks.push({ date: cur.date, previousClose: prev, close: cur.close, move, action: 'adjusted', factor });
    } else {
      breaks.push({ date: cur.date, previousClose: prev, close: cur.close, move, action: 'cut' });
      out = out.slice(i);
      i = 0;
    }
  }
  const limitText = rule === 'krx' ? 'the KRX daily limit' : 'the ±25 % a US index can plausibly move';
  const notes = breaks.map((b) =>
    b.action === 'adjusted'
      ? `${symbol}: ${origin} jumps ${pctText(b.move)} on ${b.date}, beyond ${limitText}: a ${b.factor! > 1 ? `1:${b.factor}` : `${Math.round(1 / b.factor!)}:1`} basis change, so prices before ${b.date} are ${b.factor! > 1 ? `multiplied by ${b.factor}` : `divided by ${Math.round(1 / b.factor!)}`}.`
      : `${symbol}: ${origin} jumps ${pctText(b.move)} on ${b.date} (${b.previousClose} → ${b.close}), beyond ${limitText} and no whole split ratio: history before ${b.date} is not used.`,
  );
  return { points: out, breaks, notes };
}

/** A served series on one price basis (live providers; the CSV importer reports per file). */
export function withCleanBasis(series: Series): { series: Series; breaks: BasisBreak[] } {
  const rule = LIMIT_RULES[series.symbol];
  if (!rule) return { series, breaks: [] };
  const cleaned = repairBasisBreaks(series.symbol, series.points, rule, `the ${series.source} series`);
  if (!cleaned.breaks.length) return { series, breaks: [] };
  return { series: { ...series, points: cleaned.points, hygiene: [...(series.hygiene ?? []), ...cleaned.notes] }, breaks: cleaned.breaks };
}
