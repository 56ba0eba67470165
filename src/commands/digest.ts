// /digest: the morning picture (the headline of every stress command in one answer, and what
// changed since the previous KRX session), and the channel's subscription to it.
import { z } from 'zod';
import type { ChartPanel, ChartSpec, Command, Context, Report, ReportField, Series, SourceStamp, Tone } from '../core/types.ts';
import { DataError, UsageError } from '../core/errors.ts';
import { asof as asofArg, num } from './args.ts';
import { finishReport, overallTone } from './report.ts';
import { messages, type Messages } from '../core/i18n/index.ts';
import { pointsUpTo } from '../analytics/series.ts';
import { latestCompleteSession, previousKrxSession, seoulDate } from '../data/calendar.ts';
import type { DigestAccess, Subscription } from '../core/ports.ts';

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
      data: { asof: date, previous, sections, changes },
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

// ---- subscriptions ------------------------------------------------------------------------

const ACTIONS = ['subscribe', 'unsubscribe', 'status', 'alert'] as const;
const EXAMPLE_SUB = '/digest subscribe time=08:30';
const EXAMPLE_ALERT = '/digest alert score>=80';

const args = z.object({
  action: z
    .enum(ACTIONS, { error: 'expected subscribe, unsubscribe, status or alert' })
    .optional()
    .describe('subscribe | unsubscribe | status | alert (none: the digest now)'),
  value: z.string().max(20).optional().describe('subscribe: a time HH:MM; alert: a score or off'),
  time: z.string().max(10).optional().describe(`subscribe: HH:MM in DIGEST_TZ (default the DIGEST_CRON time)`),
  // `score>=80` reaches the parser as key "score>" (its first "=" splits it).
  'score>': num.optional().describe('alert: post once a day when the stress score reaches this (0-100)'),
  asof: asofArg,
});

function platformChannel(ctx: Context, action: string): string {
  const channel = ctx.channel;
  if (!channel || !/^(slack|discord):./.test(channel)) {
    throw new UsageError(messages(ctx.locale).digest.err.where(action, EXAMPLE_SUB));
  }
  return channel;
}

function digestOf(ctx: Context): DigestAccess {
  if (!ctx.digest) throw new UsageError(messages(ctx.locale).digest.err.noStore);
  return ctx.digest;
}

function describeSub(sub: Subscription | undefined, ctx: Context, { schedule }: DigestAccess): { digest: string; alert: string; next?: string } {
  const tz = ctx.config.DIGEST_TZ;
  const d = messages(ctx.locale).digest;
  // A row may hold only the channel's settings (/stress-settings): that is no subscription.
  if (!sub || (!sub.digest && sub.alertScore === null)) return { digest: d.notSubscribed, alert: d.noAlert };
  const fixedTime = sub.time ?? schedule.cronTime(ctx.config.DIGEST_CRON);
  const when = fixedTime ? `${fixedTime} ${tz}` : `${ctx.config.DIGEST_CRON} (cron) ${tz}`;
  let next: string | undefined;
  if (sub.digest) {
    const cron = sub.time ? schedule.cronAt(ctx.config.DIGEST_CRON, sub.time) : ctx.config.DIGEST_CRON;
    const run = schedule.nextRuns(seoulDate(ctx.now), 3, cron, tz).find((d) => d.getTime() > ctx.now.getTime());
    if (run) next = schedule.formatWithOffset(run, tz);
  }
  return {
    digest: sub.digest ? d.every(when) : d.alertOnly,
    alert: sub.alertScore === null ? d.noAlert : d.alertAt(sub.alertScore.toFixed(0)),
    ...(next ? { next } : {}),
  };
}

function plain(ctx: Context, title: string, headline: string, fields: ReportField[], data: Record<string, unknown>): Report {
  return { command: 'digest', title, headline, tone: 'calm', fields, notes: [], charts: [], data, sources: [], ...(ctx.locale ? { locale: ctx.locale } : {}) };
}

type Action = (typeof ACTIONS)[number];

async function manage(a: z.infer<typeof args>, action: Action, ctx: Context): Promise<Report> {
  const t = messages(ctx.locale).digest;
  if (a.asof) throw new UsageError(t.err.asof(action));
  const channel = platformChannel(ctx, action);
  const digest = digestOf(ctx);
  const { store } = digest;
  switch (action) {
    case 'subscribe': {
      if (a['score>'] !== undefined) throw new UsageError(t.err.subTakesTime(EXAMPLE_SUB));
      const raw = a.time ?? a.value;
      const time = raw === undefined ? null : digest.schedule.normalizeTime(raw);
      if (time === undefined) throw new UsageError(t.err.badTime(raw!, EXAMPLE_SUB));
      const sub = await store.subscribe(channel, { time, ...(ctx.user ? { by: ctx.user } : {}) });
      const d = describeSub(sub, ctx, digest);
      return plain(
        ctx,
        t.subTitle,
        t.subscribed(d.digest, d.next),
        [{ label: t.lDigest, value: d.digest }, ...(d.next ? [{ label: t.lNext, value: d.next }] : []), { label: t.lAlert, value: d.alert }],
        { action, channel, subscription: sub, next: d.next ?? null },
      );
    }
    case 'unsubscribe': {
      const had = await store.unsubscribe(channel);
      return plain(
        ctx,
        t.subTitle,
        had ? t.unsubscribed : t.wasNot,
        [],
        { action, channel, removed: had },
      );
    }
    case 'status': {
      const sub = await store.get(channel);
      const d = describeSub(sub, ctx, digest);
      const posts = await store.recentPosts(channel, 5);
      return plain(
        ctx,
        t.subTitle,
        sub && (sub.digest || sub.alertScore !== null) ? t.status(d.digest, d.alert) : t.statusNone,
        [
          { label: t.lDigest, value: d.digest },
          ...(d.next ? [{ label: t.lNext, value: d.next }] : []),
          { label: t.lAlert, value: d.alert },
          { label: t.lPosts, value: posts.length ? posts.map((p) => `${p.day} ${p.kind} ${p.status}`).join(' · ') : t.noPosts },
        ],
        { action, channel, subscription: sub ?? null, next: d.next ?? null, posts },
      );
    }
    case 'alert': {
      if (a.time !== undefined) throw new UsageError(t.err.alertTakesScore(EXAMPLE_ALERT));
      const off = a.value?.toLowerCase() === 'off';
      const raw = a['score>'] ?? (a.value !== undefined && !off ? num.safeParse(a.value).data : undefined);
      if (!off && raw === undefined) throw new UsageError(t.err.alertNeeds(EXAMPLE_ALERT));
      if (raw !== undefined && !(raw >= 0 && raw <= 100)) throw new UsageError(t.err.alertRange(String(raw), EXAMPLE_ALERT));
      const score = off || raw === undefined ? null : raw;
      const sub = await store.setAlert(channel, score, ctx.user);
      const d = describeSub(sub, ctx, digest);
      return plain(
        ctx,
        t.alertTitle,
        score === null ? t.alertCleared : t.alertSet(score.toFixed(0)),
        [{ label: t.lAlert, value: d.alert }, { label: t.lDigest, value: d.digest }],
        { action, channel, alertScore: sub?.alertScore ?? null },
      );
    }
  }
}

export const digest: Command<typeof args> = {
  name: 'digest',
  summary: 'The morning picture: every stress headline in one answer and what changed since the previous session; subscribe a channel to it.',
  args,
  positional: ['action', 'value'],
  personal: (a) => a.action !== undefined,
  examples: ['/digest', EXAMPLE_SUB, EXAMPLE_ALERT, '/digest status', '/digest unsubscribe', '/digest asof=2025-04-07'],
  explains: [
    'Stress: /kospi-stress score 0-100 and regime; ETF flow: /gamma at move=1 (leveraged/inverse ETF rebalancing per 1 % KOSPI move).',
    'VKOSPI / VIX: /vol-ratio over 1y; KOSPI–NDX corr: /corr 60d; Theta: /theta for a 30-day ATM call at today’s IV; AI basket: /ai-basket 1m relative move.',
    'Since <date>: the same numbers recomputed as of the previous KRX session, and the change (score points, pp for percentages).',
    'Subscribed channels get it on KRX trading days at DIGEST_CRON in DIGEST_TZ (08:30 Seoul by default), or at their own time=.',
    'Alert: once a day per channel, checked every 15 minutes during KRX hours, when the stress score is at or above the threshold.',
  ],
  async run(a, ctx) {
    if (a.action) return manage(a, a.action, ctx);
    if (a.value !== undefined || a.time !== undefined || a['score>'] !== undefined) {
      throw new UsageError(messages(ctx.locale).digest.err.stray);
    }
    return buildDigest(ctx, a.asof);
  },
};
