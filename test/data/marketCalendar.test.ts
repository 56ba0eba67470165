import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expiries, monthlyExpiry, parseCalendarCsv } from '../../src/data/marketCalendar.ts';
import { answer } from '../helpers/registry.ts';
import { commands } from '../../src/commands/registry.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { demoMarket } from '../../src/data/demo.ts';

describe('KOSPI200 expiries (KRX rule: 2nd Thursday, holiday → the trading day before)', () => {
  it('known answers', () => {
    // Jan 2025: the 1st is a Wednesday, Thursdays 2 and 9 → the 9th
    expect(monthlyExpiry(2025, 1)).toBe('2025-01-09');
    // Mar 2025: the 1st is a Saturday, Thursdays 6 and 13 → the 13th, a quarterly (futures) expiry
    expect(monthlyExpiry(2025, 3)).toBe('2025-03-13');
    // Oct 2025: 2nd Thursday the 9th is Hangul Day; the 8th is Chuseok's substitute, 6-7 Chuseok, 4-5 a
    // weekend, the 3rd National Foundation Day → Thursday the 2nd
    expect(monthlyExpiry(2025, 10)).toBe('2025-10-02');
  });

  it('weeklies: every Thursday but the 2nd (brought forward), every Monday (pushed back)', () => {
    const oct = expiries('2025-09-29', '2025-10-17');
    const byKind = (k: string) => oct.filter((e) => e.kind === k).map((e) => e.date);
    expect(byKind('expiry-monthly')).toEqual(['2025-10-02']);
    // Thursday the 2nd (1st Thursday), the 16th (3rd); the 9th is the monthly one
    expect(byKind('expiry-weekly-thu')).toEqual(['2025-10-02', '2025-10-16']);
    // Mondays 29 Sep, 13 Oct; Monday 6 Oct (Chuseok) pushed back past 7, 8, 9 to Friday the 10th
    expect(byKind('expiry-weekly-mon')).toEqual(['2025-09-29', '2025-10-10', '2025-10-13']);
  });

  it('CALENDAR_CSV adds BOK dates and counts bad rows', () => {
    const r = parseCalendarCsv('date,kind,label,source\n2027-01-14,bok-rate,,bok.or.kr 2027 schedule\n2027-13-01,bok-rate,x,y\n2027-02-01,party,x,y\n', 'cal.csv');
    expect(r.events).toEqual([{ date: '2027-01-14', kind: 'bok-rate', label: 'Bank of Korea rate decision', source: 'bok.or.kr 2027 schedule' }]);
    expect(r.rejected).toBe(2);
  });
});

describe('/calendar', () => {
  const ctx = (extra: Record<string, string> = {}) => ({ market: demoMarket(), now: new Date('2025-01-02T01:00:00Z'), config: testConfig(extra), log: silentLogger, commands });

  it('lists the next expiries and BOK dates with their sources', async () => {
    const o = await answer('/calendar', ctx());
    expect(o.kind).toBe('answer');
    if (o.kind !== 'answer') return;
    const r = o.report;
    expect(r.data.nextMonthlyExpiry).toBe('2025-01-09');
    expect(r.data.nextQuarterlyExpiry).toBe('2025-03-13');
    expect(r.data.nextBok).toEqual(['2025-01-16', '2025-02-25', '2025-04-17']);
    expect(r.headline).toContain('next BOK rate decision 2025-01-16 Thu');
    expect(r.notes.join('\n')).toMatch(/Source: KRX contract specifications/);
    expect(r.notes.join('\n')).toContain('Source: BOK 2025 (https://hankyung.com/article/2024103118165');
    // Seollal 2025: 28-30 Jan, and the 27th a temporary holiday
    expect(r.fields.find((f) => f.label === 'KRX holidays')?.value).toContain('2025-01-27');
  });

  it('2026: the BOK dates of its published schedule, each with the report it comes from', async () => {
    const o = await answer('/calendar asof=2026-03-02', ctx());
    if (o.kind !== 'answer') throw new Error(o.kind);
    // the BOK's 2026 list: Jan 15, Feb 26, Apr 10 (a Friday), May 28, Jul 16, Aug 27, Oct 22, Nov 26
    expect(o.report.data.nextBok).toEqual(['2026-04-10', '2026-05-28', '2026-07-16']);
    expect(o.report.fields.find((f) => f.label === 'BOK rate decisions')?.value).toBe('2026-04-10 Fri · 2026-05-28 Thu · 2026-07-16 Thu');
    expect(o.report.notes.join('\n')).toContain('https://www.merbakconcrete.com/news/articleView.html?idxno=4381382');
    const late = await answer('/calendar asof=2026-11-02', ctx());
    if (late.kind !== 'answer') throw new Error(late.kind);
    // the last one on file, then nothing invented after it
    expect(late.report.data.nextBok).toEqual(['2026-11-26']);
  });

  it('Monday weeklies start with the first series listed on 2023-07-31, expiring 2023-08-07', () => {
    const mon = expiries('2023-07-24', '2023-08-14').filter((e) => e.kind === 'expiry-weekly-mon').map((e) => e.date);
    expect(mon).toEqual(['2023-08-07', '2023-08-14']);
  });

  it('with no BOK date on file ahead it says so, never an empty calm line; a CSV extends it', async () => {
    const late = { ...ctx(), now: new Date('2026-12-01T01:00:00Z') };
    const o = await answer('/calendar', late);
    if (o.kind !== 'answer') throw new Error(o.kind);
    const bok = o.report.fields.find((f) => f.label === 'BOK rate decisions')!;
    expect(bok.tone).toBe('missing');
    expect(bok.value).toContain('no date on file after 2026-11-26');

    const dir = mkdtempSync(join(tmpdir(), 'cal-'));
    try {
      const file = join(dir, 'cal.csv');
      writeFileSync(file, 'date,kind,label,source\n2027-01-14,bok-rate,,bok.or.kr 2027 schedule\n');
      const o2 = await answer('/calendar', { ...late, config: testConfig({ CALENDAR_CSV: file }) });
      if (o2.kind !== 'answer') throw new Error(o2.kind);
      expect(o2.report.data.nextBok).toEqual(['2027-01-14']);
      expect(o2.report.notes.join('\n')).toContain('bok.or.kr 2027 schedule');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the digest names today\'s expiry', () => {
  it('on a monthly expiry day the digest has a Today field', async () => {
    const { buildDigest } = await import('../../src/commands/digestPicture.ts');
    const c = { market: demoMarket(), now: new Date('2025-01-09T01:00:00Z'), config: testConfig(), log: silentLogger, commands };
    const r = await buildDigest(c, '2025-01-09');
    expect(r.fields.find((f) => f.label === 'Today')?.value).toContain('KOSPI200 monthly options expiry');
  });
});
