// Known closures are taken from the KRX and NYSE published holiday calendars; instants are
// worked out by hand from the zone offsets (KST = UTC+9 all year; New York EST = UTC−5, EDT = UTC−4).
import { describe, expect, it } from 'vitest';
import {
  type Market, addDays, easterSunday, isKrxTradingDay, isUsTradingDay, krxClosureReason, krxCloseAt, krxOpenAt,
  krxSessions, latestCompleteSession, newYorkDate, nextKrxSession, previousKrxSession, previousUsSession,
  seoulDate, sessionsBehind, usCloseAt, usSessionKnownAt, usSessions, zonedInstant, zonedTime, KST_FIXED_SINCE_MS,
} from '../../src/data/calendar.ts';

describe('KRX trading days', () => {
  it.each([
    ['2024-02-09', 'Seollal eve (Fri)'],
    ['2024-02-12', 'Seollal substitute: Seollal Sunday 02-11 moves to Mon'],
    ['2024-04-10', 'National Assembly election'],
    ['2024-05-01', 'Labor Day'],
    ['2024-05-06', "Children's Day substitute (05-05 is a Sunday)"],
    ['2024-09-16', 'Chuseok'], ['2024-09-17', 'Chuseok'], ['2024-09-18', 'Chuseok'],
    ['2024-10-01', 'Armed Forces Day 2024 (one-off)'],
    ['2024-12-31', 'year-end closing day'],
    ['2025-01-27', 'temporary holiday before Seollal'],
    ['2025-01-28', 'Seollal'], ['2025-01-29', 'Seollal'], ['2025-01-30', 'Seollal'],
    ['2025-05-01', 'Labor Day'],
    ['2025-06-03', 'snap presidential election'],
    ['2025-10-03', 'National Foundation Day'],
    ['2025-10-06', 'Chuseok'], ['2025-10-07', 'Chuseok'],
    ['2025-10-08', 'Chuseok substitute (10-05 is a Sunday)'],
    ['2025-10-09', 'Hangul Day'],
    ['2025-12-31', 'year-end closing day'],
    ['2026-02-16', 'Seollal eve'], ['2026-02-17', 'Seollal'], ['2026-02-18', 'Seollal'],
    ['2026-06-03', 'local elections'],
    ['2022-03-09', 'presidential election'],
    ['2022-06-01', 'local elections'],
    ['2022-12-30', 'year-end: Dec 31 2022 is a Saturday, so the Friday before'],
    ['2023-10-02', 'temporary holiday'],
    ['2021-08-16', 'Liberation Day substitute (from 2021)'],
  ])('%s is closed (%s)', (date) => {
    expect(isKrxTradingDay(date)).toBe(false);
  });

  it.each([
    ['2024-01-02', 'first session of 2024'],
    ['2024-02-08', 'Thursday before Seollal'],
    ['2024-02-13', 'Tuesday after the Seollal substitute'],
    ['2025-01-31', 'Friday after Seollal 2025 (date-holidays alone would close it)'],
    ['2022-02-03', 'Thursday after Seollal 2022 (date-holidays alone would close it)'],
    ['2025-10-10', 'Friday after Hangul Day 2025 (not designated a holiday)'],
    ['2024-12-30', 'last session of 2024'],
    ['2025-01-02', 'first session of 2025'],
    ['2024-10-02', 'between Armed Forces Day and National Foundation Day'],
  ])('%s trades (%s)', (date) => {
    expect(isKrxTradingDay(date)).toBe(true);
  });

  it('weekends are closed and say so', () => {
    expect(isKrxTradingDay('2024-01-06')).toBe(false);
    expect(krxClosureReason('2024-01-07')).toBe('weekend');
    expect(krxClosureReason('2024-04-10')).toMatch(/election/);
  });

  it('lists sessions over a Seollal week and steps across it', () => {
    expect(krxSessions('2024-02-05', '2024-02-16')).toEqual([
      '2024-02-05', '2024-02-06', '2024-02-07', '2024-02-08',
      '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16',
    ]);
    expect(previousKrxSession('2024-02-13')).toBe('2024-02-08');
    expect(nextKrxSession('2024-02-08')).toBe('2024-02-13');
    expect(nextKrxSession('2024-12-30')).toBe('2025-01-02');
    expect(previousKrxSession('2025-10-10')).toBe('2025-10-02');
    expect(krxSessions('2024-02-10', '2024-02-12')).toEqual([]);
  });

  it('rejects malformed dates', () => {
    expect(() => isKrxTradingDay('2024-2-1')).toThrow(RangeError);
    expect(() => isUsTradingDay('2024-02-30')).toThrow(RangeError);
  });
});

describe('NYSE trading days', () => {
  it.each([
    ['2024-03-29', 'Good Friday (Easter 2024-03-31)'],
    ['2024-06-19', 'Juneteenth'],
    ['2026-11-26', 'Thanksgiving (4th Thursday of November)'],
    ['2024-01-15', 'Martin Luther King Jr. Day'],
    ['2024-07-04', 'Independence Day'],
    ['2026-07-03', 'Independence Day observed (July 4 2026 is a Saturday)'],
    ['2022-06-20', 'Juneteenth observed (June 19 2022 is a Sunday)'],
    ['2022-12-26', 'Christmas observed (Dec 25 2022 is a Sunday)'],
    ['2025-01-09', 'national day of mourning for President Carter'],
  ])('%s is closed (%s)', (date) => {
    expect(isUsTradingDay(date)).toBe(false);
  });

  it.each([
    ['2024-10-14', 'Columbus Day: federal, but NYSE trades'],
    ['2024-11-11', 'Veterans Day: federal, but NYSE trades'],
    ['2021-12-31', "New Year's Day 2022 falls on a Saturday; NYSE keeps Dec 31 open"],
    ['2021-06-18', 'Juneteenth observed 2021: NYSE first closed for it in 2022'],
    ['2024-11-29', 'day after Thanksgiving (early close, still a session)'],
  ])('%s trades (%s)', (date) => {
    expect(isUsTradingDay(date)).toBe(true);
  });

  it('lists sessions around Good Friday', () => {
    expect(usSessions('2024-03-25', '2024-04-01')).toEqual([
      '2024-03-25', '2024-03-26', '2024-03-27', '2024-03-28', '2024-04-01',
    ]);
  });

  it.each([
    [2000, '2000-04-23'], [2019, '2019-04-21'], [2024, '2024-03-31'], [2025, '2025-04-20'],
    [2026, '2026-04-05'], [2038, '2038-04-25'], [2285, '2285-03-22'],
  ])('Easter %i is %s (published tables; 2038 and 2285 are the latest/earliest possible)', (y, d) => {
    expect(easterSunday(y)).toBe(d);
  });

  it('what Seoul knows of New York: the US session strictly before the KRX date', () => {
    // KRX Fri 2024-07-05: NY's Thu 07-04 is closed, so Seoul sees the Wed 07-03 close.
    expect(usSessionKnownAt('2024-07-05')).toBe('2024-07-03');
    // KRX Mon 2024-04-01: Good Friday closed, so the Thu 03-28 close.
    expect(usSessionKnownAt('2024-04-01')).toBe('2024-03-28');
    expect(previousUsSession('2024-03-26')).toBe('2024-03-25');
  });
});

describe('time zones and session hours', () => {
  it('NYSE close is 21:00Z in winter (EST) and 20:00Z in summer (EDT)', () => {
    expect(usCloseAt('2024-01-16').toISOString()).toBe('2024-01-16T21:00:00.000Z');
    expect(usCloseAt('2024-07-16').toISOString()).toBe('2024-07-16T20:00:00.000Z');
    // Either side of the 2024-03-10 spring-forward.
    expect(usCloseAt('2024-03-08').toISOString()).toBe('2024-03-08T21:00:00.000Z');
    expect(usCloseAt('2024-03-11').toISOString()).toBe('2024-03-11T20:00:00.000Z');
    // Either side of the 2024-11-03 fall-back.
    expect(usCloseAt('2024-11-01').toISOString()).toBe('2024-11-01T20:00:00.000Z');
    expect(usCloseAt('2024-11-04').toISOString()).toBe('2024-11-04T21:00:00.000Z');
  });

  it('KRX opens 09:00 and closes 15:30 Seoul (00:00Z / 06:30Z), later on first session and exam day', () => {
    expect(krxOpenAt('2024-01-05').toISOString()).toBe('2024-01-05T00:00:00.000Z');
    expect(krxCloseAt('2024-01-05').toISOString()).toBe('2024-01-05T06:30:00.000Z');
    expect(krxOpenAt('2024-01-02').toISOString()).toBe('2024-01-02T01:00:00.000Z');
    expect(krxOpenAt('2024-11-14').toISOString()).toBe('2024-11-14T01:00:00.000Z');
    expect(krxCloseAt('2024-11-14').toISOString()).toBe('2024-11-14T07:30:00.000Z');
  });

  it('reads wall-clock dates in each zone', () => {
    const t = new Date('2024-03-11T23:30:00Z'); // 08:30 Tue in Seoul, 19:30 Mon in New York (EDT)
    expect(seoulDate(t)).toBe('2024-03-12');
    expect(newYorkDate(t)).toBe('2024-03-11');
    expect(zonedTime(t, 'Asia/Seoul')).toMatchObject({ date: '2024-03-12', hour: 8, minute: 30, time: '08:30' });
    expect(zonedTime(new Date('2024-01-01T15:00:00Z'), 'Asia/Seoul').time).toBe('00:00');
  });

  it("reads Seoul's wall clock by arithmetic exactly as Intl's Asia/Seoul does, since the last summer time ended", () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const byIntl = (ms: number) => {
      const p = Object.fromEntries(intl.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
    };
    const ours = (ms: number) => {
      const z = zonedTime(new Date(ms), 'Asia/Seoul');
      return `${z.date} ${z.time}:${String(z.second).padStart(2, '0')}`;
    };
    // 1988-10-09 03:00 KDT (UTC+10) fell back to 02:00 KST: 17:00Z; an hour before it Seoul read 02:00 KDT.
    expect(KST_FIXED_SINCE_MS).toBe(Date.parse('1988-10-08T17:00:00Z'));
    expect(byIntl(KST_FIXED_SINCE_MS - 3_600_000)).toBe('1988-10-09 02:00:00');
    expect(ours(KST_FIXED_SINCE_MS)).toBe('1988-10-09 02:00:00');
    // Every ~22 hours (a step prime in seconds, so it walks through every hour and second) to 2045, and the
    // instants around each year's turn; before the boundary zonedTime asks Intl itself. Mismatches are collected
    // and compared once: an expect per instant made this the slowest test of a loaded run (20 s).
    const instants: number[] = [];
    for (let ms = KST_FIXED_SINCE_MS - 86_400_000; ms < Date.UTC(2045, 0, 1); ms += 79_193_000) instants.push(ms);
    for (let y = 1989; y <= 2045; y++) instants.push(Date.UTC(y, 0, 1) - 9 * 3_600_000 - 1, Date.UTC(y, 0, 1) - 9 * 3_600_000);
    expect(instants.filter((ms) => ours(ms) !== byIntl(ms)).map((ms) => new Date(ms).toISOString())).toEqual([]);
    expect(instants.length).toBeGreaterThan(20_000);
  });

  it('zonedInstant round-trips through zonedTime every day of two years in both zones', () => {
    for (let d = '2024-01-01'; d <= '2025-12-31'; d = addDays(d, 1)) {
      for (const tz of ['Asia/Seoul', 'America/New_York']) {
        const z = zonedTime(zonedInstant(d, '09:30', tz), tz);
        expect(`${z.date} ${z.time}`).toBe(`${d} 09:30`);
      }
    }
  });
});

describe('latestCompleteSession', () => {
  it.each([
    ['KR', '2024-01-05T06:29:59Z', '2024-01-04', 'one second before the 15:30 close'],
    ['KR', '2024-01-05T06:30:00Z', '2024-01-05', 'at the close'],
    ['KR', '2024-01-06T03:00:00Z', '2024-01-05', 'Saturday noon'],
    ['KR', '2024-02-13T00:00:00Z', '2024-02-08', '09:00 Tue after Seollal, before the close'],
    ['KR', '2025-01-01T16:00:00Z', '2024-12-30', '01:00 on Jan 2 2025; Dec 31 was the closing day'],
    ['US', '2024-07-05T19:59:00Z', '2024-07-03', '15:59 EDT, July 4 closed'],
    ['US', '2024-07-05T20:00:00Z', '2024-07-05', '16:00 EDT'],
    ['US', '2024-01-05T20:30:00Z', '2024-01-04', '15:30 EST: in winter 20:30Z is before the close'],
    ['US', '2024-03-29T22:00:00Z', '2024-03-28', 'Good Friday evening'],
    ['US', '2024-01-02T03:00:00Z', '2023-12-29', '22:00 EST on Jan 1 (still Jan 1 in New York)'],
    ['US', '2024-03-11T23:30:00Z', '2024-03-11', 'Seoul 08:30 Tue = 19:30 Mon in New York'],
  ] as [Market, string, string, string][])('%s at %s → %s (%s)', (market, at, expected, _why) => {
    expect(latestCompleteSession(market, new Date(at))).toBe(expected);
  });
});

describe('sessionsBehind', () => {
  const afterSeollalClose = new Date('2024-02-13T07:00:00Z'); // 16:00 Seoul, Tue 2024-02-13

  it('counts only missing sessions, not holidays', () => {
    expect(sessionsBehind('KR', '2024-02-13', afterSeollalClose)).toBe(0);
    expect(sessionsBehind('KR', '2024-02-08', afterSeollalClose)).toBe(1); // only 02-13 missing
    expect(sessionsBehind('KR', '2024-02-07', afterSeollalClose)).toBe(2); // 02-08 and 02-13
    expect(sessionsBehind('KR', '2024-01-31', afterSeollalClose)).toBe(7); // 02-01,02,05,06,07,08,13
  });

  it('is 0 for a point dated after the latest complete session (today, before the close)', () => {
    expect(sessionsBehind('KR', '2024-02-13', new Date('2024-02-13T01:00:00Z'))).toBe(0);
  });

  it('skips Thanksgiving for US series', () => {
    const mondayMorning = new Date('2024-12-02T12:00:00Z'); // 07:00 EST Mon; latest complete: Fri 11-29
    expect(sessionsBehind('US', '2024-11-29', mondayMorning)).toBe(0);
    expect(sessionsBehind('US', '2024-11-27', mondayMorning)).toBe(1);
    expect(sessionsBehind('US', '2024-11-26', mondayMorning)).toBe(2);
  });
});
