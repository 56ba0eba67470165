// The morning picture /digest answers with: the headline of every stress command in one answer,
// and what changed since the previous KRX session.
import type { ChartPanel, ChartSpec, Command, Context, Report, ReportField, Series, SourceStamp, Tone } from '../core/types.ts';
import { DataError, UsageError } from '../core/errors.ts';
import { z } from 'zod';
import { finishReport, namedNumbers, overallTone, reported, type NamedNumber, type NumberUnit, type Summarizer } from './report.ts';
import { messages, type Messages } from '../core/i18n/index.ts';
import { lastUpTo } from '../analytics/series.ts';
import { latestCompleteSession, previousKrxSession, seoulDate } from '../data/calendar.ts';
import { eventLabel, eventsOn } from './calendar.ts';
import { kospiStressNumbers } from './kospiStress.ts';
import { gammaNumbers } from './gamma.ts';
import { volRatioNumbers } from './volRatio.ts';
import { corrNumbers } from './corr.ts';
import { thetaNumbers } from './theta.ts';
import { aiBasketNumbers } from './aiBasket.ts';
import { numbersContext } from './alertValues.ts';

interface Part {
  command: string;
  /** The part's key numbers, in the order shown; the first is its headline number. Their words are the catalogs' `digest.key`. */
  keys: readonly NamedNumber[];
  /** The panel of the command's chart that stands for it on the dashboard. */
  panel: (report: Report) => ChartPanel | undefined;
}

function part<K extends string>(s: Summarizer<K>, keys: readonly K[], panel: Part['panel'], rename: Partial<Record<K, string>> = {}): Part {
  return { command: s.command, keys: namedNumbers(s, keys, rename), panel };
}

const partLabel = (p: Part, m: Messages): string => m.digest.part[p.command] ?? `/${p.command}`;

const firstPanel = (r: Report): ChartPanel | undefined => r.charts[0]?.panels[0];

/** The morning dashboard: two columns of small multiples, tall enough for a phone held upright. */
export const DIGEST_CHART = { width: 1200, height: 1500 };

/** The digest's parts, in the order shown. Each runs with its schema's defaults and the digest's asof. */
export const DIGEST_PARTS: readonly Part[] = [
  part(kospiStressNumbers, ['score', 'drawdown52w', 'return21d', 'vol21d'], (r) => r.charts[0]?.panels.at(-1), { drawdown52w: 'drawdown' }),
  part(gammaNumbers, ['flowUsd', 'flowKrw', 'flowPctOfTurnover'], firstPanel),
  part(volRatioNumbers, ['ratio', 'zScore', 'percentile'], firstPanel),
  part(corrNumbers, ['corr', 'beta', 'volAmplification'], (r) => r.charts[0]?.panels[1]),
  part(thetaNumbers, ['thetaPerDayKrw', 'iv', 'thetaPctOfPremium', 'daysToHalfPremium'], firstPanel),
  part(aiBasketNumbers, ['relVsNdx1m', 'return1m', 'relVsSox1m', 'dispersion1m'], firstPanel),
];

export interface DigestSection {
  command: string;
  headline: string;
  tone: Tone;
  /** Key numbers (decimals; null where the part could not compute one). */
  data: Record<string, number | null>;
  /** Set when the part failed: why. */
  error?: string;
  /** The input it lacked, "SYMBOL (source)", when it failed for want of data. */
  missingInput?: string;
}

export interface DigestChange {
  command: string;
  key: string;
  label: string;
  now: number;
  previous: number;
  delta: number;
  /** The delta as shown: "+7", "−0.10", "+1.2 pp". */
  text: string;
}

const signed = (x: number, s: string): string => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${s}`;

/** A change in the part's own unit: score points, ratio, percentage points, money, days. */
export function formatDelta(delta: number, unit: NumberUnit, m: Messages = messages('en')): string {
  const a = Math.abs(delta);
  switch (unit) {
    case 'score':
      return signed(Math.round(delta), String(Math.round(a)));
    case 'ratio':
    case 'level':
      return signed(delta, a.toFixed(2));
    case 'pct':
      return m.f.pp(delta);
    case 'usd':
      return signed(delta, m.f.usd(a));
    case 'krw':
      return signed(delta, m.f.krw(a));
    case 'days':
      return signed(delta, m.digest.days(a.toFixed(1)));
  }
}

/** A key number in its unit, as a dashboard cell's title shows it. */
function formatValue(v: number, unit: NumberUnit, m: Messages = messages('en')): string {
  switch (unit) {
    case 'score':
      return `${Math.round(v)}/100`;
    case 'ratio':
    case 'level':
      return v.toFixed(2);
    case 'pct':
      return `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}%`;
    case 'usd':
      return m.f.usd(v);
    case 'krw':
      return m.f.krw(v);
    case 'days':
      return m.digest.days(v.toFixed(1));
  }
}

interface PartRun {
  section: DigestSection;
  report?: Report;
}

/** `numbers`: only the section's numbers are read (the previous session's parts), so the part skips what they never use. */
async function runPart(part: Part, asof: string, ctx: Context, list: readonly Command[], numbers = false): Promise<PartRun> {
  const d = messages(ctx.locale).digest;
  const failed = (error: string, missingInput?: string): PartRun => ({
    section: { command: part.command, headline: '', tone: 'missing', data: {}, error, ...(missingInput ? { missingInput } : {}) },
  });
  const command = list.find((c) => c.name === part.command);
  if (!command) return failed(d.partMissing(part.command));
  const parsed = command.args.safeParse('asof' in command.args.shape ? { asof } : {});
  if (!parsed.success) return failed(d.partArgs(part.command, parsed.error.issues[0]?.message ?? 'invalid'));
  try {
    const report = await command.run(parsed.data, numbers ? numbersContext(command, ctx) : ctx);
    return { report, section: { command: part.command, headline: report.plainHeadline ?? report.headline, tone: report.tone, data: Object.fromEntries(part.keys.map((k) => [k.name, k.read(report)])) } };
  } catch (err) {
    if (err instanceof DataError || err instanceof UsageError) {
      ctx.log.warn({ part: part.command, err: err.message }, 'digest part unavailable');
      return err instanceof DataError ? failed(d.partData(err.message), `${err.symbol} (${err.source})`) : failed(err.message);
    }
    ctx.log.error({ err, part: part.command }, 'digest part failed');
    return failed(d.partFailed);
  }
}

/**
 * The session the digest speaks for: `asof` when given, else the last KOSPI session with data on or
 * before today in Seoul (so the previous-session comparison lines up with the data actually there).
 */
async function digestDate(ctx: Context, asof?: string): Promise<{ date: string; anchor?: Series }> {
  try {
    const kospi = await ctx.market.series('KOSPI');
    const last = lastUpTo(kospi.points, asof ?? seoulDate(ctx.now));
    if (last) return { date: last.date, anchor: kospi };
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
  }
  return { date: asof ?? latestCompleteSession('KR', ctx.now) };
}

/** A part counts as answered when it ran and its headline number exists. */
export function partAnswered(s: DigestSection, parts: readonly Part[] = DIGEST_PARTS): boolean {
  if (s.error) return false;
  const first = parts.find((p) => p.command === s.command)?.keys[0];
  return first === undefined || (s.data[first.name] !== null && s.data[first.name] !== undefined);
}

const sectionSource = z.object({
  command: z.string(),
  headline: z.string().catch(''),
  tone: z.enum(['calm', 'elevated', 'high', 'extreme', 'missing']).catch('missing'),
  data: z.record(z.string(), reported).catch({}),
  error: z.string().optional(),
  missingInput: z.string().optional(),
});

/** The digest's typed summary: its sections, as the scheduler reads a digest it is about to post. */
export const digestSections = (report: Pick<Report, 'data'>): DigestSection[] => z.array(sectionSource).catch([]).parse(report.data.sections);

/** How complete a digest report is, and which inputs its missing parts lacked (for the "data unavailable" notice). */
export function digestCompleteness(report: Report): { answered: number; total: number; missing: string[] } {
  const sections = digestSections(report);
  const lacking = sections.filter((s) => !partAnswered(s));
  return {
    answered: sections.length - lacking.length,
    total: sections.length,
    missing: [...new Set(lacking.map((s) => s.missingInput ?? `/${s.command}`))],
  };
}

/** The short notice posted instead of a digest with fewer than half its parts. */
export function unavailableNotice(report: Report): Report {
  const c = digestCompleteness(report);
  const m = messages(report.locale);
  return finishReport(
    'digest',
    {
      title: m.digest.unavailableTitle(m.f.date(String(report.data.asof ?? ''))),
      headline: m.digest.unavailableHeadline(c.answered, c.total, c.missing.join(', ')),
      tone: 'missing',
      fields: [],
      notes: [m.digest.unavailableNote],
      data: { unavailable: true, answered: c.answered, total: c.total, missing: c.missing, asof: report.data.asof },
      used: [],
      stamps: report.sources,
    },
    { market: { demo: report.demo === true }, ...(report.locale ? { locale: report.locale } : {}) },
  );
}

export function changesBetween(
  now: readonly DigestSection[],
  before: readonly DigestSection[],
  parts: readonly Part[] = DIGEST_PARTS,
  m: Messages = messages('en'),
): DigestChange[] {
  const out: DigestChange[] = [];
  for (const s of now) {
    const prev = before.find((b) => b.command === s.command);
    const part = parts.find((p) => p.command === s.command);
    if (!prev || !part || s.error || prev.error) continue;
    for (const k of part.keys) {
      const a = s.data[k.name];
      const b = prev.data[k.name];
      if (a === null || a === undefined || b === null || b === undefined) continue;
      // Scores are shown rounded, so their change is the change of the rounded numbers (61 − 54 = +7).
      const shown = k.unit === 'score' ? Math.round(a) - Math.round(b) : a - b;
      out.push({ command: s.command, key: k.name, label: m.digest.key[k.name] ?? k.name, now: a, previous: b, delta: a - b, text: formatDelta(shown, k.unit, m) });
    }
  }
  return out;
}

/** The on-demand digest for `asof` (default: the latest session with data), from the parts in `list`. */
export async function buildDigest(ctx: Context, asof?: string, list: readonly Command[] = ctx.commands): Promise<Report> {
  const { date, anchor } = await digestDate(ctx, asof);
  const m = messages(ctx.locale);
  const { digest: d, f } = m;
  // No stored state: the previous digest is recomputed as of the previous KRX session, so the
  // comparison is the same whether or not a digest was posted (or the bot was running) that day.
  const previous = previousKrxSession(date);
  const [current, before] = await Promise.all([
    Promise.all(DIGEST_PARTS.map((p) => runPart(p, date, ctx, list))),
    Promise.all(DIGEST_PARTS.map((p) => runPart(p, previous, ctx, list, true))),
  ]);
  const sections = current.map((r) => r.section);
  const changes = changesBetween(sections, before.map((r) => r.section), DIGEST_PARTS, m);

  const fields: ReportField[] = DIGEST_PARTS.map((p, i) => {
    const s = sections[i]!;
    const label = partLabel(p, m);
    return s.error ? { label, value: s.error, tone: 'missing' } : { label, value: s.headline, tone: s.tone };
  });
  // One headline number per part, so the line stays readable.
  const firstChanges = DIGEST_PARTS.flatMap((p) => changes.filter((c) => c.command === p.command).slice(0, 1));
  if (firstChanges.length) {
    fields.push({ label: d.since(f.dateShort(previous)), value: firstChanges.map((c) => `${c.label} ${c.text}`).join(' · ') });
  }

  // "expiry today", a holiday or a BOK decision on the digest's date (src/data/marketCalendar.ts)
  const today = eventsOn(date, ctx.config.CALENDAR_CSV);
  if (today.length) fields.push({ label: m.calendar.lToday, value: today.map((e) => eventLabel(m, e)).join(' · ') });

  const stress = sections.find((s) => s.command === 'kospi-stress' && partAnswered(s));
  const answered = sections.filter((s) => partAnswered(s));
  const lacking = sections.filter((s) => !partAnswered(s));
  // The stress regime leads; a missing part never leaves the whole digest calm (DESIGN.md: no data is its own tone).
  const tone: Tone = stress
    ? lacking.length && stress.tone === 'calm' ? 'missing' : stress.tone
    : overallTone(sections.map((s) => (partAnswered(s) ? s.tone : 'missing')));
  const score = stress?.data.score;
  const scoreChange = changes.find((c) => c.command === 'kospi-stress' && c.key === 'score');
  const noData = lacking.length ? d.noData(lacking.map((s) => `/${s.command}`).join(', ')) : '';
  const headline =
    score !== null && score !== undefined
      ? d.headline(Math.round(score), m.common.tone[stress!.tone], scoreChange?.text, f.dateShort(previous)) + (noData ? `; ${noData}` : '')
      : d.noScore(answered.length, sections.length, noData);

  const notes = [...sections.filter((s) => s.error).map((s) => `/${s.command}: ${s.error}`), d.compare(f.dateShort(previous))];
  notes.push(d.detailCharts(DIGEST_PARTS.map((p) => `/${p.command}`).join(', ')));
  return finishReport(
    'digest',
    {
      title: d.title(f.date(date)),
      headline,
      tone,
      fields,
      notes,
      charts: [dashboard(date, headline, current, m)],
      data: { asof: date, previous, sections, changes, today },
      used: [],
      // the parts' own stamps, stale ones included: finishing says each stale source once
      stamps: mergeSources(current.flatMap((r) => r.report?.sources ?? [])),
      dates: { asked: asof, answered: date, anchor },
    },
    ctx,
  );
}

/**
 * ONE image of the morning: a small multiple per part (score and regime, VKOSPI/VIX, correlation, flows,
 * theta, basket), each titled with the part's name and its headline number; the detail charts come on request.
 */
function dashboard(date: string, headline: string, runs: readonly PartRun[], m: Messages): ChartSpec {
  const { digest: d, f } = m;
  const panels: ChartPanel[] = DIGEST_PARTS.map((part, i) => {
    const run = runs[i]!;
    const first = part.keys[0]!;
    const value = run.section.data[first.name];
    const number = value === null || value === undefined ? '' : `: ${formatValue(value, first.unit, m)}`;
    const panel = run.report ? part.panel(run.report) : undefined;
    const label = partLabel(part, m);
    if (!panel) return { kind: 'line', labels: [], series: [], title: `${label}: ${run.section.error ? d.panelUnavailable : d.noChart}` };
    return { ...panel, weight: 1, title: `${label}${number}` };
  });
  return {
    title: d.title(f.date(date)),
    subtitle: headline,
    ...DIGEST_CHART,
    columns: 2,
    panels,
    // finishing writes the sources' footer, as on every chart
    footer: '',
    ...(m.locale === 'en' ? {} : { locale: m.locale }),
  };
}

/** One stamp per symbol and source: the latest as-of any part read it at. */
function mergeSources(stamps: readonly SourceStamp[]): SourceStamp[] {
  const out = new Map<string, SourceStamp>();
  for (const s of stamps) {
    const k = `${s.symbol}|${s.source}`;
    const have = out.get(k);
    if (!have || s.asOf > have.asOf) out.set(k, s);
  }
  return [...out.values()];
}
