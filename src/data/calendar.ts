// Trading calendars for KRX (Seoul) and NYSE/Nasdaq (New York), and the clock arithmetic around
// them. Pure functions: the current time always comes in as an argument. Dates are YYYY-MM-DD in
// the market's own time zone; wall-clock times are turned into instants with Intl (DST-aware).
import { createRequire } from 'node:module';
import type HolidaysType from 'date-holidays';
import { KRX_CLOSED_TABLE, NYSE_CLOSED_TABLE } from './closures.generated.ts';

export type Market = 'KR' | 'US';

export const SEOUL_TZ = 'Asia/Seoul';
export const NEW_YORK_TZ = 'America/New_York';

// ---------------------------------------------------------------------------------------------
// Plain date arithmetic on YYYY-MM-DD (UTC midnight stands for the calendar day).

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function dayNumber(date: string): number {
  if (!ISO_DATE.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return ms / DAY_MS;
}

const fromDayNumber = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** `date` shifted by `days` calendar days. */
export const addDays = (date: string, days: number): string => fromDayNumber(dayNumber(date) + days);

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: string): number => new Date(dayNumber(date) * DAY_MS).getUTCDay();

const isWeekend = (date: string): boolean => {
  const dow = weekday(date);
  return dow === 0 || dow === 6;
};

// ---------------------------------------------------------------------------------------------
// KRX closures.

/**
 * KRX closures that date-holidays' KR data does not know: election days (statutory public
 * holidays that are set per election), government-designated temporary holidays (임시공휴일).
 * Labor Day, the year-end closing day and the Seollal correction are computed by rule below.
 * Future elections and one-off closures must be added here when they are announced.
 */
const KRX_EXTRA_CLOSURES: Record<string, string> = {
  '2017-05-09': 'presidential election (snap)',
  '2017-10-02': 'temporary holiday',
  '2018-06-13': 'local elections',
  '2020-04-15': 'National Assembly election',
  '2020-08-17': 'temporary holiday',
  '2022-03-09': 'presidential election',
  '2022-06-01': 'local elections',
  '2023-10-02': 'temporary holiday',
  '2024-04-10': 'National Assembly election',
  '2024-10-01': 'Armed Forces Day (temporary holiday)',
  '2025-01-27': 'temporary holiday before Seollal',
  '2025-06-03': 'presidential election (snap)',
  '2026-06-03': 'local elections',
  // Statutory date: first Wednesday on or after 50 days before the Assembly's term ends (2028-05-29).
  '2028-04-12': 'National Assembly election',
};

/**
 * KRX sessions that open late and close late (10:00-16:30) for the college entrance exam (수능).
 * The first session of each year also opens at 10:00 (close unchanged), handled by rule.
 */
const KRX_CSAT_DAYS = new Set(['2023-11-16', '2024-11-14', '2025-11-13', '2026-11-19']);

// date-holidays costs ~120 ms CPU to load and ~35 ms per country-year (lunar dates): start-up reads the
// years in closures.generated.ts instead (a test checks that table against these rules) and loads
// date-holidays only for a year outside it.
let holidayCountries: { KR: HolidaysType; US: HolidaysType } | undefined;
function holidaysOf(country: 'KR' | 'US'): HolidaysType {
  if (!holidayCountries) {
    const Holidays = createRequire(import.meta.url)('date-holidays') as typeof HolidaysType;
    holidayCountries = { KR: new Holidays('KR'), US: new Holidays('US') };
  }
  return holidayCountries[country];
}

/** The years closures.generated.ts holds (the demo's 2011–2026, live history and the digest's years ahead). */
export const CLOSURE_YEARS: readonly number[] = Array.from({ length: 31 }, (_, i) => 2000 + i);

const fromTable = (table: Readonly<Record<number, Readonly<Record<string, string>>>>, year: number): Map<string, string> | undefined => {
  const row = table[year];
  return row ? new Map(Object.entries(row)) : undefined;
};

const krxClosedByYear = new Map<number, Map<string, string>>();

function krxClosures(year: number): Map<string, string> {
  let closed = krxClosedByYear.get(year);
  if (!closed) krxClosedByYear.set(year, (closed = fromTable(KRX_CLOSED_TABLE, year) ?? krxClosuresByRule(year)));
  return closed;
}

/** Every weekday-or-weekend date KRX is closed in `year` (besides weekends), with a reason, from date-holidays and the rules below. */
export function krxClosuresByRule(year: number): Map<string, string> {
  const closed = new Map<string, string>();
  const sundaysOrHolidays = (d: string): boolean => weekday(d) === 0 || closed.has(d);

  // One lookup a year: date-holidays' lunar dates cost tens of milliseconds per call.
  const holidays = holidaysOf('KR').getHolidays(year);
  for (const h of holidays) {
    if (h.type !== 'public') continue;
    // date-holidays spans Seollal from the lunar new-year day itself over three days; the law's
    // holiday is the day before, the day and the day after. Rebuilt below, substitute included.
    if (h.name.startsWith('설날')) continue;
    const first = h.date.slice(0, 10);
    const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS));
    for (let i = 0; i < days; i++) closed.set(addDays(first, i), h.name);
  }

  const seollal = holidays.find((h) => h.name === '설날');
  if (seollal) {
    const day = seollal.date.slice(0, 10);
    const span = [addDays(day, -1), day, addDays(day, 1)];
    // 대체공휴일 (since 2014): if any Seollal day falls on a Sunday or another holiday, the first
    // following non-holiday day is off too. Saturdays do not count for Seollal and Chuseok.
    const needsSubstitute = span.some(sundaysOrHolidays);
    for (const d of span) closed.set(d, '설날');
    if (needsSubstitute) {
      let sub = addDays(day, 2);
      while (sundaysOrHolidays(sub)) sub = addDays(sub, 1);
      closed.set(sub, '설날 (대체공휴일)');
    }
  }

  closed.set(`${year}-05-01`, 'Labor Day (KRX closed)');
  // Year-end closing day: Dec 31, or the last weekday before it when it falls on a weekend.
  let yearEnd = `${year}-12-31`;
  while (isWeekend(yearEnd)) yearEnd = addDays(yearEnd, -1);
  closed.set(yearEnd, 'year-end closing day');

  for (const [d, why] of Object.entries(KRX_EXTRA_CLOSURES)) if (d.startsWith(`${year}-`)) closed.set(d, why);
  return closed;
}

/** Why KRX is closed on a weekday `date`, or undefined when it trades (weekends: 'weekend'). */
export function krxClosureReason(date: string): string | undefined {
  if (isWeekend(date)) return 'weekend';
  return krxClosures(Number(date.slice(0, 4))).get(date);
}

export const isKrxTradingDay = (date: string): boolean => krxClosureReason(date) === undefined;

// ---------------------------------------------------------------------------------------------
// NYSE closures.

/** Federal holidays on which NYSE closes (Columbus and Veterans Day it trades). Names as in date-holidays' US data. */
const NYSE_FEDERAL = new Set([
  "New Year's Day",
  'Martin Luther King Jr. Day',
  "Washington's Birthday",
  'Memorial Day',
  'Juneteenth',
  'Independence Day',
  'Labor Day',
  'Thanksgiving Day',
  'Christmas Day',
]);

/** One-off NYSE closures (national days of mourning). */
const NYSE_EXTRA_CLOSURES: Record<string, string> = {
  '2018-12-05': 'national day of mourning (George H. W. Bush)',
  '2025-01-09': 'national day of mourning (Jimmy Carter)',
};

/** Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus "Astronomical Algorithms" ch. 8). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const nyseClosedByYear = new Map<number, Map<string, string>>();

function nyseClosures(year: number): Map<string, string> {
  let closed = nyseClosedByYear.get(year);
  if (!closed) nyseClosedByYear.set(year, (closed = fromTable(NYSE_CLOSED_TABLE, year) ?? nyseClosuresByRule(year)));
  return closed;
}

/** Every date NYSE is closed in `year` (besides weekends), with a reason, from date-holidays and NYSE Rule 7.2. */
export function nyseClosuresByRule(year: number): Map<string, string> {
  const closed = new Map<string, string>();
  // Next year's New Year's Day can only move back into this year, and NYSE does not do that.
  for (const h of holidaysOf('US').getHolidays(year)) {
    if (h.substitute || !NYSE_FEDERAL.has(h.name)) continue;
    if (h.name === 'Juneteenth' && year < 2022) continue; // NYSE first closed for it in 2022
    const date = h.date.slice(0, 10);
    const dow = weekday(date);
    // NYSE Rule 7.2: Saturday holidays close the Friday before, Sunday ones the Monday after,
    // except New Year's Day on a Saturday, which does not close the year's last session.
    if (dow === 6 && h.name !== "New Year's Day") closed.set(addDays(date, -1), `${h.name} (observed)`);
    else if (dow === 0) closed.set(addDays(date, 1), `${h.name} (observed)`);
    else closed.set(date, h.name);
  }
  closed.set(addDays(easterSunday(year), -2), 'Good Friday');
  for (const [d, why] of Object.entries(NYSE_EXTRA_CLOSURES)) if (d.startsWith(`${year}-`)) closed.set(d, why);
  return closed;
}

/** Why NYSE is closed on `date`, or undefined when it trades (weekends: 'weekend'). */
export function usClosureReason(date: string): string | undefined {
  if (isWeekend(date)) return 'weekend';
  return nyseClosures(Number(date.slice(0, 4))).get(date);
}

export const isUsTradingDay = (date: string): boolean => usClosureReason(date) === undefined;

// ---------------------------------------------------------------------------------------------
// Sessions.

/** Whether `market` is closed on `date`, a weekday the caller already knows (the closure table alone, no date parsing). */
export const closedOnWeekday = (market: Market, date: string): boolean =>
  (market === 'KR' ? krxClosures : nyseClosures)(Number(date.slice(0, 4))).has(date);

export const isTradingDay = (market: Market, date: string): boolean =>
  market === 'KR' ? isKrxTradingDay(date) : isUsTradingDay(date);

/** Trading days from `from` to `to`, both included, in order. */
export function sessions(market: Market, from: string, to: string): string[] {
  // isTradingDay per day, without re-parsing each date (this loop runs over years of days per ask).
  const out: string[] = [];
  for (let n = dayNumber(from), end = dayNumber(to); n <= end; n++) {
    const dow = (((n + 4) % 7) + 7) % 7; // day 0, 1970-01-01, was a Thursday
    if (dow === 0 || dow === 6) continue;
    const d = fromDayNumber(n);
    if (!closedOnWeekday(market, d)) out.push(d);
  }
  return out;
}

export const krxSessions = (from: string, to: string): string[] => sessions('KR', from, to);
export const usSessions = (from: string, to: string): string[] => sessions('US', from, to);

/** The latest trading day strictly before `date`. */
export function previousSession(market: Market, date: string): string {
  let d = addDays(date, -1);
  while (!isTradingDay(market, d)) d = addDays(d, -1);
  return d;
}

/** The earliest trading day strictly after `date`. */
export function nextSession(market: Market, date: string): string {
  let d = addDays(date, 1);
  while (!isTradingDay(market, d)) d = addDays(d, 1);
  return d;
}

export const previousKrxSession = (date: string): string => previousSession('KR', date);
export const nextKrxSession = (date: string): string => nextSession('KR', date);
export const previousUsSession = (date: string): string => previousSession('US', date);
export const nextUsSession = (date: string): string => nextSession('US', date);

/**
 * "What Seoul knows of New York" (DESIGN.md): the US session whose close is the latest one known
 * at the KRX session on `krDate` — the latest US session strictly before it.
 */
export const usSessionKnownAt = (krDate: string): string => previousUsSession(krDate);

// ---------------------------------------------------------------------------------------------
// Time zones.

export interface ZonedTime {
  /** Calendar date in the zone, YYYY-MM-DD. */
  date: string;
  hour: number;
  minute: number;
  second: number;
  /** Wall-clock time HH:MM. */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz, hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/**
 * Korea has kept UTC+9 without summer time since its last one ended, 1988-10-09 03:00 KDT (IANA tzdb, Asia/Seoul),
 * so Seoul's wall clock after that is arithmetic. Every answer reads it (which session is the latest complete), and
 * a process's first Intl time-zone format costs ~25–30 ms of ICU set-up: the first answer's (`npm run bench`).
 * test/data/calendar.test.ts checks this against Intl's Asia/Seoul, so a tzdb that ever changes Seoul's rules fails it.
 */
const KST_OFFSET_MS = 9 * 3_600_000;
export const KST_FIXED_SINCE_MS = Date.UTC(1988, 9, 8, 17);

/** The wall-clock date and time of instant `now` in time zone `tz`. */
export function zonedTime(now: Date, tz: string): ZonedTime {
  const ms = now.getTime();
  if (tz === SEOUL_TZ && ms >= KST_FIXED_SINCE_MS) {
    const wall = new Date(ms + KST_OFFSET_MS);
    const iso = wall.toISOString(); // Seoul's wall clock read as UTC: YYYY-MM-DDTHH:MM:SS.sssZ
    return { date: iso.slice(0, 10), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds(), time: iso.slice(11, 16) };
  }
  const parts: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(now)) parts[p.type] = p.value;
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour, minute, second: Number(parts.second),
    time: `${parts.hour}:${parts.minute}`,
  };
}

export const seoulDate = (now: Date): string => zonedTime(now, SEOUL_TZ).date;
export const newYorkDate = (now: Date): string => zonedTime(now, NEW_YORK_TZ).date;

/** Offset of `tz` from UTC at instant `ms`, in ms (Seoul: +9h). */
function offsetMs(ms: number, tz: string): number {
  const z = zonedTime(new Date(ms), tz);
  const [y, mo, d] = z.date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, z.hour, z.minute, z.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The instant at which the wall clock in `tz` reads `date` `time` (HH:MM). */
export function zonedInstant(date: string, time: string, tz: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const wall = dayNumber(date) * DAY_MS + (h * 60 + m) * 60_000;
  // Guess with the offset at the wall time read as UTC, then correct once across a DST edge.
  let utc = wall - offsetMs(wall, tz);
  utc = wall - offsetMs(utc, tz);
  return new Date(utc);
}

// ---------------------------------------------------------------------------------------------
// Session hours.

/** KRX opening instant of `date`: 09:00 Seoul, 10:00 on the year's first session and on exam day. */
export function krxOpenAt(date: string): Date {
  const lateOpen = KRX_CSAT_DAYS.has(date) || date === nextKrxSession(`${Number(date.slice(0, 4)) - 1}-12-31`);
  return zonedInstant(date, lateOpen ? '10:00' : '09:00', SEOUL_TZ);
}

/** KRX closing instant of `date`: 15:30 Seoul (16:30 on exam day). */
export const krxCloseAt = (date: string): Date =>
  zonedInstant(date, KRX_CSAT_DAYS.has(date) ? '16:30' : '15:30', SEOUL_TZ);

/**
 * NYSE closing instant of `date`: 16:00 New York. Early closes (13:00 around Independence Day,
 * Thanksgiving, Christmas) are treated as 16:00: the session then counts as complete 3 h late,
 * which can only make data look fresher-than-required, never falsely stale.
 */
export const usCloseAt = (date: string): Date => zonedInstant(date, '16:00', NEW_YORK_TZ);

export const sessionCloseAt = (market: Market, date: string): Date =>
  market === 'KR' ? krxCloseAt(date) : usCloseAt(date);

/** The latest session of `market` whose close has happened by `now`. */
export function latestCompleteSession(market: Market, now: Date): string {
  const today = zonedTime(now, market === 'KR' ? SEOUL_TZ : NEW_YORK_TZ).date;
  if (isTradingDay(market, today) && sessionCloseAt(market, today).getTime() <= now.getTime()) return today;
  return previousSession(market, today);
}

/**
 * How many complete sessions a series whose last point is `lastDate` is missing at `now`:
 * 0 when it holds the latest complete session. "More than one trading day behind" is `> 1`.
 */
export function sessionsBehind(market: Market, lastDate: string, now: Date): number {
  const latest = latestCompleteSession(market, now);
  if (lastDate >= latest) return 0;
  return sessions(market, addDays(lastDate, 1), latest).length;
}

/**
 * Last trading day of a KOSPI200 monthly option (YYYYMM): the month's second Thursday, or the
 * trading day before it when that Thursday is a KRX holiday (KRX derivatives rules).
 */
export function kospi200Expiry(contractMonth: string, isTradingDay: (d: string) => boolean = isKrxTradingDay): string {
  const y = Number(contractMonth.slice(0, 4));
  const m = Number(contractMonth.slice(4, 6));
  const firstDow = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - firstDow + 7) % 7);
  let t = Date.UTC(y, m - 1, firstThursday + 7);
  let d = new Date(t).toISOString().slice(0, 10);
  while (!isTradingDay(d)) {
    t -= 86_400_000;
    d = new Date(t).toISOString().slice(0, 10);
  }
  return d;
}
