// The morning picture /digest answers with: the headline of every stress command in one answer,
// and what changed since the previous KRX session.
import type { ChartPanel, ChartSpec, Command, Context, Report, ReportField, Series, SourceStamp, Tone } from '../core/types.ts';
import { DataError, UsageError } from '../core/errors.ts';
import { finishReport, overallTone } from './report.ts';
import { messages, type Messages } from '../core/i18n/index.ts';
import { pointsUpTo } from '../analytics/series.ts';
import { latestCompleteSession, previousKrxSession, seoulDate } from '../data/calendar.ts';
import { eventLabel, eventsOn } from './calendar.ts';

type Unit = 'score' | 'ratio' | 'pct' | 'usd' | 'krw' | 'days';

interface Part {
  command: string;
  label: string;
  /** The part's key numbers: name in the digest, how the change reads, dotted path in the command's `data`. The first one is the part's headline number. */
  keys: { name: string; label: string; path: string; unit: Unit }[];
}

/** The digest's parts, in the order shown. Each runs with its schema's defaults and the digest's asof. */
/** The morning dashboard: two columns of small multiples, tall enough for a phone held upright. */
export const DIGEST_CHART = { width: 1200, height: 1500 };

export const DIGEST_PARTS: readonly Part[] = [
  {
    command: 'kospi-stress',
    label: 'Stress',
    keys: [
      { name: 'score', label: 'score', path: 'score', unit: 'score' },
      { name: 'drawdown', label: 'drawdown', path: 'drawdown52w', unit: 'pct' },
      { name: 'return21d', label: '21d return', path: 'return21d', unit: 'pct' },
      { name: 'vol21d', label: '21d vol', path: 'realizedVol21d.kospi', unit: 'pct' },
    ],
  },
  {
    command: 'gamma',
    label: 'ETF flow per 1 %',
    keys: [
      { name: 'flowUsd', label: 'flow', path: 'totalFlowUsd', unit: 'usd' },
      { name: 'flowKrw', label: 'flow ₩', path: 'totalFlowKrw', unit: 'krw' },
      { name: 'flowPctOfTurnover', label: 'flow/turnover', path: 'flowPctOfTurnover', unit: 'pct' },
    ],
  },
  {
    command: 'vol-ratio',
    label: 'VKOSPI / VIX',
    keys: [
      { name: 'ratio', label: 'VKOSPI/VIX', path: 'ratio', unit: 'ratio' },
      { name: 'zScore', label: 'z', path: 'zScore', unit: 'ratio' },
      { name: 'percentile', label: 'percentile', path: 'percentile', unit: 'pct' },
    ],
  },
  {
    command: 'corr',
    label: 'KOSPI–NDX corr',
    keys: [
      { name: 'corr', label: 'corr', path: 'corr', unit: 'ratio' },
      { name: 'beta', label: 'beta', path: 'beta', unit: 'ratio' },
      { name: 'volAmplification', label: 'vol amplification', path: 'volAmplification', unit: 'ratio' },
    ],
  },
  {
    command: 'theta',
    label: 'Theta at today’s IV',
    keys: [
      { name: 'thetaPerDayKrw', label: 'theta/day', path: 'thetaPerDay', unit: 'krw' },
      { name: 'iv', label: 'IV', path: 'iv', unit: 'pct' },
      { name: 'thetaPctOfPremium', label: 'theta % of premium', path: 'thetaPctOfPremium', unit: 'pct' },
      { name: 'daysToHalfPremium', label: 'days to half premium', path: 'daysToHalfPremium', unit: 'days' },
    ],
  },
  {
    command: 'ai-basket',
    label: 'AI basket',
    keys: [
      { name: 'relVsNdx1m', label: 'basket vs NDX 1m', path: 'basket.relVsNdx1m', unit: 'pct' },
      { name: 'return1m', label: 'basket 1m', path: 'basket.return1m', unit: 'pct' },
      { name: 'relVsSox1m', label: 'basket vs SOX 1m', path: 'basket.relVsSox1m', unit: 'pct' },
      { name: 'dispersion1m', label: 'dispersion 1m', path: 'dispersion1m', unit: 'pct' },
    ],
  },
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

function pick(data: Record<string, unknown>, path: string): number | null {
  let cur: unknown = data;
  for (const k of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return typeof cur === 'number' && Number.isFinite(cur) ? cur : null;
}

const signed = (x: number, s: string): string => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${s}`;

/** A change in the part's own unit: score points, ratio, percentage points, money, days. */
export function formatDelta(delta: number, unit: Unit, m: Messages = messages('en')): string {
  const a = Math.abs(delta);
  switch (unit) {
    case 'score':
      return signed(Math.round(delta), String(Math.round(a)));
    case 'ratio':
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
function formatValue(v: number, unit: Unit, m: Messages = messages('en')): string {
  switch (unit) {
    case 'score':
      return `${Math.round(v)}/100`;
    case 'ratio':
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

const stripDemo = (headline: string): string => headline.replace(/^DEMO · /, '');

interface PartRun {
  section: DigestSection;
  report?: Report;
}

async function runPart(part: Part, asof: string, ctx: Context, list: readonly Command[]): Promise<PartRun> {
  const d = messages(ctx.locale).digest;
  const failed = (error: string, missingInput?: string): PartRun => ({
    section: { command: part.command, headline: '', tone: 'missing', data: {}, error, ...(missingInput ? { missingInput } : {}) },
  });
  const command = list.find((c) => c.name === part.command);
  if (!command) return failed(d.partMissing(part.command));
  const parsed = command.args.safeParse('asof' in command.args.shape ? { asof } : {});
  if (!parsed.success) return failed(d.partArgs(part.command, parsed.error.issues[0]?.message ?? 'invalid'));
  try {
    const report = await command.run(parsed.data, ctx);
    const data = Object.fromEntries(part.keys.map((k) => [k.name, pick(report.data, k.path)]));
    return { report, section: { command: part.command, headline: stripDemo(report.headline), tone: report.tone, data } };
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
    const last = pointsUpTo(kospi.points, asof ?? seoulDate(ctx.now)).at(-1);
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

/** How complete a digest report is, and which inputs its missing parts lacked (for the "data unavailable" notice). */
export function digestCompleteness(report: Report): { answered: number; total: number; missing: string[] } {
  const sections = (report.data.sections ?? []) as DigestSection[];
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
  const kept = new Set([m.common.demoNote, m.common.caveat]);
  return {
    command: 'digest',
    title: m.digest.unavailableTitle(m.f.date(String(report.data.asof ?? ''))) + (report.title.endsWith(' [DEMO]') ? ' [DEMO]' : ''),
    headline: m.digest.unavailableHeadline(c.answered, c.total, c.missing.join(', ')),
    tone: 'missing',
    fields: [],
    notes: [m.digest.unavailableNote, ...report.notes.filter((n) => kept.has(n))],
    ...(report.locale ? { locale: report.locale } : {}),
    charts: [],
    data: { unavailable: true, answered: c.answered, total: c.total, missing: c.missing, asof: report.data.asof },
    sources: report.sources,
  };
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
      out.push({ command: s.command, key: k.name, label: m.digest.key[k.name] ?? k.label, now: a, previous: b, delta: a - b, text: formatDelta(shown, k.unit, m) });
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
    Promise.all(DIGEST_PARTS.map((p) => runPart(p, previous, ctx, list))),
  ]);
  const sections = current.map((r) => r.section);
  const changes = changesBetween(sections, before.map((r) => r.section), DIGEST_PARTS, m);

  const fields: ReportField[] = DIGEST_PARTS.map((p, i) => {
    const s = sections[i]!;
    const label = d.part[p.command] ?? p.label;
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
  const sources = mergeSources(current.flatMap((r) => r.report?.sources ?? []));
  const charts = [dashboard(date, headline, current, sources, ctx.market.demo, m)];
  notes.push(d.detailCharts(DIGEST_PARTS.map((p) => `/${p.command}`).join(', ')));
  const report = finishReport(
    'digest',
    {
      title: d.title(f.date(date)),
      headline,
      tone,
      fields,
      notes: [...notes, ...sources.filter((s) => s.stale).map((s) => m.common.stale(s.symbol, s.source, s.stale!))],
      charts,
      data: { asof: date, previous, sections, changes, today },
      used: [],
      dates: { asked: asof, answered: date, ...(anchor ? { anchor } : {}) },
    },
    ctx,
  );
  return { ...report, sources };
}

/** Which panel of each part's chart stands for it on the dashboard. */
const DASHBOARD_PANEL: Record<string, (r: Report) => ChartPanel | undefined> = {
  'kospi-stress': (r) => r.charts[0]?.panels.at(-1),
  gamma: (r) => r.charts[0]?.panels[0],
  'vol-ratio': (r) => r.charts[0]?.panels[0],
  corr: (r) => r.charts[0]?.panels[1],
  theta: (r) => r.charts[0]?.panels[0],
  'ai-basket': (r) => r.charts[0]?.panels[0],
};

/**
 * ONE image of the morning: a small multiple per part (score and regime, VKOSPI/VIX, correlation, flows,
 * theta, basket), each titled with the part's name and its headline number; the detail charts come on request.
 */
function dashboard(date: string, headline: string, runs: readonly PartRun[], sources: readonly SourceStamp[], demo: boolean, m: Messages): ChartSpec {
  const { digest: d, common: c, f } = m;
  const panels: ChartPanel[] = DIGEST_PARTS.map((part, i) => {
    const run = runs[i]!;
    const first = part.keys[0]!;
    const value = run.section.data[first.name];
    const number = value === null || value === undefined ? '' : `: ${formatValue(value, first.unit, m)}`;
    const panel = run.report ? DASHBOARD_PANEL[part.command]?.(run.report) : undefined;
    const label = d.part[part.command] ?? part.label;
    if (!panel) return { kind: 'line', labels: [], series: [], title: `${label}: ${run.section.error ? d.panelUnavailable : d.noChart}` };
    return { ...panel, weight: 1, title: `${label}${number}` };
  });
  const asOf = sources.map((s) => `${s.symbol} ${f.dateShort(s.asOf)}`).join(', ');
  return {
    title: d.title(f.date(date)),
    subtitle: headline,
    ...DIGEST_CHART,
    columns: 2,
    panels,
    footer: c.footer(asOf, [...new Set(sources.map((s) => s.source))].join(', ')) + (demo ? c.demoFooter : ''),
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
