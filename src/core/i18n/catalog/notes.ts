// The notes the parser adds when it changes what a line means (src/core/normalize.ts) and the
// freshness lines naming an input too old to use (src/data/freshness.ts).

const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

export const en = {
  asofWord: (word: string, date: string) => `asof=${word} → ${date} (Seoul)`,
  unitHint: (key: string, typed: string, meant: number) => `${key}=${typed} read as ${typed} %; for ${meant} % type ${key}=${meant}`,
  weekend: (asked: string, weekday: number, answered: string) => `${asked} is a ${WEEKDAYS_EN[weekday]} → ${answered}`,
  holiday: (asked: string, name: string, answered: string) => `${asked} is a KRX holiday (${name}) → ${answered}`,
  lastSession: (asked: string, answered: string) => `asof=${asked} → last session ${answered}`,
  noDataOn: (asked: string, answered: string) => `asof=${asked} → ${answered} (no data on ${asked})`,
  /** What staleText names: the English word callers pass, as written. */
  what: {} as Record<string, string>,
  none: (symbol: string, what: string, asked: string) => `${symbol} has no ${what.replace(/^last /, '')} on or before ${asked}`,
  stale: (symbol: string, what: string, last: string, age: number, dueFor: string, max: number, byWeekday: boolean) => {
    const unit = byWeekday ? 'day' : 'session';
    return `${symbol} ${what} ${last} is ${plural(age, unit)} before ${dueFor} (limit ${plural(max, unit)})`;
  },
  dueFor: (due: string, asked: string) => `${due} (due for ${asked})`,
  /** A sentence the data layer wrote (a basis repair, a cache fallback), in this language. */
  dataNote: (text: string): string => text,
};

export type NotesMessages = typeof en;

import { ko as calendarKo } from './calendar.ts';
import { koDataNote } from './dataNotes.ts';

const WEEKDAYS_KO = ['일요일', '월요일', '화요일', '수요일', '목요일', '금요일', '토요일'];

export const ko: NotesMessages = {
  asofWord: (word, date) => `asof=${word} → ${date} (서울 기준)`,
  unitHint: (key, typed, meant) => `${key}=${typed}은(는) ${typed}%로 계산했습니다. ${meant}%라면 ${key}=${meant}로 입력하세요`,
  weekend: (asked, weekday, answered) => `${asked}은(는) ${WEEKDAYS_KO[weekday]}이라 휴장 → ${answered} 기준`,
  holiday: (asked, name, answered) => `${asked}은(는) KRX 휴장일(${calendarKo.holiday(name)}) → ${answered} 기준`,
  lastSession: (asked, answered) => `asof=${asked} → 마지막 거래일 ${answered} 기준`,
  noDataOn: (asked, answered) => `asof=${asked} → ${answered} 기준 (${asked} 데이터 없음)`,
  what: { 'last close': '최근 종가', 'net assets': '순자산', chain: '옵션 체인', 'last rate': '최근 환율' },
  none: (symbol, what, asked) => `${symbol}: ${asked} 이전 ${what} 없음`,
  stale: (symbol, what, last, age, dueFor, max, byWeekday) => {
    const unit = byWeekday ? '일(평일)' : '거래일';
    return `${symbol} ${what} ${last}: ${dueFor} 기준 ${age}${unit} 지난 데이터 (허용 ${max}${unit})`;
  },
  dueFor: (due, asked) => `${due}(${asked} 조회분)`,
  dataNote: koDataNote,
};
