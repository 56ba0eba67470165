// Digest subscriptions and the post ledger in SQLite (better-sqlite3, synchronous). The ledger row
// for (channel, KRX date, kind) is written before a post is sent: it is how a restarted process,
// or a second scheduler on the same file, knows the post is already taken.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from '../config.ts';
import type { PostKind, PostRecord, PostStatus, Subscription, SubscriptionStore } from '../core/ports.ts';
import type { Locale } from '../core/i18n/locale.ts';

export type { Subscription, PostKind, PostStatus, PostRecord } from '../core/ports.ts';

/** The SQLite store: the subscriptions /digest manages plus the scheduler's post ledger. */
export interface DigestStore extends SubscriptionStore {
  subscribe(channel: string, opts: { time?: string | null; by?: string }): Subscription;
  /** Removes the digest and any alert; false when the channel had neither. */
  unsubscribe(channel: string): boolean;
  /** Sets (or with null clears) the alert threshold; creates an alert-only row when needed. */
  setAlert(channel: string, score: number | null, by?: string): Subscription | undefined;
  get(channel: string): Subscription | undefined;
  setLang(channel: string, lang: Locale | null, by?: string): Subscription | undefined;
  list(): Subscription[];
  /** Records a pending post; true only for the one caller that created the row. */
  claim(channel: string, day: string, kind: PostKind): boolean;
  finish(channel: string, day: string, kind: PostKind, status: Exclude<PostStatus, 'pending'>, attempts: number, error?: string): void;
  post(channel: string, day: string, kind: PostKind): PostRecord | undefined;
  recentPosts(channel: string, limit?: number): PostRecord[];
  /** Posts recorded as pending: being sent now, or interrupted by a crash. */
  pendingPosts(): PostRecord[];
  close(): void;
}

/** Schema steps; step i brings user_version from i to i + 1. Append, never edit. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE subscriptions (
     channel    TEXT PRIMARY KEY,
     digest     INTEGER NOT NULL DEFAULT 1,
     time       TEXT,
     alert      REAL,
     created_by TEXT,
     created_at TEXT NOT NULL
   );
   CREATE TABLE posts (
     channel    TEXT NOT NULL,
     day        TEXT NOT NULL,
     kind       TEXT NOT NULL CHECK (kind IN ('digest', 'alert')),
     status     TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
     attempts   INTEGER NOT NULL DEFAULT 0,
     error      TEXT,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (channel, day, kind)
   );`,
  // /stress-settings lang=: the channel's language, kept with its subscription (a row may hold only it).
  `ALTER TABLE subscriptions ADD COLUMN lang TEXT CHECK (lang IN ('en', 'ko'));`,
];

export const digestStorePath = (config: Pick<Config, 'DATA_HOME'>): string => join(config.DATA_HOME, 'stressbot.sqlite');

function migrate(db: Database.Database): void {
  // The version is read inside the write transaction: two processes opening a new file at once
  // (replicas, or a restart racing the old process) must not both run the same steps.
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(`stressbot.sqlite is at schema version ${version}, newer than this build knows (${MIGRATIONS.length})`);
    }
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

interface SubRow { channel: string; digest: number; time: string | null; alert: number | null; lang: Locale | null; created_by: string | null; created_at: string }
interface PostRow { channel: string; day: string; kind: PostKind; status: PostStatus; attempts: number; error: string | null; updated_at: string }

const toSub = (r: SubRow): Subscription => ({
  channel: r.channel, digest: r.digest === 1, time: r.time, alertScore: r.alert, lang: r.lang ?? null, createdBy: r.created_by, createdAt: r.created_at,
});
const toPost = (r: PostRow): PostRecord => ({
  channel: r.channel, day: r.day, kind: r.kind, status: r.status, attempts: r.attempts, error: r.error, updatedAt: r.updated_at,
});

/** Opens (creating the folder and schema as needed) the store at `file`, or `:memory:`. */
export function openDigestStore(file: string, clock: () => Date = () => new Date()): DigestStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // Two processes on one file wait for each other instead of failing: set before anything else
  // touches the file, since switching it to WAL needs the lock too.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  migrate(db);
  const stamp = () => clock().toISOString();

  const getSub = db.prepare<[string], SubRow>('SELECT * FROM subscriptions WHERE channel = ?');
  const upsertDigest = db.prepare(
    `INSERT INTO subscriptions (channel, digest, time, created_by, created_at) VALUES (@channel, 1, @time, @by, @at)
     ON CONFLICT (channel) DO UPDATE SET digest = 1, time = excluded.time`,
  );
  const upsertAlert = db.prepare(
    `INSERT INTO subscriptions (channel, digest, alert, created_by, created_at) VALUES (@channel, 0, @alert, @by, @at)
     ON CONFLICT (channel) DO UPDATE SET alert = excluded.alert`,
  );
  const clearAlert = db.prepare('UPDATE subscriptions SET alert = NULL WHERE channel = ?');
  const upsertLang = db.prepare(
    `INSERT INTO subscriptions (channel, digest, lang, created_by, created_at) VALUES (@channel, 0, @lang, @by, @at)
     ON CONFLICT (channel) DO UPDATE SET lang = excluded.lang`,
  );
  const dropEmpty = db.prepare('DELETE FROM subscriptions WHERE channel = ? AND digest = 0 AND alert IS NULL AND lang IS NULL');
  // Unsubscribing ends the digest and alerts; the channel's language stays set.
  const stopPosts = db.prepare('UPDATE subscriptions SET digest = 0, alert = NULL WHERE channel = ? AND (digest = 1 OR alert IS NOT NULL)');
  const all = db.prepare<[], SubRow>('SELECT * FROM subscriptions ORDER BY channel');
  const insertPost = db.prepare(
    `INSERT OR IGNORE INTO posts (channel, day, kind, status, updated_at) VALUES (?, ?, ?, 'pending', ?)`,
  );
  const updatePost = db.prepare(
    'UPDATE posts SET status = ?, attempts = ?, error = ?, updated_at = ? WHERE channel = ? AND day = ? AND kind = ?',
  );
  const getPost = db.prepare<[string, string, string], PostRow>('SELECT * FROM posts WHERE channel = ? AND day = ? AND kind = ?');
  const pending = db.prepare<[], PostRow>("SELECT * FROM posts WHERE status = 'pending' ORDER BY day, channel");
  const recent = db.prepare<[string, number], PostRow>('SELECT * FROM posts WHERE channel = ? ORDER BY day DESC, kind LIMIT ?');

  return {
    subscribe(channel, { time = null, by }) {
      upsertDigest.run({ channel, time, by: by ?? null, at: stamp() });
      return toSub(getSub.get(channel)!);
    },
    unsubscribe(channel) {
      const had = stopPosts.run(channel).changes > 0;
      dropEmpty.run(channel);
      return had;
    },
    setLang(channel, lang, by) {
      upsertLang.run({ channel, lang, by: by ?? null, at: stamp() });
      dropEmpty.run(channel);
      const row = getSub.get(channel);
      return row ? toSub(row) : undefined;
    },
    setAlert(channel, score, by) {
      if (score === null) {
        clearAlert.run(channel);
        dropEmpty.run(channel);
      } else {
        upsertAlert.run({ channel, alert: score, by: by ?? null, at: stamp() });
      }
      const row = getSub.get(channel);
      return row ? toSub(row) : undefined;
    },
    get(channel) {
      const row = getSub.get(channel);
      return row ? toSub(row) : undefined;
    },
    list: () => all.all().map(toSub),
    claim: (channel, day, kind) => insertPost.run(channel, day, kind, stamp()).changes === 1,
    finish(channel, day, kind, status, attempts, error) {
      updatePost.run(status, attempts, error ?? null, stamp(), channel, day, kind);
    },
    post(channel, day, kind) {
      const row = getPost.get(channel, day, kind);
      return row ? toPost(row) : undefined;
    },
    recentPosts: (channel, limit = 5) => recent.all(channel, limit).map(toPost),
    pendingPosts: () => pending.all().map(toPost),
    close: () => db.close(),
  };
}
