// The store's queries, written once with kysely for SQLite and PostgreSQL alike.
import { Migrator, sql, type Kysely } from 'kysely';
import { migrationProvider, type Tables } from './migrations.ts';
import type {
  DigestStore, InstallationQuery, PostKey, PostKind, PostRecord, PostStatus, SlackInstallation, StoreBackend, Subscription,
} from './store.ts';

type SubRow = Tables['subscriptions'];
type PostRow = Tables['posts'];
type InstallRow = Tables['slack_installations'];

const toSub = (r: SubRow): Subscription => ({
  channel: r.channel, digest: Number(r.digest) === 1, time: r.time, alertScore: r.alert === null ? null : Number(r.alert), createdBy: r.created_by, createdAt: r.created_at,
});

function parseParts(text: string | null): Record<string, string> {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

const toPost = (r: PostRow): PostRecord => ({
  channel: r.channel, day: r.day, kind: r.kind as PostKind, status: r.status as PostStatus, attempts: Number(r.attempts), error: r.error,
  updatedAt: r.updated_at, owner: r.owner, leaseUntil: r.lease_until, parts: parseParts(r.parts),
});

const toInstall = (r: InstallRow): SlackInstallation => ({
  teamId: r.team_id, enterpriseId: r.enterprise_id, isEnterpriseInstall: Number(r.is_enterprise_install) === 1, botToken: r.bot_token,
  botUserId: r.bot_user_id, botId: r.bot_id, refreshToken: r.refresh_token, expiresAt: r.expires_at, installedAt: r.installed_at, raw: r.raw,
});

/** An org-wide install is found by its enterprise; a workspace install by its team. */
function installId(q: InstallationQuery): string | undefined {
  if (q.isEnterpriseInstall && q.enterpriseId) return q.enterpriseId;
  return q.teamId ?? q.enterpriseId ?? undefined;
}

/**
 * Runs every pending migration; throws when the database is newer than this build. PostgreSQL:
 * kysely's Migrator holds pg_advisory_lock and a transaction. SQLite: kysely runs its steps without
 * a transaction there, so the whole run sits in BEGIN IMMEDIATE — two processes opening a new file
 * at once take turns (the second waits on the write lock, then finds nothing left to do).
 */
export async function migrate(db: Kysely<Tables>, backend: StoreBackend): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  let outcome: Awaited<ReturnType<Migrator['migrateToLatest']>>;
  if (backend === 'sqlite') {
    await sql`BEGIN IMMEDIATE`.execute(db);
    try {
      outcome = await migrator.migrateToLatest();
    } finally {
      await sql`${sql.raw(outcomeOk() ? 'COMMIT' : 'ROLLBACK')}`.execute(db).catch(() => undefined);
    }
  } else outcome = await migrator.migrateToLatest();
  function outcomeOk() {
    return outcome !== undefined && !outcome.error;
  }
  const { error, results } = outcome;
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), failed ? { migration: failed.migrationName } : {});
  }
}

export type SqlStore = Omit<DigestStore, 'health' | 'notice'> & { ping(): Promise<void> };

export function sqlStore(db: Kysely<Tables>, backend: StoreBackend, clock: () => Date = () => new Date()): SqlStore {
  const stamp = () => clock().toISOString();
  const later = (ms: number) => new Date(clock().getTime() + ms).toISOString();
  const getSub = async (channel: string) => {
    const row = await db.selectFrom('subscriptions').selectAll().where('channel', '=', channel).executeTakeFirst();
    return row ? toSub(row) : undefined;
  };
  const whereKey = <Q extends { where: (...a: any[]) => Q }>(q: Q, k: PostKey): Q =>
    q.where('channel', '=', k.channel).where('day', '=', k.day).where('kind', '=', k.kind);
  const getPost = async (k: PostKey) => {
    const row = await whereKey(db.selectFrom('posts').selectAll(), k).executeTakeFirst();
    return row ? toPost(row) : undefined;
  };

  return {
    backend,
    shared: backend === 'postgres',

    async subscribe(channel, { time = null, by }) {
      await db
        .insertInto('subscriptions')
        .values({ channel, digest: 1, time, created_by: by ?? null, created_at: stamp() })
        .onConflict((oc) => oc.column('channel').doUpdateSet({ digest: 1, time: (eb) => eb.ref('excluded.time') }))
        .execute();
      return (await getSub(channel))!;
    },
    async unsubscribe(channel) {
      const r = await db.deleteFrom('subscriptions').where('channel', '=', channel).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async setAlert(channel, score, by) {
      if (score === null) {
        await db.updateTable('subscriptions').set({ alert: null }).where('channel', '=', channel).execute();
        await db.deleteFrom('subscriptions').where('channel', '=', channel).where('digest', '=', 0).where('alert', 'is', null).execute();
      } else {
        await db
          .insertInto('subscriptions')
          .values({ channel, digest: 0, alert: score, created_by: by ?? null, created_at: stamp() })
          .onConflict((oc) => oc.column('channel').doUpdateSet({ alert: (eb) => eb.ref('excluded.alert') }))
          .execute();
      }
      return getSub(channel);
    },
    get: getSub,
    async list() {
      return (await db.selectFrom('subscriptions').selectAll().orderBy('channel').execute()).map(toSub);
    },

    async setting(channel, key) {
      const row = await db.selectFrom('channel_settings').select('value').where('channel', '=', channel).where('key', '=', key).executeTakeFirst();
      return row?.value;
    },
    async setSetting(channel, key, value) {
      if (value === null) {
        await db.deleteFrom('channel_settings').where('channel', '=', channel).where('key', '=', key).execute();
        return;
      }
      await db
        .insertInto('channel_settings')
        .values({ channel, key, value, updated_at: stamp() })
        .onConflict((oc) => oc.columns(['channel', 'key']).doUpdateSet({ value, updated_at: stamp() }))
        .execute();
    },

    async claim(k, owner, leaseMs) {
      const r = await db
        .insertInto('posts')
        .values({ ...k, status: 'pending', attempts: 0, updated_at: stamp(), owner, lease_until: later(leaseMs), parts: '{}' })
        .onConflict((oc) => oc.columns(['channel', 'day', 'kind']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async takeOver(k, owner, leaseMs, reclaimFrom) {
      const now = stamp();
      // Each takeover counts the interrupted life as an attempt.
      const r = await whereKey(db.updateTable('posts').set((eb) => ({ owner, lease_until: later(leaseMs), updated_at: now, attempts: eb('attempts', '+', 1) })), k)
        .where('status', '=', 'pending')
        .where((eb) => {
          const expired = eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]);
          return reclaimFrom ? eb.or([expired, eb('owner', 'like', `${reclaimFrom.replace(/[%_]/g, '')}%`)]) : expired;
        })
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1 ? getPost(k) : undefined;
    },
    async recordPart(k, owner, part, ref, leaseMs) {
      // Read, merge and write back guarded by the owner: only the holder writes this row.
      const row = await getPost(k);
      if (!row || row.owner !== owner || row.status !== 'pending') return false;
      const parts = JSON.stringify({ ...row.parts, [part]: ref });
      const r = await whereKey(db.updateTable('posts').set({ parts, lease_until: later(leaseMs), updated_at: stamp() }), k)
        .where('owner', '=', owner)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async renew(k, owner, leaseMs) {
      const r = await whereKey(db.updateTable('posts').set({ lease_until: later(leaseMs), updated_at: stamp() }), k)
        .where('owner', '=', owner)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async finish(k, owner, status, attempts, error) {
      await whereKey(db.updateTable('posts').set({ status, attempts, error: error ?? null, updated_at: stamp(), lease_until: null }), k)
        .where('owner', '=', owner)
        .execute();
    },
    post: getPost,
    async recentPosts(channel, limit = 5) {
      const rows = await db.selectFrom('posts').selectAll().where('channel', '=', channel).orderBy('day', 'desc').orderBy('kind').limit(limit).execute();
      return rows.map(toPost);
    },
    async pendingPosts() {
      const rows = await db.selectFrom('posts').selectAll().where('status', '=', 'pending').orderBy('day').orderBy('channel').execute();
      return rows.map(toPost);
    },

    async saveInstallation(i) {
      const id = installId(i);
      if (!id) throw new Error('a Slack installation needs a team or enterprise id');
      const row: InstallRow = {
        id, team_id: i.teamId, enterprise_id: i.enterpriseId, is_enterprise_install: i.isEnterpriseInstall ? 1 : 0, bot_token: i.botToken,
        bot_user_id: i.botUserId, bot_id: i.botId, refresh_token: i.refreshToken, expires_at: i.expiresAt, installed_at: i.installedAt, raw: i.raw,
      };
      const { id: _id, ...rest } = row;
      await db.insertInto('slack_installations').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)).execute();
    },
    async installation(q) {
      const id = installId(q);
      if (!id) return undefined;
      const row = await db.selectFrom('slack_installations').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toInstall(row) : undefined;
    },
    async deleteInstallation(q) {
      const id = installId(q);
      if (!id) return false;
      const r = await db.deleteFrom('slack_installations').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async installations() {
      return (await db.selectFrom('slack_installations').selectAll().orderBy('id').execute()).map(toInstall);
    },

    async ping() {
      await db.selectFrom('subscriptions').select('channel').limit(1).execute();
    },
    close: () => db.destroy(),
  };
}
