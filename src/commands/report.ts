// One place that stamps every answer with its sources, as-of dates, staleness, DEMO label and caveat,
// so no command can forget them.
import { z } from 'zod';
import type { ChartSpec, Context, MarketData, Report, Series, SourceStamp, Tone } from '../core/types.ts';
import { DataError } from '../core/errors.ts';
import { lastUpTo } from '../analytics/series.ts';
import { messages, type Locale } from '../core/i18n/index.ts';
import { dateMoveNote } from '../core/normalize.ts';
import { krxClosureReason, previousKrxSession } from '../data/calendar.ts';


export const DEMO_NOTE = messages('en').common.demoNote;

/** Source stamp of a series as seen at `asof`: the date of its last point on or before it. */
export function stamp(series: Series, asof?: string): SourceStamp {
  const last = lastUpTo(series.points, asof);
  return {
    symbol: series.symbol,
    source: series.source,
    asOf: last?.date ?? 'none',
    ...(series.stale ? { stale: series.stale } : {}),
  };
}

export function sourcesLine(sources: readonly SourceStamp[], locale?: Locale): string {
  const m = messages(locale);
  return sources.map((s) => `${s.symbol} ${s.source} ${m.f.dateShort(s.asOf)}${s.stale ? m.common.staleMark : ''}`).join(' · ');
}

export interface ReportDraft {
  title: string;
  headline: string;
  tone: Tone;
  fields: Report['fields'];
  notes?: string[];
  charts?: ChartSpec[];
  data: Record<string, unknown>;
  /** Series the answer used, with the as-of each was read at. */
  used: { series: Series; asof?: string }[];
  /** Sources already stamped (an answer made of others' answers: the digest). */
  stamps?: readonly SourceStamp[];
  /** The date typed (asof=) and the session answered for, so a moved date is said. */
  dates?: { asked?: string; answered: string; anchor?: Series | null };
}

/** "asof=2030-01-01 → last session 2026-11-20", "2024-08-04 is a Sunday → 2024-08-02", or null. */
export function dateNote(asked: string | undefined, answered: string, anchor?: Series, locale?: Locale): string | null {
  if (!asked) return null;
  return dateMoveNote(asked, answered, {
    closure: krxClosureReason(asked),
    sessionBefore: previousKrxSession(asked),
    lastData: anchor ? anchor.points.at(-1)?.date === answered : false,
  }, locale);
}

/** The one place DEMO labels, stale notes, the date note, the footer and the caveat are applied. */
export function finishReport(command: string, draft: ReportDraft, ctx: { market: Pick<MarketData, 'demo'>; locale?: Context['locale'] }): Report {
  const sources = dedupe([...draft.used.map((u) => stamp(u.series, u.asof)), ...(draft.stamps ?? [])]);
  const demo = ctx.market.demo;
  const { common: c, f } = messages(ctx.locale);
  const footer =
    c.footer(sources.map((s) => `${s.symbol} ${f.dateShort(s.asOf)}`).join(', '), [...new Set(sources.map((s) => s.source))].join(', ')) +
    (demo ? c.demoFooter : '');
  const moved = draft.dates ? dateNote(draft.dates.asked, draft.dates.answered, draft.dates.anchor ?? undefined, ctx.locale) : null;
  const hygiene = [...new Set(draft.used.flatMap((u) => u.series.hygiene ?? []))].map(messages(ctx.locale).notes.dataNote);
  const notes = [
    ...(moved ? [moved] : []),
    ...(draft.notes ?? []),
    ...hygiene,
    ...sources.filter((s) => s.stale).map((s) => c.stale(s.symbol, s.source, s.stale!)),
    ...(demo ? [c.demoNote] : []),
    c.caveat,
  ];
  return {
    command,
    title: demo ? c.demoTitle(draft.title) : draft.title,
    headline: demo ? c.demoHeadline(draft.headline) : draft.headline,
    tone: draft.tone,
    fields: draft.fields,
    notes,
    charts: (draft.charts ?? []).map((ch) => ({ ...ch, footer: ch.footer || footer, ...(demo ? { watermark: c.watermark } : {}), ...(ctx.locale ? { locale: ctx.locale } : {}) })),
    data: draft.data,
    sources,
    ...(ctx.locale ? { locale: ctx.locale } : {}),
    ...(demo ? { demo: true, plainHeadline: draft.headline } : {}),
  };
}

/**
 * A number as a typed summary reads it from a command's `data`: finite, else null (no data, never 0).
 * Summaries parse at the boundary because the digest and /alert run whatever command the list holds.
 */
export const reported = z.number().nullable().catch(null);

/** What a number is: how its change reads in the digest and how an alert's band and value are shown. */
export type NumberUnit = 'score' | 'level' | 'ratio' | 'pct' | 'usd' | 'krw' | 'days';

/** A command's typed summary with the unit of each of its numbers: what answers composed of it read. */
export interface Summarizer<K extends string> {
  command: string;
  read: (report: Pick<Report, 'data'>) => Record<K, number | null>;
  units: Readonly<Record<K, NumberUnit>>;
}

/** One number of a command's answer, named as the composing answer names it (the digest's keys, /alert's names). */
export interface NamedNumber {
  name: string;
  command: string;
  unit: NumberUnit;
  read: (report: Pick<Report, 'data'>) => number | null;
}

export function namedNumbers<K extends string>(s: Summarizer<K>, keys: readonly K[], rename: Partial<Record<K, string>> = {}): NamedNumber[] {
  // one summary per answer however many of its numbers are read (an alert replay reads them all, day by day)
  const summaries = new WeakMap<object, Record<K, number | null>>();
  const summary = (r: Pick<Report, 'data'>) => {
    let got = summaries.get(r.data);
    if (!got) summaries.set(r.data, (got = s.read(r)));
    return got;
  };
  return keys.map((k) => ({ name: rename[k] ?? k, command: s.command, unit: s.units[k], read: (r) => summary(r)[k] }));
}

function dedupe(stamps: SourceStamp[]): SourceStamp[] {
  const seen = new Map<string, SourceStamp>();
  for (const s of stamps) seen.set(`${s.symbol}|${s.source}`, s);
  return [...seen.values()];
}


const RANK: readonly Tone[] = ['calm', 'elevated', 'high', 'extreme'];

/**
 * The tone of a whole answer from its parts: the most stressed one; a missing part never leaves it
 * calm (calm with something missing reads 'missing', grey), and nothing known at all is 'missing'.
 */
export function overallTone(tones: readonly Tone[]): Tone {
  const known = tones.filter((t) => t !== 'missing');
  if (known.length === 0) return 'missing';
  const worst = known.reduce((a, b) => (RANK.indexOf(b) > RANK.indexOf(a) ? b : a));
  return worst === 'calm' && known.length < tones.length ? 'missing' : worst;
}

export const pct = (x: number, digits = 1): string =>
  Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(digits)}%` : 'n/a';
export const pctAbs = (x: number, digits = 1): string =>
  Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : 'n/a';
export const fixed = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** 1.23e9 → "1.23bn"; keeps the sign. */
export function compactMoney(x: number, currency = ''): string {
  if (!Number.isFinite(x)) return 'n/a';
  const a = Math.abs(x);
  const sign = x < 0 ? '−' : '';
  const [v, u] = a >= 1e12 ? [a / 1e12, 'tn'] : a >= 1e9 ? [a / 1e9, 'bn'] : a >= 1e6 ? [a / 1e6, 'm'] : a >= 1e3 ? [a / 1e3, 'k'] : [a, ''];
  return `${sign}${currency}${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)}${u}`;
}

/** The series, or null where the data layer has none (a DataError); other failures propagate. */
export async function seriesOrNull(ctx: Pick<Context, 'market'>, symbol: string): Promise<Series | null> {
  try {
    return await ctx.market.series(symbol);
  } catch (err) {
    if (err instanceof DataError) return null;
    throw err;
  }
}
