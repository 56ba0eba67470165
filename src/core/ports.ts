// The interfaces other layers implement for the core: a logger (infra/log, pino), rate limits and
// redelivery dedupe (infra, memory or Redis), and the digest's subscription store and schedule
// (src/digest). The core and the commands depend on these shapes, never on the implementations.

/** pino's call shapes: `log.warn({ err, symbol }, 'data unavailable')` or `log.info('text')`. */
export interface LogFn {
  (obj: object, msg?: string): void;
  (msg: string): void;
}

export interface Logger {
  /** 'info', 'debug', … or 'silent'. */
  readonly level: string;
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
  /** The same logger with these fields on every line. */
  child(bindings: Record<string, unknown>): Logger;
  /** Write out buffered lines before the process exits. */
  flush?(): void;
}

const quiet: LogFn = () => undefined;

/** A logger that drops everything: the default for data sources and tools used without one. */
export const silentLogger: Logger = {
  level: 'silent', fatal: quiet, error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet, child: () => silentLogger,
};

export interface RateLimiter {
  /** Spend one unit for `key`; when over the limit, say how long until the window resets. */
  take(key: string): Promise<{ ok: boolean; retryAfterSec: number }>;
}

/** "Have we answered this delivery?" Platforms redeliver; each delivery is answered once. */
export interface Dedupe {
  /** True the first time `key` is seen within the TTL, false for every repeat. */
  first(key: string): Promise<boolean>;
}

export interface Subscription {
  /** platform:channel, e.g. 'slack:C123'. */
  channel: string;
  /** Gets the morning digest (false: only an alert is set). */
  digest: boolean;
  /** HH:MM in DIGEST_TZ, or null for DIGEST_CRON's own time. */
  time: string | null;
  /** Intraday alert when the stress score reaches this (0-100), or null. */
  alertScore: number | null;
  createdBy: string | null;
  createdAt: string;
}

export type PostKind = 'digest' | 'alert';
export type PostStatus = 'pending' | 'sent' | 'failed';

export interface PostKey {
  channel: string;
  /** KRX session date the post is for. */
  day: string;
  kind: PostKind;
}

/** A post in the ledger (an outbox row): who sends it, until when, and which parts reached the platform. */
export interface PostRecord extends PostKey {
  status: PostStatus;
  attempts: number;
  error: string | null;
  updatedAt: string;
  /** `replica:boot` of the process sending it (pending), or that last did. */
  owner: string | null;
  /** A pending post whose lease has passed was abandoned (its sender died): another may resume it. */
  leaseUntil: string | null;
  /** What already reached the platform: part name → platform reference (message ts, message id, file ids). */
  parts: Record<string, string>;
}

/**
 * The installation a channel is reached through: the Slack workspace (and Enterprise Grid org) or
 * the Discord server it is in. Kept beside a channel's subscriptions so a distributed Slack app
 * posts with that team's token, and an uninstall removes what that team set up.
 */
export interface Workspace {
  /** Slack team id (T…), or Discord guild id. */
  team: string;
  /** Slack Enterprise Grid org id (E…), when there is one. */
  enterprise?: string | null;
  /** Slack: installed org-wide, so the org's installation (and token) serves this team. */
  orgInstall?: boolean;
}

/** May be sync (SQLite) or async (a networked store): callers always await. */
type MaybeAsync<T> = T | Promise<T>;

/** What /digest subscribe|unsubscribe|status|alert needs of the store. */
export interface SubscriptionStore {
  /** `workspace`: where the channel is (recorded for the platform's installation; see Workspace). */
  subscribe(channel: string, opts: { time?: string | null; by?: string; workspace?: Workspace | undefined }): MaybeAsync<Subscription>;
  /** Removes the digest and any alert; false when the channel had neither. */
  unsubscribe(channel: string): MaybeAsync<boolean>;
  /** Sets (or with null clears) the alert threshold; creates an alert-only row when needed. */
  setAlert(channel: string, score: number | null, by?: string, workspace?: Workspace): MaybeAsync<Subscription | undefined>;
  get(channel: string): MaybeAsync<Subscription | undefined>;
  /** A per-channel setting (`lang`: the channel's /stress-settings language), or undefined. */
  setting(channel: string, key: string): MaybeAsync<string | undefined>;
  /** Sets, or with null removes, a per-channel setting. */
  setSetting(channel: string, key: string, value: string | null, workspace?: Workspace): MaybeAsync<void>;
  recentPosts(channel: string, limit?: number): MaybeAsync<PostRecord[]>;
  /** Something users of the store should be told once (e.g. a damaged file was moved aside). */
  notice?(): string | undefined;
}

/** The digest schedule's rules, as /digest describes a subscription (src/digest/schedule.ts). */
export interface DigestSchedule {
  /** `8:30` / `08:30` → `08:30`; undefined for anything else. */
  normalizeTime(text: string): string | undefined;
  /** DIGEST_CRON moved to another time of day. */
  cronAt(cron: string, time?: string | null): string;
  /** The one HH:MM a cron fires at, or undefined when it fires at several. */
  cronTime(cron: string): string | undefined;
  /** The next `count` runs on KRX trading days from the Seoul date `from`. */
  nextRuns(from: string, count: number, cron: string, tz: string): Date[];
  /** `2026-11-27T08:30:00+09:00`: the wall-clock time in `tz` with its UTC offset. */
  formatWithOffset(date: Date, tz: string): string;
}

/** Handed to commands as `ctx.digest` where the bot runs with a subscription store. */
export interface DigestAccess {
  store: SubscriptionStore;
  /** Alert rules (/alert) and the close-flow subscription, where the store keeps them. */
  alerts?: AlertStore;
  schedule: DigestSchedule;
}

/** An alert rule a channel set with /alert add (the condition as typed, canonical spelling). */
export interface AlertRule {
  /** Short id, unique in the store (`a1`, `a2`, …). */
  id: string;
  channel: string;
  condition: string;
  /** Re-arm after the condition has been false this long (ms). */
  cooldownMs: number;
  createdBy: string | null;
  createdAt: string;
  /** The edge trigger's memory (see src/analytics/condition.ts TriggerState). */
  armed: boolean;
  firedAt: string | null;
  falseSince: string | null;
  /** How many times it has fired: the ledger key of its next firing. */
  fired: number;
}

/** Alert rules per channel, and the close-flow warning subscription (a channel setting). */
export interface AlertStore {
  addAlert(channel: string, rule: { condition: string; cooldownMs: number; by?: string | undefined; workspace?: Workspace | undefined }): MaybeAsync<AlertRule>;
  alerts(channel?: string): MaybeAsync<AlertRule[]>;
  removeAlert(channel: string, id: string): MaybeAsync<boolean>;
  /** Saves the trigger state after a check; `fired` only ever grows (two schedulers write the same value). */
  saveTrigger(id: string, state: Pick<AlertRule, 'armed' | 'firedAt' | 'falseSince' | 'fired'>): MaybeAsync<void>;
  setCloseflow(channel: string, on: boolean, workspace?: Workspace): MaybeAsync<void>;
  closeflowChannels(): MaybeAsync<string[]>;
}
