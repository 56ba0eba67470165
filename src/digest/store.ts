// The bot's shared state behind one asynchronous interface: digest subscriptions and alerts,
// per-channel settings, the post ledger (an outbox: each post's delivered parts) and Slack
// installations. Embedded SQLite by default, PostgreSQL with DATABASE_URL (see openStore.ts).
// The ledger row for (channel, KRX date, kind) is written before a post is sent: it is how a
// restarted process, or another replica on the same database, knows the post is taken.
import { UnavailableError } from '../core/errors.ts';
import type { AlertRule, PostKey, PostRecord, PostStatus, Subscription, SubscriptionStore, Workspace } from '../core/ports.ts';

export type { Subscription, PostKind, PostStatus, PostKey, PostRecord, Workspace } from '../core/ports.ts';

/** A Slack workspace (or Enterprise Grid org) that installed the app through OAuth. */
export interface SlackInstallation {
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  botToken: string;
  botUserId: string | null;
  botId: string | null;
  /** With token rotation: the refresh token and when the bot token expires (ISO). */
  refreshToken: string | null;
  expiresAt: string | null;
  installedAt: string;
  /** Bolt's whole Installation object, as JSON, so its InstallationStore can give it back unchanged. */
  raw: string | null;
}

export interface InstallationQuery {
  teamId?: string | null | undefined;
  enterpriseId?: string | null | undefined;
  isEnterpriseInstall?: boolean | undefined;
}

/** Which installation's channels to forget: a Slack team, a Slack org-wide install, or a Discord guild. */
export interface WorkspaceQuery {
  platform: 'slack' | 'discord';
  /** The team (or guild); ignored for an org-wide install. */
  team?: string | null | undefined;
  enterprise?: string | null | undefined;
  /** The org-wide install of `enterprise`: every channel recorded through it. */
  orgInstall?: boolean | undefined;
}

/** What forgetting a workspace removed. */
export interface Forgotten {
  channels: string[];
  subscriptions: number;
  alerts: number;
  settings: number;
  /** Pending posts given up (status failed, the reason in the ledger). */
  posts: number;
}

/** The store's channel → workspace rows (migration 0004): what a distributed app posts with, and what an uninstall removes. */
export interface ChannelWorkspaces {
  /** Where the channel was set up from, or undefined for rows made before it was recorded (or by the console). */
  workspaceOf(channel: string): Promise<Workspace | undefined>;
  /**
   * Removes every subscription, alert rule (marked removed), channel setting (close-flow, language)
   * of the workspace's channels, and gives up their pending posts with `reason`. `alsoChannels`: the
   * platform's own list of the workspace's channels, for rows made before workspaces were recorded.
   */
  forgetWorkspace(q: WorkspaceQuery, reason: string, alsoChannels?: readonly string[]): Promise<Forgotten>;
}

export type StoreHealth =
  | { ok: true; backend: StoreBackend; note?: string }
  | { ok: false; backend: StoreBackend; reason: string };

export type StoreBackend = 'sqlite' | 'postgres';

export interface DigestStore extends SubscriptionStore, ChannelWorkspaces {
  readonly backend: StoreBackend;
  /** Every replica reads and writes the same rows (PostgreSQL): the ledger claim alone makes a post exactly-once. */
  readonly shared: boolean;

  subscribe(channel: string, opts: { time?: string | null; by?: string | undefined; workspace?: Workspace | undefined }): Promise<Subscription>;
  /** Removes the digest and any alert; false when the channel had neither. */
  unsubscribe(channel: string): Promise<boolean>;
  /** Sets (or with null clears) the alert threshold; creates an alert-only row when needed. */
  setAlert(channel: string, score: number | null, by?: string, workspace?: Workspace): Promise<Subscription | undefined>;
  get(channel: string): Promise<Subscription | undefined>;
  list(): Promise<Subscription[]>;

  /** A per-channel setting (e.g. `lang`), or undefined. */
  setting(channel: string, key: string): Promise<string | undefined>;
  /** Sets, or with null removes, a per-channel setting. */
  setSetting(channel: string, key: string, value: string | null, workspace?: Workspace): Promise<void>;

  /** INSERT … ON CONFLICT DO NOTHING of a pending row held by `owner`: true only for the one caller that created it. */
  claim(key: PostKey, owner: string, leaseMs: number): Promise<boolean>;
  /**
   * Takes a pending post over: when its lease has passed, or when `reclaimFrom` is a prefix of its
   * owner (this replica's previous life, which is dead: it is us). The record as taken, or undefined.
   */
  takeOver(key: PostKey, owner: string, leaseMs: number, reclaimFrom?: string): Promise<PostRecord | undefined>;
  /** Records a delivered part and extends the lease; false when `owner` no longer holds the post. */
  recordPart(key: PostKey, owner: string, part: string, ref: string, leaseMs: number): Promise<boolean>;
  /** Extends the lease while sending; false when `owner` no longer holds the post. */
  renew(key: PostKey, owner: string, leaseMs: number): Promise<boolean>;
  finish(key: PostKey, owner: string, status: Exclude<PostStatus, 'pending'>, attempts: number, error?: string): Promise<void>;
  post(key: PostKey): Promise<PostRecord | undefined>;
  recentPosts(channel: string, limit?: number): Promise<PostRecord[]>;
  /** Posts recorded as pending: being sent now, or interrupted by a crash. */
  pendingPosts(): Promise<PostRecord[]>;

  saveInstallation(installation: SlackInstallation): Promise<void>;
  installation(q: InstallationQuery): Promise<SlackInstallation | undefined>;
  /** Removes an installation; false when there was none. */
  deleteInstallation(q: InstallationQuery): Promise<boolean>;
  installations(): Promise<SlackInstallation[]>;

  /** /alert rules, their trigger state and close-flow subscriptions, kept beside the subscriptions. */
  addAlert(channel: string, rule: { condition: string; cooldownMs: number; by?: string | undefined; workspace?: Workspace | undefined }): Promise<AlertRule>;
  alerts(channel?: string): Promise<AlertRule[]>;
  removeAlert(channel: string, id: string): Promise<boolean>;
  saveTrigger(id: string, state: Pick<AlertRule, 'armed' | 'firedAt' | 'falseSince' | 'fired'>): Promise<void>;
  setCloseflow(channel: string, on: boolean, workspace?: Workspace): Promise<void>;
  closeflowChannels(): Promise<string[]>;

  /** Whether the store answers now, and why not. Never throws. */
  health(): Promise<StoreHealth>;
  /** Something users of the store should be told once (e.g. a corrupt file was moved aside). */
  notice(): string | undefined;
  close(): Promise<void>;
}

/** The store cannot answer now (locked, unreachable, unreadable): the caller says so and carries on. */
export class StoreUnavailableError extends UnavailableError {
  override name = 'StoreUnavailableError';
  constructor(reason: string) {
    super('store', reason, `Subscriptions are unavailable right now (${reason}); try again in a minute.`);
  }
}

export const postKeyOf = (k: PostKey): string => `${k.kind}:${k.channel}:${k.day}`;
