// Numbers and dates as each language's readers expect them. English keeps the bot's original
// formats; Korean writes money in 조/억/만 (₩1.2조, ₩3,400억), dates as 2024년 8월 5일 and
// percentage-point changes as %p, the way Korean market desks do.
import type { Locale } from './locale.ts';

export interface Formats {
  /** Missing number: never a calm-looking value. */
  readonly na: string;
  /** Signed percent of a decimal: 0.012 → "+1.2%". */
  pct(x: number, digits?: number): string;
  /** Unsigned percent of a decimal: 0.18 → "18.0%". */
  pctAbs(x: number, digits?: number): string;
  /** A change in percentage points, signed with a real minus: "+1.2 pp" / "+1.2%p". */
  pp(x: number, digits?: number): string;
  fixed(x: number, digits?: number): string;
  /** An index level with thousands separators: 2,612.35. */
  level(x: number): string;
  /** Money in KRW, compact: "₩1.20tn" / "₩1.2조". */
  krw(x: number): string;
  /** Money in USD, compact: "$1.20bn" / "12억 달러". */
  usd(x: number): string;
  /** A session date YYYY-MM-DD as a heading reads it. */
  date(iso: string): string;
  /** A session date where space is short (footers, source lines). */
  dateShort(iso: string): string;
}

const finite = Number.isFinite;

/** 1.23e9 → "1.23bn"; the bot's English money format. */
function compactEn(x: number, currency: string): string {
  if (!finite(x)) return 'n/a';
  const a = Math.abs(x);
  const sign = x < 0 ? '−' : '';
  const [v, u] = a >= 1e12 ? [a / 1e12, 'tn'] : a >= 1e9 ? [a / 1e9, 'bn'] : a >= 1e6 ? [a / 1e6, 'm'] : a >= 1e3 ? [a / 1e3, 'k'] : [a, ''];
  return `${sign}${currency}${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)}${u}`;
}

const GROUPS = /\B(?=(\d{3})+$)/g;
const intlDecimal = (x: number, decimals: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals }).format(x);

/**
 * `x` with at most `decimals` decimals (trailing zeros dropped) and its thousands grouped by commas: what
 * Intl.NumberFormat('en-US' or 'ko-KR', { maximumFractionDigits: decimals }) writes (the two locales write numbers
 * alike). Like ICU it rounds the shortest decimal that reads back as x (String(x): 0.15, not the binary value
 * 0.1499…), half away from zero; test/i18n/format.test.ts holds the two to the same text. Not Intl itself: a
 * process's first Intl formatter costs ~20–30 ms of ICU set-up, which every start's first answer paid
 * (`npm run bench`, startupMs*). Numbers String writes with an exponent go to Intl.
 */
export function groupedDecimal(x: number, decimals: number): string {
  const a = Math.abs(x);
  if (!finite(x) || a >= 1e21 || (a < 1e-6 && a !== 0) || !Number.isInteger(decimals) || decimals < 0 || decimals > 20) return intlDecimal(x, decimals);
  const [whole, fraction = ''] = String(a).split('.') as [string, string?];
  let digits = whole + fraction.slice(0, decimals).padEnd(decimals, '0');
  if ((fraction[decimals] ?? '0') >= '5') digits = String(BigInt(digits) + 1n).padStart(digits.length, '0');
  const kept = digits.slice(digits.length - decimals).replace(/0+$/, '');
  // A negative x that rounds to zero keeps its sign, as Intl's does: "-0".
  return `${x < 0 || Object.is(x, -0) ? '-' : ''}${(digits.slice(0, digits.length - decimals) || '0').replace(GROUPS, ',')}${kept ? `.${kept}` : ''}`;
}

/**
 * Korean myriad units: 조 = 10¹², 억 = 10⁸, 만 = 10⁴. 1.2e12 → "1.2조", 3.4e11 → "3,400억",
 * 1.12e8 → "1.1억", 5.2e7 → "5,200만"; under 만 the plain number.
 */
export function koreanUnits(a: number): string {
  // One decimal while the count is small (1.2조, 1.1억), whole counts with separators above (3,400억).
  const inUnit = (v: number, unit: string) => `${v < 10 ? groupedDecimal(Math.round(v * 10) / 10, 1) : groupedDecimal(Math.round(v), 0)}${unit}`;
  if (a >= 1e12) return a >= 1e14 ? inUnit(a / 1e12, '조') : `${groupedDecimal(Math.round((a / 1e12) * 10) / 10, 1)}조`;
  if (a >= 1e8) return inUnit(a / 1e8, '억');
  if (a >= 1e4) return inUnit(a / 1e4, '만');
  return groupedDecimal(Math.round(a), 0);
}

const en: Formats = {
  na: 'n/a',
  pct: (x, d = 1) => (finite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(d)}%` : 'n/a'),
  pctAbs: (x, d = 1) => (finite(x) ? `${(x * 100).toFixed(d)}%` : 'n/a'),
  pp: (x, d = 1) => (finite(x) ? `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x * 100).toFixed(d)} pp` : 'n/a'),
  fixed: (x, d = 2) => (finite(x) ? x.toFixed(d) : 'n/a'),
  level: (x) => (finite(x) ? groupedDecimal(x, 2) : 'n/a'),
  krw: (x) => compactEn(x, '₩'),
  usd: (x) => compactEn(x, '$'),
  date: (iso) => iso,
  dateShort: (iso) => iso,
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const ko: Formats = {
  na: 'N/A',
  pct: (x, d = 1) => (finite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(d)}%` : 'N/A'),
  pctAbs: (x, d = 1) => (finite(x) ? `${(x * 100).toFixed(d)}%` : 'N/A'),
  pp: (x, d = 1) => (finite(x) ? `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x * 100).toFixed(d)}%p` : 'N/A'),
  fixed: (x, d = 2) => (finite(x) ? x.toFixed(d) : 'N/A'),
  level: (x) => (finite(x) ? groupedDecimal(x, 2) : 'N/A'),
  krw: (x) => (finite(x) ? `${x < 0 ? '−' : ''}₩${koreanUnits(Math.abs(x))}` : 'N/A'),
  // "12억 달러": Korean desks quote dollar sums in the same myriad units, the currency after.
  usd: (x) => (finite(x) ? `${x < 0 ? '−' : ''}${koreanUnits(Math.abs(x))} 달러` : 'N/A'),
  date: (iso) => {
    const m = DATE.exec(iso);
    return m ? `${m[1]}년 ${Number(m[2])}월 ${Number(m[3])}일` : iso;
  },
  dateShort: (iso) => (DATE.test(iso) ? iso.replaceAll('-', '.') : iso),
};

export const FORMATS: Record<Locale, Formats> = { en, ko };
