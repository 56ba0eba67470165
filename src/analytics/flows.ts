// Daily rebalancing of leveraged and inverse ETFs (Cheng & Madhavan 2009, "The Dynamics of Leveraged
// and Inverse Exchange-Traded Funds"): to restore its leverage L after an underlying move r, a fund with
// net assets A must trade A · L · (L − 1) · r of exposure at the close. Positive = the fund buys.
// L·(L−1) ≥ 0 for every L ≤ 0 or L ≥ 1, so both leveraged and inverse funds trade with the move.

import { countBefore, countUpTo, lastBefore, lastUpTo } from './series.ts';

/** Rebalancing trade in the currency of `aum` for an underlying move `move` (decimal, 0.01 = +1 %). */
export function rebalanceFlow(aum: number, leverage: number, move: number): number {
  return aum * leverage * (leverage - 1) * move;
}

/** The last of the first `end` points carrying net assets (searched back from `end`: no scan of the years after it). */
function lastWithNetAssets<P extends { netAssets?: number }>(points: readonly P[], end: number): P | undefined {
  for (let i = end - 1; i >= 0; i--) {
    const p = points[i]!;
    if (p.netAssets !== undefined && p.netAssets > 0) return p;
  }
  return undefined;
}

/** A fund's latest net assets on or before `asof`: the last point up to it that carries them. */
export function latestNetAssets<P extends { date: string; netAssets?: number }>(points: readonly P[], asof: string): P | undefined {
  return lastWithNetAssets(points, countUpTo(points, asof));
}

/**
 * Net assets a fund rebalances on for a move on session `moveDate`: its previous close, the latest
 * point strictly before that session (Cheng & Madhavan 2009 eq. 1: the trade is A_{t−1} · L · (L − 1) · r_t).
 */
export function previousCloseNetAssets<P extends { date: string; netAssets?: number }>(points: readonly P[], moveDate: string): P | undefined {
  return lastWithNetAssets(points, countBefore(points, moveDate));
}

/**
 * USD/KRW as known at Seoul's close of `krDate` (DESIGN.md "Definitions"): a Bank of Korea rate of that
 * day (fixed at Seoul's close), else — for a New York noon series (FRED H.10, after Seoul has closed) —
 * the latest rate strictly before it.
 */
export function usdkrwKnownAtSeoulClose<P extends { date: string }>(points: readonly P[], krDate: string, timing: 'seoul-close' | 'new-york-noon'): P | undefined {
  return timing === 'seoul-close' ? lastUpTo(points, krDate) : lastBefore(points, krDate);
}
