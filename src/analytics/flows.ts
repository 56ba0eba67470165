// Daily rebalancing of leveraged and inverse ETFs (Cheng & Madhavan 2009, "The Dynamics of Leveraged
// and Inverse Exchange-Traded Funds"): to restore its leverage L after an underlying move r, a fund with
// net assets A must trade A · L · (L − 1) · r of exposure at the close. Positive = the fund buys.
// L·(L−1) ≥ 0 for every L ≤ 0 or L ≥ 1, so both leveraged and inverse funds trade with the move.

/** Rebalancing trade in the currency of `aum` for an underlying move `move` (decimal, 0.01 = +1 %). */
export function rebalanceFlow(aum: number, leverage: number, move: number): number {
  return aum * leverage * (leverage - 1) * move;
}
