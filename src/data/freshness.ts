// How old an input may be and still count as current for the asked date (DESIGN.md "Freshness").
// Ages are counted in the input's own market's sessions between its last point and the session it
// should be from, so a weekend or a holiday never makes a series stale, and a series that stopped in
// 2023 is never current in 2026.
//
// The rule every command follows (said in /help): an input past its limit is never used as current.
// Where the answer is built on it (the spot /theta prices off, the IV it prices at), the command refuses
// with one line naming the input, its last date and the limit; everywhere else the fields it would feed
// show "no data" (grey) with its last date, and a note says so.
import type { Series } from '../core/types.ts';
import { messages, type Locale } from '../core/i18n/index.ts';
import { addDays, isKrxTradingDay, isUsTradingDay, usSessionKnownAt, weekday } from './calendar.ts';

export const FRESHNESS_RULE =
  'An older input is never used as current: where the answer is built on it (the spot /theta prices off, its IV) the command refuses with one line naming it and its last date; elsewhere the fields it would feed show "no data" with its last date and a note says so.';

export type InputKind = 'index' | 'netAssets' | 'usdkrw' | 'optionChain';

export interface FreshnessLimit {
  max: number;
  unit: 'session' | 'weekday';
  /** For /help. */
  text: string;
}

export const FRESHNESS_LIMITS: Readonly<Record<InputKind, FreshnessLimit>> = {
  index: { max: 1, unit: 'session', text: 'index closes: 1 session of their own market' },
  netAssets: { max: 1, unit: 'session', text: 'ETF net assets: 1 KRX session' },
  usdkrw: { max: 2, unit: 'weekday', text: 'USD/KRW: 2 days (weekdays)' },
  optionChain: { max: 1, unit: 'session', text: 'KOSPI200 option chain: 1 KRX session' },
};

/** When a USD/KRW series' daily value is fixed: Bank of Korea at Seoul's close, or New York noon (FRED H.10, after Seoul's close). */
export type FxTiming = 'seoul-close' | 'new-york-noon';

export interface Freshness {
  symbol: string;
  kind: InputKind;
  /** Date of the last point on or before the asked date; null when there is none. */
  last: string | null;
  /** The date the input should be from for `asked` (a US index: the last New York session before it). */
  due: string;
  /** Sessions (or weekdays) after `last` up to and including `due`; Infinity when there is no point. */
  age: number;
  fresh: boolean;
  limit: FreshnessLimit;
}

const countBetween = (after: string, upTo: string, counts: (d: string) => boolean): number => {
  let n = 0;
  for (let d = addDays(after, 1); d <= upTo; d = addDays(d, 1)) if (counts(d)) n++;
  return n;
};

const isWeekday = (d: string): boolean => weekday(d) !== 0 && weekday(d) !== 6;

/** The latest weekday strictly before `date` (New York noon rates exist on US business days; close enough for a 2-day limit). */
const previousWeekday = (date: string): string => {
  let d = addDays(date, -1);
  while (!isWeekday(d)) d = addDays(d, -1);
  return d;
};

/**
 * Freshness of an input whose last point on or before the asked date is `last`. `market` is the
 * input's own market; `fxTiming` only matters for USD/KRW (a New York noon rate is due the weekday before).
 */
export function freshnessOf(input: { symbol: string; kind: InputKind; market: 'KR' | 'US' | 'TW'; last: string | null; fxTiming?: FxTiming }, asked: string): Freshness {
  const limit = FRESHNESS_LIMITS[input.kind];
  let due: string;
  let counts: (d: string) => boolean;
  if (input.kind === 'usdkrw') {
    due = input.fxTiming === 'seoul-close' ? asked : previousWeekday(asked);
    counts = isWeekday;
  } else if (input.market === 'US') {
    due = usSessionKnownAt(asked);
    counts = isUsTradingDay;
  } else {
    due = asked;
    counts = input.market === 'KR' ? isKrxTradingDay : isWeekday;
  }
  const age = input.last === null ? Infinity : input.last >= due ? 0 : countBetween(input.last, due, counts);
  return { symbol: input.symbol, kind: input.kind, last: input.last, due, age, fresh: age <= limit.max, limit };
}

/** "KOSPI200 last close 2023-12-28 is 537 sessions before 2026-03-04 (limit 1 session)", in `locale`. */
export function staleText(f: Freshness, asked: string, what = 'last close', locale?: Locale): string {
  const t = messages(locale).notes;
  const named = t.what[what] ?? what;
  if (f.last === null) return t.none(f.symbol, named, asked);
  return t.stale(f.symbol, named, f.last, f.age, f.due === asked ? asked : t.dueFor(f.due, asked), f.limit.max, f.limit.unit === 'weekday');
}

/** A USD/KRW series' fixing time: set by the provider (`fxTiming`), else read from its source. */
export function fxTimingOf(series: Pick<Series, 'source' | 'fxTiming'>): FxTiming {
  if (series.fxTiming) return series.fxTiming;
  return /bok|ecos|demo/i.test(series.source) ? 'seoul-close' : 'new-york-noon';
}
