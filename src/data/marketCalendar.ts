// What is coming up for a KOSPI desk: KOSPI200 option and futures expiries, KRX closures and the Bank
// of Korea's rate decisions. Expiries follow KRX's rules (KRX derivatives contract specifications,
// global.krx.co.kr "KOSPI200 Options" / "KOSPI200 Futures"):
//   - monthly options and futures: the second Thursday of the contract month (futures: Mar, Jun, Sep,
//     Dec); on a KRX holiday, the trading day before;
//   - Thursday weeklies (since Sept 2019): every Thursday but the 2nd, on a holiday brought forward;
//   - Monday weeklies (since 2023-07-31): every Monday, on a holiday pushed back to the next trading day.
// BOK dates are a dated list, each year with the report that published it; later years come from
// CALENDAR_CSV until someone adds them here with their source.
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
/**
 * KRX put Monday-expiry KOSPI200 weeklies in force on 2023-07-31 (KRX announcement of 2023-06-15: "월요일 만기
 * 코스피200위클리옵션 상장 … 7월 31일 시행", holiday → next trading day; reported at
 * http://www.biztribune.co.kr/news/articleView.html?idxno=284435). A weekly lists one week before it expires
 * (KRX: "listed on Mondays and Thursdays that expire the following Monday and Thursday",
 * https://global.krx.co.kr/contents/GLB/02/0201/0201040210/GLB0201040210.jsp), so the first Monday expiry is
 * 2023-08-07. That first expiry is inferred from the listing rule: no source found states it.
 */
export const MONDAY_WEEKLY_FROM = '2023-08-07';
/** The first Thursday weekly listed 2019-09-23 and expired 2019-09-26 (KRX via Yonhap, https://m.wowtv.co.kr/NewsCenter/AMP/Read?articleId=AKR20190919087900008). */
export const THURSDAY_WEEKLY_FROM = '2019-09-26';

// Where each year's dates were read (an answer names the year and these addresses):
// | year | published | report                                                                 |
// | 2025 | 2024-10-31 | BOK's "2025년 금통위 정기회의·의사록 공개 예정 일정", reported by Hankyung/WowTV and Alpha Economy (Investing.com KR) |
// | 2026 | late 2025  | BOK's 2026 schedule ("2026년 금통위 정기회의 개최 및 의사록 공개 일정"), reported by Yonhap Infomax (the address is a republication of it); |
// |      |            | Jan 15 and Feb 26 also in reports of those meetings: WAM/Yonhap of 2026-01-15, Korea Herald/Yonhap of 2026-02-26 |
// | 2027 | not found  | no source on hand (2026-12-01) lists it: none built in                  |
const BOK_2025 = 'BOK 2025 (https://hankyung.com/article/2024103118165, https://kr.investing.com/news/economy/article-1251390)';
const BOK_2026 = 'BOK 2026 (https://www.merbakconcrete.com/news/articleView.html?idxno=4381382, https://www.wam.ae/en/article/170v7ve-bank-korea-holds-interest-rate-25, https://www.koreaherald.com/article/10682749)';

/**
 * Monetary Policy Board rate decisions as the BOK published them, each with the report it is taken from.
 * 2027's schedule was not found in any source on hand (2026-12-01): none is listed, and /calendar says
 * "no date on file" after 2026-11-26 until CALENDAR_CSV (kind bok-rate) or this list adds it.
 */
export const BOK_RATE_DECISIONS: readonly { date: string; source: string }[] = [
  ...['2025-01-16', '2025-02-25', '2025-04-17', '2025-05-29', '2025-07-10', '2025-08-28', '2025-10-23', '2025-11-27'].map((date) => ({ date, source: BOK_2025 })),
  // 2026-04-10 is a Friday in the BOK's list, the rest Thursdays
  ...['2026-01-15', '2026-02-26', '2026-04-10', '2026-05-28', '2026-07-16', '2026-08-27', '2026-10-22', '2026-11-26'].map((date) => ({ date, source: BOK_2026 })),
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
  return BOK_RATE_DECISIONS.filter((b) => b.date >= from && b.date <= to).map(({ date, source }) => ({ date, kind: 'bok-rate', label: 'Bank of Korea rate decision (Monetary Policy Board)', source }));
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
  const allBok = [...BOK_RATE_DECISIONS.map((b) => b.date), ...extra.filter((e) => e.kind === 'bok-rate').map((e) => e.date)].sort();
  return { events: [...merged.values()].sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind)), lastBokOnFile: allBok.at(-1) ?? null, notes };
}
