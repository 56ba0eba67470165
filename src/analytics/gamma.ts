// Dealer gamma exposure of an option chain (DESIGN.md "Definitions"): per option Γ · OI · multiplier · S² · 0.01,
// money per 1 % move of the underlying, calls counted + and puts − (dealers long calls, short puts).
// Γ is Black-Scholes-Merton (blackScholes.ts) at each option's own IV, or a flat vol where the chain has none.
import type { OptionChain } from '../core/types.ts';
import { bsmGamma, CALENDAR_DAYS_PER_YEAR, type OptionType } from './blackScholes.ts';

export interface GammaParams {
  /** Vol (decimal) for options whose quote carries no usable IV. */
  flatVol: number;
  rate: number;
  dividendYield: number;
}

export interface SpotGrid {
  /** Half-width of the grid around spot (0.15 = ±15 %). */
  rangePct: number;
  /** Step between grid levels (0.0025 = 0.25 % of spot). */
  stepPct: number;
}

export const DEFAULT_GRID: SpotGrid = { rangePct: 0.15, stepPct: 0.0025 };

export interface StrikeGamma {
  strike: number;
  /** Dealer gamma of all calls and puts at this strike, money per 1 % move. */
  gammaPer1pct: number;
}

export interface GammaProfile {
  spot: number;
  /** Sum over the chain, money (chain currency) per 1 % move. */
  total: number;
  /** Ascending by strike; expiries and both sides summed. */
  byStrike: StrikeGamma[];
}

/** One priced position: what does not change when spot is moved. */
interface Position {
  type: OptionType;
  strike: number;
  years: number;
  vol: number;
  /** +1 call, −1 put, times OI times multiplier. */
  weight: number;
}

/** Calendar-day year fraction between two YYYY-MM-DD dates (days / 365), negative when expired. */
export function yearsBetween(from: string, to: string): number {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  return days / CALENDAR_DAYS_PER_YEAR;
}

function positions(chain: OptionChain, params: GammaParams): Position[] {
  const out: Position[] = [];
  for (const q of chain.quotes) {
    const years = yearsBetween(chain.date, q.expiry);
    if (!(q.openInterest > 0) || !(years > 0)) continue;
    const vol = q.iv !== undefined && q.iv > 0 && Number.isFinite(q.iv) ? q.iv : params.flatVol;
    out.push({ type: q.type, strike: q.strike, years, vol, weight: (q.type === 'call' ? 1 : -1) * q.openInterest * chain.multiplier });
  }
  return out;
}

type Carry = Pick<GammaParams, 'rate' | 'dividendYield'>;

function positionGamma(p: Position, spot: number, params: Carry): number {
  const g = bsmGamma({ spot, strike: p.strike, years: p.years, vol: p.vol, rate: params.rate, dividendYield: params.dividendYield, type: p.type });
  return p.weight * g * spot * spot * 0.01;
}

/** Dealer gamma of one option position, money per 1 % move: ±Γ · OI · multiplier · S² · 0.01. */
export function dealerGammaPer1pct(
  option: { type: OptionType; strike: number; years: number; vol: number; openInterest: number },
  spot: number,
  multiplier: number,
  params: Carry,
): number {
  const weight = (option.type === 'call' ? 1 : -1) * option.openInterest * multiplier;
  return positionGamma({ ...option, weight }, spot, params);
}

function totalAt(book: readonly Position[], spot: number, params: Carry): number {
  let sum = 0;
  for (const p of book) sum += positionGamma(p, spot, params);
  return sum;
}

/** Dealer gamma by strike and in total at `spot` (default: the chain's own spot). */
export function dealerGammaProfile(chain: OptionChain, params: GammaParams, spot = chain.spot): GammaProfile {
  const byStrike = new Map<number, number>();
  let total = 0;
  for (const p of positions(chain, params)) {
    const g = positionGamma(p, spot, params);
    byStrike.set(p.strike, (byStrike.get(p.strike) ?? 0) + g);
    total += g;
  }
  return {
    spot,
    total,
    byStrike: [...byStrike].sort((a, b) => a[0] - b[0]).map(([strike, gammaPer1pct]) => ({ strike, gammaPer1pct })),
  };
}

/** Total dealer gamma re-priced at each spot level of a grid around the chain's spot (every option at its own IV). */
export function dealerGammaOverSpot(chain: OptionChain, params: GammaParams, grid: SpotGrid = DEFAULT_GRID): { spot: number; total: number }[] {
  const book = positions(chain, params);
  const steps = Math.round(grid.rangePct / grid.stepPct);
  const out: { spot: number; total: number }[] = [];
  for (let k = -steps; k <= steps; k++) {
    const spot = chain.spot * (1 + k * grid.stepPct);
    out.push({ spot, total: totalAt(book, spot, params) });
  }
  return out;
}

/**
 * Gamma-flip level: the spot where total dealer gamma changes sign, nearest the chain's spot, within the grid.
 * Sign changes are bracketed on the grid, then each root is refined by bisection on the re-priced total.
 * Null when total gamma keeps one sign (or is identically zero) over the whole grid.
 */
export function gammaFlipLevel(chain: OptionChain, params: GammaParams, grid: SpotGrid = DEFAULT_GRID): number | null {
  const book = positions(chain, params);
  const levels = dealerGammaOverSpot(chain, params, grid).filter((l) => l.total !== 0);
  let best: number | null = null;
  for (let i = 1; i < levels.length; i++) {
    const a = levels[i - 1]!;
    const b = levels[i]!;
    if (Math.sign(a.total) === Math.sign(b.total)) continue;
    const root = bisect((s) => totalAt(book, s, params), a.spot, b.spot, a.total);
    if (best === null || Math.abs(root - chain.spot) < Math.abs(best - chain.spot)) best = root;
  }
  return best;
}

function bisect(f: (x: number) => number, lo: number, hi: number, fLo: number): number {
  for (let i = 0; i < 100 && hi - lo > 1e-10 * Math.abs(hi); i++) {
    const mid = (lo + hi) / 2;
    const fm = f(mid);
    if (fm === 0) return mid;
    if (Math.sign(fm) === Math.sign(fLo)) {
      lo = mid;
      fLo = fm;
    } else hi = mid;
  }
  return (lo + hi) / 2;
}
