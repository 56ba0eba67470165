// Black-Scholes-Merton European option value and greeks with continuous rate r and dividend yield q
// (Merton 1973; Hull, "Options, Futures, and Other Derivatives", ch. 15, 17 and 19).
// Time in years, vol and rates as decimals; theta is per year (per calendar day = theta / 365).

export type OptionType = 'call' | 'put';

export interface BsmInput {
  spot: number;
  strike: number;
  /** Time to expiry in years. */
  years: number;
  /** Continuously compounded risk-free rate (0.05 = 5 %). */
  rate: number;
  /** Continuous dividend yield (0.03 = 3 %). */
  dividendYield: number;
  /** Annualized volatility (0.20 = 20 %). */
  vol: number;
  type: OptionType;
}

export const CALENDAR_DAYS_PER_YEAR = 365;

/** Standard normal density φ(x). */
export function normPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Standard normal CDF Φ(x) to double precision (Hart 1968 algorithm 5666, as given by West 2005). */
export function normCdf(x: number): number {
  const z = Math.abs(x);
  let tail = 0;
  if (z < 37) {
    const e = Math.exp(-0.5 * z * z);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      tail = (e * n) / d;
    } else {
      let b = z + 0.65;
      b = z + 4 / b;
      b = z + 3 / b;
      b = z + 2 / b;
      b = z + 1 / b;
      tail = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

interface Terms {
  d1: number;
  d2: number;
  /** S·e^(−qT) */
  fwdSpot: number;
  /** K·e^(−rT) */
  pvStrike: number;
  sqrtT: number;
}

/** d1, d2 and discounted legs; null when the option is expired or has no volatility (the deterministic limit applies). */
function terms({ spot, strike, years, rate, dividendYield, vol }: BsmInput): Terms | null {
  if (!(years > 0) || !(vol > 0)) return null;
  const sqrtT = Math.sqrt(years);
  const d1 = (Math.log(spot / strike) + (rate - dividendYield + 0.5 * vol * vol) * years) / (vol * sqrtT);
  return {
    d1,
    d2: d1 - vol * sqrtT,
    fwdSpot: spot * Math.exp(-dividendYield * years),
    pvStrike: strike * Math.exp(-rate * years),
    sqrtT,
  };
}

/** Deterministic legs for σ→0 or T→0: the option is worth its discounted forward intrinsic value. */
function limitLegs({ spot, strike, years, rate, dividendYield }: BsmInput) {
  const t = Math.max(years, 0);
  return { fwdSpot: spot * Math.exp(-dividendYield * t), pvStrike: strike * Math.exp(-rate * t), t };
}

/** Option value: c = S e^(−qT) N(d1) − K e^(−rT) N(d2); p = K e^(−rT) N(−d2) − S e^(−qT) N(−d1). */
export function bsmPrice(o: BsmInput): number {
  const k = terms(o);
  if (!k) {
    const { fwdSpot, pvStrike } = limitLegs(o);
    return Math.max(o.type === 'call' ? fwdSpot - pvStrike : pvStrike - fwdSpot, 0);
  }
  return o.type === 'call'
    ? k.fwdSpot * normCdf(k.d1) - k.pvStrike * normCdf(k.d2)
    : k.pvStrike * normCdf(-k.d2) - k.fwdSpot * normCdf(-k.d1);
}

/** ∂V/∂S: call e^(−qT) N(d1), put e^(−qT) (N(d1) − 1). */
export function bsmDelta(o: BsmInput): number {
  const k = terms(o);
  if (!k) {
    const { fwdSpot, pvStrike, t } = limitLegs(o);
    const disc = Math.exp(-o.dividendYield * t);
    if (o.type === 'call') return fwdSpot > pvStrike ? disc : 0;
    return pvStrike > fwdSpot ? -disc : 0;
  }
  const disc = Math.exp(-o.dividendYield * o.years);
  return o.type === 'call' ? disc * normCdf(k.d1) : disc * (normCdf(k.d1) - 1);
}

/** ∂²V/∂S² (same for calls and puts): e^(−qT) φ(d1) / (S σ √T); zero in the deterministic limit. */
export function bsmGamma(o: BsmInput): number {
  const k = terms(o);
  if (!k) return 0;
  return (k.fwdSpot / o.spot) * normPdf(k.d1) / (o.spot * o.vol * k.sqrtT);
}

/** ∂V/∂σ per 1.00 of vol (divide by 100 for a vol point): S e^(−qT) φ(d1) √T. */
export function bsmVega(o: BsmInput): number {
  const k = terms(o);
  if (!k) return 0;
  return k.fwdSpot * normPdf(k.d1) * k.sqrtT;
}

/**
 * Theta per year, −∂V/∂T (Hull ch. 19, greeks of options on an asset paying a yield q):
 * call −S e^(−qT) φ(d1) σ / (2√T) + q S e^(−qT) N(d1) − r K e^(−rT) N(d2),
 * put  −S e^(−qT) φ(d1) σ / (2√T) − q S e^(−qT) N(−d1) + r K e^(−rT) N(−d2).
 * Expired options have zero theta; with σ = 0 it is the carry of the discounted forward intrinsic value.
 */
export function bsmTheta(o: BsmInput): number {
  const { rate: r, dividendYield: q } = o;
  const k = terms(o);
  if (!k) {
    if (!(o.years > 0)) return 0;
    const { fwdSpot, pvStrike } = limitLegs(o);
    if (o.type === 'call') return fwdSpot > pvStrike ? q * fwdSpot - r * pvStrike : 0;
    return pvStrike > fwdSpot ? r * pvStrike - q * fwdSpot : 0;
  }
  const decay = (-k.fwdSpot * normPdf(k.d1) * o.vol) / (2 * k.sqrtT);
  return o.type === 'call'
    ? decay + q * k.fwdSpot * normCdf(k.d1) - r * k.pvStrike * normCdf(k.d2)
    : decay - q * k.fwdSpot * normCdf(-k.d1) + r * k.pvStrike * normCdf(-k.d2);
}

/**
 * Calendar days until the option's value, with spot, vol, rate and yield unchanged, falls to half of today's
 * (BSM re-priced at each shorter time to expiry; first crossing found day by day, then by bisection).
 * Null when it never does before expiry (an in-the-money option whose intrinsic value exceeds half).
 */
export function calendarDaysToHalfValue(o: BsmInput): number | null {
  const days = o.years * CALENDAR_DAYS_PER_YEAR;
  const half = bsmPrice(o) / 2;
  if (!(half > 0)) return null;
  const excess = (d: number) => bsmPrice({ ...o, years: Math.max(days - d, 0) / CALENDAR_DAYS_PER_YEAR }) - half;
  let lo = 0;
  for (let d = 1; ; d++) {
    const hi = Math.min(d, days);
    if (excess(hi) <= 0) {
      let a = lo;
      let b = hi;
      for (let i = 0; i < 60 && b - a > 1e-9; i++) {
        const mid = (a + b) / 2;
        if (excess(mid) > 0) a = mid;
        else b = mid;
      }
      return (a + b) / 2;
    }
    if (hi >= days) return null;
    lo = hi;
  }
}
