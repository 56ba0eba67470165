// /calendar: the dates a KOSPI desk plans around: KOSPI200 option and futures expiries (monthly,
// quarterly, Thursday and Monday weeklies), KRX closures and Bank of Korea rate decisions.
import { z } from 'zod';
import type { Command, ReportField } from '../core/types.ts';
import { asof, int } from './args.ts';
import { seoulDate, addDays, weekday } from '../data/calendar.ts';
import { BOK_SOURCE, KRX_RULE_SOURCE, marketCalendar, type MarketEvent } from '../data/marketCalendar.ts';
import { messages, type Messages } from '../core/i18n/index.ts';

const args = z.object({
  days: int(1, 366).prefault('45').describe('how far ahead to list, in calendar days'),
  asof: asof.describe('list from this date YYYY-MM-DD instead of today (Seoul)'),
});

/** An event's words in the asker's language (a CSV row's own label as written). */
export const eventLabel = (m: Messages, e: MarketEvent): string => m.calendar.label(e.kind, e.label, e.label.replace(/^KRX closed: /, ''));

/** The events of `day` a digest mentions ("expiry today"), empty on a quiet day. */
export function eventsOn(day: string, csvFile?: string): MarketEvent[] {
  return marketCalendar(day, day, csvFile).events;
}

export const calendar: Command<typeof args> = {
  name: 'calendar',
  summary: 'What is coming up: KOSPI200 option & futures expiries (monthly and weekly), KRX holidays, Bank of Korea rate decisions.',
  args,
  examples: ['/calendar', '/calendar days=90', '/calendar asof=2025-01-02'],
  explains: [
    `Expiries: ${KRX_RULE_SOURCE}.`,
    `BOK: ${BOK_SOURCE}; dates beyond the built-in list come from CALENDAR_CSV (date,kind,label,source; kind bok-rate).`,
    'KRX holidays: weekday closures (public holidays, Labor Day, the year-end closing day, election days).',
  ],
  async run(a, ctx) {
    const m = messages(ctx.locale);
    const t = m.calendar;
    const dated = (e: MarketEvent) => t.dated(e.date, weekday(e.date));
    const from = a.asof ?? seoulDate(ctx.now);
    const to = addDays(from, a.days);
    // BOK meets about every six weeks: look a year ahead for the next one even when days= is short
    const view = marketCalendar(from, addDays(from, Math.max(a.days, 366)), ctx.config.CALENDAR_CSV);
    const inWindow = view.events.filter((e) => e.date <= to);
    const of = (...k: MarketEvent['kind'][]) => inWindow.filter((e) => k.includes(e.kind));
    const monthly = view.events.filter((e) => e.kind === 'expiry-monthly' || e.kind === 'expiry-quarterly');
    const quarterly = view.events.filter((e) => e.kind === 'expiry-quarterly');
    const weeklies = of('expiry-weekly-thu', 'expiry-weekly-mon');
    const holidays = of('krx-holiday');
    const bok = view.events.filter((e) => e.kind === 'bok-rate');
    const today = inWindow.filter((e) => e.date === from);
    const nextMonthly = monthly[0];
    const fields: ReportField[] = [
      { label: t.lMonthly, value: nextMonthly ? `${dated(nextMonthly)}${nextMonthly.kind === 'expiry-quarterly' ? t.quarterlyToo : ''}` : t.noneInYear },
      { label: t.lQuarterly, value: quarterly[0] ? dated(quarterly[0]) : t.noneInYear },
      { label: t.lWeekly, value: weeklies.length ? weeklies.slice(0, 8).map((e) => t.weekly(dated(e), e.kind === 'expiry-weekly-mon')).join(' · ') : t.noneIn(a.days) },
      { label: t.lHolidays, value: holidays.length ? holidays.map((e) => `${dated(e)} ${t.holiday(e.label.replace(/^KRX closed: /, ''))}`).join(' · ') : t.noneIn(a.days) },
      {
        label: t.lBok,
        value: bok.length ? bok.slice(0, 3).map(dated).join(' · ') : t.noBokOnFile(view.lastBokOnFile),
        ...(bok.length ? {} : { tone: 'missing' as const }),
      },
    ];
    const headline =
      (today.length ? t.today(m.f.date(from), today.map((e) => eventLabel(m, e)).join('; ')) : '') +
      t.headline(nextMonthly ? dated(nextMonthly) : null, weeklies[0] ? dated(weeklies[0]) : null, bok[0] ? dated(bok[0]) : null);
    const sources = [...new Set(view.events.map((e) => e.source))];
    return {
      command: 'calendar',
      title: t.title(m.f.date(from)),
      headline,
      tone: 'calm',
      fields,
      notes: [...view.notes, ...sources.map((s) => t.source(t.sourceName(s))), m.common.caveat],
      charts: [],
      ...(ctx.locale ? { locale: ctx.locale } : {}),
      data: { from, to, events: inWindow, nextMonthlyExpiry: nextMonthly?.date ?? null, nextQuarterlyExpiry: quarterly[0]?.date ?? null, nextBok: bok.slice(0, 3).map((e) => e.date), lastBokOnFile: view.lastBokOnFile, today },
      sources: [
        { symbol: t.expiriesSymbol, source: t.sourceName(KRX_RULE_SOURCE), asOf: from },
        { symbol: 'BOK', source: t.sourceName(BOK_SOURCE), asOf: view.lastBokOnFile ?? 'none' },
      ],
    };
  },
};
