// The DEMO market: a deterministic synthetic data set (seeded, no network, no clock), calibrated to
// realistic magnitudes, with calm years, a crash, a "zero return, violent swings" month and an
// elevated-stress ending so that today's answers are interesting. Built lazily and memoised: the
// driving core once, then each series on first use.
//
// Model: a US factor (NDX log return) with EGARCH-style log-vol, sampled on US sessions. KOSPI on
// each KRX session t = β × the NDX move Seoul saw since its previous session (DESIGN.md pairing)
// + a Korean shock with its own EGARCH log-vol. Everything else is derived from those two. Implied
// vols are the model's next-day vol plus a small premium. Scheduled episodes add vol and drift;
// yearly anchors add a constant drift per year so that levels follow the real market's rough path.
import { closedOnWeekday } from '../calendar.ts';
import { mulberry32, normals } from './rng.ts';
import type { Point } from '../../core/types.ts';

export const DEMO_START = '2012-01-02';
export const DEMO_END = '2026-11-20';
export const FETCHED_AT = '2026-11-20T06:30:00.000Z'; // the last KRX close (15:30 KST)
export const SEED = 20120102;
export const SQRT252 = Math.sqrt(252);

// ---------- calendars ----------

export const DAY_MS = 86_400_000;
export const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** Taiwan has no calendar in src/data/calendar.ts: its fixed national days on weekdays. */
export const TW_HOLIDAYS = new Set(['01-01', '02-28', '10-10']);

export type DemoMarketCode = 'KR' | 'US' | 'TW';

/**
 * Whether the demo market `m` trades on `iso`: the real KRX and NYSE calendars, so a demo answer
 * never compares against a session the calendar says never happened.
 */
export function isDemoSession(m: DemoMarketCode, iso: string): boolean {
  return isSession(m, iso, new Date(`${iso}T00:00:00Z`).getUTCDay());
}

export function isSession(m: DemoMarketCode, iso: string, dow: number): boolean {
  if (dow === 0 || dow === 6) return false;
  if (m === 'TW') return !TW_HOLIDAYS.has(iso.slice(5));
  return !closedOnWeekday(m, iso);
}

// ---------- episodes ----------

export interface Episode {
  name: string;
  from: string;
  to: string;
  /** Added to the log of daily vol (ln 3 = three times the vol). */
  usBoost?: number;
  krBoost?: number;
  /** Added to the daily log return. */
  usDrift?: number;
  krDrift?: number;
  /** KOSPI's own shocks replaced by ±2.5-4 % alternating swings whose month nets to `krSwingNet`. */
  krSwingNet?: number;
  /** Exact daily log returns on given sessions. */
  fixedUs?: Record<string, number>;
  fixedKr?: Record<string, number>;
}

export const DEMO_EPISODES: readonly Episode[] = [
  { name: 'tightening scare', from: '2013-05-22', to: '2013-06-25', usBoost: Math.log(1.3), krBoost: Math.log(1.4), krDrift: -0.003 },
  { name: 'devaluation shock', from: '2015-08-18', to: '2015-08-28', usBoost: Math.log(2.2), usDrift: -0.008, krBoost: Math.log(1.8), krDrift: -0.004 },
  // "Zero return, violent swings": KOSPI moves ±3-4 % a day for a month and ends where it began.
  { name: 'violent swings', from: '2018-02-01', to: '2018-03-02', usBoost: Math.log(1.8), krBoost: Math.log(2.6), krSwingNet: 0 },
  { name: 'autumn selloff', from: '2018-10-04', to: '2018-10-30', usBoost: Math.log(1.6), usDrift: -0.004, krBoost: Math.log(1.6), krDrift: -0.005 },
  {
    name: 'pandemic crash', from: '2020-02-21', to: '2020-03-24', usBoost: Math.log(2.2), usDrift: -0.01, krBoost: Math.log(2), krDrift: -0.006,
    fixedUs: { '2020-03-09': -0.07, '2020-03-12': -0.095, '2020-03-13': 0.088, '2020-03-16': -0.13, '2020-03-17': 0.06, '2020-03-18': -0.045 },
    fixedKr: { '2020-03-09': -0.041, '2020-03-12': -0.04, '2020-03-13': -0.035, '2020-03-16': -0.027, '2020-03-17': -0.027, '2020-03-18': -0.047, '2020-03-19': -0.088, '2020-03-20': 0.072, '2020-03-23': -0.054, '2020-03-24': 0.083 },
  },
  { name: 'rebound', from: '2020-03-25', to: '2020-04-30', usDrift: 0.007, krDrift: 0.006 },
  { name: 'rate shock bear', from: '2022-01-03', to: '2022-10-14', usBoost: Math.log(1.45), usDrift: -0.0012, krBoost: Math.log(1.15), krDrift: -0.0008 },
  {
    name: 'carry unwind', from: '2024-08-01', to: '2024-08-07', usBoost: Math.log(2), krBoost: Math.log(2.2),
    fixedUs: { '2024-08-01': -0.024, '2024-08-02': -0.025, '2024-08-05': -0.031 },
    fixedKr: { '2024-08-02': -0.037, '2024-08-05': -0.0918, '2024-08-06': 0.032 },
  },
  // The ending: a Korea-led drawdown, then a month of violent swings going nowhere.
  {
    name: 'AI-trade unwind', from: '2026-09-21', to: '2026-10-16', usBoost: Math.log(1.6), usDrift: -0.0015, krBoost: Math.log(2.4), krDrift: -0.009,
    fixedKr: { '2026-09-29': -0.052, '2026-10-06': -0.071, '2026-10-13': -0.048 },
  },
  { name: 'whipsaw', from: '2026-10-19', to: DEMO_END, usBoost: Math.log(1.5), krBoost: Math.log(2.8), krSwingNet: -0.01 },
];

export const EPISODE_DECAY_DAYS = 8;

export interface DayInfo {
  iso: string;
  dow: number;
  episode?: Episode;
  usBoost: number;
  krBoost: number;
}

/** Every calendar day from..to with its weekday and the episodes' vol boosts (decaying after each ends). */
export function calendar(from: string, to: string): DayInfo[] {
  const days: DayInfo[] = [];
  const first = dayNumber(from);
  const last = dayNumber(to);
  // Count y/m/d by hand: formatting a Date per day is the slow part of a build.
  let [y, m, d] = from.split('-').map(Number) as [number, number, number];
  let month = `${y}-${TWO_DIGITS[m]}-`;
  for (let n = first; n <= last; n++) {
    days.push({ iso: month + TWO_DIGITS[d]!, dow: (n + 4) % 7, usBoost: 0, krBoost: 0 });
    if (++d > 28 && d > daysInMonth(y, m)) {
      d = 1;
      if (++m > 12) [m, y] = [1, y + 1];
      month = `${y}-${TWO_DIGITS[m]}-`;
    }
  }
  for (const e of DEMO_EPISODES) {
    const f = dayNumber(e.from);
    const t = dayNumber(e.to);
    for (let n = Math.max(f, first); n <= Math.min(t + 10 * EPISODE_DECAY_DAYS, last); n++) {
      const day = days[n - first]!;
      const k = n <= t ? 1 : Math.exp(-(n - t) / EPISODE_DECAY_DAYS);
      day.usBoost += (e.usBoost ?? 0) * k;
      day.krBoost += (e.krBoost ?? 0) * k;
      if (n <= t) day.episode ??= e;
    }
  }
  return days;
}

export const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));
export const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;

/** Episodes whose path is designed (fixed days, swings, strong drift): anchoring leaves their days alone. */
export const shaped = (e: Episode | undefined): boolean =>
  !!e && (!!e.fixedKr || !!e.fixedUs || e.krSwingNet !== undefined || Math.abs(e.krDrift ?? 0) >= 0.003 || Math.abs(e.usDrift ?? 0) >= 0.003);

// ---------- level anchors (rough real paths, first session of each year) ----------

export type Anchors = [date: string, level: number][];
export const yearly = (levels: number[], last: number): Anchors => [
  ...levels.map((l, i): [string, number] => [`${2012 + i}-01-01`, l]),
  ['2026-09-18', last],
];

export const ANCHORS = {
  //                 2012  2013  2014  2015  2016  2017  2018  2019  2020  2021   2022   2023   2024   2025   2026
  KOSPI: yearly([1830, 2010, 1970, 1920, 1960, 2030, 2480, 2010, 2180, 2940, 2990, 2230, 2650, 2400, 4310], 6050),
  NDX: yearly([2280, 2670, 3560, 4240, 4590, 4860, 6400, 6330, 8730, 12900, 16300, 10900, 16800, 21000, 21500], 25400),
  SOX: yearly([390, 410, 570, 690, 670, 900, 1300, 1190, 1830, 2850, 3850, 2500, 4200, 5000, 7000], 9800),
  USDKRW: yearly([1150, 1055, 1050, 1100, 1180, 1200, 1070, 1115, 1160, 1085, 1190, 1270, 1300, 1470, 1440], 1395),
  SAMSUNG: yearly([21000, 30000, 26000, 27000, 25000, 36000, 51000, 38000, 55000, 81000, 79000, 55000, 78000, 53000, 128000], 195000),
  SKHYNIX: yearly([24000, 27000, 36000, 47000, 31000, 45000, 76000, 60000, 96000, 118000, 128000, 77000, 141000, 172000, 650000], 980000),
  TSMC: yearly([75, 97, 106, 141, 142, 185, 230, 226, 339, 530, 615, 440, 590, 1075, 1550], 1980),
} satisfies Record<string, Anchors>;

/**
 * Levels from daily log returns, with a constant drift added per anchor segment so that the path
 * passes each anchor. Episode days keep their returns (the drift goes to the other days).
 */
export function anchoredLevels(
  dates: readonly string[], rets: readonly number[], anchors: Anchors, keep: (iso: string) => boolean,
): number[] {
  const r = rets.slice();
  let j = 0;
  const idx = anchors.map(([d]) => {
    while (j < dates.length && dates[j]! < d) j++;
    return j < dates.length ? j : -1;
  });
  for (let a = 0; a + 1 < anchors.length; a++) {
    const i0 = idx[a]!;
    const i1 = idx[a + 1]!;
    if (i0 < 0 || i1 <= i0) continue;
    let sum = 0;
    const free: number[] = [];
    for (let i = i0 + 1; i <= i1; i++) {
      sum += r[i]!;
      if (!keep(dates[i]!)) free.push(i);
    }
    const c = (Math.log(anchors[a + 1]![1] / anchors[a]![1]) - sum) / Math.max(1, free.length);
    for (const i of free) r[i]! += c;
  }
  const out = new Array<number>(dates.length);
  let logLevel = Math.log(anchors[0]![1]);
  for (let i = 0; i < dates.length; i++) {
    if (i > 0) logLevel += r[i]!;
    out[i] = Math.exp(logLevel);
  }
  return out;
}

// ---------- building blocks ----------

export const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
// Math.hypot is slow in V8 and these values never overflow.
export const hypot = (a: number, b: number): number => Math.sqrt(a * a + b * b);
export const E_ABS_Z = Math.sqrt(2 / Math.PI);

/** EGARCH(1,1)-style log-vol step (Nelson 1991): x' = φx + α(|z| − E|z|) − γz. */
export const egarch = (x: number, z: number, phi = 0.97, alpha = 0.06, gamma = 0.05): number =>
  clamp(phi * x + alpha * (Math.abs(z) - E_ABS_Z) - gamma * z, -0.5, 0.8);

export function sessions(days: readonly DayInfo[], m: DemoMarketCode, from: string): DayInfo[] {
  return days.filter((d) => d.iso >= from && isSession(m, d.iso, d.dow));
}

/** Round to a tick so numbers look like quotes (and snapshots round-trip exactly). */
export const round = (x: number, decimals: number): number => Math.round(x * 10 ** decimals) / 10 ** decimals;

/** Open/high/low around a close path, from the session's daily vol (1 + x for e^x: x is small). */
export function ohlc(
  dates: readonly string[], closes: readonly number[], dailyVol: readonly number[], z: () => number, decimals: number,
): Point[] {
  const out: Point[] = new Array(dates.length);
  for (let i = 0; i < dates.length; i++) {
    const close = closes[i]!;
    const prev = i > 0 ? closes[i - 1]! : close;
    const s = dailyVol[i]!;
    const open = (prev + 0.3 * (close - prev)) * (1 + 0.25 * s * z());
    const high = (open > close ? open : close) * (1 + Math.abs(z()) * 0.45 * s);
    const low = (open < close ? open : close) * (1 - Math.min(0.5, Math.abs(z()) * 0.45 * s));
    out[i] = { date: dates[i]!, open: round(open, decimals), high: round(high, decimals), low: round(low, decimals), close: round(close, decimals) };
  }
  return out;
}

/** Index of the last `dates` entry strictly before each of `at` (−1 if none). Both ascending. */
export function lastStrictlyBefore(dates: readonly string[], at: readonly string[]): number[] {
  let j = -1;
  return at.map((t) => {
    while (j + 1 < dates.length && dates[j + 1]! < t) j++;
    return j;
  });
}

/** Index of the last `dates` entry on or before each of `at`. */
export function lastOnOrBefore(dates: readonly string[], at: readonly string[]): number[] {
  let j = -1;
  return at.map((t) => {
    while (j + 1 < dates.length && dates[j + 1]! <= t) j++;
    return j;
  });
}

// ---------- the build ----------

export const BETA_KOSPI_NDX = 0.6;
export const NDX_DAILY_VOL = 0.0095;
export const KOSPI_IDIO_VOL = 0.0088;
export const WARMUP_FROM = '2011-06-01';

/** The two driving processes (US factor, KOSPI) that every other series is derived from. */
export interface DemoCore {
  keep: (iso: string) => boolean;
  usAll: string[];
  usLogLevel: number[];
  usX: number[];
  usVolNext: number[];
  usDates: string[];
  usRet: number[];
  /** Model NDX daily vol for the next session, by US session. */
  ndxVol: number[];
  ndx: number[];
  vixNoise: number[];
  krDates: string[];
  kospi: number[];
  kospiRet: number[];
  /** KOSPI daily vol of the session (for bar ranges, turnover) and the model's next-day vol (for VKOSPI). */
  kospiDailyVol: number[];
  kospiVolNext: number[];
  vkNoise: number[];
}

export function buildCore(): DemoCore {
  const zUs = normals(SEED);
  const zKr = normals(SEED + 1);
  const zNoise = normals(SEED + 2);
  const days = calendar(WARMUP_FROM, DEMO_END);
  const shapedDays = new Set(days.filter((d) => shaped(d.episode)).map((d) => d.iso));
  const keep = (iso: string) => shapedDays.has(iso);

  // US factor on US sessions (from a warm-up, so vol states start in equilibrium).
  const usDays = sessions(days, 'US', WARMUP_FROM);
  const usAll = usDays.map((d) => d.iso);
  const usRet: number[] = [];
  const usVol: number[] = [];
  const usVolNext: number[] = [];
  const usX: number[] = [];
  const usLogLevel: number[] = [];
  const vixNoise: number[] = [];
  let x = 0;
  let level = 0;
  let u = 0;
  for (const { iso, episode: e, usBoost } of usDays) {
    const vol = NDX_DAILY_VOL * Math.exp(x + usBoost);
    let z = zUs();
    const fixed = e?.fixedUs?.[iso];
    const r = fixed ?? vol * z + (e?.usDrift ?? 0);
    if (fixed !== undefined) z = fixed / vol;
    x = egarch(x, z);
    usRet.push(r);
    usVol.push(vol);
    usX.push(x);
    usVolNext.push(NDX_DAILY_VOL * Math.exp(x + usBoost));
    usLogLevel.push((level += r));
    vixNoise.push((u = 0.9 * u + 0.05 * zNoise()));
  }

  // KOSPI on KRX sessions: β × the NDX move Seoul saw since its last session + its own shock.
  const krDays = sessions(days, 'KR', WARMUP_FROM);
  const krAll = krDays.map((d) => d.iso);
  const knownUs = lastStrictlyBefore(usAll, krAll);
  const krRet: number[] = [];
  const krVol: number[] = [];
  const krVolNext: number[] = [];
  const vkNoise: number[] = [];
  let xk = 0;
  u = 0;
  krDays.forEach(({ iso, episode: e, krBoost }, i) => {
    const j = knownUs[i]!;
    const jPrev = i > 0 ? knownUs[i - 1]! : j;
    const ndxMove = j >= 0 && jPrev >= 0 ? usLogLevel[j]! - usLogLevel[jPrev]! : 0;
    const xUs = j >= 0 ? usX[j]! : 0;
    const vol = KOSPI_IDIO_VOL * Math.exp(xk + 0.4 * xUs + krBoost);
    let z = zKr();
    const fixed = e?.fixedKr?.[iso];
    const r = fixed ?? BETA_KOSPI_NDX * ndxMove + vol * z + (e?.krDrift ?? 0);
    if (fixed !== undefined) z = (fixed - BETA_KOSPI_NDX * ndxMove) / vol;
    xk = egarch(xk, z, 0.96, 0.06, 0.04);
    krRet.push(r);
    krVol.push(hypot(BETA_KOSPI_NDX * (j >= 0 ? usVol[j]! : NDX_DAILY_VOL), vol));
    const idioNext = KOSPI_IDIO_VOL * Math.exp(xk + 0.4 * xUs + krBoost);
    krVolNext.push(hypot(BETA_KOSPI_NDX * (j >= 0 ? usVolNext[j]! : NDX_DAILY_VOL), idioNext));
    vkNoise.push((u = 0.9 * u + 0.05 * zNoise()));
  });
  applySwings(krAll, krRet, usLogLevel, knownUs);

  // Cut the warm-up and anchor the levels.
  const us0 = usAll.findIndex((d) => d >= DEMO_START);
  const kr0 = krAll.findIndex((d) => d >= DEMO_START);
  const usDates = usAll.slice(us0);
  const krDates = krAll.slice(kr0);
  const kospiRet = krRet.slice(kr0);
  return {
    keep, usAll, usLogLevel, usX, usVolNext, usDates,
    usRet: usRet.slice(us0),
    ndxVol: usVolNext.slice(us0),
    ndx: anchoredLevels(usDates, usRet.slice(us0), ANCHORS.NDX, keep),
    vixNoise: vixNoise.slice(us0),
    krDates, kospiRet,
    kospi: anchoredLevels(krDates, kospiRet, ANCHORS.KOSPI, keep),
    kospiDailyVol: krVol.slice(kr0),
    kospiVolNext: krVolNext.slice(kr0),
    vkNoise: vkNoise.slice(kr0),
  };
}

/**
 * Swing episodes: KOSPI's own shock becomes ±2.5-4 % alternating in pairs (on top of its NDX beta),
 * and the last session's is set so the month nets to the episode's target.
 */
export function applySwings(krAll: readonly string[], krRet: number[], usLogLevel: readonly number[], knownUs: readonly number[]): void {
  for (const e of DEMO_EPISODES) {
    if (e.krSwingNet === undefined) continue;
    const u = mulberry32(dayNumber(e.from));
    const idx = krAll.map((d, i) => (d >= e.from && d <= e.to ? i : -1)).filter((i) => i >= 0);
    let sum = 0;
    idx.forEach((i, k) => {
      const j = knownUs[i]!;
      const ndxMove = i > 0 ? usLogLevel[j]! - usLogLevel[knownUs[i - 1]!]! : 0;
      const last = k === idx.length - 1;
      const sign = (k >> 1) % 2 === 0 ? (k % 2 === 0 ? 1 : -1) : k % 2 === 0 ? -1 : 1;
      const swing = sign * (0.025 + 0.015 * u());
      const r = last ? clamp(e.krSwingNet! - sum, -0.045, 0.045) : BETA_KOSPI_NDX * ndxMove + swing;
      krRet[i] = r;
      sum += r;
    });
  }
}
