// Yahoo Finance v8 chart API: one request gives a symbol's daily history. Bars are stamped at the
// session open in UTC seconds; the session date is that instant read in the exchange's time zone.
import { z } from 'zod';
import { DataError } from '../../core/errors.ts';
import type { Point, Series } from '../../core/types.ts';
import type { Http } from './http.ts';

const values = z.array(z.number().nullable());

/**
 * Yahoo's v8 chart envelope, shared by the daily and the one-minute readers: each adds the `meta` and
 * `quote` fields it reads to the symbol, granularity and timestamps every chart has.
 */
export function chartEnvelope<M extends z.ZodRawShape, Q extends z.ZodRawShape>(meta: M, quote: Q) {
  return z.object({
    chart: z.object({
      result: z
        .array(
          z.object({
            meta: z.object({ symbol: z.string(), dataGranularity: z.string().optional() }).extend(meta),
            timestamp: z.array(z.number()).optional(),
            indicators: z.object({ quote: z.array(z.object(quote)) }),
          }),
        )
        .nullable(),
      error: z.object({ code: z.string().optional(), description: z.string().optional() }).nullable().optional(),
    }),
  });
}

/** The first result of a chart body checked against `schema`; a DataError for a wrong shape, Yahoo's error or no result. */
export function chartResult<S extends ReturnType<typeof chartEnvelope>>(schema: S, body: unknown, symbol: string, source: string): NonNullable<z.output<S>['chart']['result']>[number] {
  const checked = schema.safeParse(body);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new DataError(symbol, source, `unexpected chart JSON at ${issue?.path.join('.') || 'top level'}: ${issue?.message}`);
  }
  const { result, error } = checked.data.chart;
  const r = result?.[0];
  if (error || !r) {
    // Yahoo's own words stay out of the reason (it reaches users); its short error code is safe to name.
    const code = typeof error?.code === 'string' && /^[\w .-]{1,40}$/.test(error.code) ? error.code : undefined;
    throw new DataError(symbol, source, code ? `chart answered error "${code}"` : 'chart answered no result');
  }
  return r as NonNullable<z.output<S>['chart']['result']>[number];
}

const chartSchema = chartEnvelope(
  { exchangeTimezoneName: z.string().optional(), gmtoffset: z.number().optional() },
  { open: values.optional(), high: values.optional(), low: values.optional(), close: values.optional(), volume: values.optional() },
);

export interface YahooParsed {
  series: Series;
  /** Bars dropped because their close was null (Yahoo emits holidays and halts as null rows). */
  dropped: number;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of `epochSec` in `tz` (falling back to the fixed `gmtoffset` if tz is unknown). */
function localDate(epochSec: number, tz: string | undefined, gmtoffset: number): string {
  if (tz) {
    try {
      let f = dayFormats.get(tz);
      if (!f) {
        f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
        dayFormats.set(tz, f);
      }
      return f.format(new Date(epochSec * 1000));
    } catch {
      // An unknown zone name: the offset below is right except across DST changes.
    }
  }
  return new Date((epochSec + gmtoffset) * 1000).toISOString().slice(0, 10);
}

const num = (v: number | null | undefined): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/**
 * A chart response body (already JSON-parsed) as a daily series of raw (not dividend-adjusted)
 * closes. Throws DataError on Yahoo's own error object or when no bar is usable.
 */
export function parseYahooChart(body: unknown, symbol: string, source: string, fetchedAt = new Date().toISOString()): YahooParsed {
  const r = chartResult(chartSchema, body, symbol, source);
  const ts = r.timestamp ?? [];
  const q = r.indicators.quote[0];
  if (!q || ts.length === 0) throw new DataError(symbol, source, 'no rows');
  const tz = r.meta.exchangeTimezoneName;
  const byDate = new Map<string, Point>();
  let dropped = 0;
  ts.forEach((t, i) => {
    const close = num(q.close?.[i]);
    if (close === undefined || close <= 0) {
      dropped++;
      return;
    }
    const p: Point = { date: localDate(t, tz, r.meta.gmtoffset ?? 0), close };
    const open = num(q.open?.[i]);
    const high = num(q.high?.[i]);
    const low = num(q.low?.[i]);
    const volume = num(q.volume?.[i]);
    if (open) p.open = open;
    if (high) p.high = high;
    if (low) p.low = low;
    // Indices and FX report volume 0: absent, not a day without trades.
    if (volume) p.volume = volume;
    // A live quote can repeat today's bar under another timestamp: the later one wins.
    byDate.set(p.date, p);
  });
  const points = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  if (points.length === 0) throw new DataError(symbol, source, `no rows (${dropped} null bars dropped)`);
  return { series: { symbol, points, source, fetchedAt }, dropped };
}

const epoch = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000);

/** Daily history of `ticker` (e.g. '^KS11') from `from` to the end of `to` (YYYY-MM-DD). */
export async function fetchYahoo(
  http: Http,
  baseUrl: string,
  req: { symbol: string; ticker: string; from: string; to: string; fetchedAt: string },
): Promise<YahooParsed> {
  const source = `yahoo:${req.ticker}`;
  const url =
    `${baseUrl.replace(/\/$/, '')}/v8/finance/chart/${encodeURIComponent(req.ticker)}` +
    `?period1=${epoch(req.from)}&period2=${epoch(req.to) + 86_400}&interval=1d`;
  const body = await http.json(url, { symbol: req.symbol, source }, z.unknown());
  return parseYahooChart(body, req.symbol, source, req.fetchedAt);
}
