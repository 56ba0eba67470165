// /digest subscribe | unsubscribe | status | alert: a channel's subscription to the digest, through
// the store and schedule the process hands over as ctx.digest.
import type { Context, Report, ReportField } from '../core/types.ts';
import type { DigestAccess, PostRecord, Subscription } from '../core/ports.ts';
import { UsageError } from '../core/errors.ts';
import { num } from './args.ts';
import { messages, type Messages } from '../core/i18n/index.ts';
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

/** A ledger row as a user reads it: a failure or a give-up says why, an unfinished post says it is being resumed. */
function describePost(p: PostRecord, t: Messages['digest']): string {
  const base = `${p.day} ${t.post.kind[p.kind] ?? p.kind}`;
  if (p.status === 'failed') return t.post.failed(base, p.error ?? undefined);
  if (p.status === 'pending') {
    const parts = Object.keys(p.parts ?? {});
    return t.post.pending(base, parts.length ? parts.join(', ') : undefined);
  }
  return `${base} ${t.post.status[p.status] ?? p.status}`;
}

function plain(ctx: Context, title: string, headline: string, fields: ReportField[], data: Record<string, unknown>): Report {
  return { command: 'digest', title, headline, tone: 'calm', fields, notes: [], charts: [], data, sources: [], ...(ctx.locale ? { locale: ctx.locale } : {}) };
}

export type Action = (typeof ACTIONS)[number];

/** Subscription answers also say what happened to the store itself (e.g. a damaged file moved aside). */
export async function manage(a: SubscriptionAsk, action: Action, ctx: Context): Promise<Report> {
  const report = await manageAction(a, action, ctx);
  const notice = ctx.digest?.store.notice?.();
  return notice ? { ...report, notes: [...report.notes, notice] } : report;
}

async function manageAction(a: SubscriptionAsk, action: Action, ctx: Context): Promise<Report> {
  const t = messages(ctx.locale).digest;
  if (a.asof) throw new UsageError(t.err.asof(action));
  const channel = platformChannel(ctx, action);
  const digest = digestOf(ctx);
  const { store } = digest;
  if ((action === 'subscribe' || action === 'unsubscribe') && a.value?.toLowerCase() === 'closeflow') {
    // the 15:00 close-flow warning (src/digest/closeflow.ts), kept with the channel's alerts
    if (!digest.alerts) throw new UsageError(t.closeflow.noStore);
    const on = action === 'subscribe';
    await digest.alerts.setCloseflow(channel, on, ctx.workspace);
    const when = t.closeflow.when(ctx.config.CLOSEFLOW_TIME);
    return plain(
      ctx,
      t.closeflow.title,
      on ? t.closeflow.on(when) : t.closeflow.off,
      [{ label: t.closeflow.title, value: on ? t.closeflow.every(when) : t.closeflow.offValue }],
      { action, channel, closeflow: on },
    );
  }
  switch (action) {
    case 'subscribe': {
      if (a['score>'] !== undefined) throw new UsageError(t.err.subTakesTime(EXAMPLE_SUB));
      const raw = a.time ?? a.value;
      const time = raw === undefined ? null : digest.schedule.normalizeTime(raw);
      if (time === undefined) throw new UsageError(t.err.badTime(raw!, EXAMPLE_SUB));
      const sub = await store.subscribe(channel, { time, ...(ctx.user ? { by: ctx.user } : {}), workspace: ctx.workspace });
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
          { label: t.lPosts, value: posts.length ? posts.map((p) => describePost(p, t)).join(' · ') : t.noPosts },
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
      const sub = await store.setAlert(channel, score, ctx.user, ctx.workspace);
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
