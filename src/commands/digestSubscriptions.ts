// /digest subscribe | unsubscribe | status | alert: a channel's subscription to the digest, through
// the store and schedule the process hands over as ctx.digest.
import type { Context, Report, ReportField } from '../core/types.ts';
import type { DigestAccess, PostRecord, Subscription } from '../core/ports.ts';
import { UsageError } from '../core/errors.ts';
import { num } from './args.ts';
import { fixed } from './report.ts';
import { seoulDate } from '../data/calendar.ts';

export const ACTIONS = ['subscribe', 'unsubscribe', 'status', 'alert'] as const;
export const EXAMPLE_SUB = '/digest subscribe time=08:30';
export const EXAMPLE_ALERT = '/digest alert score>=80';

/** What a subscription ask carries (the /digest arguments other than the action). */
export interface SubscriptionAsk {
  value?: string;
  time?: string;
  'score>'?: number;
  asof?: string;
}

function platformChannel(ctx: Context, action: string): string {
  const channel = ctx.channel;
  if (!channel || !/^(slack|discord):./.test(channel)) {
    throw new UsageError(`/digest ${action}: subscribe works in a Slack or Discord channel. Example: ${EXAMPLE_SUB}`);
  }
  return channel;
}

function digestOf(ctx: Context): DigestAccess {
  if (!ctx.digest) throw new UsageError('/digest: subscriptions are not available here (the bot runs without its store). Example: /digest');
  return ctx.digest;
}

function describeSub(sub: Subscription | undefined, ctx: Context, { schedule }: DigestAccess): { digest: string; alert: string; next?: string } {
  const tz = ctx.config.DIGEST_TZ;
  if (!sub) return { digest: 'not subscribed', alert: 'none' };
  const fixedTime = sub.time ?? schedule.cronTime(ctx.config.DIGEST_CRON);
  const when = fixedTime ? `${fixedTime} ${tz}` : `${ctx.config.DIGEST_CRON} (cron) ${tz}`;
  let next: string | undefined;
  if (sub.digest) {
    const cron = sub.time ? schedule.cronAt(ctx.config.DIGEST_CRON, sub.time) : ctx.config.DIGEST_CRON;
    const run = schedule.nextRuns(seoulDate(ctx.now), 3, cron, tz).find((d) => d.getTime() > ctx.now.getTime());
    if (run) next = schedule.formatWithOffset(run, tz);
  }
  return {
    digest: sub.digest ? `every KRX trading day at ${when}` : 'not subscribed (alert only)',
    alert: sub.alertScore === null ? 'none' : `stress score ≥ ${fixed(sub.alertScore, 0)}, once a day during KRX hours`,
    ...(next ? { next } : {}),
  };
}

/** A ledger row as a user reads it: a failure or a give-up says why, an unfinished post says it is being resumed. */
function describePost(p: PostRecord): string {
  const base = `${p.day} ${p.kind}`;
  if (p.status === 'failed') return `${base} failed (${p.error ?? 'no reason recorded'})`;
  if (p.status === 'pending') {
    const parts = Object.keys(p.parts ?? {});
    return `${base} pending (being sent or resumed${parts.length ? `; delivered so far: ${parts.join(', ')}` : ''})`;
  }
  return `${base} ${p.status}`;
}

function plain(title: string, headline: string, fields: ReportField[], data: Record<string, unknown>): Report {
  return { command: 'digest', title, headline, tone: 'calm', fields, notes: [], charts: [], data, sources: [] };
}

export type Action = (typeof ACTIONS)[number];

/** Subscription answers also say what happened to the store itself (e.g. a damaged file moved aside). */
export async function manage(a: SubscriptionAsk, action: Action, ctx: Context): Promise<Report> {
  const report = await manageAction(a, action, ctx);
  const notice = ctx.digest?.store.notice?.();
  return notice ? { ...report, notes: [...report.notes, notice] } : report;
}

async function manageAction(a: SubscriptionAsk, action: Action, ctx: Context): Promise<Report> {
  if (a.asof) throw new UsageError(`/digest ${action}: asof= only replays the digest itself. Example: /digest asof=2025-04-07`);
  const channel = platformChannel(ctx, action);
  const digest = digestOf(ctx);
  const { store } = digest;
  if ((action === 'subscribe' || action === 'unsubscribe') && a.value?.toLowerCase() === 'closeflow') {
    // the 15:00 close-flow warning (src/digest/closeflow.ts), kept with the channel's alerts
    if (!digest.alerts) throw new UsageError('/digest subscribe closeflow: not available here (the bot runs without its alert store). Example: /digest subscribe');
    const on = action === 'subscribe';
    await digest.alerts.setCloseflow(channel, on);
    const when = `${ctx.config.CLOSEFLOW_TIME} Seoul`;
    return plain(
      'Close-flow warning',
      on ? `This channel gets the close-flow warning at ${when} on KRX trading days: the leveraged/inverse ETF rebalancing at today's move so far.` : 'This channel no longer gets the close-flow warning.',
      [{ label: 'Close-flow warning', value: on ? `every KRX trading day at ${when}` : 'off' }],
      { action, channel, closeflow: on },
    );
  }
  switch (action) {
    case 'subscribe': {
      if (a['score>'] !== undefined) throw new UsageError(`/digest subscribe takes time=, not score>=. Example: ${EXAMPLE_SUB}`);
      const raw = a.time ?? a.value;
      const time = raw === undefined ? null : digest.schedule.normalizeTime(raw);
      if (time === undefined) throw new UsageError(`/digest subscribe: time=${raw} is not a time HH:MM. Example: ${EXAMPLE_SUB}`);
      const sub = await store.subscribe(channel, { time, ...(ctx.user ? { by: ctx.user } : {}) });
      const d = describeSub(sub, ctx, digest);
      return plain(
        'Digest subscription',
        `This channel gets the morning stress digest ${d.digest}${d.next ? `; next ${d.next}` : ''}.`,
        [{ label: 'Digest', value: d.digest }, ...(d.next ? [{ label: 'Next', value: d.next }] : []), { label: 'Alert', value: d.alert }],
        { action, channel, subscription: sub, next: d.next ?? null },
      );
    }
    case 'unsubscribe': {
      const had = await store.unsubscribe(channel);
      return plain(
        'Digest subscription',
        had ? 'This channel no longer gets the digest or alerts.' : 'This channel was not subscribed.',
        [],
        { action, channel, removed: had },
      );
    }
    case 'status': {
      const sub = await store.get(channel);
      const d = describeSub(sub, ctx, digest);
      const posts = await store.recentPosts(channel, 5);
      return plain(
        'Digest subscription',
        sub ? `Digest: ${d.digest}. Alert: ${d.alert}.` : 'This channel is not subscribed. Try /digest subscribe.',
        [
          { label: 'Digest', value: d.digest },
          ...(d.next ? [{ label: 'Next', value: d.next }] : []),
          { label: 'Alert', value: d.alert },
          { label: 'Recent posts', value: posts.length ? posts.map(describePost).join(' · ') : 'none' },
        ],
        { action, channel, subscription: sub ?? null, next: d.next ?? null, posts },
      );
    }
    case 'alert': {
      if (a.time !== undefined) throw new UsageError(`/digest alert takes score>=, not time=. Example: ${EXAMPLE_ALERT}`);
      const off = a.value?.toLowerCase() === 'off';
      const raw = a['score>'] ?? (a.value !== undefined && !off ? num.safeParse(a.value).data : undefined);
      if (!off && raw === undefined) throw new UsageError(`/digest alert: give a threshold, or off. Example: ${EXAMPLE_ALERT}`);
      if (raw !== undefined && !(raw >= 0 && raw <= 100)) throw new UsageError(`/digest alert: score>=${raw} must be between 0 and 100. Example: ${EXAMPLE_ALERT}`);
      const score = off || raw === undefined ? null : raw;
      const sub = await store.setAlert(channel, score, ctx.user);
      const d = describeSub(sub, ctx, digest);
      return plain(
        'Digest alert',
        score === null ? 'Stress alert cleared for this channel.' : `This channel gets an alert once a day when the KOSPI stress score reaches ${fixed(score, 0)}.`,
        [{ label: 'Alert', value: d.alert }, { label: 'Digest', value: d.digest }],
        { action, channel, alertScore: sub?.alertScore ?? null },
      );
    }
  }
}
