// Argument types as traders type them (DESIGN.md "Command line"): percentages as 40 for 40 %,
// money with k/m/b/t suffixes, dates as YYYY-MM-DD. Every parser yields what the JSON answer holds.
import { z } from 'zod';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Dates any market series here can hold: KOSPI starts in 1980, nothing is dated past 2100. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** A real calendar date YYYY-MM-DD in MIN_YEAR..MAX_YEAR (rejects 2024-13-45, 2023-02-29 and 0001-01-01). */
export const isoDate = z
  .string()
  .regex(DATE, 'expected a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date')
  .refine((s) => {
    const year = Number(s.slice(0, 4));
    return year >= MIN_YEAR && year <= MAX_YEAR;
  }, `must be a year from ${MIN_YEAR} to ${MAX_YEAR}`);

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** A finite number typed as text; rejects NaN, Infinity, hex and empty strings. */
export const num = z
  .string()
  .trim()
  .regex(NUMBER, 'expected a number')
  .transform(Number)
  .pipe(z.number().finite('expected a finite number'));

export const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^[+-]?\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** `iv=40` → 0.40; `move=-3` → -0.03. Bounds are in percent as typed. */
export const percent = (minPct: number, maxPct: number) =>
  z
    .string()
    .trim()
    .transform((s) => s.replace(/%$/, ''))
    .pipe(num)
    .pipe(z.number().min(minPct, `must be at least ${minPct}`).max(maxPct, `must be at most ${maxPct}`))
    .transform((p) => p / 100);

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, bn: 1e9, t: 1e12, tn: 1e12 };

/** `aum=50b` → 5e10, `1.2t` → 1.2e12, `2500000` → 2.5e6. */
export const money = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^\$?(\d+(\.\d*)?|\.\d+)(k|m|b|bn|t|tn)?$/, 'expected an amount like 50b, 1.2t or 2500000')
  .transform((s) => {
    const m = /^\$?([\d.]+)([a-z]*)$/.exec(s)!;
    return Number(m[1]) * (m[2] ? SUFFIX[m[2]]! : 1);
  })
  .pipe(z.number().positive('must be positive').finite());

/** `lookback=1y`, `6m`, `90d`, `2y` → number of trading sessions (252 a year, 21 a month). */
export const lookback = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^\d{1,3}[dmy]$/, 'expected a span like 90d, 6m or 1y')
  .transform((s) => {
    const n = Number(s.slice(0, -1));
    const unit = s.at(-1);
    return unit === 'y' ? n * 252 : unit === 'm' ? n * 21 : n;
  })
  .pipe(z.number().int().min(20, 'must cover at least 20 sessions').max(252 * 30, 'must be at most 30y'));

/** Common `asof=` argument. */
export const asof = isoDate.optional().describe('replay a past day YYYY-MM-DD with no look-ahead');
