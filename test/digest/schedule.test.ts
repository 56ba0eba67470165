import { describe, expect, it } from 'vitest';
import { cronAt, cronTime, firstRunOn, formatWithOffset, nextDigestRuns, normalizeTime, runDeadline } from '../../src/digest/schedule.ts';

const CRON = '30 8 * * 1-5';
const SEOUL = 'Asia/Seoul';
const runs = (from: string, n: number, cron = CRON, tz = SEOUL) => nextDigestRuns(from, n, cron, tz).map((d) => formatWithOffset(d, tz));

describe('nextDigestRuns', () => {
  it('counts the from-date’s own 08:30 and skips the year-end closing day and New Year’s Day', () => {
    // 2026-12-31 (Thu) is KRX's year-end closing day, 2027-01-01 (Fri) a holiday, 01-02/03 a weekend.
    expect(runs('2026-12-29', 5)).toEqual([
      '2026-12-29T08:30:00+09:00',
      '2026-12-30T08:30:00+09:00',
      '2027-01-04T08:30:00+09:00',
      '2027-01-05T08:30:00+09:00',
      '2027-01-06T08:30:00+09:00',
    ]);
    // 08:30 in Seoul is 23:30 UTC the evening before.
    expect(nextDigestRuns('2026-12-29', 1, CRON, SEOUL)[0]!.toISOString()).toBe('2026-12-28T23:30:00.000Z');
  });

  it('skips Seollal 2027 and its substitute holiday', () => {
    // Lunar new year 2027 is Sun 02-07: holidays Sat 02-06 … Mon 02-08, and Tue 02-09 substitutes for the Sunday.
    expect(runs('2027-02-04', 4)).toEqual([
      '2027-02-04T08:30:00+09:00',
      '2027-02-05T08:30:00+09:00',
      '2027-02-10T08:30:00+09:00',
      '2027-02-11T08:30:00+09:00',
    ]);
  });

  it('skips Chuseok 2025 with its substitute day, National Foundation Day and Hangul Day', () => {
    // 10-03 Fri Foundation Day; Chuseok 10-05..07 (Sun-Tue) + substitute Wed 10-08; 10-09 Thu Hangul Day.
    expect(runs('2025-10-02', 2)).toEqual(['2025-10-02T08:30:00+09:00', '2025-10-10T08:30:00+09:00']);
  });

  it('honours a subscription’s own time and another zone', () => {
    expect(runs('2025-03-04', 2, cronAt(CRON, '07:05'))).toEqual(['2025-03-04T07:05:00+09:00', '2025-03-05T07:05:00+09:00']);
    // 19:00 New York on Mon 2026-03-09 (EDT) is 08:00 Tue in Seoul; the KRX day is the Seoul date.
    expect(runs('2026-03-06', 2, '0 19 * * 0-4', 'America/New_York')).toEqual(['2026-03-08T19:00:00-04:00', '2026-03-09T19:00:00-04:00']);
  });

  it('returns nothing (and ends) for a cron that never meets a trading day', () => {
    expect(nextDigestRuns('2026-03-06', 3, '0 9 * * 0', SEOUL)).toEqual([]);
  });
});

describe('helpers', () => {
  it('formats instants with the zone’s offset at that instant', () => {
    expect(formatWithOffset(new Date('2026-11-26T23:30:00Z'), SEOUL)).toBe('2026-11-27T08:30:00+09:00');
    expect(formatWithOffset(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
    expect(formatWithOffset(new Date('2026-01-01T12:00:00Z'), 'America/New_York')).toBe('2026-01-01T07:00:00-05:00');
    expect(formatWithOffset(new Date('2026-07-01T12:00:00Z'), 'Asia/Kolkata')).toBe('2026-07-01T17:30:00+05:30');
  });

  it('replaces the cron’s time, keeping its day fields (and a seconds field)', () => {
    expect(cronAt(CRON, '07:05')).toBe('5 7 * * 1-5');
    expect(cronAt('0 30 8 * * 1-5', '09:15')).toBe('0 15 9 * * 1-5');
    expect(cronAt(CRON, null)).toBe(CRON);
    expect(normalizeTime('8:30')).toBe('08:30');
    expect(cronTime(CRON)).toBe('08:30');
    expect(cronTime('0 5 7 * * 1-5')).toBe('07:05');
    expect(cronTime('*/10 8 * * 1-5')).toBeUndefined();
    expect(normalizeTime('24:00')).toBeUndefined();
    expect(normalizeTime('0830')).toBeUndefined();
  });

  it('finds the day’s run and how late it may still go out', () => {
    const at = firstRunOn(new Date('2025-03-04T05:00:00Z'), CRON, SEOUL)!;
    expect(at.toISOString()).toBe('2025-03-03T23:30:00.000Z');
    expect(firstRunOn(new Date('2025-03-08T05:00:00Z'), CRON, SEOUL)).toBeUndefined(); // Saturday
    // Before the open: until 09:00 Seoul (00:00Z); the year's first session opens at 10:00.
    expect(runDeadline(at, '2025-03-04').toISOString()).toBe('2025-03-04T00:00:00.000Z');
    expect(runDeadline(new Date('2026-01-01T23:30:00Z'), '2026-01-02').toISOString()).toBe('2026-01-02T01:00:00.000Z');
    // After the open: an hour.
    expect(runDeadline(new Date('2025-03-04T00:30:00Z'), '2025-03-04').toISOString()).toBe('2025-03-04T01:30:00.000Z');
  });
});
