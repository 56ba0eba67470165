// What is coming up for a KOSPI desk: KOSPI200 option and futures expiries, KRX closures and the Bank
// of Korea's rate decisions. Expiries follow KRX's rules (KRX derivatives contract specifications,
// global.krx.co.kr "KOSPI200 Options" / "KOSPI200 Futures"):
//   - monthly options and futures: the second Thursday of the contract month (futures: Mar, Jun, Sep,
//     Dec); on a KRX holiday, the trading day before;
//   - Thursday weeklies (since Sept 2019): every other Thursday, on a holiday brought forward;
//   - Monday weeklies (since 2023): every Monday, on a holiday pushed back to the next trading day.
// BOK dates are a dated list with its source; more (and later years, once the BOK publishes them)
// come from CALENDAR_CSV.
import { readFileSync } from 'node:fs';
import { addDays, isKrxTradingDay, krxClosureReason, nextKrxSession, previousKrxSession, weekday } from './calendar.ts';

export type EventKind = 'expiry-monthly' | 'expiry-quarterly' | 'expiry-weekly-thu' | 'expiry-weekly-mon' | 'krx-holiday' | 'bok-rate';

export interface MarketEvent {
  date: string;
  kind: EventKind;
  label: string;
  source: string;
}

export const KRX_RULE_SOURCE = 'KRX contract specifications (global.krx.co.kr, KOSPI200 Options/Futures): last trading day the 2nd Thursday; weeklies every Thursday except the 2nd (holiday: brought forward) and every Monday (holiday: pushed back)';
export const BOK_SOURCE = 'Bank of Korea, Monetary Policy Board meeting schedule (bok.or.kr, published each year)';
/** Monday weeklies on KOSPI200 were first listed in 2023 (KRX notice); earlier Mondays are not expiries. */
export const MONDAY_WEEKLY_FROM = '2023-07-31';
export const THURSDAY_WEEKLY_FROM = '2019-09-26';

/** Monetary Policy Board rate decisions as the BOK published them. Extend with CALENDAR_CSV (kind bok-rate). */
export const BOK_RATE_DECISIONS: readonly string[] = [
  '2025-01-16', '2025-02-25', '2025-04-17', '2025-05-29', '2025-07-10', '2025-08-28', '2025-10-23', '2025-11-27',
];

/** The n-th `wd` weekday (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, wd: number, n: number): string {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const offset = (wd - weekday(first) + 7) % 7;
  return addDays(first, offset + (n - 1) * 7);
}

const onOrBefore = (d: string): string => (isKrxTradingDay(d) ? d : previousKrxSession(d));
const onOrAfter = (d: string): string => (isKrxTradingDay(d) ? d : nextKrxSession(d));

/** The KOSPI200 monthly expiry (last trading day) of a month: 2nd Thursday, or the trading day before it. */
export const monthlyExpiry = (year: number, month: number): string => onOrBefore(nthWeekday(year, month, 4, 2));

/** Expiries from `from` to `to` inclusive, in date order. */
export function expiries(from: string, to: string): MarketEvent[] {
  const out: MarketEvent[] = [];
  const secondThursdays = new Set<string>();
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (let m = 1; m <= 12; m++) {
      secondThursdays.add(nthWeekday(y, m, 4, 2));
      const d = monthlyExpiry(y, m);
      if (d < from || d > to) continue;
      const quarterly = m % 3 === 0;
      out.push({
        date: d,
        kind: quarterly ? 'expiry-quarterly' : 'expiry-monthly',
        label: quarterly ? 'KOSPI200 futures & options quarterly expiry (quadruple witching with single-stock)' : 'KOSPI200 monthly options expiry',
        source: KRX_RULE_SOURCE,
      });
    }
  }
  // weeklies: walk the weeks
  let d = addDays(from, -((weekday(from) + 6) % 7)); // the Monday of from's week
  for (; d <= addDays(to, 7); d = addDays(d, 7)) {
    const thu = addDays(d, 3);
    if (thu >= THURSDAY_WEEKLY_FROM && !secondThursdays.has(thu)) {
      const e = onOrBefore(thu);
      if (e >= from && e <= to) out.push({ date: e, kind: 'expiry-weekly-thu', label: 'KOSPI200 Thursday weekly options expiry', source: KRX_RULE_SOURCE });
    }
    if (d >= MONDAY_WEEKLY_FROM) {
      const e = onOrAfter(d);
      if (e >= from && e <= to) out.push({ date: e, kind: 'expiry-weekly-mon', label: 'KOSPI200 Monday weekly options expiry', source: KRX_RULE_SOURCE });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
}

/** KRX weekday closures from `from` to `to` (weekends left out). */
export function krxHolidays(from: string, to: string): MarketEvent[] {
  const out: MarketEvent[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const why = krxClosureReason(d);
    if (why && why !== 'weekend') out.push({ date: d, kind: 'krx-holiday', label: `KRX closed: ${why}`, source: 'KRX market holidays (date-holidays KR data + KRX closures in src/data/calendar.ts)' });
  }
  return out;
}

const KINDS: readonly EventKind[] = ['expiry-monthly', 'expiry-quarterly', 'expiry-weekly-thu', 'expiry-weekly-mon', 'krx-holiday', 'bok-rate'];

/** Reads `date,kind,label,source` rows (header required); bad rows are counted, never used. */
export function parseCalendarCsv(text: string, file: string): { events: MarketEvent[]; rejected: number } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const head = lines.shift()?.toLowerCase().split(',').map((s) => s.trim()) ?? [];
  const col = (n: string) => head.indexOf(n);
  const events: MarketEvent[] = [];
  let rejected = 0;
  for (const line of lines) {
    const cells = line.split(',').map((s) => s.trim());
    const date = cells[col('date')] ?? '';
    const kind = (cells[col('kind')] ?? '') as EventKind;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)) || !KINDS.includes(kind)) {
      rejected++;
      continue;
    }
    const label = cells[col('label')] || (kind === 'bok-rate' ? 'Bank of Korea rate decision' : kind);
    events.push({ date, kind, label, source: cells[col('source')] || file });
  }
  return { events, rejected };
}

export function bokDecisions(from: string, to: string): MarketEvent[] {
  return BOK_RATE_DECISIONS.filter((d) => d >= from && d <= to).map((date) => ({ date, kind: 'bok-rate', label: 'Bank of Korea rate decision (Monetary Policy Board)', source: BOK_SOURCE }));
}

export interface CalendarView {
  events: MarketEvent[];
  /** The last BOK date on file: none after it are known. */
  lastBokOnFile: string | null;
  notes: string[];
}

/** Everything from `from` to `to`, with CALENDAR_CSV's rows merged in (a CSV row wins over a built-in one of the same date and kind). */
export function marketCalendar(from: string, to: string, csvFile?: string): CalendarView {
  const notes: string[] = [];
  let extra: MarketEvent[] = [];
  if (csvFile) {
    try {
      const r = parseCalendarCsv(readFileSync(csvFile, 'utf8'), csvFile);
      extra = r.events;
      if (r.rejected) notes.push(`CALENDAR_CSV: ${r.rejected} row${r.rejected === 1 ? '' : 's'} not read (need date YYYY-MM-DD and a kind of ${KINDS.join(', ')}).`);
    } catch (err) {
      notes.push(`CALENDAR_CSV ${csvFile} could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): built-in dates only.`);
    }
  }
  const builtIn = [...expiries(from, to), ...krxHolidays(from, to), ...bokDecisions(from, to)];
  const key = (e: MarketEvent) => `${e.date}|${e.kind}`;
  const merged = new Map(builtIn.map((e) => [key(e), e]));
  for (const e of extra) if (e.date >= from && e.date <= to) merged.set(key(e), e);
  const allBok = [...BOK_RATE_DECISIONS, ...extra.filter((e) => e.kind === 'bok-rate').map((e) => e.date)].sort();
  return { events: [...merged.values()].sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind)), lastBokOnFile: allBok.at(-1) ?? null, notes };
}
