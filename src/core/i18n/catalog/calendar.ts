// /calendar (and the digest's "today" line): expiries, KRX closures and Bank of Korea decisions.

import { FORMATS } from '../format.ts';

type Kind = 'expiry-monthly' | 'expiry-quarterly' | 'expiry-weekly-thu' | 'expiry-weekly-mon' | 'krx-holiday' | 'bok-rate';

const DAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAYS_KO = ['일', '월', '화', '수', '목', '금', '토'];

export const en = {
  /** "2025-01-09 Thu". */
  dated: (date: string, weekday: number) => `${date} ${DAYS_EN[weekday]}`,
  title: (from: string) => `Market calendar from ${from}`,
  lMonthly: 'Next monthly expiry',
  quarterlyToo: ' (quarterly: futures too)',
  noneInYear: 'none in a year',
  lQuarterly: 'Next futures (quarterly) expiry',
  lWeekly: 'Weekly expiries',
  weekly: (dated: string, monday: boolean) => `${dated} (${monday ? 'Mon' : 'Thu'} weekly)`,
  noneIn: (days: number) => `none in ${days} days`,
  lHolidays: 'KRX holidays',
  lBok: 'BOK rate decisions',
  noBokOnFile: (last: string | null) => `no date on file after ${last ?? 'none'}: add the BOK's published schedule to CALENDAR_CSV`,
  today: (from: string, labels: string) => `Today ${from}: ${labels}. `,
  headline: (monthly: string | null, weekly: string | null, bok: string | null) =>
    `Next KOSPI200 monthly expiry ${monthly ?? 'n/a'}` + (weekly ? `, next weekly ${weekly}` : '') + (bok ? `, next BOK rate decision ${bok}` : ', no BOK date on file'),
  source: (s: string) => `Source: ${s}`,
  lToday: 'Today',
  expiriesSymbol: 'KRX expiries',
  /** An event's words; English keeps the label the calendar made (or the CSV row's). */
  label: (_kind: Kind, label: string, _holiday: string | undefined): string => label,
  /** A KRX closure's name; English keeps the calendar's (date-holidays' Korean names included). */
  holiday: (name: string): string => name,
  /** A built-in source's description, as the calendar states it. */
  sourceName: (s: string): string => s,
};

export type CalendarMessages = typeof en;

/** KRX's own closure names (src/data/calendar.ts); public holidays come named in Korean already. */
const HOLIDAYS_KO: Record<string, string> = {
  'year-end closing day': '연말 휴장일',
  'Labor Day (KRX closed)': '근로자의 날 (KRX 휴장)',
  'temporary holiday': '임시공휴일',
  'temporary holiday before Seollal': '설 연휴 전 임시공휴일',
  'local elections': '지방선거',
  'National Assembly election': '국회의원 선거',
  'presidential election': '대통령 선거',
  'presidential election (snap)': '대통령 선거 (보궐)',
  'Armed Forces Day (temporary holiday)': '국군의 날 (임시공휴일)',
  weekend: '주말',
};

const SOURCES_KO: Record<string, string> = {
  'KRX contract specifications (global.krx.co.kr, KOSPI200 Options/Futures): last trading day the 2nd Thursday; weeklies every Thursday except the 2nd (holiday: brought forward) and every Monday (holiday: pushed back)':
    'KRX 상품명세 (global.krx.co.kr, KOSPI200 옵션·선물): 최종거래일은 둘째 목요일; 위클리는 둘째 주를 뺀 매주 목요일(휴장이면 앞당김)과 매주 월요일(휴장이면 순연)',
  'Bank of Korea, Monetary Policy Board meeting schedule (bok.or.kr, published each year)': '한국은행 금융통화위원회 회의 일정 (bok.or.kr, 매년 공표)',
  'KRX market holidays (date-holidays KR data + KRX closures in src/data/calendar.ts)': 'KRX 휴장일 (date-holidays KR 데이터 + src/data/calendar.ts의 KRX 휴장 규칙)',
};

const LABELS_KO: Record<Exclude<Kind, 'krx-holiday'>, string> = {
  'expiry-monthly': 'KOSPI200 옵션 월물 만기',
  'expiry-quarterly': 'KOSPI200 선물·옵션 분기 만기 (개별주식 포함 네 마녀의 날)',
  'expiry-weekly-thu': 'KOSPI200 목요일 위클리 옵션 만기',
  'expiry-weekly-mon': 'KOSPI200 월요일 위클리 옵션 만기',
  'bok-rate': '한국은행 기준금리 결정 (금융통화위원회)',
};

export const ko: CalendarMessages = {
  dated: (date, weekday) => `${FORMATS.ko.date(date)}(${DAYS_KO[weekday] ?? ''})`,
  title: (from) => `${from}부터 시장 일정`,
  lMonthly: '다음 월물 만기',
  quarterlyToo: ' (분기물: 선물도 만기)',
  noneInYear: '1년 내 없음',
  lQuarterly: '다음 선물(분기물) 만기',
  lWeekly: '위클리 만기',
  weekly: (dated, monday) => `${dated} (${monday ? '월요일' : '목요일'} 위클리)`,
  noneIn: (days) => `${days}일 내 없음`,
  lHolidays: 'KRX 휴장일',
  lBok: '한국은행 금리 결정',
  noBokOnFile: (last) => `${last ?? '없음'} 이후 등록된 일정 없음: 한국은행이 공표한 일정을 CALENDAR_CSV에 추가하세요`,
  today: (from, labels) => `오늘 ${from}: ${labels}. `,
  headline: (monthly, weekly, bok) =>
    `다음 KOSPI200 월물 만기 ${monthly ?? 'N/A'}` + (weekly ? `, 다음 위클리 ${weekly}` : '') + (bok ? `, 다음 한국은행 금리 결정 ${bok}` : ', 등록된 한국은행 일정 없음'),
  source: (s) => `출처: ${s}`,
  lToday: '오늘',
  expiriesSymbol: 'KRX 만기',
  label: (kind, label, holiday) => (kind === 'krx-holiday' ? `KRX 휴장: ${ko.holiday(holiday ?? label)}` : builtInLabel(kind, label)),
  holiday: (name) => HOLIDAYS_KO[name] ?? name,
  sourceName: (s) => SOURCES_KO[s] ?? s,
};

/** The built-in events' Korean words; a CSV row's own label stays as its author wrote it. */
function builtInLabel(kind: Exclude<Kind, 'krx-holiday'>, label: string): string {
  const builtIn = ['KOSPI200 monthly options expiry', 'KOSPI200 futures & options quarterly expiry (quadruple witching with single-stock)', 'KOSPI200 Thursday weekly options expiry', 'KOSPI200 Monday weekly options expiry', 'Bank of Korea rate decision (Monetary Policy Board)', 'Bank of Korea rate decision'];
  return builtIn.includes(label) ? LABELS_KO[kind] : label;
}
