// A tiny in-test MarketData over hand-made series, and plain-loop recomputations of DESIGN.md's
// definitions that the command tests check the commands against (deliberately not the src/analytics code).
import { commands } from '../../src/commands/registry.ts';
import { DataError } from '../../src/core/errors.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import type { Context, MarketData, Point } from '../../src/core/types.ts';

export type Rows = Record<string, Point[] | Error>;

export function fakeMarket(rows: Rows): MarketData {
  return {
    kind: 'test',
    demo: false,
    async series(symbol) {
      const r = rows[symbol];
      if (r instanceof Error) throw r;
      if (!r) throw new DataError(symbol, 'test', 'not in the test market');
      return { symbol, points: r, source: 'test', fetchedAt: '2024-01-01T00:00:00Z' };
    },
    async optionChain() {
      return null;
    },
  };
}

export const ctxOf = (rows: Rows, env: Record<string, string> = {}): Context => ({
  market: fakeMarket(rows),
  now: new Date('2024-12-31T00:00:00Z'),
  config: testConfig(env),
  log: silentLogger,
  commands,
});

/** `n` weekdays from `start` (YYYY-MM-DD), skipping the dates in `holidays`. */
export function weekdays(start: string, n: number, holidays: string[] = []): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  while (out.length < n) {
    const iso = d.toISOString().slice(0, 10);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6 && !holidays.includes(iso)) out.push(iso);
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/** A deterministic wiggly price path: level · Π(1 + amp·sin(seed·k)). */
export function path(dates: string[], level: number, amp: number, seed: number): Point[] {
  let p = level;
  return dates.map((date, k) => {
    p *= 1 + amp * Math.sin(seed * (k + 1) + seed * seed);
    return { date, close: p };
  });
}

// ---- plain-loop definitions -------------------------------------------------------------

/** Latest close on or before t. */
export function onOrBefore(points: Point[], t: string): number | undefined {
  let v: number | undefined;
  for (const p of points) if (p.date <= t) v = p.close;
  return v;
}

/** Latest close strictly before t (what Seoul knows of New York at t). */
export function strictlyBefore(points: Point[], t: string): number | undefined {
  let v: number | undefined;
  for (const p of points) if (p.date < t) v = p.close;
  return v;
}

export function loopMean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export function loopSd(xs: number[]): number {
  const m = loopMean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

export function loopCorrBeta(x: number[], y: number[]): { corr: number; beta: number } {
  const mx = loopMean(x);
  const my = loopMean(y);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return { corr: sxy / Math.sqrt(sxx * syy), beta: sxy / sxx };
}

/** Realized vol of the last n log returns of closes (sample sd × √252). */
export function loopRv(closes: number[], n: number): number {
  const c = closes.slice(-(n + 1));
  const r: number[] = [];
  for (let i = 1; i < c.length; i++) r.push(Math.log(c[i]! / c[i - 1]!));
  return loopSd(r) * Math.sqrt(252);
}
