// The morning digest and intraday alerts: a croner tick every minute finds the subscriptions that
// are due, and each (channel, KRX date, kind) is posted once. The store's ledger is the authority:
// a post is claimed with INSERT … ON CONFLICT DO NOTHING before anything is sent (exactly once
// across replicas sharing PostgreSQL, Redis or not); the Redis lock only spares replicas the race.
// Each post is a resumable job (an outbox): the poster records every part as it lands (headline,
// answer, charts), and a retry or a resumption first asks the platform what already arrived.
import { Cron } from 'croner';
import type { Config } from '../config.ts';
import type { Report } from '../core/types.ts';
import type { Core } from '../core/pipeline.ts';
import type { Logger } from '../infra/log.ts';
import { isKrxTradingDay, krxCloseAt, krxOpenAt, seoulDate, zonedTime, SEOUL_TZ } from '../data/calendar.ts';
import { cronAt, firstRunOn, krxDateOfRun, runDeadline } from './schedule.ts';
import { postKeyOf, StoreUnavailableError, type DigestStore, type PostKey, type PostKind, type PostRecord, type Subscription } from './store.ts';
import { localLock, redisLock, type DigestLock } from './lock.ts';
import { messages, parseLocale, type Locale } from '../core/i18n/index.ts';
import { ownerFor, type Owner } from './replica.ts';
import { digestCompleteness, unavailableNotice } from '../commands/digestPicture.ts';
import { kospiStressSummary } from '../commands/kospiStress.ts';

/** One post being delivered: what already reached the platform, and how to record the next part. */
export interface PostJob {
  /** `kind:platform:channel:day`: carried in the messages (Slack metadata, Discord nonce) to find them again. */
  readonly id: string;
  /** Parts already recorded as delivered: name → platform reference. */
  readonly delivered: Readonly<Record<string, string>>;
  /** An earlier attempt may have delivered parts it never recorded (a lost response, a crash): look before sending. */
  readonly uncertain: boolean;
  /** Records a part as delivered; throws when this process no longer holds the post. */
  record(part: string, ref: string): Promise<void>;
}

/** Implemented by each platform adapter: delivers the parts of `report` not yet delivered in `channel`. */
export interface DigestPoster {
  platform: 'slack' | 'discord';
  /** `channel` is the platform's own id, without the 'slack:' / 'discord:' prefix. */
  post(channel: string, report: Report, job: PostJob): Promise<void>;
}

export interface PostResult {
  channel: string;
  day: string;
  kind: PostKind;
  status: 'sent' | 'failed';
  attempts: number;
}

export interface DigestSchedulerOptions {
  core: Pick<Core, 'ask' | 'log'>;
  store: DigestStore;
  posters: readonly DigestPoster[];
  config: Pick<Config, 'DIGEST_CRON' | 'DIGEST_TZ' | 'REDIS_URL'>;
  now?: () => Date;
  /** Default: a Redis lock on the process’s shared client when REDIS_URL is set, else one process alone. */
  lock?: DigestLock;
  /** Attempts per post and the first back-off; the wait doubles after each failure. */
  retry?: { attempts: number; baseMs: number };
  /** Who this process is (default: a random replica, which never reclaims at start). */
  owner?: Owner;
  /** How long a pending post stays this process's without a sign of life. */
  leaseMs?: number;
}

export interface DigestScheduler {
  /** The start-up run: resumes interrupted posts, then catches up (posts missed this morning while still before the KRX open). */
  readonly started: Promise<PostResult[]>;
  /** Posts every digest due at `now`; what the minute tick calls. */
  runDue(now: Date): Promise<PostResult[]>;
  /** Posts alerts whose threshold the stress score has reached, during KRX hours. */
  checkAlerts(now: Date): Promise<PostResult[]>;
  /** Resumes pending posts whose sender is gone (this replica's earlier life at start, or any whose lease passed). */
  resumePending(now: Date, atStart?: boolean): Promise<PostResult[]>;
  /** Stops the tick and waits for posts in flight. */
  stop(): Promise<void>;
}

export const DEFAULT_RETRY = { attempts: 3, baseMs: 5_000 };
/** How long a replica holds a post's lock while sending (covers every retry). */
export const HOLD_MS = 10 * 60_000;
/** How long the lock stays as the "done" mark after a post. */
export const DONE_MS = 36 * 3_600_000;
/** A pending post untouched this long was abandoned by its sender; each recorded part renews it. */
export const LEASE_MS = 2 * 60_000;
/** A post interrupted this many times is given up (with the reason in the ledger and the log). */
export const MAX_LIVES = 5;
export const ALERT_EVERY_MIN = 15;
/** A tick may land a little before its minute. */
const EARLY_MS = 1_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

class LostPostError extends Error {
  override name = 'LostPostError';
}

function splitChannel(channel: string): { platform: string; id: string } {
  const i = channel.indexOf(':');
  return { platform: channel.slice(0, i), id: channel.slice(i + 1) };
}

const describeParts = (parts: Record<string, string>): string => (Object.keys(parts).length ? Object.keys(parts).join(', ') : 'nothing');

export function startDigestScheduler(opts: DigestSchedulerOptions): DigestScheduler {
  const { core, store, posters, config } = opts;
  const log: Logger = core.log;
  const now = opts.now ?? (() => new Date());
  const owner = opts.owner ?? ownerFor(undefined);
  const ownLock = !opts.lock && config.REDIS_URL ? redisLock(config.REDIS_URL, { log, ...(owner.stable ? { token: owner.replica } : {}) }) : undefined;
  const lock = opts.lock ?? ownLock ?? localLock();
  const retry = opts.retry ?? DEFAULT_RETRY;
  const leaseMs = opts.leaseMs ?? LEASE_MS;
  const inFlight = new Set<Promise<unknown>>();
  /** Posts this process is sending now (the store cannot tell this process's live posts from dead ones). */
  const active = new Set<string>();
  /** Channels already warned about today for want of a poster (the tick comes every minute). */
  const unposted = new Set<string>();
  let storeDown: string | undefined;
  let lockDown = false;
  let stopped = false;
  /** This replica's posts left pending by its previous life are reclaimed until one pass over them has run. */
  let reclaimed = false;
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };

  /** Store trouble during a tick: logged once per outage, the tick tries again next minute. */
  function storeTrouble(err: unknown): [] {
    if (!(err instanceof StoreUnavailableError)) throw err;
    if (storeDown !== err.reason) log.error({ reason: err.reason }, 'digest: store unavailable, nothing posted until it is back');
    storeDown = err.reason;
    return [];
  }
  const storeBack = () => {
    if (storeDown) log.info('digest: store available again');
    storeDown = undefined;
  };

  async function answerOf(line: string): Promise<Report> {
    const o = await core.ask(line);
    if (o.kind !== 'answer') throw new Error(`${line} did not answer: ${o.message}`);
    return o.report;
  }

  /**
   * The digest to post: never one with fewer than half its parts. The sources get the same retries as
   * a post (the wait doubling); after the last, a short "data unavailable" notice naming them goes out instead.
   */
  async function digestToPost(line: string): Promise<Report> {
    let report: Report | undefined;
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      report = await answerOf(line);
      const c = digestCompleteness(report);
      if (c.answered * 2 >= c.total) return report;
      if (attempt < retry.attempts) {
        const wait = retry.baseMs * 2 ** (attempt - 1);
        log.warn({ answered: c.answered, total: c.total, missing: c.missing, attempt, retryInMs: wait }, 'digest has fewer than half its parts, retrying');
        await sleep(wait);
      }
    }
    const c = digestCompleteness(report!);
    log.warn({ answered: c.answered, total: c.total, missing: c.missing }, 'digest still has fewer than half its parts: posting a data-unavailable notice');
    return unavailableNotice(report!);
  }

  function posterFor(channel: string, day: string, kind: PostKind) {
    const { platform, id } = splitChannel(channel);
    const poster = posters.find((p) => p.platform === platform);
    if (!poster && !unposted.has(`${channel}|${day}`)) {
      unposted.add(`${channel}|${day}`);
      log.warn({ channel, kind }, 'no poster for this platform: digest not posted (is the adapter running?)');
    }
    return poster ? { poster, id } : undefined;
  }

  /** Sends a claimed (or taken over) post until it is delivered, failed, or no longer ours. */
  async function send(k: PostKey, poster: DigestPoster, target: string, report: () => Promise<Report>, from: { parts: Record<string, string>; uncertain: boolean; attempts: number }): Promise<PostResult | undefined> {
    const id = postKeyOf(k);
    const key = `${k.kind}:${k.channel}:${k.day}`;
    active.add(id);
    const parts = { ...from.parts };
    let uncertain = from.uncertain;
    let attempts = 0;
    let error: unknown;
    try {
      const r = await report();
      for (attempts = 1; attempts <= retry.attempts; attempts++) {
        const job: PostJob = {
          id,
          delivered: { ...parts },
          uncertain,
          record: async (part, ref) => {
            if (!(await store.recordPart(k, owner.id, part, ref, leaseMs))) throw new LostPostError(`${id} is held by another process now`);
            parts[part] = ref;
          },
        };
        try {
          await poster.post(target, r, job);
          await store.finish(k, owner.id, 'sent', from.attempts + attempts);
          await lock.extend(key, DONE_MS).catch((err: unknown) => log.warn({ err, key }, 'could not keep the digest lock'));
          log.info({ channel: k.channel, day: k.day, kind: k.kind, attempts: from.attempts + attempts, resumed: from.uncertain }, 'digest posted');
          return { ...k, status: 'sent', attempts: from.attempts + attempts };
        } catch (err) {
          if (err instanceof LostPostError) {
            log.warn({ channel: k.channel, day: k.day, kind: k.kind }, 'post taken over by another process: stopping here');
            return undefined;
          }
          if (err instanceof StoreUnavailableError) {
            // What was delivered may be unrecorded: left pending, resumed (looking first) once the store is back.
            log.error({ reason: err.reason, channel: k.channel, day: k.day, kind: k.kind, delivered: describeParts(parts) }, 'store unavailable while posting: left pending, resumed later');
            return undefined;
          }
          error = err;
          uncertain = true; // a failure may have been a lost response: the next attempt looks first
          if (attempts < retry.attempts) {
            const wait = retry.baseMs * 2 ** (attempts - 1);
            log.warn({ err, channel: k.channel, day: k.day, kind: k.kind, attempt: attempts, retryInMs: wait }, 'digest post failed, retrying');
            await sleep(wait);
            if (!(await store.renew(k, owner.id, leaseMs).catch(() => true))) return undefined;
          }
        }
      }
      attempts = retry.attempts;
    } catch (err) {
      if (err instanceof StoreUnavailableError) return undefined;
      error = err; // the report itself could not be made
    } finally {
      active.delete(id);
    }
    const message = error instanceof Error ? error.message : String(error);
    const total = from.attempts + attempts;
    const partly = Object.keys(parts).length ? ` (delivered: ${describeParts(parts)})` : '';
    await store.finish(k, owner.id, 'failed', total, `${message}${partly}`.slice(0, 500)).catch((err: unknown) => log.error({ err }, 'could not record the failure'));
    log.error({ err: error, channel: k.channel, day: k.day, kind: k.kind, attempts: total, delivered: describeParts(parts) }, `${k.kind} post failed${attempts ? ` after ${attempts} attempts` : ''}: not posted${partly}`);
    await lock.release(key).catch(() => undefined);
    return { ...k, status: 'failed', attempts: total };
  }

  async function deliver(sub: Subscription, day: string, kind: PostKind, report: () => Promise<Report>): Promise<PostResult | undefined> {
    const p = posterFor(sub.channel, day, kind);
    if (!p) return undefined;
    const k: PostKey = { channel: sub.channel, day, kind };
    const key = `${kind}:${sub.channel}:${day}`;
    try {
      if (!(await lock.acquire(key, HOLD_MS))) return undefined; // another replica has it
      lockDown = false;
    } catch (err) {
      // Redis down: the store's own claim below still lets exactly one writer of this store post it
      // (every replica, with a shared store; with a SQLite of each replica's own, give replicas DATABASE_URL).
      if (!lockDown) log.warn({ err, channel: sub.channel, day, kind, sharedStore: store.shared }, "digest lock unavailable: the store's claim decides");
      lockDown = true;
    }
    if (!(await store.claim(k, owner.id, leaseMs))) return undefined; // taken by another process, or earlier
    return send(k, p.poster, p.id, report, { parts: {}, uncertain: false, attempts: 0 });
  }

  const settle = async (items: Promise<PostResult | undefined>[]): Promise<PostResult[]> =>
    (await Promise.all(items)).filter((r): r is PostResult => r !== undefined);

  /** One digest per KRX date, shared by every channel due now. */
  /** The channel's /stress-settings language; a store that cannot say leaves the default. */
  async function langOf(channel: string): Promise<Locale | null> {
    try {
      return parseLocale(await store.setting(channel, 'lang')) ?? null;
    } catch (err) {
      log.warn({ err, channel }, 'channel language unavailable: posting in the default language');
      return null;
    }
  }

  /** One digest per KRX date and language, shared by every channel due now. */
  function digestReports() {
    const reports = new Map<string, Promise<Report>>();
    return (day: string, lang: Locale | null) => () => {
      const key = `${day}|${lang ?? ''}`;
      let p = reports.get(key);
      if (!p) reports.set(key, (p = digestToPost(lang ? `/digest lang=${lang}` : '/digest')));
      return p;
    };
  }

  function runDue(at: Date): Promise<PostResult[]> {
    return track(
      (async () => {
        const due: { sub: Subscription; day: string }[] = [];
        for (const sub of await store.list()) {
          if (!sub.digest) continue;
          const run = firstRunOn(at, cronAt(config.DIGEST_CRON, sub.time), config.DIGEST_TZ);
          const day = run && krxDateOfRun(run);
          if (!run || !day) continue;
          if (at.getTime() + EARLY_MS < run.getTime() || at.getTime() >= runDeadline(run, day).getTime()) continue;
          // Catch-up is for runs this process missed, not for runs before the channel subscribed:
          // subscribing at 03:11 with time=03:09 is answered "next: tomorrow 03:09", and so it is.
          if (Date.parse(sub.createdAt) > run.getTime() + EARLY_MS) continue;
          if (await store.post({ channel: sub.channel, day, kind: 'digest' })) continue;
          due.push({ sub, day });
        }
        storeBack();
        if (due.length === 0) return [];
        const reportFor = digestReports();
        return settle(due.map(async ({ sub, day }) => deliver(sub, day, 'digest', reportFor(day, await langOf(sub.channel)))));
      })().catch(storeTrouble),
    );
  }

  async function alertReportFor(channel: string, lang: Locale | null): Promise<Report> {
    const sub = await store.get(channel);
    if (!sub || sub.alertScore === null) throw new Error('the alert was removed before it could be sent');
    const stress = await answerOf(lang ? `/kospi-stress lang=${lang}` : '/kospi-stress');
    const { score } = kospiStressSummary(stress);
    if (score === null) throw new Error('no stress score to report');
    return alertReport(stress, Math.round(score), sub.alertScore);
  }

  function checkAlerts(at: Date): Promise<PostResult[]> {
    return track(
      (async () => {
        const day = seoulDate(at);
        if (!isKrxTradingDay(day) || at < krxOpenAt(day) || at >= krxCloseAt(day)) return [];
        const waiting: Subscription[] = [];
        for (const s of await store.list()) {
          if (s.alertScore !== null && !(await store.post({ channel: s.channel, day, kind: 'alert' }))) waiting.push(s);
        }
        if (waiting.length === 0) return [];
        let stress: Report;
        try {
          stress = await answerOf('/kospi-stress');
        } catch (err) {
          log.warn({ err }, 'stress alert check: no score');
          return [];
        }
        const { score } = kospiStressSummary(stress);
        if (score === null) return [];
        const crossed = waiting.filter((s) => Math.round(score) >= s.alertScore!);
        // A channel set to another language gets the same check's answer in its own words.
        const inLang = new Map<string, Promise<Report>>();
        const stressIn = (lang: string | null): Promise<Report> => {
          if (!lang) return Promise.resolve(stress);
          let p = inLang.get(lang);
          if (!p) inLang.set(lang, (p = answerOf(`/kospi-stress lang=${lang}`)));
          return p;
        };
        return settle(
          crossed.map(async (sub) => {
            const lang = await langOf(sub.channel);
            return deliver(sub, day, 'alert', async () => alertReport(await stressIn(lang), Math.round(score), sub.alertScore!));
          }),
        );
      })().catch(storeTrouble),
    );
  }

  function resumable(p: PostRecord, at: Date, atStart: boolean): boolean {
    if (p.status !== 'pending' || active.has(postKeyOf(p))) return false;
    if (p.owner === owner.id) return true; // this process's own, no longer in flight
    if (atStart && owner.stable && p.owner?.startsWith(`${owner.replica}:`)) return true;
    return !p.leaseUntil || p.leaseUntil < at.toISOString();
  }

  function resumePending(at: Date, atStart = !reclaimed): Promise<PostResult[]> {
    return track(
      (async () => {
        const pending = (await store.pendingPosts()).filter((p) => resumable(p, at, atStart));
        // The pass that reclaims the previous life's posts ends once the store has answered for all of
        // them (a store down at start leaves it to the next tick, instead of to the lease).
        if (!pending.length) {
          if (atStart) reclaimed = true;
          return [];
        }
        const reportFor = digestReports();
        return settle(
          pending.map(async (p) => {
            const p0 = posterFor(p.channel, p.day, p.kind);
            if (!p0) return undefined;
            const taken = await store.takeOver(p, owner.id, leaseMs, atStart && owner.stable ? `${owner.replica}:` : undefined);
            if (!taken) return undefined; // another process resumed it first
            // The takeover counted the interrupted life as an attempt whose outcome is unknown.
            const late = seoulDate(at) > p.day;
            if (late || taken.attempts >= MAX_LIVES) {
              const why = late ? `too late: the ${p.kind} was for ${p.day}` : `interrupted ${taken.attempts} times`;
              const error = `gave up: ${why}; delivered: ${describeParts(taken.parts)}`;
              await store.finish(p, owner.id, 'failed', taken.attempts, error);
              log.error({ channel: p.channel, day: p.day, kind: p.kind, delivered: describeParts(taken.parts) }, `${p.kind} post given up (${why})`);
              return { channel: p.channel, day: p.day, kind: p.kind, status: 'failed' as const, attempts: taken.attempts };
            }
            log.warn({ channel: p.channel, day: p.day, kind: p.kind, delivered: describeParts(taken.parts), previousOwner: p.owner }, 'resuming an interrupted post');
            const lang = await langOf(p.channel);
            const report = p.kind === 'digest' ? reportFor(p.day, lang) : () => alertReportFor(p.channel, lang);
            return send(p, p0.poster, p0.id, report, { parts: taken.parts, uncertain: true, attempts: taken.attempts });
          }),
        ).then((results) => {
          if (atStart) reclaimed = true;
          return results;
        });
      })().catch(storeTrouble),
    );
  }

  const started = (async () => {
    const at = now();
    const resumed = await resumePending(at);
    return [...resumed, ...(await runDue(at))];
  })().catch((err: unknown) => {
    log.error({ err }, 'digest catch-up failed');
    return [];
  });
  const job = new Cron('* * * * *', { timezone: config.DIGEST_TZ, protect: true }, async () => {
    // A tick during the catch-up would race it for the same posts (and take some from its result).
    await started;
    if (stopped) return;
    const at = now();
    try {
      await resumePending(at);
      await runDue(at);
      if (zonedTime(at, SEOUL_TZ).minute % ALERT_EVERY_MIN === 0) await checkAlerts(at);
    } catch (err) {
      log.error({ err }, 'digest tick failed');
    }
  });
  void store
    .list()
    .then((subs) => log.info({ cron: config.DIGEST_CRON, tz: config.DIGEST_TZ, subscriptions: subs.length, owner: owner.id }, 'digest scheduler started'))
    .catch(() => log.info({ cron: config.DIGEST_CRON, tz: config.DIGEST_TZ, owner: owner.id }, 'digest scheduler started (store unavailable)'));

  return {
    started,
    runDue,
    checkAlerts,
    resumePending,
    async stop() {
      stopped = true;
      job.stop();
      await Promise.allSettled([...inFlight]);
      await ownLock?.close();
    },
  };
}

export function alertReport(stress: Report, score: number, threshold: number): Report {
  const a = messages(stress.locale).digest.alert;
  return {
    ...stress,
    command: 'digest',
    title: a.title(score, threshold),
    headline: a.headline(score, threshold, stress.headline),
    ...(stress.plainHeadline ? { plainHeadline: a.headline(score, threshold, stress.plainHeadline) } : {}),
    data: { ...stress.data, alert: { score, threshold } },
  };
}
