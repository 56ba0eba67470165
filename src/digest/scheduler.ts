// The morning digest and intraday alerts: a croner tick every minute finds the subscriptions that
// are due, and each (channel, KRX date, kind) is posted at most once — guarded by the SQLite ledger
// in this process (and across restarts) and by the DigestLock across replicas.
import { Cron } from 'croner';
import type { Config } from '../config.ts';
import type { Report } from '../core/types.ts';
import type { Core } from '../core/pipeline.ts';
import type { Logger } from '../infra/log.ts';
import { isKrxTradingDay, krxCloseAt, krxOpenAt, seoulDate, zonedTime, SEOUL_TZ } from '../data/calendar.ts';
import { cronAt, firstRunOn, krxDateOfRun, runDeadline } from './schedule.ts';
import type { DigestStore, PostKind, Subscription } from './store.ts';
import { localLock, redisLock, type DigestLock } from './lock.ts';
import { messages } from '../core/i18n/index.ts';
import { digestCompleteness, unavailableNotice } from '../commands/digestPicture.ts';

/** Implemented by each platform adapter: renders the report (and uploads its charts) in `channel`. */
export interface DigestPoster {
  platform: 'slack' | 'discord';
  /** `channel` is the platform's own id, without the 'slack:' / 'discord:' prefix. */
  post(channel: string, report: Report): Promise<void>;
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
  /** Default: a Redis lock when REDIS_URL is set (closed by stop()), else one process alone. */
  lock?: DigestLock;
  /** Attempts per post and the first back-off; the wait doubles after each failure. */
  retry?: { attempts: number; baseMs: number };
}

export interface DigestScheduler {
  /** The catch-up run made on start (posts missed this morning while still before the KRX open). */
  readonly started: Promise<PostResult[]>;
  /** Posts every digest due at `now`; what the minute tick calls. */
  runDue(now: Date): Promise<PostResult[]>;
  /** Posts alerts whose threshold the stress score has reached, during KRX hours. */
  checkAlerts(now: Date): Promise<PostResult[]>;
  /** Stops the tick and waits for posts in flight. */
  stop(): Promise<void>;
}

export const DEFAULT_RETRY = { attempts: 3, baseMs: 5_000 };
/** How long a replica holds a post's lock while sending (covers every retry). */
export const HOLD_MS = 10 * 60_000;
/** How long the lock stays as the "done" mark after a post. */
export const DONE_MS = 36 * 3_600_000;
export const ALERT_EVERY_MIN = 15;
/** A tick may land a little before its minute. */
const EARLY_MS = 1_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function splitChannel(channel: string): { platform: string; id: string } {
  const i = channel.indexOf(':');
  return { platform: channel.slice(0, i), id: channel.slice(i + 1) };
}

export function startDigestScheduler(opts: DigestSchedulerOptions): DigestScheduler {
  const { core, store, posters, config } = opts;
  const log: Logger = core.log;
  const now = opts.now ?? (() => new Date());
  const ownLock = !opts.lock && config.REDIS_URL ? redisLock(config.REDIS_URL, { log }) : undefined;
  const lock = opts.lock ?? ownLock ?? localLock();
  const retry = opts.retry ?? DEFAULT_RETRY;
  const inFlight = new Set<Promise<unknown>>();
  /** Channels already warned about today for want of a poster (the tick comes every minute). */
  const unposted = new Set<string>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
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

  async function deliver(sub: Subscription, day: string, kind: PostKind, report: () => Promise<Report>): Promise<PostResult | undefined> {
    const { platform, id } = splitChannel(sub.channel);
    const poster = posters.find((p) => p.platform === platform);
    if (!poster) {
      if (!unposted.has(`${sub.channel}|${day}`)) {
        unposted.add(`${sub.channel}|${day}`);
        log.warn({ channel: sub.channel, kind }, 'no poster for this platform: digest not posted (is the adapter running?)');
      }
      return undefined;
    }
    const key = `${kind}:${sub.channel}:${day}`;
    let locked = false;
    try {
      if (!(await lock.acquire(key, HOLD_MS))) return undefined; // another replica has it
      locked = true;
    } catch (err) {
      // Redis down: the store's own claim below still lets exactly one writer of this store post it.
      log.warn({ err, channel: sub.channel, day, kind }, 'digest lock unavailable: the store\'s claim decides');
    }
    if (!store.claim(sub.channel, day, kind)) return undefined; // taken earlier by this store
    let attempts = 0;
    let error: unknown;
    try {
      const r = await report();
      for (attempts = 1; attempts <= retry.attempts; attempts++) {
        try {
          await poster.post(id, r);
        } catch (err) {
          error = err;
          if (attempts < retry.attempts) {
            const wait = retry.baseMs * 2 ** (attempts - 1);
            log.warn({ err, channel: sub.channel, day, kind, attempt: attempts, retryInMs: wait }, 'digest post failed, retrying');
            await sleep(wait);
          }
          continue;
        }
        store.finish(sub.channel, day, kind, 'sent', attempts);
        if (locked) await lock.extend(key, DONE_MS).catch((err: unknown) => log.warn({ err, key }, 'could not keep the digest lock'));
        log.info({ channel: sub.channel, day, kind, attempts }, 'digest posted');
        return { channel: sub.channel, day, kind, status: 'sent', attempts };
      }
      attempts = retry.attempts;
    } catch (err) {
      error = err; // the report itself could not be made
    }
    const message = error instanceof Error ? error.message : String(error);
    store.finish(sub.channel, day, kind, 'failed', attempts, message.slice(0, 500));
    log.error({ err: error, channel: sub.channel, day, kind, attempts }, `${kind} post failed${attempts ? ` after ${attempts} attempts` : ''}: not posted`);
    if (locked) await lock.release(key).catch(() => undefined);
    return { channel: sub.channel, day, kind, status: 'failed', attempts };
  }

  const settle = async (items: Promise<PostResult | undefined>[]): Promise<PostResult[]> =>
    (await Promise.all(items)).filter((r): r is PostResult => r !== undefined);

  function runDue(at: Date): Promise<PostResult[]> {
    return track(
      (async () => {
        const due: { sub: Subscription; day: string }[] = [];
        for (const sub of store.list()) {
          if (!sub.digest) continue;
          const run = firstRunOn(at, cronAt(config.DIGEST_CRON, sub.time), config.DIGEST_TZ);
          const day = run && krxDateOfRun(run);
          if (!run || !day) continue;
          if (at.getTime() + EARLY_MS < run.getTime() || at.getTime() >= runDeadline(run, day).getTime()) continue;
          // Catch-up is for runs this process missed, not for runs before the channel subscribed:
          // subscribing at 03:11 with time=03:09 is answered "next: tomorrow 03:09", and so it is.
          if (Date.parse(sub.createdAt) > run.getTime() + EARLY_MS) continue;
          if (store.post(sub.channel, day, 'digest')) continue;
          due.push({ sub, day });
        }
        if (due.length === 0) return [];
        // One digest per KRX date and language, shared by every channel due now.
        const reports = new Map<string, Promise<Report>>();
        const reportFor = (day: string, lang: string | null) => () => {
          const key = `${day}|${lang ?? ''}`;
          let p = reports.get(key);
          if (!p) reports.set(key, (p = digestToPost(lang ? `/digest lang=${lang}` : '/digest')));
          return p;
        };
        return settle(due.map(({ sub, day }) => deliver(sub, day, 'digest', reportFor(day, sub.lang))));
      })(),
    );
  }

  function checkAlerts(at: Date): Promise<PostResult[]> {
    return track(
      (async () => {
        const day = seoulDate(at);
        if (!isKrxTradingDay(day) || at < krxOpenAt(day) || at >= krxCloseAt(day)) return [];
        const waiting = store.list().filter((s) => s.alertScore !== null && !store.post(s.channel, day, 'alert'));
        if (waiting.length === 0) return [];
        let stress: Report;
        try {
          stress = await answerOf('/kospi-stress');
        } catch (err) {
          log.warn({ err }, 'stress alert check: no score');
          return [];
        }
        const score = stress.data.score;
        if (typeof score !== 'number' || !Number.isFinite(score)) return [];
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
          crossed.map((sub) => deliver(sub, day, 'alert', async () => alertReport(await stressIn(sub.lang), Math.round(score), sub.alertScore!))),
        );
      })(),
    );
  }

  const job = new Cron('* * * * *', { timezone: config.DIGEST_TZ, protect: true }, async () => {
    const at = now();
    try {
      await runDue(at);
      if (zonedTime(at, SEOUL_TZ).minute % ALERT_EVERY_MIN === 0) await checkAlerts(at);
    } catch (err) {
      log.error({ err }, 'digest tick failed');
    }
  });
  // At most once: a post still pending from before this start may have gone out, so it is not
  // sent again; say so, so that an operator can check the channel.
  for (const p of store.pendingPosts()) {
    log.warn({ channel: p.channel, day: p.day, kind: p.kind, since: p.updatedAt }, 'post was pending at start (interrupted, or another process is sending it): not re-sent');
  }
  const started = runDue(now()).catch((err: unknown) => {
    log.error({ err }, 'digest catch-up failed');
    return [];
  });
  log.info({ cron: config.DIGEST_CRON, tz: config.DIGEST_TZ, subscriptions: store.list().length }, 'digest scheduler started');

  return {
    started,
    runDue,
    checkAlerts,
    async stop() {
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
    data: { ...stress.data, alert: { score, threshold } },
  };
}
