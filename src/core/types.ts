// The platform-neutral shapes every layer speaks (see DESIGN.md "Core types").
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { DigestAccess, Logger, Workspace } from './ports.ts';
import type { Locale } from './i18n/locale.ts';

/** 'missing': no value (no data), shown neutral grey — never calm, never green. */
export type Tone = 'calm' | 'elevated' | 'high' | 'extreme' | 'missing';

/** One daily observation. `date` is the session date in the market's own time zone (YYYY-MM-DD). */
export interface Point {
  date: string;
  open?: number;
  high?: number;
  low?: number;
  close: number;
  volume?: number;
  /** Traded value in the quote currency (KRW for KRX series). */
  tradedValue?: number;
  /** ETF net assets in the quote currency (KRX `NETASST_TOTAMT`). */
  netAssets?: number;
}

export interface Series {
  symbol: string;
  points: Point[];
  /** Who served it: 'demo', 'csv:KOSPI.csv', 'yahoo', 'fred', 'krx', ... */
  source: string;
  /** ISO timestamp of when the data was obtained. */
  fetchedAt: string;
  /** Set when served from cache after an upstream failure, or when the last point is older than expected. */
  stale?: string;
  /** USD/KRW only: when the daily rate is fixed (Bank of Korea at Seoul's close, or New York noon). */
  fxTiming?: 'seoul-close' | 'new-york-noon';
  /** What the importer changed or cut (basis breaks), one line each; every answer using the series says it. */
  hygiene?: string[];
}

export interface OptionQuote {
  type: 'call' | 'put';
  strike: number;
  /** Expiry date YYYY-MM-DD. */
  expiry: string;
  openInterest: number;
  /** Implied vol as a decimal (0.18), when the source gives it. */
  iv?: number;
  price?: number;
}

export interface OptionChain {
  underlying: string;
  /** Trading date of the snapshot. */
  date: string;
  spot: number;
  /** Contract multiplier in KRW per index point (KOSPI200: 250,000). */
  multiplier: number;
  quotes: OptionQuote[];
  source: string;
  fetchedAt: string;
}

/** Where an answer's input came from and how old it is. */
export interface SourceStamp {
  symbol: string;
  source: string;
  asOf: string;
  stale?: string;
}

export interface ChartLine {
  name: string;
  values: (number | null)[];
  color?: string;
  dashed?: boolean;
  kind?: 'line' | 'bar';
  /**
   * Marks the series' last finite value (today): a dot on it and a tag with this text beside the plot,
   * e.g. "0.28 · p12"; `true` tags the value in the panel's unit.
   */
  mark?: string | true;
  /** Index of the value `mark` marks when it is not the last one (today's spot on a profile, day 0 of a decay). */
  markAt?: number;
}

export interface ChartPanel {
  kind: 'line' | 'bar';
  /** Small heading above the panel (the dashboard's cells). */
  title?: string;
  /** Relative height among the panels (default 1). */
  weight?: number;
  /** x labels: dates for time series, categories for bars. */
  labels: string[];
  /**
   * Numeric x positions (strikes, index levels, days) instead of evenly spaced labels; stacked panels
   * that all have them share one numeric x axis and its ticks.
   */
  x?: number[];
  /** Unit of numeric x tick labels (as `unit`) and the x axis title. */
  xUnit?: string;
  xLabel?: string;
  series: ChartLine[];
  /** Bar series stack (positives up, negatives down) instead of standing side by side. */
  stacked?: boolean;
  /**
   * Unit shown in the left axis' tick labels. `'%'` means the values are decimals (0.4 → "40%"),
   * like every number in `Report.data`; `'$'`/`'₩'` are prefixes; anything else is appended ("1.2x").
   * Values of a million or more print compact ("1.2B"). Non-finite values and null are gaps.
   */
  unit?: string;
  yLabel?: string;
  /**
   * Horizontal bands on the y axis (e.g. regime zones, percentile bands), drawn pale under the data,
   * labelled beside the plot. A band labelled calm/elevated/high/extreme takes that regime's colour.
   */
  bands?: { from: number; to: number; color?: string; label?: string; tone?: Tone }[];
  /** Horizontal reference lines, kept in view; the label sits beside the plot at the line's height. */
  refLines?: { y: number; label?: string; color?: string }[];
  /** Vertical lines at an x (numeric x, or a label's index), labelled at the top of the plot (spot, gamma flip). */
  vLines?: { x: number; label?: string; color?: string }[];
  yMin?: number;
  yMax?: number;
}

/** Declarative chart: commands describe, src/render draws. */
export interface ChartSpec {
  title: string;
  subtitle?: string;
  width?: number;
  height?: number;
  panels: ChartPanel[];
  /** As-of and source line printed under the chart. */
  footer: string;
  /** Set to 'DEMO' for synthetic data. */
  watermark?: string;
  /** Lay the panels out as a grid of this many columns (small multiples), each with its own axes. */
  columns?: number;
  /** The language of the chart's words; its date axis reads the same way (absent = English). */
  locale?: Locale;
}

export interface ReportField {
  label: string;
  value: string;
  tone?: Tone;
}

export interface Report {
  command: string;
  title: string;
  headline: string;
  tone: Tone;
  fields: ReportField[];
  notes: string[];
  charts: ChartSpec[];
  data: Record<string, unknown>;
  sources: SourceStamp[];
  /** The language the report's words are in (adapters add theirs in the same one); absent = English. */
  locale?: Locale;
  /**
   * Answered on DEMO data: finishing labelled the title, headline, notes and charts. An answer made of
   * others (the digest) reads this and `plainHeadline`, never the label's text; stale sources are in `sources`.
   */
  demo?: boolean;
  /** The headline as the command wrote it, before any label: what an answer quoting this one shows. */
  plainHeadline?: string;
}

/** What commands ask the data layer for. Implementations: demo, csv, live (cached). */
export interface MarketData {
  /** 'demo' | 'csv' | 'live' */
  readonly kind: string;
  /** True for synthetic data: every answer and chart must say DEMO. */
  readonly demo: boolean;
  /** Full daily history of a symbol (commands cut it at `asof` themselves). Throws DataError. */
  series(symbol: string): Promise<Series>;
  /** KOSPI200 option chain as of a date (latest on or before it), or null where none is available. */
  optionChain(asOf: string): Promise<OptionChain | null>;
  /** Today so far (live mode, during KRX hours): the latest minute quote, or null where there is no feed. Throws DataError. */
  intraday?(symbol: 'KOSPI' | 'KOSPI200', now: Date): Promise<IntradayQuote | null>;
}

/** A minute quote of today's session (src/data/live/yahooIntraday.ts). */
export interface IntradayQuote {
  symbol: string;
  last: number;
  previousClose: number;
  /** last / previousClose − 1 (decimal). */
  move: number;
  /** When `last` traded (ISO). */
  at: string;
  source: string;
  fetchedAt: string;
  stale?: string;
}

export interface Context {
  market: MarketData;
  now: Date;
  config: Config;
  log: Logger;
  /** Who is asking, for rate limits and subscriptions (platform:user). */
  user?: string;
  /** Where the answer goes (platform:channel), for /digest subscribe. */
  channel?: string;
  /** The channel's Slack workspace or Discord server: stored with subscriptions, alerts and settings made here. */
  workspace?: Workspace;
  /** The process's command list, read-only (/help lists it, /digest runs its parts). */
  commands: readonly Command[];
  /** Digest subscriptions and their schedule, where the bot runs with a store (/digest subscribe). */
  digest?: DigestAccess;
  /** The language to answer in, resolved once by the pipeline (absent = English). */
  locale?: Locale;
  /**
   * How this ask's computation waits its turn, when its adapter answers on the request itself (the
   * playground's /api/ask): wraps only a command actually computed, so a shared or kept answer never
   * queues behind computed ones (src/core/share.ts). Absent: computed at once.
   */
  pace?: Pace;
}

/** Runs `compute` when it is its turn (a bounded queue, after pending I/O); resolves with its result. */
export type Pace = <T>(compute: () => Promise<T>) => Promise<T>;

// Arguments are always key=value pairs, so a command's schema is an object (its shape lists the keys).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list holds commands of every schema
export interface Command<S extends z.ZodObject = z.ZodObject<any>> {
  name: string;
  summary: string;
  args: S;
  /** Bare words map to these keys in order (`/help gamma` → {command: 'gamma'}). */
  positional?: string[];
  examples: string[];
  /** The argument that collects the line's remaining words as one text (a condition), after the first positional word. */
  freeText?: string;
  /** One line per number the answer shows: what it means. Shown by /help <command>. */
  explains?: string[];
  /**
   * True when this answer depends on who asks or changes state (subscriptions). Other answers may be
   * shared between identical asks in flight at the same moment (src/core/share.ts).
   */
  personal?: (args: z.infer<S>) => boolean;
  run(args: z.infer<S>, ctx: Context): Promise<Report>;
}
